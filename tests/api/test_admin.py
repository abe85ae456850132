"""Staff create a partner's token in the admin, see it once, and revoke it; they read every webhook
delivery with its attempts."""

import re

import pytest

from cresol.api.models import PartnerToken, Scope
from cresol.api.tokens import digest
from tests.factories import UserFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    staff = django_user_model.objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(staff)
    return client


def test_a_token_is_shown_once_kept_as_a_digest_and_revoked_at_once(admin_client, client):
    partner = UserFactory(email="partenaire@mairie.example.org")
    response = admin_client.post(
        "/admin/api/partnertoken/add/",
        {"organisation": "Mairie de Vierzon", "account": partner.pk, "scopes": [Scope.INITIATIVES], "trusted": ""},
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    secret = re.search(r'value="(cresol_[^"]+)"', page_text(response)).group(1)
    token = PartnerToken.objects.get()
    assert token.digest == digest(secret) and secret not in str(token.__dict__)
    assert token.scopes == [Scope.INITIATIVES] and token.created_by.username == "admin"
    listing = page_text(admin_client.get("/admin/api/partnertoken/"))
    assert token.prefix in listing and secret not in listing
    assert secret not in page_text(admin_client.get(f"/admin/api/partnertoken/{token.pk}/change/"))
    authorised = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/webhooks/", **authorised).status_code == 200
    admin_client.post("/admin/api/partnertoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/webhooks/", **authorised).status_code == 401
