"""Every write the admin makes goes through a section's service (issue 25): staff saving a page, deleting,
or running an action change the database only from inside a function of a `services` module, where the
derived fields (rendered text, slugs, flags, dates, cache) are computed.

The test walks every ModelAdmin the site registers. For each, on one object: the change form posted back
as it is, the deletion, and every action, with every function of every `services` module watched and
every SQL write checked: one made while no function of a services module runs is a bypass (calls are
followed with sys.setprofile, whatever name the caller imported a service by). A page staff may only
read passes.
"""

import re
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.mail import EmailMessage
from django.db import connection
from django.urls import reverse

from agenda.models import EventChangeRequest, ImportSource
from cresol.alerts.services import alert_create
from cresol.api import services as api_services
from cresol.api.models import PartnerToken, WebhookDelivery, WebhookSubscription
from cresol.api.webhooks import new_secret
from cresol.letter import services as letter_services
from cresol.outbox.services import emails_queue
from cresol.territories.models import EPCI, Pays
from cresol.territories.services import pays_save
from initiatives.models import ChangeRequest, InitiativeImport
from initiatives.radar import services as radar_services
from initiatives.radar.models import Grid
from initiatives.services import report_create
from tests.admin_forms import form_data
from tests.factories import make_cooperation

ROOT = Path(__file__).resolve().parents[2]

# Admin pages that are not the portal's contents, each with why it may save without a service.
NOT_CONTENT = {
    "auth.Group": "Django's own: which permissions each staff group has",
    "accounts.User": "Django's and allauth's account pages: logins, rights, no derived field",
    "account.EmailAddress": "allauth's own: a member's addresses and their verification",
    "taggit.Tag": "django-taggit's own: tag names, whose pages the content signals make stale",
    "procrastinate.ProcrastinateJob": "the queue's own jobs: retry, cancel, abort",
    "testapp.Proposal": "the tests' own moderated model",
}

# What the admin writes that is no content: its log, the session, the caches (page version, counters).
BOOKKEEPING_TABLES = {"django_admin_log", "django_session", "cresol_cache", "cresol_page_cache"}
WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"(\w+)"', re.IGNORECASE)


class ServiceWatch:
    """Follows the calls of functions of the services modules (whatever name the caller imported them
    by) and flags every SQL write made while none is running."""

    def __init__(self):
        self.depth = 0
        self.calls = []
        self.writes = 0
        self.bypasses = []
        self._services = {}  # file name -> whether it is a services module of the portal

    def _is_service(self, code) -> bool:
        name = code.co_filename
        if name not in self._services:
            path = Path(name)
            self._services[name] = (
                path.name == "services.py" and path.is_relative_to(ROOT) and "tests" not in path.parts
            )
        return self._services[name]

    def _profile(self, frame, event, arg):
        if event in ("call", "return") and self._is_service(frame.f_code):
            if event == "call":
                self.depth += 1
                self.calls.append(f"{frame.f_code.co_filename}:{frame.f_code.co_name}")
            else:
                self.depth -= 1

    def __call__(self, execute, sql, params, many, context):
        found = WRITE.match(sql)
        if found and found[1] not in BOOKKEEPING_TABLES:
            self.writes += 1
            if self.depth == 0:
                self.bypasses.append(sql[:160])
        return execute(sql, params, many, context)

    @contextmanager
    def start(self):
        sys.setprofile(self._profile)
        try:
            with connection.execute_wrapper(self):
                yield self
        finally:
            sys.setprofile(None)


def registered():
    return sorted(
        (f"{model._meta.label}", model) for model in admin.site._registry if model._meta.label not in NOT_CONTENT
    )


@pytest.fixture
def everything(world, moderator):
    """One object of every model the admin shows, beside the world's."""
    initiative, event, member = world["initiative"], world["event"], world["member"]
    report_create(initiative=initiative, reason="closed", comment="Fermé depuis juin.")
    ChangeRequest.objects.create(initiative=initiative, submitted_by=member, changes={"summary": "Autre résumé."})
    EventChangeRequest.objects.create(event=event, submitted_by=member, changes={"summary": "Autre résumé."})
    ImportSource.objects.create(name="Mairie", url="http://127.0.0.1:9/agenda.ics", imported_by=moderator)
    InitiativeImport.objects.create(file_name="import.csv", content=b"nom\n", created_by=moderator)
    from initiatives.merging import initiatives_merge
    from tests.factories import InitiativeFactory

    initiatives_merge(kept=initiative, other=InitiativeFactory(name="Doublon importé"), choices={}, by=moderator)
    from agenda.merging import events_merge
    from tests.factories import make_event

    events_merge(kept=event, other=make_event(title="Doublon de l'événement"), choices={}, by=moderator)
    letter_services.letter_compose(month=date(2026, 11, 1))
    grid = Grid.objects.order_by("version").last()
    answers = {question.pk: (2, "") for axis in grid.axes.all() for question in axis.questions.all()}
    radar_services.assessment_fill(initiative=initiative, grid=grid, answers=answers, by=member)
    emails_queue(messages=[EmailMessage("Objet", "Texte", to=["a@example.org"])])
    pays = Pays(name="Pays Loire Touraine", kind="petr")
    pays_save(pays=pays, save_relations=lambda: pays.epcis.set(EPCI.objects.filter(siren="200043065")))
    make_cooperation(author=member, initiative=initiative)
    alert_create(email=member.email, user=member, data={"sources": ["initiatives"]})
    token = PartnerToken(organisation="Mairie", account=member, scopes=["initiatives"])
    api_services.token_create(token=token, by=moderator)
    subscription = WebhookSubscription.objects.create(
        token=token, url="https://mairie.example.org/crochet", kinds=["initiative.published"], secret=new_secret()
    )
    WebhookDelivery.objects.create(
        subscription=subscription, message_id="msg_1", kind="initiative.published", payload={}
    )
    return world


