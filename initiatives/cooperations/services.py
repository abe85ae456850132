"""Every write of a cooperation: the member's form, the admin, the demo; the answers relayed to its
author, its fulfilment, and the weekly notice of new needs to the resource people of their territory."""

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone

from cresol.accounts.models import User
from cresol.core import slugs
from cresol.core.relay import relay
from cresol.moderation.models import Status
from cresol.moderation.services import moderation_submit
from cresol.people.models import ResourcePerson
from cresol.territories.models import Commune, Pays
from cresol.territories.reach import commune_ids

from .models import Cooperation, Direction, Scope

FIELDS = ["direction", "kind", "title", "description", "initiative", "commune", "scope", "radius_km", "ends_on"]
RESERVED_SLUGS = {"proposer", "carte", "flux", "export.csv", "export.json", "carte.geojson"}
SUGGESTIONS = 6


def unique_slug(title: str, *, exclude_pk: Any = None) -> str:
    return slugs.unique_slug(
        title,
        default="cooperation",
        reserved=RESERVED_SLUGS,
        max_length=140,
        taken_in=[(Cooperation.objects.exclude(pk=exclude_pk), "slug")],
    )


def pays_of(commune: Commune) -> Pays | None:
    """The Pays the commune's intercommunality belongs to (the first by name, should it be in two)."""
    if commune.epci_id is None:
        return None
    return Pays.objects.filter(epcis=commune.epci_id).order_by("name").first()


def reach_of(*, commune: Commune, scope: str, radius_km: int | None, pays: Pays | None) -> list[int]:
    """The ids of the communes a cooperation placed in `commune` covers with this scope."""
    return commune_ids(
        commune=commune,
        radius_km=radius_km if scope == Scope.RADIUS else None,
        epci=commune.epci if scope == Scope.EPCI else None,
        pays=pays if scope == Scope.PAYS else None,
        departement=commune.departement if scope == Scope.DEPARTEMENT else None,
    )


def _derive(cooperation: Cooperation) -> None:
    """What the cooperation computes from what was typed: its address, its marker and its reach."""
    if not cooperation.slug:
        cooperation.slug = unique_slug(cooperation.title, exclude_pk=cooperation.pk)
    commune = cooperation.commune
    cooperation.point = commune.point
    if cooperation.scope != Scope.RADIUS:
        cooperation.radius_km = None
    cooperation.pays = pays_of(commune) if cooperation.scope == Scope.PAYS else None
    if cooperation.scope == Scope.PAYS and cooperation.pays is None:
        cooperation.scope = Scope.EPCI if commune.epci_id else Scope.COMMUNE
    cooperation.reach = reach_of(
        commune=commune, scope=cooperation.scope, radius_km=cooperation.radius_km, pays=cooperation.pays
    )


@transaction.atomic
def cooperation_save(
    *, author: User, data: dict[str, Any], cooperation: Cooperation | None = None, submit: bool = True
) -> Cooperation:
    """A member's need or offer, created or changed. A new (or refused) one goes to the moderators; once
    published, changes show at once: only the first publication is moderated. Without `submit` a new
    one stays a draft (the demo decides many at once through moderation_decide_new)."""
    cooperation = cooperation or Cooperation(submitted_by=author)
    for name in FIELDS:
        setattr(cooperation, name, data.get(name))
    _derive(cooperation)
    cooperation.full_clean()
    cooperation.save()
    cooperation.themes.set(data.get("themes") or [])
    if submit and cooperation.status in (Status.DRAFT, Status.REFUSED):
        moderation_submit(obj=cooperation, by=author)
    return cooperation


@transaction.atomic
def cooperation_admin_save(
    *, cooperation: Cooperation, save_relations: Callable[[], None] | None = None
) -> Cooperation:
    """Staff's edit in the admin: the same derived fields as the member's save."""
    _derive(cooperation)
    cooperation.full_clean()
    cooperation.save()
    if save_relations is not None:
        save_relations()
    return cooperation


@transaction.atomic
def cooperation_set_fulfilled(*, cooperation: Cooperation, fulfilled: bool, now: datetime | None = None) -> None:
    """Its author says it is fulfilled (it leaves the lists, stays in their space), or reopens it."""
    cooperation.fulfilled_at = (now or timezone.now()) if fulfilled else None
    cooperation.save(update_fields=["fulfilled_at", "updated_at"])


