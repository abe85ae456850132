"""The moderation decisions. Each one checks the transition, records it in the audit log and queues its e-mails,
all in one transaction: a decision rolled back tells nobody."""

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cresol.accounts.models import User
from cresol.core.versions import bump_content_version

from . import notifications, registry
from .models import TRANSITIONS, Action, ChangeRequest, Moderated, ModerationEvent, Status


class TransitionNotAllowed(ValidationError):
    """The content's current status does not allow this decision."""


def _decide(obj: Moderated, *, action: str, by: User | None, reason: str, now: datetime | None) -> None:
    """The decision's fields: its status, who submitted or decided and when, the publication date."""
    obj.status = TRANSITIONS[action][1]
    if action in (Action.SUBMIT, Action.PUBLISH):
        obj.submitted_at = now
        obj.submitted_by = obj.submitted_by or by
        obj.refusal_reason = ""
    elif action == Action.WITHDRAW:
        pass  # the contributor's own step: no moderator decided anything
    else:
        obj.decided_by, obj.decided_at = by, now
        obj.refusal_reason = reason if action == Action.REJECT else ""
    if action in (Action.APPROVE, Action.PUBLISH) and obj.published_at is None:
        obj.published_at = now


def _record(obj: Moderated, *, action: str, from_status: str, by: User | None, reason: str = "") -> ModerationEvent:
    """The decision's row of the audit log, not saved yet."""
    return ModerationEvent(
        content_type=ContentType.objects.get_for_model(obj),  # cached by Django after the first call
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        action=action,
        from_status=from_status,
        to_status=obj.status,
        actor=by,
        reason=reason,
    )


def _transition(*, obj: Moderated, action: str, by: User | None, reason: str = "") -> Moderated:
    allowed_from = TRANSITIONS[action][0]
    with transaction.atomic():
        # Lock the row and read its real status, so that two moderators cannot decide at once.
        current = type(obj)._default_manager.select_for_update().only("status").get(pk=obj.pk)
        if current.status not in allowed_from:
            raise TransitionNotAllowed(
                _("« %(object)s » est au statut « %(status)s » : « %(action)s » n'est pas possible."),
                code="transition_not_allowed",
                params={
                    "object": obj,
                    "status": Status(current.status).label,
                    "action": Action(action).label,
                },
            )
        _decide(obj, action=action, by=by, reason=reason, now=timezone.now())
        obj.full_clean()
        obj.save()
        _record(obj, action=action, from_status=current.status, by=by, reason=reason).save()
        notifications.notify(obj=obj, action=action)
        registry.decided(objs=[obj], action=action)
    return obj


def moderation_submit(*, obj: Moderated, by: User | None) -> Moderated:
    """A contributor sends their content for review; the moderators are told."""
    return _transition(obj=obj, action=Action.SUBMIT, by=by)


def moderation_publish(*, obj: Moderated, by: User | None) -> Moderated:
    """Someone trusted publishes a draft without review (a veilleur's share, a trusted calendar).

    Logged like every decision; nobody is e-mailed: there is nothing to review and nobody to tell.
    """
    return _transition(obj=obj, action=Action.PUBLISH, by=by)


def moderation_approve(*, obj: Moderated, by: User | None) -> Moderated:
    """A moderator publishes the content; its contributor is told."""
    return _transition(obj=obj, action=Action.APPROVE, by=by)


def moderation_reject(*, obj: Moderated, by: User | None, reason: str) -> Moderated:
    """A moderator refuses the content with a reason, which its contributor receives."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indiquez le motif du refus : il sera envoyé à la personne."), code="reason_required")
    return _transition(obj=obj, action=Action.REJECT, by=by, reason=reason)


def moderation_archive(*, obj: Moderated, by: User | None) -> Moderated:
    """A moderator withdraws the content from publication, keeping it and its history."""
    return _transition(obj=obj, action=Action.ARCHIVE, by=by)


def moderation_withdraw(*, obj: Moderated, by: User | None) -> Moderated:
    """Its contributor takes back a content awaiting review: a draft again, nobody is e-mailed."""
    return _transition(obj=obj, action=Action.WITHDRAW, by=by)


def moderation_decide_new(*, objs: list[Any], action: str, by: User | None) -> None:
    """Submit or publish directly, at once, many drafts just created (an import): each decision is
    checked and logged as one by one would be, in a few queries. No e-mail: the caller tells the
    moderators once for the batch (notifications.notify_batch_submitted)."""
    if action not in (Action.SUBMIT, Action.PUBLISH):
        raise ValueError(action)
    if not objs:
        return
    allowed_from = TRANSITIONS[action][0]
    model = type(objs[0])
    with transaction.atomic():
        ids = [obj.pk for obj in objs]
        current = dict(model._default_manager.select_for_update().filter(pk__in=ids).values_list("pk", "status"))
        refused = [obj for obj in objs if current.get(obj.pk) not in allowed_from]
        if refused:
            raise TransitionNotAllowed(
                _("« %(object)s » n'est plus un brouillon."),
                code="transition_not_allowed",
                params={"object": refused[0]},
            )
        now = timezone.now()
        for obj in objs:
            _decide(obj, action=action, by=by, reason="", now=now)
        fields = ["status", "submitted_at", "submitted_by", "refusal_reason", "published_at"]
        model._default_manager.bulk_update(objs, fields, batch_size=500)
        records = [_record(obj, action=action, from_status=current[obj.pk], by=by) for obj in objs]
        ModerationEvent.objects.bulk_create(records, batch_size=500)
        registry.decided(objs=objs, action=action)
        bump_content_version(model)  # bulk writes send no signal


def _staff_publishes_own_draft(obj: Moderated, *, action: str, by: User | None) -> str:
    """ "Publier" on a draft staff wrote in the admin ("Ajouter": no contributor, or themselves) publishes
    it, as a trusted author would (PUBLISH). A member's draft stays theirs: never submitted, it is no
    moderator's to publish."""
    if action == Action.APPROVE and obj.status == Status.DRAFT and obj.submitted_by_id in (None, by.pk if by else None):
        return Action.PUBLISH
    return action


