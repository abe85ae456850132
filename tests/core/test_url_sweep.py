"""Every URL of the URLconf, with real slugs and ids, asked with junk in every filter it accepts: no 5xx.

The URLs are read from the resolver, so a new page is swept as soon as it exists; a URL whose
arguments this test cannot fill fails the test until it learns them (see `ARGUMENTS`).
"""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from agenda.filters import OccurrenceFilter
from blog.filters import PostFilter
from blog.library.filters import ResourceFilter
from cresol.people.filters import PersonFilter
from initiatives.cooperations.filters import CooperationFilter
from initiatives.filters import GeoJSONFilter, InitiativeFilter
from tests.factories import ModeratorFactory
from veille.filters import ShareFilter

pytestmark = pytest.mark.django_db

# What robots and hostile people put in query strings (already percent-encoded where needed).
JUNK_VALUES = ["-5", "abc", "%ff%fe", "1e999", "9999-12-31", "x" * 300]
# Parameters no filter set declares but some views read, asked of every URL.
LOOSE_QUERIES = [
    "page=999999",
    "page=-1",
    "page=abc",
    "q=a%00b",
    "q=%ff%fe",
    "url=a%00b",
    "url=javascript:alert(1)",
    "title=a%00b",
    "source=abc",
    "theme=%00",
    "sep=%00",
    "next=//evil.example/",
    "%zz=1",
    "tri=x",
]

FILTERS_OF = {
    "initiatives:map": InitiativeFilter,
    "initiatives:embed": InitiativeFilter,
    "initiatives:list": InitiativeFilter,
    "initiatives:geojson": GeoJSONFilter,
    "initiatives:export_csv": InitiativeFilter,
    "initiatives:directory_pdf": InitiativeFilter,
    "initiatives:export_json": InitiativeFilter,
    "initiatives:cluster_tile": InitiativeFilter,
    "initiatives:map_summary": InitiativeFilter,
    "agenda:index": OccurrenceFilter,
    "agenda:month": OccurrenceFilter,
    "agenda:month_pdf": OccurrenceFilter,
    "agenda:map": OccurrenceFilter,
    "agenda:geojson": OccurrenceFilter,
    "agenda:rss": OccurrenceFilter,
    "agenda:atom": OccurrenceFilter,
    "agenda:ics": OccurrenceFilter,
    "blog:index": PostFilter,
    "blog:rss": PostFilter,
    "blog:atom": PostFilter,
    "veille:index": ShareFilter,
    "veille:rss": ShareFilter,
    "veille:atom": ShareFilter,
    "library:list": ResourceFilter,
    "library:rss": ResourceFilter,
    "library:atom": ResourceFilter,
    "observatory:index": None,
    "people:list": PersonFilter,
    "people:geojson": PersonFilter,
    "cooperations:list": CooperationFilter,
    "cooperations:geojson": CooperationFilter,
    "cooperations:export_csv": CooperationFilter,
    "cooperations:export_json": CooperationFilter,
    "cooperations:rss": CooperationFilter,
    "cooperations:atom": CooperationFilter,
    "initiatives:embed_builder": InitiativeFilter,
    "agenda:embed": OccurrenceFilter,
    "agenda:embed_builder": OccurrenceFilter,
    "api:initiatives_list": InitiativeFilter,
    "api:events_list": OccurrenceFilter,
    "api:posts_list": PostFilter,
    "api:shares_list": ShareFilter,
    "api:resources_list": ResourceFilter,
    "api:people_list": PersonFilter,
}


def walk(resolvers, prefix="", namespace=""):
    """(route, name) of every pattern, routes as written with their <converter:argument> parts."""
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name or ''}"


