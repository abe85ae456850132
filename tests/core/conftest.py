"""Fixtures the tests of the shared pieces use in several modules."""

import pytest
from django.contrib.auth.models import Group
from django.core import signing

from agenda.registrations.services import REGISTRANTS, registrant_register, registration_save
from blog.library.models import Resource
from blog.library.services import resource_admin_save
from blog.services import comment_create, dossier_create
from cresol.alerts.services import ALERTS, alert_confirm, alert_create
from cresol.core.subscriptions import Purpose
from cresol.letter import services as letter
from cresol.letter.models import Subscriber
from tests.factories import InitiativeFactory, UserFactory, make_cooperation, make_event, make_person, make_post
from veille.apps import VEILLEURS_GROUP
from veille.models import Item, Source
from veille.services import share_create


@pytest.fixture
def world():
    """One published thing of each kind, a member who wrote them, and the tokens of the digest."""
    member = UserFactory(username="autrice")
    member.groups.add(Group.objects.get_or_create(name=VEILLEURS_GROUP)[0])
    initiative = InitiativeFactory(submitted_by=member)
    event = make_event(submitted_by=member)
    post = make_post(author=member)
    comment = comment_create(post=post, body="Merci !", by=member)
    dossier = dossier_create(title="Tiers-lieux", slug="tiers-lieux", intro="Nos articles.", posts=[post])
    source = Source.objects.create(name="Source", feed_url="https://example.org/flux.xml")
    item = Item.objects.create(
        source=source,
        entry_id="1",
        title="Article",
        link="https://example.org/a",
        canonical_link="https://example.org/a",
    )
    share_create(by=member, url="https://example.org/b", title="Partage", comment="Utile.")
    anonymous_alert = alert_create(email="veilleuse@example.org", data={"sources": ["veille", "agenda"]})
    alert_confirm(alert=anonymous_alert)
    resource = resource_admin_save(
        resource=Resource(
            title="Guide",
            slug="guide",
            summary="Un guide.",
            kind="guide",
            author_name="Cré-sol",
            link="https://guide.example.org",
            submitted_by=member,
            status="published",
        )
    )
    person = make_person()
    cooperation = make_cooperation(author=member, initiative=initiative)
    subscriber = Subscriber.objects.create(email="lectrice@example.org")
    registration = registration_save(event=event, data={"capacity": 10})
    visitor = registrant_register(
        registration=registration, name="Visiteuse", email="visiteuse@example.org", answers={}
    )
    seated = registrant_register(registration=registration, name="Autrice", email=member.email, answers={}, user=member)
    return {
        "registration": registration,
        "registrant": seated,
        "registration_confirm": REGISTRANTS.token(visitor, Purpose.CONFIRM),
        "registration_leave": REGISTRANTS.token(visitor, Purpose.LEAVE),
        "person": person,
        "cooperation": cooperation,
        "letter_confirm": letter.SUBSCRIPTIONS.token(subscriber, Purpose.CONFIRM),
        "letter_unsubscribe": letter.SUBSCRIPTIONS.token(subscriber, Purpose.LEAVE),
        "member": member,
        "initiative": initiative,
        "event": event,
        "post": post,
        "comment": comment,
        "dossier": dossier,
        "item": item,
        "resource": resource,
        "alert": anonymous_alert,
        "alert_confirm": ALERTS.token(anonymous_alert, Purpose.CONFIRM),
        "alert_unsubscribe": ALERTS.token(anonymous_alert, Purpose.LEAVE),
        # The links of the former weekly digest, signed as it signed them (veille.services.digest_link_address).
        "confirm_token": signing.dumps({"s": 1, "e": "veilleuse@example.org"}, salt="veille.digest.confirm"),
        "unsubscribe_token": signing.dumps({"s": 1, "e": "veilleuse@example.org"}, salt="veille.digest.unsubscribe"),
    }
