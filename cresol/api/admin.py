"""Partners' tokens and webhooks in the admin: staff create a token (shown once), revoke it, and read
every delivery with its attempts; a repaired URL is turned back on here."""

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from cresol.accounts.models import User
from cresol.core.admin import ReadOnlyAdminMixin, ServiceAdminMixin

from . import services
from .models import PartnerToken, Scope, WebhookAttempt, WebhookDelivery, WebhookKind, WebhookSubscription


@admin.action(description=_("Révoquer les jetons choisis"), permissions=["change"])
def revoke(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Any]) -> None:
    count = services.tokens_revoke(tokens_selected=queryset)
    modeladmin.message_user(request, f"{count} jeton(s) révoqué(s) : ils ne valent plus, dès maintenant.")


class ChoicesAsBoxesMixin(admin.ModelAdmin):
    """A list of choices (an ArrayField) as boxes to tick, not a comma-separated text."""

    choice_lists: dict[str, Any] = {}

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in self.choice_lists:
            return forms.TypedMultipleChoiceField(
                choices=self.choice_lists[db_field.name].choices,
                widget=forms.CheckboxSelectMultiple,
                required=not db_field.blank,
                label=db_field.verbose_name,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(PartnerToken)
class PartnerTokenAdmin(ServiceAdminMixin, ChoicesAsBoxesMixin):
    choice_lists = {"scopes": Scope}
    list_display = ["organisation", "prefix", "account", "scopes", "trusted", "last_used_at", "revoked_at"]
    list_filter = ["trusted", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["organisation", "prefix", "account__email"]
    raw_id_fields = ["account"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    actions = [revoke]

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        if change:
            services.token_save(token=obj)
        else:
            secret = services.token_create(token=obj, by=cast(User, request.user))
            request.new_partner_token = secret  # type: ignore[attr-defined]  # read by response_add

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: Any = None) -> HttpResponse:
        """The token, once: only its digest is kept."""
        context = {
            **self.admin_site.each_context(request),
            "title": "Jeton créé",
            "token": request.new_partner_token,  # type: ignore[attr-defined]
            "partner_token": obj,
            "opts": self.opts,
        }
        response = TemplateResponse(request, "admin/api/token_created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, never deleted: what a token wrote stays traceable to its organisation


@admin.action(description=_("Réactiver (l'adresse est réparée)"), permissions=["change"])
def enable(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Any]) -> None:
    for subscription in queryset:
        services.webhook_enable(subscription=subscription)


@admin.action(description=_("Désactiver"), permissions=["change"])
def disable(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Any]) -> None:
    for subscription in queryset:
        services.webhook_disable(subscription=subscription)


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(ServiceAdminMixin, ChoicesAsBoxesMixin):
    choice_lists = {"kinds": WebhookKind}
    list_display = ["url", "token", "kinds", "failing_since", "disabled_at", "created_at"]
    list_select_related = ["token"]
    list_filter = [("disabled_at", admin.EmptyFieldListFilter)]
    search_fields = ["url", "token__organisation"]
    # Staff may narrow what is sent (a kind the partner no longer wants); the address is the partner's.
    readonly_fields = ["token", "url", "created_at", "failing_since", "disabled_at"]
    actions = [enable, disable]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # partners subscribe through the API, with their token

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.webhook_save(subscription=obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the partner deletes its own (the API); staff disable one, its deliveries kept


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    fields = ["at", "status_code", "duration_ms", "answer"]
    readonly_fields = ["at", "status_code", "duration_ms", "answer"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "subscription", "status", "attempts", "created_at", "next_attempt_at", "delivered_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["subscription"]
    search_fields = ["message_id", "subscription__url"]
    inlines = [AttemptInline]
