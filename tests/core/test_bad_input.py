"""Whatever people or robots put in a URL, the portal answers with a page or a clear 4xx, never a 500."""

import pytest

pytestmark = pytest.mark.django_db

URLS = [
    "/",
    "/mentions-legales/",
    "/territoires/communes/",
    "/compte/login/",
    "/compte/signup/",
    "/themes.css",
]
GARBAGE = [
    "page=999999",
    "page=-1",
    "page=abc",
    "q=%ff%fe",
    "q=" + "%22%27" * 150,
    "%zz=1",
    "q=%00",
    "lat=1e999&lon=nan",
    "limit=99999999999999999999",
    "next=//evil.example/",
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("query", GARBAGE)
def test_a_malformed_query_string_is_never_a_server_error(client, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code < 500


def test_a_login_never_redirects_to_another_site(client):
    from tests.factories import PASSWORD, UserFactory

    member = UserFactory()
    response = client.post(
        "/compte/login/", {"login": member.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