def cooperation_answer(*, cooperation: Cooperation, sender_name: str, sender_email: str, message: str) -> None:
    """Relay an answer to the author by e-mail: their address is never shown; they answer the sender
    directly (Reply-To), or not at all."""
    author = cooperation.submitted_by
    if author is None:  # the author's account is gone: nobody to relay to
        return
    relay(
        to=author.email,
        subject=f"Réponse à votre annonce « {cooperation.title[:80]} »",
        template="cooperations/email/answer.txt",
        context={
            "cooperation": cooperation,
            "message": message,
            "url": settings.SITE_URL + cooperation.get_absolute_url(),
        },
        sender_name=sender_name,
        sender_email=sender_email,
    )


def complementary(cooperation: Cooperation, *, limit: int = SUGGESTIONS) -> list[Cooperation]:
    """ "Peut-être complémentaire": the open ones of the other direction, of the same kind, whose reach
    meets this one's, sharing a theme when it has any — closest end date first."""
    other = Direction.OFFER if cooperation.direction == Direction.NEED else Direction.NEED
    matches = (
        Cooperation.objects.current()
        .filter(direction=other, kind=cooperation.kind, reach__overlap=cooperation.reach)
        .exclude(pk=cooperation.pk)
    )
    theme_ids = [theme.pk for theme in cooperation.themes.all()]
    if theme_ids:
        shared = Cooperation.themes.through.objects.filter(cooperation=OuterRef("pk"), theme__in=theme_ids)
        matches = matches.filter(Exists(shared))
    return list(matches.for_listing().order_by("ends_on", "pk")[:limit])


# Each published resource person with the new needs their territory covers: the communes a person
# serves (directly, or through an intercommunality, a Pays or a département) against each need's reach.
NEEDS_FOR_PEOPLE_SQL = """
WITH served AS (
    SELECT link.resourceperson_id AS person_id, link.commune_id FROM people_resourceperson_communes link
    UNION SELECT link.resourceperson_id, commune.id FROM people_resourceperson_epcis link
        JOIN territories_commune commune ON commune.epci_id = link.epci_id
    UNION SELECT link.resourceperson_id, commune.id FROM people_resourceperson_pays link
        JOIN territories_pays_epcis member ON member.pays_id = link.pays_id
        JOIN territories_commune commune ON commune.epci_id = member.epci_id
    UNION SELECT link.resourceperson_id, commune.id FROM people_resourceperson_departements link
        JOIN territories_commune commune ON commune.departement_id = link.departement_id
)
SELECT DISTINCT served.person_id, need.id
FROM cooperations_cooperation need
JOIN served ON served.commune_id = ANY(need.reach)
JOIN people_resourceperson person ON person.id = served.person_id AND person.status = 'published'
WHERE need.id = ANY(%s)
"""


@transaction.atomic
def needs_notify_people(*, now: datetime | None = None) -> int:
    """Tell each resource person, in one e-mail, of the needs published in their territory since the
    last notice; each need is told once (it is marked in the same transaction as the queued e-mails, and
    a rerun finds it marked). Returns how many e-mails were queued."""
    now = now or timezone.now()
    needs = {
        need.pk: need
        for need in Cooperation.objects.current(timezone.localdate(now))
        .filter(direction=Direction.NEED, people_notified_at__isnull=True)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("commune", "pays", "commune__epci", "commune__departement")
    }
    if not needs:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(NEEDS_FOR_PEOPLE_SQL, [list(needs)])
        pairs = cursor.fetchall()
    by_person: dict[int, list[Cooperation]] = defaultdict(list)
    for person_id, need_id in pairs:
        by_person[person_id].append(needs[need_id])
    people = ResourcePerson.objects.filter(pk__in=by_person).select_related("user")
    for person in people:
        found = sorted(by_person[person.pk], key=lambda need: need.title)
        EmailMessage(
            subject=f"[Cré-sol] {len(found)} nouveau(x) besoin(s) de coopération sur votre territoire",
            body=render_to_string(
                "cooperations/email/needs_for_person.txt",
                {"person": person, "needs": found, "site_url": settings.SITE_URL},
            ),
            to=[person.user.email],
        ).send()
    Cooperation.objects.filter(pk__in=list(needs)).update(people_notified_at=now)
    return len(people)
