"""Production settings: they fail loudly when unsafe and pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "cresol.settings", **env}
    environment.pop("DJANGO_DEBUG", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set while the browser tests run
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
}


def test_the_production_settings_pass_the_deployment_checks():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_without_a_secret_key_production_refuses_to_start():
    result = run_manage("check", **{**PRODUCTION, "DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_a_weak_secret_key_is_refused_in_production():
    result = run_manage("check", **{**PRODUCTION, "DJANGO_SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "too weak" in result.stderr


@pytest.mark.parametrize(("name", "value"), [("DJANGO_DEBUG", "maybe"), ("EMAIL_PORT", "vingt-cinq")])
def test_a_malformed_variable_is_named_in_the_error(name, value):
    result = run_manage("check", **{**PRODUCTION, name: value})
    assert result.returncode != 0
    assert name in result.stderr


def test_a_database_url_without_postgis_is_refused():
    result = run_manage("check", **{**PRODUCTION, "DATABASE_URL": "postgres://postgres@127.0.0.1/cresol"})
    assert result.returncode != 0
    assert "postgis://" in result.stderr


def test_in_development_links_point_to_the_port_make_run_serves():
    shell = "from django.conf import settings; print(settings.SITE_URL)"  # the last line printed
    moved = run_manage("shell", "-c", shell, DJANGO_DEBUG="1", PORT="8765", SITE_URL="")
    assert moved.stdout.split()[-1] == "http://127.0.0.1:8765", moved.stderr
    default = run_manage("shell", "-c", shell, DJANGO_DEBUG="1", PORT="", SITE_URL="")
    assert default.stdout.split()[-1] == "http://127.0.0.1:8000", default.stderr
    production = run_manage("shell", "-c", shell, **PRODUCTION, PORT="8765", SITE_URL="")
    assert production.stdout.split()[-1] == "https://portal.example.org", production.stderr


def test_the_fetch_guard_opens_to_a_local_host_in_development_only():
    shell = "from django.conf import settings; print(settings.FETCH_ALLOWED_HOSTS)"
    development = run_manage("shell", "-c", shell, DJANGO_DEBUG="1", FETCH_ALLOWED_HOSTS="127.0.0.1,localhost")
    assert development.stdout.strip().splitlines()[-1] == "['127.0.0.1', 'localhost']", development.stderr
    closed = run_manage("shell", "-c", shell, DJANGO_DEBUG="1", FETCH_ALLOWED_HOSTS="")
    assert closed.stdout.strip().splitlines()[-1] == "[]", closed.stderr
    production = run_manage("check", **PRODUCTION, FETCH_ALLOWED_HOSTS="127.0.0.1")
    assert production.returncode != 0
    assert "FETCH_ALLOWED_HOSTS" in production.stderr


def test_production_maps_use_plan_ign_and_the_csp_allows_it_only(monkeypatch):
    """Run the settings as production would (DEBUG off, no LEAFLET_TILES_URL), then with 'none'."""
    import importlib
    import os

    import cresol.settings as settings_module

    def production(**env):
        monkeypatch.setenv("DJANGO_DEBUG", "0")
        monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
        monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "portail.example.org")
        monkeypatch.delenv("LEAFLET_TILES_URL", raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(settings_module)

    try:
        ign = production()
        assert ign.LEAFLET_TILES_URL.startswith("https://data.geopf.fr/wmts?")
        assert "PLANIGNV2" in ign.LEAFLET_TILES_URL and "IGN" in ign.LEAFLET_TILES_ATTRIBUTION
        assert "https://data.geopf.fr" in ign.SECURE_CSP["img-src"]
        assert ign.LEAFLET_CONFIG["TILES"][0][1] == ign.LEAFLET_TILES_URL
        off = production(LEAFLET_TILES_URL="none")
        assert off.LEAFLET_TILES_URL == "" and off.LEAFLET_CONFIG["TILES"] == []
        assert not [origin for origin in off.SECURE_CSP["img-src"] if str(origin).startswith("https://")]
    finally:
        monkeypatch.undo()
        os.environ["DJANGO_DEBUG"] = "1"
        importlib.reload(settings_module)