def arguments(name: str, world) -> list[dict]:
    """The arguments to fill a URL with: real ones, and junk ones where the route takes any string."""
    today = date.today()
    slug_of = {"initiatives": world["initiative"].slug, "agenda": world["event"].slug, "blog": world["post"].slug}
    section = name.split(":")[0]
    table = {
        "initiatives:popup": [{"pk": world["initiative"].pk}, {"pk": 0}],
        "themes:detail": [{"slug": "habitat"}, {"slug": "inconnu"}],
        "opendata:schema": [{"name": "initiatives.csv.schema.json"}, {"name": "a\x00b"}],
        "territories:departement": [{"code": "37"}, {"code": "a\x00b"}],
        "territories:epci": [{"code": "243700754"}, {"code": "0"}],
        "territories:commune": [{"code": "37261"}, {"code": "zz"}],
        "territories:commune_outlines": [{"code": "37"}, {"code": "99"}, {"code": "a\x00b"}],
        "accounts:withdraw": [
            {"key": "initiatives.initiative", "pk": world["initiative"].pk},
            {"key": "a\x00b", "pk": 0},
        ],
        "initiatives:permalink": [{"pk": world["initiative"].pk}],
        "initiatives:confirm": [
            {"slug": slug_of["initiatives"], "token": "abc"},
            {"slug": slug_of["initiatives"], "token": "a\x00b"},
        ],
        "agenda:month": [{"year": today.year, "month": today.month}, {"year": 9999, "month": 99}],
        "agenda:month_pdf": [{"year": today.year, "month": today.month}, {"year": 9999, "month": 99}],
        "agenda:popup": [{"pk": world["event"].pk}],
        "blog:dossier": [{"slug": world["dossier"].slug}],
        "blog:author": [{"username": world["member"].username}, {"username": "a\x00b"}],
        "blog:report_comment": [{"pk": world["comment"].pk}],
        "blog:invitation": [{"pk": 0}],
        "veille:week_numbers": [{"year": today.year, "number": 1}, {"year": 9999, "number": 99}],
        "veille:week": [{"name": "2026-W05"}, {"name": "a\x00b"}, {"name": "99999-W1"}],
        "veille:inbox_share": [{"pk": world["item"].pk}],
        "veille:inbox_dismiss": [{"pk": world["item"].pk}],
        "veille:digest_confirm": [{"token": world["confirm_token"]}, {"token": "a\x00b"}],
        "veille:digest_unsubscribe": [{"token": world["unsubscribe_token"]}, {"token": "zz"}],
        "sitemap": [{"section": "initiatives"}, {"section": "inconnue"}],
        "staff_report_csv": [{"key": "contributions-par-mois"}, {"key": "inconnu"}],
        "people:popup": [{"pk": world["person"].pk}, {"pk": 0}],
        "initiatives:cluster_tile": [{"z": 6, "x": 32, "y": 22}, {"z": 2, "x": 9, "y": 0}],
        "people:detail": [{"slug": world["person"].slug}, {"slug": "inconnu"}],
        "cooperations:popup": [{"pk": world["cooperation"].pk}, {"pk": 0}],
        "alerts:confirm": [{"token": world["alert_confirm"]}, {"token": "a\x00b"}],
        "alerts:delete": [{"pk": world["alert"].pk}, {"pk": 0}],
        "alerts:frequency": [{"pk": world["alert"].pk}, {"pk": 0}],
        **{
            f"alerts:{view}": [{"key": world["alert"].feed_key}, {"key": "inconnue"}, {"key": "a\x00b"}]
            for view in ("rss", "atom", "ical")
        },
        # Last: the one-click link deletes the alert.
        "alerts:unsubscribe": [{"token": "zz"}, {"token": world["alert_unsubscribe"]}],
        **{
            f"cooperations:{view}": [{"slug": world["cooperation"].slug}, {"slug": "inconnu"}]
            for view in ("detail", "edit", "fulfilled")
        },
        "registrations:manage": [{"slug": slug_of["agenda"]}, {"slug": "inconnu"}],
        **{
            f"registrations:{view}": [{"pk": world["registration"].pk}, {"pk": 0}]
            for view in ("register", "registrants", "export", "edit", "write", "set_closed")
        },
        "registrations:confirm": [{"token": world["registration_confirm"]}, {"token": "a\x00b"}],
        # Last: these cancel a registration.
        "registrations:cancel_mine": [{"pk": 0}, {"pk": world["registrant"].pk}],
        "registrations:leave": [{"token": "zz"}, {"token": world["registration_leave"]}],
        "letter:confirm": [{"token": world["letter_confirm"]}, {"token": "a\x00b"}],
        # Last: the one-click link forgets the address.
        "letter:unsubscribe": [{"token": "zz"}, {"token": world["letter_unsubscribe"]}],
        "library:file": [{"name": "ressources/inconnu.pdf"}, {"name": "a\x00b"}, {"name": "../../etc/passwd"}],
        "observatory:csv": [{"key": "evenements-par-mois"}, {"key": "inconnu"}],
        "radar:set_public": [{"slug": slug_of["initiatives"], "pk": 0}, {"slug": "inconnu", "pk": 0}],
        **{
            f"radar:{view}": [{"slug": slug_of["initiatives"]}, {"slug": "inconnu"}]
            for view in ("initiative", "fill", "export_csv", "export_json")
        },
        **{f"library:{view}": [{"slug": world["resource"].slug}, {"slug": "inconnu"}] for view in ("detail", "edit")},
        "api:initiatives_get": [{"key": slug_of["initiatives"]}, {"key": "a\x00b"}],
        "api:events_get": [{"key": slug_of["agenda"]}, {"key": "inconnu"}],
        "api:posts_get": [{"key": slug_of["blog"]}, {"key": "inconnu"}],
        "api:resources_get": [{"key": world["resource"].slug}, {"key": "inconnu"}],
        "api:shares_get": [{"key": "1"}, {"key": "abc"}],
        "api:people_get": [{"key": world["person"].slug}, {"key": "inconnu"}],
        "api:themes_get": [{"key": "habitat"}, {"key": "inconnu"}],
        "api:departements_get": [{"key": "37"}, {"key": "a\x00b"}],
        "api:epcis_get": [{"key": "243700754"}, {"key": "0"}],
        "api:communes_get": [{"key": "37261"}, {"key": "zz"}],
        "api:pays_get": [{"key": "inconnu"}],
        "territories:pays": [{"code": "inconnu"}],
        "api:unsubscribe": [{"subscription_id": 0}],
        "api:deliveries": [{"subscription_id": 0}],
    }
    if name in table:
        return table[name]
    if section in slug_of:
        return [{"slug": slug_of[section]}, {"slug": "inconnu"}]
    return []


