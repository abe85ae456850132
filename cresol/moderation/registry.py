"""Which models are moderated, so that shared pages can list them without importing the sections."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from .models import Status

_registry: dict[type[Any], "ModeratedSection"] = {}
# Models that moderators manage without moderating them (the themes, say), with the actions allowed.
_moderator_rights: dict[type[Any], tuple[str, ...]] = {}
# Shared pieces told of every decision, whatever the section (the API's webhooks): (objs, action).
_listeners: list[Callable[..., None]] = []


@dataclass(frozen=True)
class ModeratedSection:
    model: type[Any]  # a Moderated model (its manager has published())
    section: str  # the section's name as people know it, e.g. "Archipel O Centre"
    order: int
    # What the section does once contents are decided, in the decision's transaction: (objs, action).
    after_decision: Callable[..., None] | None = None

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def key(self) -> str:
        """How an address names the model, e.g. "initiatives.initiative"."""
        return self.model._meta.label_lower

    def admin_url(self, **filters) -> str:
        meta = self.model._meta
        try:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        except NoReverseMatch:
            return ""
        query = "&".join(f"{key}={value}" for key, value in filters.items())
        return f"{url}?{query}" if query else url


def register(
    model: type[Any], *, section: str, order: int = 100, after_decision: Callable[..., None] | None = None
) -> None:
    _registry[model] = ModeratedSection(model=model, section=section, order=order, after_decision=after_decision)


def on_decision(listener: Callable[..., None]) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def decided(*, objs: list, action: str) -> None:
    """Tell the contents' section of a decision (the library deletes a refused resource's file), and
    the shared pieces that listen (in the decision's transaction)."""
    entry = _registry.get(type(objs[0])) if objs else None
    if entry is not None and entry.after_decision is not None:
        entry.after_decision(objs=objs, action=action)
    if objs:
        for listener in _listeners:
            listener(objs=objs, action=action)


def grant_to_moderators(model: Any, *, actions: tuple[str, ...] = ("view", "add", "change")) -> None:
    """Let the "Modérateurs" group manage a model that is not moderated itself."""
    _moderator_rights[model] = actions


def moderator_rights() -> dict[type[Any], tuple[str, ...]]:
    """Every model the moderators may act on, with the actions: moderated ones view and change."""
    rights: dict[type[Any], tuple[str, ...]] = {entry.model: ("view", "change") for entry in registered_sections()}
    rights.update(_moderator_rights)
    return rights


def registered_sections() -> list[ModeratedSection]:
    return sorted(_registry.values(), key=lambda entry: (entry.order, entry.section, entry.label))


def pending_summary() -> list[dict]:
    """For the admin index: how many contents wait in each section (one COUNT per moderated model)."""
    return [
        {
            "section": entry.section,
            "label": entry.label,
            "count": entry.model._default_manager.filter(status=Status.PENDING).count(),
            "url": entry.admin_url(status__exact=Status.PENDING),
        }
        for entry in registered_sections()
    ]


def section_of(key: str) -> ModeratedSection | None:
    return next((entry for entry in _registry.values() if entry.key == key), None)


def contributions_of(user: Any) -> list[dict]:
    """For "Mon espace": what the member proposed in each section, drafts included, newest first."""
    return [
        {
            "section": entry.section,
            "label": entry.label,
            "key": entry.key,
            "items": list(entry.model._default_manager.filter(submitted_by=user).order_by("-created_at")[:50]),
        }
        for entry in registered_sections()
    ]
