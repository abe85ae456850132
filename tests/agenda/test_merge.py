"""One event imported twice from two partners' calendars, merged: the other's address redirects, what
pointed to it moves, and the next import of its calendar does not create it again."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from agenda.importer import import_source
from agenda.merging import events_merge
from agenda.models import Event, EventChangeRequest, EventMerge, ImportSource
from blog.library.models import Resource
from cresol.core.merging import default_choices
from cresol.moderation.models import Action, ModerationEvent
from tests.agenda.test_import import ics, vevent
from tests.factories import ModeratorFactory, make_event, make_resource

pytestmark = pytest.mark.django_db

FORUM = vevent(
    "forum-2027@mobilizon", summary="Forum régional de l'ESS", start="20270312T140000", end="20270312T180000"
)
SAME_FORUM = vevent(
    "evt-8812@openagenda", summary="Forum régional de l'ESS à Tours", start="20270312T140000", end="20270312T190000"
)


@pytest.fixture
def imported_twice(http_server):
    first = ImportSource.objects.create(name="Mobilizon du Centre", url=http_server.url("/mobilizon.ics"), trusted=True)
    second = ImportSource.objects.create(name="OpenAgenda 37", url=http_server.url("/openagenda.ics"), trusted=True)
    http_server.route("/mobilizon.ics", body=ics(FORUM))
    http_server.route("/openagenda.ics", body=ics(SAME_FORUM))
    import_source(first)
    import_source(second)
    return Event.objects.get(source=first), Event.objects.get(source=second), second


def test_an_event_imported_twice_is_merged_and_not_imported_again(imported_twice):
    kept, other, second_source = imported_twice
    change = EventChangeRequest.objects.create(event=other, changes={"price_details": "Gratuit"})
    resource = make_resource(title="Le programme du forum")
    resource.events.add(other)
    choices = {**default_choices(kept, other, ["end"]), "start": "other"}  # the longer afternoon
    events_merge(kept=kept, other=other, choices=choices, by=ModeratorFactory())

    assert not Event.objects.filter(pk=other.pk).exists()
    kept.refresh_from_db()
    assert kept.end.hour == 18  # 19:00 in Paris, in UTC: the whole "when" came from the other record
    assert kept.occurrences.count() == 1 and kept.occurrences.get().end == kept.end
    assert EventChangeRequest.objects.get(pk=change.pk).event_id == kept.pk
    assert list(Resource.objects.get(pk=resource.pk).events.all()) == [kept]
    merge = EventMerge.objects.get()
    assert (merge.merged_source, merge.merged_uid) == (second_source, "evt-8812@openagenda")
    assert merge.former_values["other"]["title"] == "Forum régional de l'ESS à Tours"
    assert ModerationEvent.objects.filter(action=Action.MERGE).count() == 2

    report = import_source(second_source)  # the partner still lists it
    assert report.created == 0 and report.skipped == 1
    assert "fusion avec l'événement n°" in ImportSource.objects.get(pk=second_source.pk).last_notes
    assert Event.objects.count() == 1


def test_the_merged_events_address_redirects_permanently(client, imported_twice):
    kept, other, _source = imported_twice
    events_merge(kept=kept, other=other, choices={}, by=None)
    assertRedirects(
        client.get(f"/agenda/{other.slug}/"), kept.get_absolute_url(), status_code=301, fetch_redirect_response=False
    )
    assert client.get("/agenda/jamais-existe/").status_code == 404
    moved = client.get(f"/api/v1/evenements/{other.slug}/")  # the partners' API says which replaced which
    assert moved.status_code == 301 and moved["Location"] == f"/api/v1/evenements/{kept.slug}/"


def test_an_event_taking_registrations_is_not_merged_away():
    from django.core.exceptions import ValidationError

    from agenda.registrations.services import registration_save

    training = make_event(title="Formation : animer un tiers-lieu")
    registration_save(event=training, data={"capacity": 10})
    copy = make_event(title="Formation animer un tiers-lieu")
    with pytest.raises(ValidationError, match="prend des inscriptions"):
        events_merge(kept=copy, other=training, choices={}, by=None)
    assert Event.objects.filter(pk=training.pk).exists()
    events_merge(kept=training, other=copy, choices={}, by=None)  # the other way round is fine
    assert training.registrations.count() == 1


def test_a_moderator_merges_two_events_from_the_side_by_side_page(client, imported_twice):
    kept, other, _source = imported_twice
    client.force_login(ModeratorFactory())
    page = client.get(reverse("admin:agenda_event_change", args=[kept.pk]))
    merge_url = reverse("admin:agenda_event_merge", args=[kept.pk, other.pk])
    assertContains(page, merge_url, status_code=200)  # among its possible duplicates
    side_by_side = client.get(merge_url)
    assertContains(side_by_side, "OpenAgenda 37", status_code=200)
    assertContains(side_by_side, 'id="keep-first" checked')  # the first imported
    response = client.post(merge_url, {"keep": "first", "field_title": "second"}, follow=True)
    assertContains(response, "est fusionnée dans cette fiche")
    kept.refresh_from_db()
    assert kept.title == "Forum régional de l'ESS à Tours"

    changelist = reverse("admin:agenda_event_changelist")
    response = client.post(changelist, {"action": "merge_selected", "_selected_action": [kept.pk]}, follow=True)
    assertContains(response, "exactement deux événements")
