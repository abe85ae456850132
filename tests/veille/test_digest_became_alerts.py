"""The Monday digest became an alert like the others: its subscribers were moved to weekly alerts on the
watch (migration veille 0006), and the unsubscribe links of digests already sent still stop them."""

import pytest
from django.core import signing
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from pytest_django.asserts import assertContains

from cresol.alerts.models import Alert
from cresol.alerts.services import alert_create
from cresol.themes.models import Theme
from tests.factories import UserFactory

BEFORE = [("veille", "0005_search_vector")]
AFTER = [("veille", "0006_digest_to_alerts")]


def test_confirmed_digest_subscribers_become_weekly_watch_alerts_with_their_themes(reference_data):
    subscriber, left, unconfirmed = UserFactory(), UserFactory(), UserFactory()
    theme = Theme.objects.get(slug="habitat")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Subscription = old.get_model("veille", "DigestSubscription")
    kept = Subscription.objects.create(user_id=subscriber.pk, confirmed=True, active=True)
    kept.themes.set([theme.pk])
    Subscription.objects.create(user_id=left.pk, confirmed=True, active=False)
    Subscription.objects.create(user_id=unconfirmed.pk, confirmed=False, active=True)

    executor = MigrationExecutor(connection)  # the graph again, as `migrate` reads it
    executor.migrate(AFTER)

    [alert] = Alert.objects.all()
    assert (alert.user_id, alert.email, alert.sources, alert.frequency) == (
        subscriber.pk,
        subscriber.email,
        ["veille"],
        "hebdomadaire",
    )
    assert alert.themes == [theme.pk] and alert.is_confirmed and alert.sent_until is not None
    assert "veille_digestsubscription" not in connection.introspection.table_names()


@pytest.mark.django_db
def test_a_former_digests_one_click_link_stops_the_watch_alerts_of_its_address(client):
    member = UserFactory()
    only_watch = alert_create(email=member.email, user=member, data={"sources": ["veille"]})
    both = alert_create(email=member.email, user=member, data={"sources": ["veille", "agenda"]})
    other = alert_create(email="autre@example.org", data={"sources": ["veille"]})
    link = signing.dumps({"s": 7, "e": member.email}, salt="veille.digest.unsubscribe", compress=True)
    assertContains(client.get(f"/veille/lettre/desabonner/{link}/"), "Arrêter l")
    assert client.post(f"/veille/lettre/desabonner/{link}/").status_code == 200
    assert not Alert.objects.filter(pk=only_watch.pk).exists()
    both.refresh_from_db()
    assert both.sources == ["agenda"]
    assert Alert.objects.filter(pk=other.pk).exists()  # another address: untouched
    forged = signing.dumps({"s": 7, "e": "autre@example.org"}, salt="une-autre-clef")
    assert client.post(f"/veille/lettre/desabonner/{forged}/").status_code == 200  # said gone, nothing done
    assert Alert.objects.filter(pk=other.pk).exists()
    assert client.get("/veille/lettre/").status_code == 301
