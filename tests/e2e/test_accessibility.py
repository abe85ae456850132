"""Every kind of page passes axe-core's automated WCAG 2.1 A/AA rules (the part of RGAA a tool can check).

axe is injected as a script, which the portal's strict CSP would rightly block: this context alone
bypasses the CSP. The other browser journeys check the CSP itself.
"""

from pathlib import Path

import pytest

from tests.e2e.test_initiative_journey import log_in
from tests.factories import InitiativeFactory, UserFactory, make_cooperation, make_event, make_person, make_post

pytestmark = pytest.mark.django_db(transaction=True)

AXE = (Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js").read_text()
RULES = "{runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}"


def violations(page, path):
    page.goto(path)
    page.wait_for_load_state("load")
    page.add_script_tag(content=AXE)
    result = page.evaluate(f"async () => await axe.run(document, {RULES})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]]


def test_public_pages_and_member_forms_pass_the_automated_wcag_checks(browser, reference_data, radar_grid, live_server):
    initiative = InitiativeFactory(name="Ressourcerie du Cher", slug="ressourcerie-du-cher")
    event = make_event(title="Repair café", slug="repair-cafe", place_initiative=initiative)
    post = make_post(title="Un an de réparations", slug="un-an")
    post.related_initiatives.add(initiative)
    member = UserFactory()
    # Mon espace with a contribution of each status, and an event its organiser may change.
    from cresol.moderation.models import Status

    InitiativeFactory(submitted_by=member, name="Atelier refusé", status=Status.REFUSED, refusal_reason="Précisez.")
    InitiativeFactory(submitted_by=member, name="Atelier en attente", status=Status.PENDING)
    own_event = make_event(title="Fête du quartier", slug="fete", submitted_by=member)
    # Registration on the member's event: one seated, one waiting, a question.
    from agenda.registrations.services import registrant_register, registration_save

    registration = registration_save(
        event=own_event,
        data={"capacity": 1, "questions": [{"label": "Repas ?", "kind": "choix", "choices": ["Oui", "Non"]}]},
    )
    for person in (UserFactory(), UserFactory()):
        registrant_register(
            registration=registration, name=person.display_name, email=person.email, answers={}, user=person
        )
    # The network's tools: a radar filled twice and shown on its page, a resource, the observatory.
    from blog.library.models import Resource
    from blog.library.services import resource_admin_save
    from initiatives.radar import services as radar
    from tests.radar.answers import answers_all

    own = InitiativeFactory(submitted_by=member, name="Atelier vélo", slug="atelier-velo")
    for level in (1, 3):
        shown = radar.assessment_fill(
            initiative=own, grid=radar_grid, answers=answers_all(radar_grid, level), by=member
        )
    radar.assessment_set_public(assessment=shown, public=True, by=member)
    resource = resource_admin_save(
        resource=Resource(
            title="Guide de la coopération",
            slug="guide",
            summary="Coopérer.",
            kind="guide",
            author_name="Cré-sol",
            link="https://guide.example.org",
            status="published",
            published_at=own.published_at,
        )
    )
    # The directory and the letter.
    from cresol.letter import services as letter

    person = make_person(display_name="Camille Martin")
    need = make_cooperation(title="Une salle pour nos ateliers", initiative=initiative)
    make_cooperation(title="Une salle à prêter", direction="offre")  # suggested beside the need
    own_need = make_cooperation(title="Des bénévoles", kind="benevoles", author=member)
    from cresol.alerts.services import alert_create

    alert_create(email=member.email, user=member, data={"sources": ["agenda", "blog"], "words": "repair"})
    sent = letter.letter_compose(month=letter.add_months(letter.month_start(own.published_at.date()), -1))
    letter.letter_send(letter=sent, by=None)
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="fr-FR")
    page = context.new_page()
    public = [
        "/personnes-ressources/",
        person.get_absolute_url(),
        "/cooperations/",
        "/cooperations/?pays=inconnu",
        "/alertes/nouvelle/?source=agenda&q=repair&departement=37",
        need.get_absolute_url(),
        "/lettre/",
        sent.get_absolute_url(),
        "/",
        "/carte/",
        "/initiatives/",
        initiative.get_absolute_url(),
        "/agenda/",
        "/agenda/mois/",
        event.get_absolute_url(),
        "/blog/",
        post.get_absolute_url(),
        "/veille/",
        "/veille/echeances/",
        "/compte/signup/",
        "/compte/login/",
        "/accessibilite/",
        "/page-inconnue/",
        f"{initiative.get_absolute_url()}signaler/",
        "/agenda/abonnement/",
        "/agenda/carte/",
        "/veille/lettre/",
        "/agenda/2027/3/",
        "/themes/",
        "/themes/reemploi-zero-dechet/",
        "/territoires/",
        "/territoires/37/",
        "/territoires/communes/37261/",
        "/recherche/?q=repair",
        "/donnees/",
        "/observatoire/",
        "/observatoire/?niveau=epci",
        "/radar/",
        "/ressources/",
        resource.get_absolute_url(),
        own.get_absolute_url(),
        "/agenda/embed/?couleur=%23ffff00",
        "/agenda/embed/?affichage=mois&mois=2027-03",
        "/agenda/integrer/?departement=37&hauteur=500",
        "/carte/integrer/?theme=habitat&hauteur=500",
        "/carte/embed/",
        "/api/v1/docs/",
        own_event.get_absolute_url(),
        f"/agenda/inscriptions/{registration.pk}/",
    ]
    found = {path: violations(page, path) for path in public}
    log_in(page, member)
    member_pages = [
        "/mon-espace/",
        "/mon-espace/profil/",
        "/initiatives/proposer/",
        "/agenda/proposer/",
        "/blog/ecrire/",
        "/veille/partager/",
        "/veille/lettre/",
        f"{own_event.get_absolute_url()}modifier/",
        "/radar/",
        "/radar/atelier-velo/",
        "/radar/atelier-velo/remplir/",
        "/ressources/proposer/",
        "/personnes-ressources/mon-profil/",
        "/cooperations/proposer/",
        "/alertes/nouvelle/?source=blog",
        own_need.get_absolute_url(),
        f"{own_need.get_absolute_url()}modifier/",
        own_event.get_absolute_url(),
        f"{own_event.get_absolute_url()}inscriptions/",
        f"/agenda/inscriptions/{registration.pk}/liste/",
        f"/agenda/inscriptions/{registration.pk}/reglages/",
        f"/agenda/inscriptions/{registration.pk}/ecrire/",
    ]
    for path in member_pages:
        found[path] = violations(page, path)
    # A form sent back with errors: the summary, the fields marked invalid.
    page.goto("/initiatives/proposer/")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("load")
    page.add_script_tag(content=AXE)
    result = page.evaluate(f"async () => await axe.run(document, {RULES})")
    found["/initiatives/proposer/ (erreurs)"] = [(v["id"], v["impact"]) for v in result["violations"]]
    assert page.locator(".error-summary").count() == 1
    context.close()
    assert {path: v for path, v in found.items() if v} == {}


def test_pages_at_a_phones_size_pass_the_automated_wcag_checks(browser, reference_data, live_server):
    from tests.e2e.conftest import PHONE

    InitiativeFactory(name="Ressourcerie du Cher")
    training = make_event(title="Repair café")
    from agenda.registrations.services import registration_save

    registration = registration_save(
        event=training, data={"capacity": 12, "questions": [{"label": "Votre structure ?", "kind": "texte"}]}
    )
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="fr-FR", **PHONE)
    page = context.new_page()
    found = {
        path: violations(page, path)
        for path in [
            "/",
            "/initiatives/",
            "/agenda/",
            "/agenda/mois/",
            "/carte/",
            "/observatoire/",
            "/ressources/",
            "/personnes-ressources/",
            "/cooperations/",
            "/alertes/nouvelle/?source=initiatives",
            "/lettre/",
            training.get_absolute_url(),
            f"/agenda/inscriptions/{registration.pk}/",
        ]
    }
    context.close()
    assert {path: v for path, v in found.items() if v} == {}