@pytest.fixture
def moderator():
    from tests.factories import ModeratorFactory

    return ModeratorFactory()


def url_of(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def checked(watch, response, what: str):
    assert response.status_code in (200, 302), (what, response.status_code)
    assert not watch.bypasses, f"{what} wrote outside a service: {watch.bypasses}"


@pytest.mark.parametrize(("label", "model"), registered(), ids=[label for label, _ in registered()])
def test_every_admin_write_goes_through_a_service(label, model, everything, admin_client):
    model_admin = admin.site._registry[model]
    obj = model_admin.get_queryset(admin_client.get(url_of(model, "changelist")).wsgi_request).first()
    assert obj is not None, f"no {label} to try the admin on"
    request = admin_client.get(url_of(model, "changelist")).wsgi_request
    tried = []

    if model_admin.has_change_permission(request, obj):
        page = admin_client.get(url_of(model, "change", obj.pk))
        data = form_data(page, skip=("image", "cover", "file"))
        watch = ServiceWatch()
        with watch.start():
            response = admin_client.post(url_of(model, "change", obj.pk), data)
        errors = response.context and response.context.get("errors")
        assert response.status_code == 302, f"{label}: the form posted back as it is was refused: {errors}"
        checked(watch, response, f"{label}: saving")
        assert watch.writes, f"{label}: saving wrote nothing (a positive control: the watch sees writes)"
        tried.append("save")

    # Every action, "delete selected" last: it takes away the object the others act on.
    for name in sorted(model_admin.get_actions(request), key=lambda action: action == "delete_selected"):
        obj = model_admin.get_queryset(request).filter(pk=obj.pk).first() or model_admin.get_queryset(request).first()
        assert obj is not None, f"{label}: no object left to try the action {name} on"
        if name == "delete_selected" and not model_admin.has_delete_permission(request, obj):
            continue  # kept on purpose (a letter once sent): Django answers 403, nothing to watch
        watch = ServiceWatch()
        with watch.start():
            data = {"action": name, "_selected_action": [obj.pk], "post": "yes", "reason": "Hors sujet."}
            response = admin_client.post(url_of(model, "changelist"), data)
        checked(watch, response, f"{label}: the action {name}")
        tried.append(name)

    obj = model_admin.get_queryset(request).first()
    if obj is not None and model_admin.has_delete_permission(request, obj):  # None: "delete selected" took it
        watch = ServiceWatch()
        with watch.start():
            response = admin_client.post(url_of(model, "delete", obj.pk), {"post": "yes"})
        checked(watch, response, f"{label}: deleting")
        assert not model._default_manager.filter(pk=obj.pk).exists(), f"{label}: not deleted"
        tried.append("delete")

    if not tried:  # read only: nothing to save, delete or run, and the page still opens
        assert admin_client.get(url_of(model, "change", obj.pk)).status_code == 200


def test_the_watch_sees_a_write_outside_a_service(world, admin_client, monkeypatch):
    """A positive control: an admin page whose save bypasses the service is caught."""
    from cresol.themes.admin import ThemeAdmin
    from cresol.themes.models import Theme

    theme = Theme.objects.first()
    page = admin_client.get(url_of(Theme, "change", theme.pk))
    watch = ServiceWatch()
    monkeypatch.setattr(ThemeAdmin, "save_related", admin.ModelAdmin.save_related)
    monkeypatch.setattr(ThemeAdmin, "save_model", admin.ModelAdmin.save_model)
    with watch.start():
        response = admin_client.post(url_of(Theme, "change", theme.pk), form_data(page))
    assert response.status_code == 302
    assert watch.bypasses and 'UPDATE "themes_theme"' in watch.bypasses[0]
