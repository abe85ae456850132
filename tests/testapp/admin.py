from django.contrib import admin

from cresol.moderation.admin import ModerationAdminMixin

from .models import Proposal


@admin.register(Proposal)
class ProposalAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = ["title", "status"]
