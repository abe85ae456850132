"""One rule for an e-mail address wherever the portal takes one: sign-up, the letter, the contact relay,
reports, an initiative's public address."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from cresol.accounts.models import User
from cresol.core.validators import validate_email_address
from cresol.letter.models import Subscriber
from tests.factories import InitiativeFactory, make_person

pytestmark = pytest.mark.django_db
REFUSED = [
    "a@[127.0.0.1]",
    '"<script>"@example.org',
    "a@localhost",
    "a@example",
    "a..b@example.org",
    ".a@example.org",
    "a@example.org\n",
    "a b@example.org",
]
ACCEPTED = ["lea.dubois@example.org", "lea+lettre@asso.example.fr", "o'brien@example.org", "contact@café.example.fr"]


@pytest.mark.parametrize("address", REFUSED)
def test_an_odd_address_is_refused(address):
    with pytest.raises(ValidationError):
        validate_email_address(address)


@pytest.mark.parametrize("address", ACCEPTED)
def test_a_real_address_is_accepted(address):
    validate_email_address(address)


@pytest.mark.parametrize("address", ["a@[127.0.0.1]", '"<script>"@example.org'])
def test_sign_up_the_letter_and_the_contact_relay_refuse_the_same_addresses(address):
    """The audit's addresses: the letter took them (and sign-up too)."""
    password = "jardins partagés 2026"
    signup = Client().post(
        "/compte/signup/",
        {"display_name": "Léa", "email": address, "password1": password, "password2": password, "charter": "on"},
    )
    assert signup.status_code == 200 and "nom@domaine.fr" in signup.content.decode()
    letter = Client().post("/lettre/", {"email": address})
    assert letter.status_code == 400 and "nom@domaine.fr" in letter.content.decode()
    person = make_person()
    message = {"name": "Léa", "email": address, "message": "Bonjour, une question sur votre activité."}
    contact = Client().post(person.get_absolute_url(), message)
    assert contact.status_code == 400 and "nom@domaine.fr" in contact.content.decode()
    report = Client().post(
        f"/initiatives/{InitiativeFactory().slug}/signaler/",
        {"reason": "ferme", "comment": "Fermée.", "email": address},
    )
    assert report.status_code in (200, 400) and "nom@domaine.fr" in report.content.decode()
    assert not User.objects.filter(email=address).exists() and not Subscriber.objects.exists()
    # Positive control: a plain address goes through the letter.
    assert Client().post("/lettre/", {"email": "lea@example.org"}).status_code == 200
    assert Subscriber.objects.filter(email="lea@example.org").exists()
