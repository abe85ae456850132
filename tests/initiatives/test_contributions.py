"""After proposing: editing one's own initiative, suggesting changes, reporting a problem."""

import html
import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from cresol.moderation.models import Status
from initiatives.models import ChangeRequest, Initiative, Report
from initiatives.services import change_request_apply
from tests.factories import InitiativeFactory, ModeratorFactory, UserFactory
from tests.http import page_text
from tests.initiatives.test_propose import valid_data

pytestmark = pytest.mark.django_db


def edit_url(initiative):
    return f"/initiatives/{initiative.slug}/modifier/"


def test_a_contributor_edits_their_pending_initiative_directly(client):
    member = UserFactory()
    initiative = InitiativeFactory(status=Status.PENDING, submitted_by=member, name="Ancien nom")
    client.force_login(member)
    assertContains(client.get(edit_url(initiative)), 'value="Ancien nom"')
    response = client.post(edit_url(initiative), valid_data(name="Nom corrigé", not_a_duplicate="on"))
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.name == "Nom corrigé"
    assert initiative.status == Status.PENDING


def test_a_refused_initiative_corrected_by_its_contributor_goes_back_to_review(client):
    member = UserFactory()
    initiative = InitiativeFactory(status=Status.REFUSED, refusal_reason="Commune manquante", submitted_by=member)
    client.force_login(member)
    client.post(edit_url(initiative), valid_data(not_a_duplicate="on"))
    initiative.refresh_from_db()
    assert initiative.status == Status.PENDING
    assert initiative.refusal_reason == ""


def test_someone_elses_pending_initiative_cannot_be_edited(client):
    initiative = InitiativeFactory(status=Status.PENDING)
    client.force_login(UserFactory())
    assert client.get(edit_url(initiative)).status_code == 404


def test_changes_to_a_published_initiative_wait_as_a_request_while_it_stays_online(client):
    initiative = InitiativeFactory(name="Ressourcerie", slug="ressourcerie", phone="02 00 00 00 00")
    client.force_login(UserFactory())
    form = html.unescape(page_text(client.get(edit_url(initiative))))
    assert "Proposer une modification de « Ressourcerie »" in form
    data = valid_data(
        name="Ressourcerie",
        commune_name="Tours",
        phone="02 47 11 22 33",
        website=initiative.website,
        summary=initiative.summary,
        comment="Nouveau numéro affiché sur la porte.",
    )
    response = client.post(edit_url(initiative), data)
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert change.changes["phone"] == "02 47 11 22 33"
    assert "name" not in change.changes
    initiative.refresh_from_db()
    assert initiative.phone == "02 00 00 00 00"
    assertContains(client.get(initiative.get_absolute_url()), "02 00 00 00 00")


def test_a_moderator_applies_a_change_request_field_by_field(client):
    initiative = InitiativeFactory(phone="02 00 00 00 00")
    change = ChangeRequest.objects.create(
        initiative=initiative, changes={"phone": "02 47 11 22 33", "themes": ["habitat", "mobilite"]}
    )
    moderator = ModeratorFactory()
    client.force_login(moderator)
    page = page_text(client.get(reverse("admin:initiatives_changerequest_change", args=[change.pk])))
    assert "02 00 00 00 00" in page and "02 47 11 22 33" in page
    assert "<th scope='row'>Téléphone</th>" in page and "<th scope='row'>phone</th>" not in page
    client.post(
        reverse("admin:initiatives_changerequest_changelist"),
        {"action": "apply_changes", "_selected_action": [change.pk]},
    )
    initiative.refresh_from_db()
    change.refresh_from_db()
    assert initiative.phone == "02 47 11 22 33"
    assert initiative.main_theme.slug == "habitat"
    assert change.state == ChangeRequest.State.APPLIED
    assert change.decided_by == moderator


def test_a_change_request_is_applied_only_once():
    initiative = InitiativeFactory()
    change = ChangeRequest.objects.create(initiative=initiative, changes={"phone": "1"})
    change_request_apply(change_request=change, by=None)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        change_request_apply(change_request=change, by=None)


def test_anyone_reports_a_problem_without_an_account(client):
    initiative = InitiativeFactory(slug="a-verifier")
    response = client.post(
        "/initiatives/a-verifier/signaler/", {"reason": "gone", "comment": "Fermé depuis juin.", "email": ""}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.initiative, report.reason, report.comment) == (initiative, "gone", "Fermé depuis juin.")


def test_a_report_form_error_is_shown_beside_the_field(client):
    InitiativeFactory(slug="a-verifier")
    response = client.post("/initiatives/a-verifier/signaler/", {"reason": "", "comment": "Texte gardé"})
    content = page_text(response)
    assert "Ce champ est obligatoire" in content
    assert "Texte gardé" in content


def test_a_bot_filling_the_honeypot_is_thanked_but_nothing_is_recorded(client):
    InitiativeFactory(slug="a-verifier")
    response = client.post(
        "/initiatives/a-verifier/signaler/", {"reason": "wrong", "comment": "buy now", "website": "http://spam"}
    )
    assert response.status_code == 302
    assert not Report.objects.exists()


