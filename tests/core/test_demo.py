"""`manage.py setup_demo`, which `make run` uses to give a newcomer something to look at."""

import io

import pytest
from django.core.management import CommandError, call_command

from cresol.accounts.models import User
from cresol.core.demo import DEMO_MODERATOR_EMAIL, DEMO_MODERATOR_PASSWORD
from cresol.core.models import DemoLoad

pytestmark = pytest.mark.django_db


def test_the_demo_moderator_can_log_in_to_the_admin(client, settings):
    settings.DEBUG = True
    output = io.StringIO()
    call_command("setup_demo", stdout=output)
    assert f"{DEMO_MODERATOR_EMAIL} / mot de passe : {DEMO_MODERATOR_PASSWORD}" in output.getvalue()

    response = client.post("/compte/login/", {"login": DEMO_MODERATOR_EMAIL, "password": DEMO_MODERATOR_PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


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