def queries_for(name: str) -> list[str]:
    filterset = FILTERS_OF.get(name)
    parameters = filterset.base_filters if filterset else []
    if name == "observatory:index":  # a plain form, not a filter set
        parameters = ["niveau", "theme"]
    return [*(f"{parameter}={value}" for parameter in parameters for value in JUNK_VALUES), *LOOSE_QUERIES]


def build(route: str, values: dict) -> str:
    path = route
    for key, value in values.items():
        start = path.index("<")
        end = path.index(">", start)
        assert path[start + 1 : end].split(":")[-1] == key, (route, values)
        path = path[:start] + str(value).replace("\x00", "%00") + path[end + 1 :]
    return "/" + path.replace("^", "").replace("$", "").replace("\\Z", "")


def test_no_url_answers_a_server_error_whatever_its_query_string(client, world):
    client.raise_request_exception = False  # a server error is counted, not raised
    client.force_login(world["member"])
    swept, errors = 0, []
    for path, name in named_paths(world):
        for query in queries_for(name):
            response = client.get(f"{path}?{query}")
            swept += 1
            if response.status_code >= 500:
                errors.append(f"{path}?{query[:40]} → {response.status_code}")
    assert swept > 1500  # every URL was really asked (a positive control on the loop itself)
    assert not errors, f"{len(errors)} server errors:\n" + "\n".join(errors[:80])


