"""`manage.py setup_demo`, which `make run` uses to give a newcomer something to look at."""

import io

import pytest
from django.core.management import CommandError, call_command
from pytest_django.asserts import assertContains

from cresol.accounts.models import User
from cresol.core.demo import DEMO_MEMBER_PASSWORD, DEMO_MODERATOR_EMAIL, DEMO_MODERATOR_PASSWORD
from cresol.core.models import DemoLoad

pytestmark = pytest.mark.django_db


def test_the_demo_moderator_can_log_in_to_the_admin(client, settings):
    settings.DEBUG = True
    output = io.StringIO()
    call_command("setup_demo", stdout=output)
    assert f"{DEMO_MODERATOR_EMAIL} / mot de passe : {DEMO_MODERATOR_PASSWORD}" in output.getvalue()
    members = "claire.martin@example.org, karim.benali@example.org, sophie.leroy@example.org"
    assert f"{members} / mot de passe : {DEMO_MEMBER_PASSWORD}" in output.getvalue()

    response = client.post("/compte/login/", {"login": DEMO_MODERATOR_EMAIL, "password": DEMO_MODERATOR_PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    _walk_the_moderators_day(client)
    client.logout()
    response = client.post("/compte/login/", {"login": "claire.martin@example.org", "password": DEMO_MEMBER_PASSWORD})
    assert response.status_code == 302
    assertContains(client.get("/mon-espace/"), "Claire Martin")


def test_a_second_run_loads_nothing_twice(settings):
    settings.DEBUG = True
    call_command("setup_demo", stdout=io.StringIO())
    users = User.objects.count()
    output = io.StringIO()
    call_command("setup_demo", stdout=output)
    assert User.objects.count() == users
    assert "Contenu de démonstration" not in output.getvalue()
    assert DemoLoad.objects.filter(app_label="core").count() == 1


def test_demo_accounts_are_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("setup_demo", stdout=io.StringIO())
    assert not User.objects.filter(email=DEMO_MODERATOR_EMAIL).exists()


def test_the_demo_writes_through_the_sections_services(settings, tmp_path):
    """Every demo content comes out as a member's or an import's would: published or submitted through
    the moderation service (each with its audit entry), with what the services compute filled in."""
    from agenda.models import Event
    from blog.library.models import Resource
    from blog.models import Post
    from cresol.moderation.models import ModerationEvent, Status
    from initiatives.models import Initiative
    from veille.models import Share

    settings.DEBUG, settings.MEDIA_ROOT = True, tmp_path
    call_command("setup_demo", stdout=io.StringIO())

    from cresol.people.models import ResourcePerson

    for model in (Initiative, Event, Post, Share, Resource, ResourcePerson):
        contents = model.objects.exclude(status=Status.DRAFT)
        logged = ModerationEvent.objects.filter(content_type__model=model._meta.model_name)
        assert contents.count() > 0
        assert set(logged.values_list("object_id", flat=True)) == set(contents.values_list("pk", flat=True))
    _assert_initiatives_waiting_for_review()
    post = Post.objects.published().first()
    assert "<h2" in post.body_html and post.slug and post.published_at
    # The generators write through the batch services, which render every text (item 10 of issue 24).
    for model in (Initiative, Event):
        assert model.objects.exclude(description="").count() > 10, model
        assert not model.objects.exclude(description="").filter(description_html="").exists(), model
    assert not Share.objects.filter(canonical_url="").exists()
    # The radars: filled on the grid in use, a dozen twice, enough for the observatory's averages.
    from initiatives.radar.models import Assessment
    from initiatives.radar.scores import grouped_radars

    assert Assessment.objects.values("initiative").distinct().count() == 40
    assert Assessment.objects.filter(public=True).count() == 10
    assert grouped_radars(Assessment.objects.first().grid, "departement")
    guide = Resource.objects.published().get(kind="guide")
    assert guide.file.name.endswith(".pdf") and guide.themes.exists()
    # The directory and the letter: one profile waits for review; last month's letter went to the demo
    # subscriber (through the delivery job), this month's waits for staff.
    from cresol.letter.models import Letter

    assert ResourcePerson.objects.published().count() == 2 and ResourcePerson.objects.pending().count() == 1
    assert ResourcePerson.objects.published().filter(departements__code="37").exists()
    assert [letter.is_sent for letter in Letter.objects.order_by("month")] == [True, False]


def _assert_initiatives_waiting_for_review():
    """Six proposed by the demo members, one imported in double from a partner's CSV: to merge."""
    from cresol.moderation.models import Action, ModerationEvent, Status
    from initiatives.merging import merge_candidates
    from initiatives.models import Initiative, InitiativeImport

    pending = Initiative.objects.filter(status=Status.PENDING)
    assert pending.count() == 7  # six proposed, one imported from a partner's CSV in double
    duplicate = pending.get(duplicate_acknowledged=True)
    assert InitiativeImport.objects.get().imported_count == 1
    assert [other.name for other in merge_candidates(duplicate)] == [duplicate.name]  # the map's own record
    assert not pending.filter(submitted_by=None).exists()
    submitted = ModerationEvent.objects.filter(action=Action.SUBMIT, content_type__model="initiative")
    assert set(submitted.values_list("actor", flat=True)) == set(pending.values_list("submitted_by", flat=True))


def _walk_the_moderators_day(client):
    """The issue's walk on the demo: a report, a duplicate from a CSV import, a failing feed and a refused
    e-mail all show, each one click from where it is dealt with; the duplicate merges and redirects."""
    from django.urls import reverse

    from initiatives.merging import merge_candidates
    from initiatives.models import Initiative

    queue = client.get("/admin/a-traiter/")
    assertContains(queue, "Le téléphone a changé", status_code=200)  # a report, to mark treated there
    duplicate = Initiative.objects.get(duplicate_acknowledged=True, status="pending")
    assertContains(queue, f"{duplicate.name} — doublon possible")
    assertContains(queue, reverse("admin:initiatives_initiative_change", args=[duplicate.pk]))
    health = client.get("/admin/sante/")
    assertContains(health, "Collectif disparu (démonstration)", status_code=200)
    assertContains(health, "ancienne.adresse@example.net")
    [original] = merge_candidates(duplicate)
    merge_url = reverse("admin:initiatives_initiative_merge", args=[duplicate.pk, original.pk])
    assertContains(client.get(reverse("admin:initiatives_initiative_change", args=[duplicate.pk])), merge_url)
    response = client.post(merge_url, {"keep": "second"})
    assert response.status_code == 302
    assert client.get(f"/i/{duplicate.pk}")["Location"] == original.get_absolute_url()
