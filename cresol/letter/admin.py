"""The letter in the admin: staff review the composed draft, edit it, then send it once."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cresol.accounts.requests import staff_member
from cresol.core.admin import ServiceAdminMixin
from cresol.core.wording import count_of
from cresol.moderation.admin import BOTH_LOCATIONS

from . import services
from .models import Letter, Subscriber


@admin.action(description=_("Envoyer aux abonné·es confirmé·es"), permissions=["change"], location=BOTH_LOCATIONS)
def send_selected(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> None:
    sent = []
    for letter in queryset:
        if services.letter_send(letter=letter, by=staff_member(request)):
            sent.append(letter)
        else:
            modeladmin.message_user(
                request,
                _("« %s » est déjà partie : rien n'est envoyé une deuxième fois.") % letter.subject,
                messages.WARNING,
            )
    if sent:
        subscribers = Subscriber.objects.filter(confirmed_at__isnull=False).count()
        modeladmin.message_user(
            request,
            _("%(letters)s en cours d'envoi à %(subscribers)s.")
            % {
                "letters": ", ".join(f"« {letter.subject} »" for letter in sent),
                "subscribers": count_of(subscribers, "abonné·e confirmé·e", "abonné·es confirmé·es"),
            },
            messages.SUCCESS,
        )


@admin.action(
    description=_("Recomposer à partir du portail (remplace le contenu)"),
    permissions=["change"],
    location=BOTH_LOCATIONS,
)
def recompose_selected(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> None:
    for letter in queryset:
        try:
            services.letter_compose(month=letter.month)
        except services.AlreadySent:
            modeladmin.message_user(
                request, _("« %s » est déjà partie : elle reste telle qu'envoyée.") % letter.subject, messages.WARNING
            )


@admin.register(Letter)
class LetterAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["subject", "month", "sent_at", "deliveries_count"]
    actions = [send_selected, recompose_selected]
    fields = ["month", "subject", "body", "preview", "sent_at", "sent_by"]
    readonly_fields = ["preview", "sent_at", "sent_by"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        from django.db.models import Count

        return super().get_queryset(request).annotate(deliveries_total=Count("deliveries"))

    @admin.display(description=_("envois"), ordering="deliveries_total")
    def deliveries_count(self, obj: Any) -> Any:
        return obj.deliveries_total

    @admin.display(description=_("aperçu"))
    def preview(self, obj: Any) -> Any:
        if obj is None or not obj.pk:
            return _("Laissez le contenu vide : la lettre du mois sera composée à l'enregistrement.")
        url = reverse("letter:detail", kwargs={"year": f"{obj.month:%Y}", "month": f"{obj.month:%m}"})
        return format_html('<a href="{}">{}</a>', url, _("Lire la lettre telle qu'elle sera publiée"))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.is_sent:  # archived as it went out
            return [*self.fields]
        return self.readonly_fields

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if "body" in form.base_fields:
            form.base_fields["body"].required = False
        if "subject" in form.base_fields:
            form.base_fields["subject"].required = False
        return form

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.letter_save(letter=obj)

    def delete_with_service(self, request: HttpRequest, queryset: QuerySet) -> None:
        services.letters_delete(queryset=queryset)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return (obj is None or not obj.is_sent) and super().has_delete_permission(request, obj)


@admin.register(Subscriber)
class SubscriberAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["email", "created_at", "confirmed_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = ["email", "created_at", "confirmed_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # an address subscribes itself, and confirms it (double opt-in)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # nothing to change: an address is confirmed by its owner, or removed