def moderation_decide_selected(
    *, queryset: QuerySet[Any], action: str, by: User | None, reason: str = ""
) -> tuple[int, list[str]]:
    """Approve, refuse or archive a moderator's selection at once (the admin's actions): each decision
    checked, logged and e-mailed as one by one, in a number of queries that does not grow with the
    selection. Returns how many were decided and a message for each content whose status refused it.

    Unlike a single decision, the contents are not validated again: a decision changes their status
    only, and they were validated when written.
    """
    if action not in (Action.APPROVE, Action.REJECT, Action.ARCHIVE):
        raise ValueError(action)
    reason = (reason or "").strip()
    if action == Action.REJECT and not reason:
        raise ValidationError(_("Indiquez le motif du refus : il sera envoyé à la personne."), code="reason_required")
    with transaction.atomic():
        # Locked and read with their status now, so that two moderators cannot decide the same at once.
        # (A fresh queryset: the admin's list may carry annotations that FOR UPDATE refuses.)
        selected = queryset.model._default_manager.filter(pk__in=queryset.order_by().values("pk"))
        objs = list(selected.select_for_update(of=("self",)).select_related("submitted_by").order_by("pk"))
        decided, refused = [], []
        now = timezone.now()
        for obj in objs:
            this_action = _staff_publishes_own_draft(obj, action=action, by=by)
            if obj.status not in TRANSITIONS[this_action][0]:
                refused.append(
                    _("« %(object)s » est au statut « %(status)s » : « %(action)s » n'est pas possible.")
                    % {"object": obj, "status": Status(obj.status).label, "action": Action(action).label}
                )
                continue
            from_status = obj.status
            _decide(obj, action=this_action, by=by, reason=reason, now=now)
            decided.append((obj, from_status, this_action))
        if decided:
            model = type(decided[0][0])
            fields = [
                "status",
                "submitted_by",
                "submitted_at",
                "decided_by",
                "decided_at",
                "refusal_reason",
                "published_at",
            ]
            model._default_manager.bulk_update([obj for obj, *_rest in decided], fields, batch_size=500)
            records = [
                _record(obj, action=this_action, from_status=from_status, by=by, reason=reason)
                for obj, from_status, this_action in decided
            ]
            ModerationEvent.objects.bulk_create(records, batch_size=500)
            for this_action in {this_action for *_rest, this_action in decided}:
                objs_decided = [obj for obj, _previous, one in decided if one == this_action]
                notifications.notify_many(objs=objs_decided, action=this_action)
                registry.decided(objs=objs_decided, action=this_action)
            bump_content_version(model)  # bulk writes send no signal
    return len(decided), refused


def moderation_merge_lock(*, kept: Moderated, other: Moderated) -> tuple[Any, Any]:
    """The first step of a section's merge: both records locked and read again (two moderators cannot
    merge them at once), refused when they are one or one is gone."""
    if kept.pk == other.pk:
        raise ValidationError(_("Choisissez deux fiches différentes."))
    model = type(kept)
    locked = {row.pk: row for row in model._default_manager.select_for_update().filter(pk__in=[kept.pk, other.pk])}
    if len(locked) != 2:
        raise ValidationError(_("L'une des deux fiches n'existe plus (déjà fusionnée ?)."))
    return locked[kept.pk], locked[other.pk]


def moderation_merge_carry_publication(*, kept: Moderated, other: Moderated) -> None:
    """A record merged into one awaiting review publishes it: the public had the merged one."""
    if kept.status != Status.PUBLISHED and other.status == Status.PUBLISHED:
        kept.status, kept.published_at = Status.PUBLISHED, kept.published_at or other.published_at


def moderation_merge_finish(*, kept: Moderated, other: Moderated, by: User | None) -> None:
    """The last step of a section's merge, once what pointed to `other` moved to `kept`: the merge logged
    in both records' histories, the listeners told that `other` goes (the partners' webhooks: withdrawn),
    then `other` deleted (it keeps its pk, for the caller). Their status is not a decision."""
    reason = _("Fusion de « %(other)s » (n° %(id)s) dans « %(kept)s » (n° %(kept_id)s)") % {
        "other": other,
        "id": other.pk,
        "kept": kept,
        "kept_id": kept.pk,
    }
    ModerationEvent.objects.bulk_create(
        ModerationEvent(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            object_repr=str(obj)[:200],
            action=Action.MERGE,
            from_status=obj.status,
            to_status=obj.status,
            actor=by,
            reason=reason,
        )
        for obj in (kept, other)
    )
    registry.decided(objs=[other], action=Action.MERGE)
    other_id = other.pk
    other.delete()
    other.pk = other_id


def change_request_note_reason(*, change_request: ChangeRequest) -> ChangeRequest:
    """Staff write, in the admin, the reason a refusal will give (the request's page; refusing sends it)."""
    change_request.save(update_fields=["refusal_reason"])
    return change_request
