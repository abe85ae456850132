"""Two records of one initiative merged: every linked row moves, the old addresses redirect, the log keeps
both records' former values."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from agenda.models import Event
from blog.models import Post
from cresol.moderation.models import Action, ModerationEvent, Status
from cresol.themes.models import Theme
from initiatives.merging import default_choices, initiatives_merge
from initiatives.models import ChangeRequest, Initiative, InitiativeMerge, InitiativeSlug, Report
from initiatives.services import report_create
from tests.factories import InitiativeFactory, ModeratorFactory, make_cooperation, make_event, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    """The member's record (published, older) and the one imported from a partner's map."""
    kept = InitiativeFactory(name="Repair café de Tours", slug="repair-cafe-de-tours", phone="")
    other = InitiativeFactory(
        name="Repair Café Tours",
        slug="repair-cafe-tours",
        phone="02 47 00 00 00",
        website="https://repaircafe-tours.example.org",
        status=Status.PENDING,
    )
    other.themes.add(Theme.objects.get(slug="numerique-libre"))
    return kept, other


def _linked_to(other, kept):
    event = make_event(title="Réparations de printemps", place_initiative=other)
    both = make_post(title="Deux repair cafés", slug="deux")
    both.related_initiatives.add(other, kept)
    only_other = make_post(title="Le repair café importé", slug="importe")
    only_other.related_initiatives.add(other)
    need = make_cooperation(initiative=other)
    report = report_create(initiative=other, reason=Report.Reason.DUPLICATE, comment="Doublon de l'autre fiche")
    change = ChangeRequest.objects.create(initiative=other, changes={"phone": "02 47 11 11 11"})
    InitiativeSlug.objects.create(slug="ancien-repair-cafe", initiative=other)
    return {"event": event, "both": both, "only_other": only_other, "need": need, "report": report, "change": change}


def test_merging_moves_every_linked_row_and_keeps_the_chosen_values(pair):
    kept, other = pair
    linked = _linked_to(other, kept)
    moderator = ModeratorFactory()
    choices = {**default_choices(kept, other), "website": "other"}
    merge = initiatives_merge(kept=kept, other=other, choices=choices, by=moderator)

    assert not Initiative.objects.filter(pk=other.pk).exists()
    kept.refresh_from_db()
    assert kept.name == "Repair café de Tours"  # the kept one's, by default
    assert kept.phone == "02 47 00 00 00"  # empty on the kept record: the other's by default
    assert kept.website == "https://repaircafe-tours.example.org"  # chosen
    assert set(kept.themes.values_list("slug", flat=True)) >= {"numerique-libre"}  # themes are joined
    assert Event.objects.get(pk=linked["event"].pk).place_initiative_id == kept.pk
    assert list(linked["both"].related_initiatives.all()) == [kept]  # once, not twice
    assert list(Post.objects.get(pk=linked["only_other"].pk).related_initiatives.all()) == [kept]
    assert type(linked["need"]).objects.get(pk=linked["need"].pk).initiative_id == kept.pk
    assert Report.objects.get(pk=linked["report"].pk).initiative_id == kept.pk
    assert ChangeRequest.objects.get(pk=linked["change"].pk).initiative_id == kept.pk
    assert set(kept.old_slugs.values_list("slug", flat=True)) == {"ancien-repair-cafe", "repair-cafe-tours"}

    assert merge.merged_id == other.pk and merge.kept == kept
    assert merge.former_values["other"]["phone"] == "02 47 00 00 00"
    assert merge.former_values["kept"]["website"] != merge.former_values["other"]["website"]
    assert merge.moved  # what moved, by kind, for whoever reads the log
    content_type = ContentType.objects.get_for_model(Initiative)
    logged = ModerationEvent.objects.filter(content_type=content_type, action=Action.MERGE)
    assert set(logged.values_list("object_id", flat=True)) == {kept.pk, other.pk}
    assert all(str(other.pk) in event.reason for event in logged)


def test_the_merged_records_addresses_redirect_permanently(client, pair):
    kept, other = pair
    initiatives_merge(kept=kept, other=other, choices=default_choices(kept, other), by=None)
    assertRedirects(
        client.get(f"/i/{other.pk}"), kept.get_absolute_url(), status_code=301, fetch_redirect_response=False
    )
    assertRedirects(
        client.get("/initiatives/repair-cafe-tours/"),
        kept.get_absolute_url(),
        status_code=301,
        fetch_redirect_response=False,
    )
    assert client.get("/i/999999").status_code == 404  # never existed: still a 404


def test_merging_a_record_into_itself_or_twice_is_refused(pair):
    from django.core.exceptions import ValidationError

    kept, other = pair
    with pytest.raises(ValidationError):
        initiatives_merge(kept=kept, other=kept, choices={}, by=None)
    initiatives_merge(kept=kept, other=other, choices={}, by=None)
    with pytest.raises(ValidationError, match="n'existe plus"):
        initiatives_merge(kept=kept, other=other, choices={}, by=None)


def test_a_record_that_had_absorbed_another_passes_it_on(client, pair):
    kept, other = pair
    third = InitiativeFactory(name="Repair café Tours Nord")
    initiatives_merge(kept=other, other=third, choices={}, by=None)  # other absorbs the third
    initiatives_merge(kept=kept, other=other, choices={}, by=None)
    assert InitiativeMerge.objects.get(merged_id=third.pk).kept == kept
    assert client.get(f"/i/{third.pk}")["Location"] == kept.get_absolute_url()


def test_a_moderator_merges_from_the_side_by_side_page(client, pair):
    kept, other = pair
    _linked_to(other, kept)
    client.force_login(ModeratorFactory())
    url = reverse("admin:initiatives_initiative_merge", args=[other.pk, kept.pk])
    page = client.get(url)
    assertContains(page, "Repair Café Tours", status_code=200)
    content = page.content.decode()
    assert 'id="keep-second" checked' in content  # the published one is kept by default
    assert "1 événement, 2 articles" in content  # what will move with it, counted

    response = client.post(url, {"keep": "second", "field_name": "first", **{"field_website": "first"}}, follow=True)
    assertContains(response, "est fusionnée dans cette fiche")
    kept.refresh_from_db()
    assert kept.name == "Repair Café Tours" and kept.website == "https://repaircafe-tours.example.org"
    assert not Initiative.objects.filter(pk=other.pk).exists()


def test_the_list_action_needs_exactly_two_initiatives(client, pair):
    kept, other = pair
    client.force_login(ModeratorFactory())
    changelist = reverse("admin:initiatives_initiative_changelist")
    response = client.post(changelist, {"action": "merge_selected", "_selected_action": [kept.pk, other.pk]})
    assert response["Location"] == reverse("admin:initiatives_initiative_merge", args=sorted([kept.pk, other.pk]))
    response = client.post(changelist, {"action": "merge_selected", "_selected_action": [kept.pk]}, follow=True)
    assertContains(response, "exactement deux initiatives")


def test_an_initiatives_page_offers_its_possible_duplicates_to_merge(client, pair):
    kept, other = pair
    client.force_login(ModeratorFactory())
    page = client.get(reverse("admin:initiatives_initiative_change", args=[kept.pk]))
    assertContains(page, reverse("admin:initiatives_initiative_merge", args=[kept.pk, other.pk]), status_code=200)
    assertContains(page, "comparer et fusionner")


def test_only_moderators_may_merge(client, pair):
    from tests.factories import UserFactory

    kept, other = pair
    client.force_login(UserFactory(is_staff=True))
    url = reverse("admin:initiatives_initiative_merge", args=[kept.pk, other.pk])
    assert client.post(url, {"keep": "first"}).status_code == 403
    assert Initiative.objects.filter(pk=other.pk).exists()


def test_the_exports_and_the_api_say_which_id_replaced_which(client, pair):
    kept, other = pair
    initiatives_merge(kept=kept, other=other, choices={}, by=None)
    response = client.get("/initiatives/fusions.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id_fusionne;slug_fusionne")
    assert lines[1].startswith(f"{other.pk};repair-cafe-tours;Repair Café Tours;{kept.pk};repair-cafe-de-tours;")
    assert client.get(f"/api/v1/initiatives/{kept.slug}/").status_code == 200
    moved = client.get("/api/v1/initiatives/repair-cafe-tours/")
    assert moved.status_code == 301 and moved["Location"] == f"/api/v1/initiatives/{kept.slug}/"
    assert client.get("/api/v1/initiatives/jamais-existe/").status_code == 404


def test_both_records_radars_move_and_one_stays_the_latest(pair, radar_grid):
    from datetime import date

    from initiatives.radar.models import Assessment
    from initiatives.radar.services import assessment_fill

    kept, other = pair
    other.status = Status.PUBLISHED
    other.save(update_fields=["status"])
    questions = [question.pk for axis in radar_grid.axes.all() for question in axis.questions.all()]
    staff = ModeratorFactory(is_superuser=True)
    for initiative, day in ((kept, date(2026, 3, 1)), (other, date(2026, 9, 1))):
        answers = dict.fromkeys(questions, (2, ""))
        assessment_fill(initiative=initiative, grid=radar_grid, answers=answers, by=staff, filled_on=day)
    assert Assessment.objects.filter(is_latest=True).count() == 2  # one each, before
    initiatives_merge(kept=kept, other=other, choices={}, by=None)
    radars = Assessment.objects.filter(initiative=kept)
    assert radars.count() == 2
    assert list(radars.filter(is_latest=True).values_list("filled_on", flat=True)) == [date(2026, 9, 1)]


def test_an_address_brings_its_commune_and_point_and_an_image_its_thumbnail_and_text(pair):
    from cresol.territories.models import Commune

    kept, other = pair
    bourges = Commune.objects.get(code="18033")
    Initiative.objects.filter(pk=other.pk).update(
        address="3 rue Moyenne",
        commune=bourges,
        point=bourges.point,
        image="initiatives/logo.jpg",
        thumbnail="initiatives/logo-400.jpg",
        image_alt="Le logo du repair café",
    )
    other.refresh_from_db()
    initiatives_merge(kept=kept, other=other, choices={"address": "other", "image": "other"}, by=None)
    kept.refresh_from_db()
    assert (kept.address, kept.commune, kept.point) == ("3 rue Moyenne", bourges, bourges.point)
    assert (kept.image.name, kept.thumbnail.name) == ("initiatives/logo.jpg", "initiatives/logo-400.jpg")
    assert kept.image_alt == "Le logo du repair café"
    assert kept.name == "Repair café de Tours"  # what was not chosen stays the kept one's
