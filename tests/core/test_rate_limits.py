"""The limits on what people post: the README's table says what the code does, at the boundary."""

import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import get_resolver

from cresol.core import ratelimit
from cresol.core.ratelimit import Per

pytestmark = pytest.mark.django_db

README = Path(settings.BASE_DIR, "README.md").read_text()
ROW = re.compile(r"^\| [^|]*\(`(?P<scope>[a-z_-]+)`[^|]*\| (?P<limit>[^|]+) \| (?P<per>[^|]+) \|$", re.MULTILINE)
ROWS = {match["scope"]: (match["limit"].strip(), match["per"].strip()) for match in ROW.finditer(README)}
WINDOWS = {"a day": 86400, "an hour": 3600, "a minute": 60}
PERS = {Per.ADDRESS: "address", Per.MEMBER: "member", Per.MEMBER_OR_ADDRESS: "member, or address"}


def test_the_readme_lists_every_limit_the_code_declares_with_its_figures():
    assert get_resolver().url_patterns  # every view imported: each declares its limits
    declared = {scope: limit for scope, limit in ratelimit.LIMITS.items() if not scope.startswith("tests-")}
    assert len(declared) >= 13
    for scope, limit in declared.items():
        assert scope in ROWS, f"the README's table of limits lacks {scope}"
        written, per = ROWS[scope]
        number, window = re.fullmatch(r"(\d+) (a day|an hour|a minute)", written).groups()
        assert (int(number), WINDOWS[window], per) == (limit.limit, limit.window_seconds, PERS[limit.per]), scope


def test_the_readme_states_the_sign_up_limit_allauth_applies():
    assert ROWS["signup"] == ("10 in any hour, 25 in any day", "address")
    assert settings.ACCOUNT_RATE_LIMITS["signup"] == "10/h/ip,25/d/ip"


def sign_up(number: int, **headers):
    data = {
        "display_name": "Léa",
        "email": f"lea{number}@example.org",
        "password1": "jardins partagés 2026",
        "password2": "jardins partagés 2026",
        "charter": "on",
    }
    return Client().post("/compte/signup/", data, **headers).status_code


def test_ten_sign_ups_in_an_hour_pass_and_the_eleventh_waits_for_the_first_to_be_an_hour_old(monkeypatch):
    clock = [1_800_000_000.0]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    for number in range(10):
        assert sign_up(number) == 302
        clock[0] += 359  # ten within 59 min 51 s
    assert sign_up(10) == 429
    assert sign_up(11, HTTP_X_FORWARDED_FOR="203.0.113.9") == 429  # not behind a proxy: the header is ignored
    clock[0] = 1_800_000_000.0 + 3599  # the first sign-up is 59 min 59 s old
    assert sign_up(12) == 429
    clock[0] = 1_800_000_000.0 + 3600.5  # an hour old: it no longer counts
    assert sign_up(13) == 302
    assert sign_up(14) == 429


def test_twenty_five_sign_ups_a_day_from_one_address(monkeypatch):
    clock = [1_800_000_000.0]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    results = []
    for number in range(26):
        results.append(sign_up(number))
        clock[0] += 3600 / 10 + 1  # under ten an hour
    assert results == [302] * 25 + [429]
