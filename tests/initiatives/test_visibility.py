"""Nothing pending, refused or archived appears in any public output; published initiatives do."""

import html

import pytest

from cresol.moderation.models import Status
from tests.factories import InitiativeFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db

HIDDEN = [Status.DRAFT, Status.PENDING, Status.REFUSED, Status.ARCHIVED]


@pytest.fixture
def initiatives():
    published = InitiativeFactory(name="Visible partout", slug="visible-partout")
    hidden = [
        InitiativeFactory(
            name=f"Cachée {status}",
            slug=f"cachee-{status}",
            status=status,
            refusal_reason="Non" if status == Status.REFUSED else "",
        )
        for status in HIDDEN
    ]
    return published, hidden


@pytest.mark.parametrize(
    "url",
    ["/carte/initiatives.geojson", "/initiatives/", "/initiatives/export.csv", "/initiatives/export.json", "/"],
)
def test_only_published_initiatives_are_in_public_outputs(client, initiatives, url):
    content = client.get(url).getvalue().decode("utf-8-sig")
    assert "Visible partout" in content or url == "/"
    for status in HIDDEN:
        assert f"Cachée {status}" not in content


def test_home_counts_only_published_initiatives(client, initiatives):
    content = page_text(client.get("/"))
    assert "1 initiative sur la carte" in content


@pytest.mark.parametrize("status", HIDDEN)
def test_an_unpublished_initiative_page_is_a_404_for_the_public(client, initiatives, status):
    assert client.get(f"/initiatives/cachee-{status}/").status_code == 404
    _, hidden = initiatives
    initiative = next(i for i in hidden if i.status == status)
    assert client.get(f"/carte/initiatives/{initiative.pk}/popup/").status_code == 404


def test_its_contributor_previews_an_unpublished_initiative(client, initiatives):
    _, hidden = initiatives
    pending = next(i for i in hidden if i.status == Status.PENDING)
    from tests.factories import UserFactory

    contributor = UserFactory()
    pending.submitted_by = contributor
    pending.save()
    client.force_login(contributor)
    response = client.get(pending.get_absolute_url())
    assert response.status_code == 200
    assert "n'est pas publiée" in html.unescape(page_text(response))