def test_a_flood_of_reports_from_one_address_is_stopped(client):
    InitiativeFactory(slug="a-verifier")
    statuses = [
        client.post("/initiatives/a-verifier/signaler/", {"reason": "wrong"}, REMOTE_ADDR="203.0.113.9").status_code
        for _ in range(7)
    ]
    assert statuses == [302] * 5 + [429] * 2
    assert Report.objects.count() == 5
    other = client.post("/initiatives/a-verifier/signaler/", {"reason": "wrong"}, REMOTE_ADDR="203.0.113.10")
    assert other.status_code == 302


def test_three_open_reports_flag_the_initiative_for_attention(client):
    flagged, quiet = InitiativeFactory(name="Trois fois"), InitiativeFactory(name="Une fois")
    for _ in range(3):
        Report.objects.create(initiative=flagged, reason="wrong")
    Report.objects.create(initiative=quiet, reason="wrong")
    Report.objects.create(initiative=quiet, reason="wrong", resolved=True)
    client.force_login(ModeratorFactory())
    content = page_text(client.get(reverse("admin:initiatives_initiative_changelist"), {"flag": "attention"}))
    assert "Trois fois" in content
    assert "Une fois" not in content


def test_a_moderator_approves_a_proposal_and_it_appears_on_the_map(client):
    initiative = InitiativeFactory(status=Status.PENDING, name="Bientôt sur la carte")
    assertNotContains(client.get("/carte/initiatives.geojson"), "Bientôt sur la carte")
    client.force_login(ModeratorFactory())
    client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "approve_selected", "_selected_action": [initiative.pk]},
    )
    assert Initiative.objects.get(pk=initiative.pk).status == Status.PUBLISHED
    assertContains(client.get("/carte/initiatives.geojson"), "Bientôt sur la carte")


def test_renaming_the_address_in_the_admin_keeps_the_old_one_as_a_redirect(client):
    initiative = InitiativeFactory(slug="ancienne-adresse")
    client.force_login(ModeratorFactory())
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if name != "image" and form[name].value() is not None}
    data.update(
        {
            "slug": "nouvelle-adresse",
            "themes": [t.pk for t in initiative.themes.all()],
            "point": initiative.point.json,
            "social_links": "",
            "tags": "",
            "reports-TOTAL_FORMS": 0,
            "reports-INITIAL_FORMS": 0,
            "old_slugs-TOTAL_FORMS": 0,
            "old_slugs-INITIAL_FORMS": 0,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert client.get("/initiatives/ancienne-adresse/")["Location"] == "/initiatives/nouvelle-adresse/"


def test_a_change_request_keeps_only_real_changes_not_line_endings(client):
    """A browser sends a text area with CRLF line ends: the description typed back unchanged is no change."""
    initiative = InitiativeFactory(
        name="Ressourcerie",
        description="Première ligne\nDeuxième ligne",
        opening_hours_note="Mercredi 14 h – 18 h\nSamedi 10 h – 12 h",
    )
    client.force_login(UserFactory())
    same_text = valid_data(
        name="Ressourcerie",
        commune_name="Tours",
        website=initiative.website,
        summary=initiative.summary,
        description="Première ligne\r\nDeuxième ligne",
        opening_hours_note="Mercredi 14 h – 18 h\r\nSamedi 10 h – 12 h",
        phone="02 47 11 22 33",
        comment="Nouveau numéro.",
    )
    assert client.post(edit_url(initiative), same_text).status_code == 302
    change = ChangeRequest.objects.get()
    assert "phone" in change.changes  # the positive control: a real change is kept
    assert "description" not in change.changes and "opening_hours_note" not in change.changes


def test_hours_written_differently_but_the_same_are_no_change(client):
    """The form's week grid writes "PH closed" where the stored hours say "PH off": a suggested edit
    listed a change of hours nobody made."""
    initiative = InitiativeFactory(name="Ressourcerie", opening_hours="Mo,Tu,We,Th,Fr 09:00-18:00; PH off")
    client.force_login(UserFactory())
    data = valid_data(
        name="Ressourcerie",
        commune_name="Tours",
        website=initiative.website,
        summary=initiative.summary,
        opening_hours="Mo-Fr 09:00-18:00; PH closed",
        phone="02 47 11 22 33",
        comment="Nouveau numéro.",
    )
    assert client.post(edit_url(initiative), data).status_code == 302
    change = ChangeRequest.objects.get()
    assert "phone" in change.changes and "opening_hours" not in change.changes
    # Positive control: other hours are a change.
    data["opening_hours"], data["comment"] = "Mo-Fr 09:00-17:00; PH closed", "Ferme plus tôt."
    assert client.post(edit_url(initiative), data).status_code == 302
    assert ChangeRequest.objects.latest("pk").changes["opening_hours"] == "Mo-Fr 09:00-17:00; PH closed"


def test_the_report_form_checks_no_reason_before_the_person_chooses(client):
    """Its first radio button was checked (an empty "---------" choice): a reason nobody gave."""
    initiative = InitiativeFactory()
    page = page_text(client.get(f"/initiatives/{initiative.slug}/signaler/"))
    radios = re.findall(r'<input type="radio" name="reason"[^>]*>', page)
    assert len(radios) >= 3 and not [radio for radio in radios if "checked" in radio]
    assert 'value=""' not in " ".join(radios)
    response = client.post(f"/initiatives/{initiative.slug}/signaler/", {"comment": "Fermée depuis juin."})
    assert "Ce champ est obligatoire" in response.content.decode()  # choosing one is asked for
