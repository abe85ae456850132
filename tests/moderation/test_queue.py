"""« À traiter »: every kind of waiting thing on one admin page, oldest first, decided on the spot."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from blog.models import Comment
from blog.services import comment_create, comment_report
from cresol.moderation.models import ModerationEvent, Status
from initiatives.models import ChangeRequest, InitiativeImport, Report
from initiatives.services import import_batch_create, report_create
from tests.factories import InitiativeFactory, ModeratorFactory, UserFactory, make_event, make_post

pytestmark = pytest.mark.django_db

QUEUE = reverse("moderation_queue")


@pytest.fixture
def moderator(client):
    user = ModeratorFactory(display_name="Mona Modératrice")
    client.force_login(user)
    return user


def _age(obj, days, field):
    """Make a row wait `days` days (auto_now_add fields are set at creation)."""
    type(obj).objects.filter(pk=obj.pk).update(**{field: timezone.now() - timedelta(days=days)})


def _waiting_world(count: int = 1, *, start: int = 0):
    """`count` of each kind: pending initiatives and events, a suggested edit, a report, a reported
    comment, a checked import."""
    member = UserFactory(display_name="Léa Membre")
    made = {}
    for number in range(start, start + count):
        made["initiative"] = InitiativeFactory(
            name=f"Épicerie solidaire {number}",
            status=Status.PENDING,
            submitted_by=member,
            submitted_at=timezone.now() - timedelta(days=10 + number),
        )
        published = InitiativeFactory(name=f"Recyclerie {number}")
        made["report"] = report_create(
            initiative=published, reason=Report.Reason.GONE, comment="Fermée depuis juillet", email="voisin@example.org"
        )
        made["change"] = ChangeRequest.objects.create(
            initiative=published, submitted_by=member, changes={"phone": "02 47 00 00 00"}
        )
        post = make_post(title=f"Le réemploi {number}")
        made["comment"] = comment_create(post=post, body="Un commentaire douteux", by=member)
        comment_report(comment=made["comment"])
        made["import"] = import_batch_create(
            file_name=f"partenaire-{number}.csv",
            content=b"nom\n",
            report={},
            publish=False,
            include_duplicates=False,
            by=member,
        )
        made["event"] = make_event(
            title=f"Café réparation {number}",
            status=Status.PENDING,
            submitted_by=member,
            submitted_at=timezone.now() - timedelta(days=2),
        )
    return made


def test_every_kind_of_waiting_thing_is_listed_oldest_first_with_its_age_and_sender(client, moderator):
    made = _waiting_world()
    _age(made["report"], 20, "created_at")  # the oldest of all
    response = client.get(QUEUE)
    assertContains(response, "Fermée depuis juillet", status_code=200)
    content = response.content.decode()
    for expected in (
        "Épicerie solidaire 0",  # a pending initiative
        "Café réparation 0",  # a pending event
        "Téléphone",  # the suggested edit, by the field it changes
        "Un commentaire douteux",  # the reported comment
        "partenaire-0.csv",  # the import to confirm
        "envoyé par Léa Membre",
        "voisin@example.org",
        "attend depuis 2",  # weeks or days: the age is written out
    ):
        assert expected in content, expected
    rows = content.split('class="queue-rows"')[1]
    assert rows.index("Fermée depuis juillet") < rows.index("Épicerie solidaire 0") < rows.index("Café réparation 0")
    # One click to each item: its admin page, or the import's report.
    assert reverse("admin:initiatives_initiative_change", args=[made["initiative"].pk]) in content
    assert reverse("admin:initiatives_initiative_import_report", args=[made["import"].pk]) in content


def test_the_summary_counts_each_kind_by_the_week_it_arrived(client, moderator):
    made = _waiting_world()
    _age(made["report"], 60, "created_at")
    content = client.get(QUEUE).content.decode()
    summary = content.split('class="queue-summary"')[1].split("</table>")[0]
    report_row = summary.split("Signalements")[1].split("</tr>")[0]
    assert report_row.count("<td>1</td>") == 2  # the total, and the "before" column: 60 days is older
    assert "Cette semaine" in summary


def test_a_moderator_approves_a_pending_initiative_from_the_queue(client, moderator):
    made = _waiting_world()
    initiative = made["initiative"]
    response = client.post(QUEUE, {"kind": "initiatives.initiative", "pk": initiative.pk, "action": "approve"})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == Status.PUBLISHED
    assert ModerationEvent.objects.filter(object_id=initiative.pk, actor=moderator, action="approve").exists()
    page = client.get(response["Location"])
    assertContains(page, "fait")
    assertNotContains(page, "Épicerie solidaire 0</a>")
    assertContains(page, "Café réparation 0</a>")  # the rest still waits


def test_refusing_needs_a_reason_and_keeps_what_was_typed_on_error(client, moderator, mailoutbox, run_jobs):
    made = _waiting_world()
    event = made["event"]
    response = client.post(QUEUE, {"kind": "agenda.event", "pk": event.pk, "action": "reject", "reason": "   "})
    assertContains(response, "Indiquez le motif du refus", status_code=400)
    assertContains(response, 'aria-invalid="true"', status_code=400)
    assert mailoutbox == []
    event.refresh_from_db()
    assert event.status == Status.PENDING

    response = client.post(
        QUEUE, {"kind": "agenda.event", "pk": event.pk, "action": "reject", "reason": "Hors du territoire"}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Status.REFUSED and event.refusal_reason == "Hors du territoire"
    run_jobs()
    [refusal] = [message for message in mailoutbox if "Hors du territoire" in message.body]
    assert refusal.to == [event.submitted_by.email]


def test_a_report_is_marked_treated_and_a_reported_comment_hidden_or_kept(client, moderator):
    made = _waiting_world()
    client.post(QUEUE, {"kind": "initiatives.report", "pk": made["report"].pk, "action": "resolve"})
    assert Report.objects.get(pk=made["report"].pk).resolved
    client.post(QUEUE, {"kind": "blog.comment", "pk": made["comment"].pk, "action": "hide"})
    assert Comment.objects.get(pk=made["comment"].pk).hidden


def test_a_suggested_edit_is_applied_or_refused_with_a_reason(client, moderator):
    made = _waiting_world()
    change = made["change"]
    response = client.post(QUEUE, {"kind": "initiatives.changerequest", "pk": change.pk, "action": "apply"})
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.state == ChangeRequest.State.APPLIED
    assert change.initiative.phone == "02 47 00 00 00"

    other = ChangeRequest.objects.create(initiative=change.initiative, changes={"phone": "01 00 00 00 00"})
    kind, pk = "initiatives.changerequest", other.pk
    response = client.post(QUEUE, {"kind": kind, "pk": pk, "action": "refuse", "reason": ""})
    assert response.status_code == 400 and ChangeRequest.objects.get(pk=pk).state == ChangeRequest.State.PENDING
    client.post(QUEUE, {"kind": kind, "pk": pk, "action": "refuse", "reason": "Numéro d'une autre structure"})
    other.refresh_from_db()
    assert other.state == ChangeRequest.State.REFUSED and other.refusal_reason == "Numéro d'une autre structure"


def test_a_row_already_treated_by_someone_else_says_so(client, moderator):
    made = _waiting_world()
    Report.objects.filter(pk=made["report"].pk).update(resolved=True)
    response = client.post(
        QUEUE, {"kind": "initiatives.report", "pk": made["report"].pk, "action": "resolve"}, follow=True
    )
    assertContains(response, "déjà été traité")


def test_only_staff_with_the_right_permission_see_and_act(client):
    made = _waiting_world()
    member = UserFactory()
    client.force_login(member)
    assert client.get(QUEUE).status_code == 302  # to the admin's login
    response = client.post(QUEUE, {"kind": "initiatives.report", "pk": made["report"].pk, "action": "resolve"})
    assert response.status_code == 302 and not Report.objects.get(pk=made["report"].pk).resolved
    # Staff without the moderators' rights see none of it, and cannot act on it.
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assertNotContains(client.get(QUEUE), "Fermée depuis juillet", status_code=200)
    response = client.post(QUEUE, {"kind": "initiatives.report", "pk": made["report"].pk, "action": "resolve"})
    assert response.status_code == 404 and not Report.objects.get(pk=made["report"].pk).resolved


def test_unknown_kinds_actions_and_bad_numbers_are_4xx(client, moderator):
    made = _waiting_world()
    assert client.post(QUEUE, {"kind": "nope.nope", "pk": 1, "action": "approve"}).status_code == 404
    assert client.post(QUEUE, {"kind": "blog.comment", "pk": made["comment"].pk, "action": "apply"}).status_code == 404
    assert client.post(QUEUE, {"kind": "blog.comment", "pk": "abc", "action": "hide"}).status_code == 400
    assert client.get(QUEUE, {"type": "<script>"}).status_code == 200


def test_an_import_checked_long_ago_no_longer_waits():
    batch = import_batch_create(
        file_name="ancien.csv", content=b"nom\n", report={}, publish=False, include_duplicates=False, by=None
    )
    fresh = import_batch_create(
        file_name="recent.csv", content=b"nom\n", report={}, publish=False, include_duplicates=False, by=None
    )
    _age(batch, 30, "created_at")
    from initiatives.queue import IMPORTS

    assert list(IMPORTS.waiting()) == [InitiativeImport.objects.get(pk=fresh.pk)]


def test_the_page_runs_the_same_queries_whatever_waits(client, moderator, django_assert_num_queries):
    _waiting_world(1)
    with CaptureQueriesContext(connection) as few:
        assertContains(client.get(QUEUE), "Épicerie solidaire 0", status_code=200)
    _waiting_world(15, start=1)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE)
    assertContains(response, "Épicerie solidaire 14", status_code=200)
    assertContains(response, "Recyclerie 14")