def test_the_moderators_admin_lists_survive_junk_filters(client, world):
    client.raise_request_exception = False
    client.force_login(ModeratorFactory())
    errors = []
    for path in [
        "/admin/initiatives/initiative/",
        "/admin/agenda/event/",
        "/admin/blog/post/",
        "/admin/veille/share/",
        "/admin/a-traiter/",
    ]:
        assert client.get(path).status_code == 200
        for query in [
            "status__exact=%00",
            "q=%00",
            "o=99",
            "p=-1",
            "start__gte=9999-99-99",
            "themes__id__exact=abc",
            "type=%00",
        ]:
            response = client.get(f"{path}?{query}")
            if response.status_code >= 500:
                errors.append(f"{path}?{query} → {response.status_code}")
    assert not errors, errors


def named_paths(world) -> list[tuple[str, str]]:
    """(path, URL name) of every URL of the URLconf, its arguments filled with real and junk values. The
    admin, the sign-up machinery and the media files have their own tests; the admin's routes are
    regular expressions this sweep cannot fill. A URL whose arguments it cannot fill fails the test."""
    paths, not_filled = [], []
    for route, name in walk(get_resolver().url_patterns):
        if name.startswith("admin:") or "(?P" in route or route.startswith("media/"):
            continue
        if "<" in route:
            filled = arguments(name, world)
            if not filled:
                not_filled.append(name)
            paths.extend((build(route, values), name) for values in filled)
        else:
            paths.append(("/" + route, name))
    assert not not_filled, f"teach this test the arguments of {not_filled}"
    return paths


def every_path(world) -> list[str]:
    return [path for path, _name in named_paths(world)]


def exhaust_every_limit(member) -> None:
    """Every declared rate limit used up, for the member and for the test client's address."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from cresol.core.ratelimit import LIMITS

    for user in (member, AnonymousUser()):
        request = RequestFactory().post("/")
        request.user = user
        for limit in LIMITS.values():
            for _ in range(limit.limit + 1):
                limit.hit(request)


def test_no_url_answers_a_server_error_to_an_empty_a_json_or_a_forged_post_even_past_its_limit(client, world):
    """POST to every URL: with no field at all, with a JSON body, once every limit is used up, and
    without a CSRF token (a 403). A page that takes no POST says 405."""
    from django.test import Client

    paths = every_path(world)
    member_client = Client(raise_request_exception=False)
    member_client.force_login(world["member"])
    visitor = Client(raise_request_exception=False)
    forger = Client(enforce_csrf_checks=True, raise_request_exception=False)
    statuses, errors = {}, []

    def ask(who, label, path, **kwargs):
        response = who.post(path, **kwargs)
        statuses.setdefault(label, []).append(response.status_code)
        if response.status_code >= 500:
            errors.append(f"{label} {path} → {response.status_code}")

    for phase in ("under the limits", "past the limits"):
        if phase == "past the limits":
            exhaust_every_limit(world["member"])
        for path in paths:
            for who, name in ((member_client, "member"), (visitor, "visitor")):
                ask(who, f"{phase}, {name}, empty", path)
                ask(
                    who,
                    f"{phase}, {name}, JSON",
                    path,
                    data='{"email": "a@example.org"}',
                    content_type="application/json",
                )
    for path in paths:
        ask(forger, "no CSRF token", path, data={"email": "a@example.org"})
    assert len(paths) > 100
    # Positive controls: the forms answered as forms, the limits were reached, CSRF was checked.
    assert 429 in statuses["past the limits, visitor, empty"] and 429 in statuses["past the limits, member, empty"]
    assert 400 in statuses["under the limits, visitor, empty"] and 405 in statuses["under the limits, visitor, empty"]
    assert statuses["no CSRF token"].count(403) > 100
    assert not errors, f"{len(errors)} server errors:\n" + "\n".join(errors[:80])
