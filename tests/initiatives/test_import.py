"""Staff import initiatives from a CSV file in the admin: dry run, line-by-line report, duplicates,
the same checks and moderation as a member's proposal, and the map's own export read back."""

import csv
import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.asserts import assertContains, assertNotContains

from cresol.moderation.models import Action, ModerationEvent, Status
from cresol.territories.models import Commune
from initiatives.models import Initiative, InitiativeImport
from tests.factories import InitiativeFactory, ModeratorFactory, UserFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db

START = "/admin/initiatives/initiative/importer/"
HEADER = [
    "nom",
    "description_courte",
    "type",
    "thematiques",
    "mots_cles",
    "commune",
    "code_insee",
    "latitude",
    "longitude",
    "site_web",
    "telephone",
    "siret",
    "horaires",
    "horaires_precisions",
]


def line(**cells):
    values = {
        "nom": "Épicerie solidaire de Vierzon",
        "description_courte": "Des produits à petit prix pour tous.",
        "type": "association",
        "thematiques": "alimentation-agriculture",
        "code_insee": "18279",
        "site_web": "https://epicerie-vierzon.example.org",
    }
    values.update(cells)
    return values


def csv_file(rows, *, separator=";", encoding="utf-8-sig", header=HEADER, name="initiatives.csv"):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, delimiter=separator, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(encoding), content_type="text/csv")


@pytest.fixture
def staff(client):
    moderator = ModeratorFactory()
    client.force_login(moderator)
    client.user = moderator
    return client


def dry_run(client, rows, **options):
    response = client.post(START, {"file": csv_file(rows, **options.pop("file", {})), **options})
    assert response.status_code == 302, page_text(response, 400)
    return client.get(response["Location"]), InitiativeImport.objects.latest("created_at")


def two_hundred_lines():
    communes = list(Commune.objects.filter(population__gte=1000).order_by("code")[:200])
    assert len(communes) == 200
    return [
        line(
            nom=f"Ressourcerie de {commune.name} n° {n}",
            code_insee=commune.code,
            mots_cles="réemploi | vrac",
            site_web=f"https://ressourcerie-{n}.example.org",
            thematiques="reemploi-zero-dechet | Habitat",
            horaires="We 14:00-18:00; Sa 10:00-12:00; PH off" if n % 2 else "",
        )
        for n, commune in enumerate(communes)
    ]


def test_a_200_line_file_is_checked_without_writing_then_imported_for_review_as_proposals(staff, mailoutbox, run_jobs):
    report, batch = dry_run(staff, two_hundred_lines())
    assertContains(report, "200 lignes lues : 200 à créer, 0 doublon possible, 0 en erreur.")
    assertContains(report, 'value="Importer : 200 initiatives"')
    assert not Initiative.objects.exists()  # a dry run writes nothing but the file kept for the import

    response = staff.post(f"{START}{batch.pk}/")
    assert response.status_code == 302
    assertContains(staff.get(response["Location"]), "200 initiatives importées (envoyées à la relecture).")
    imported = Initiative.objects.all()
    assert imported.count() == 200 and set(imported.values_list("status", flat=True)) == {Status.PENDING}
    assert len(set(imported.values_list("slug", flat=True))) == 200
    one = Initiative.objects.get(name__endswith="n° 1")
    assert one.submitted_by == staff.user and one.main_theme.slug == "habitat"  # first in the taxonomy's order
    assert sorted(t.slug for t in one.themes.all()) == ["habitat", "reemploi-zero-dechet"]
    assert sorted(t.name for t in one.tags.all()) == ["réemploi", "vrac"]
    assert one.opening_hours == "We 14:00-18:00; Sa 10:00-12:00; PH off" and hasattr(one, "opening")
    # Each one is in the audit log as a submission by the staff member, like a member's proposal...
    events = ModerationEvent.objects.filter(action=Action.SUBMIT, actor=staff.user)
    assert events.count() == 200
    # ...and the moderators hear of the batch once, not 200 times.
    run_jobs()
    [message] = mailoutbox
    assert "200 initiatives" in message.subject and "import CSV" in message.subject


def test_lines_with_mistakes_are_reported_in_french_and_the_good_ones_still_import(staff):
    rows = [
        line(nom="Bonne ligne"),
        line(nom="Commune inconnue", code_insee="", commune="Lyon"),
        line(nom="Sans résumé", description_courte=""),
        line(nom="Thème inconnu", thematiques="astrologie"),
        line(nom="SIRET faux", siret="12345678901234"),
        line(nom="Horaires en texte", horaires="le mercredi"),
        line(nom="Position inversée", latitude="1,9", longitude="47,2"),
        line(nom="Sans contact", site_web=""),
    ]
    report, batch = dry_run(staff, rows)
    content = html.unescape(page_text(report))
    assert "8 lignes lues : 1 à créer, 0 doublon possible, 7 en erreur." in content
    for message in [
        "Aucune commune de Centre-Val de Loire ne correspond à « Lyon »",
        "Ce champ est obligatoire",
        "Thématiques inconnues : astrologie",
        "clé de contrôle",
        "ne sont pas au format OpenStreetMap",
        "latitude et longitude inversées",
        "au moins un moyen de contact",
    ]:
        assert message in content, message
    assert "<td>3</td>" in content  # lines numbered as in the spreadsheet (the header is line 1)
    staff.post(f"{START}{batch.pk}/")
    assert list(Initiative.objects.values_list("name", flat=True)) == ["Bonne ligne"]


def test_duplicates_of_the_map_and_of_the_file_are_held_back_unless_staff_take_them(staff):
    existing = InitiativeFactory(
        name="Épicerie solidaire de Vierzon",
        commune=Commune.objects.get(code="18279"),
        siret="44306184100047",
        website="https://autre.example.org",
    )
    rows = [
        line(),  # a similar name within 2 km of the one on the map
        line(nom="Autre nom, même SIRET", siret="44306184100047", site_web="https://x.example.org"),
        line(nom="Autre nom, même site", site_web="http://www.autre.example.org/"),
        line(nom="Atelier vélo de Bourges", code_insee="18033", site_web="https://velo.example.org"),
        line(nom="Atelier vélo de Bourges", code_insee="18033", site_web="https://velo.example.org"),  # twice
    ]
    report, batch = dry_run(staff, rows)
    content = page_text(report)
    assert "5 lignes lues : 1 à créer, 4 doublons possibles, 0 en erreur." in content
    assert f'href="{existing.get_absolute_url()}"' in content and "Même initiative que la ligne 5." in content
    staff.post(f"{START}{batch.pk}/")
    assert set(Initiative.objects.values_list("name", flat=True)) == {existing.name, "Atelier vélo de Bourges"}

    # Taken anyway: flagged as possible duplicates for the moderators; the repeated line still once.
    Initiative.objects.exclude(pk=existing.pk).delete()
    report, batch = dry_run(staff, rows, include_duplicates="on")
    staff.post(f"{START}{batch.pk}/")
    created = Initiative.objects.exclude(pk=existing.pk)
    assert created.count() == 4 and created.filter(duplicate_acknowledged=True).count() == 3


def test_the_maps_own_export_imports_back_and_may_be_published_at_once(staff, client):
    original = InitiativeFactory(
        name="Repair Café de Tours",
        opening_hours="Sa 10:00-12:00",
        opening_hours_note="Fermé en août",
        phone="02 47 00 00 00",
        description="On répare **ensemble**.",
    )
    original.tags.add("vélo")
    exported = client.get("/initiatives/export.csv").getvalue()
    original.delete()
    upload = SimpleUploadedFile("archipel-o-centre-initiatives.csv", exported, content_type="text/csv")
    response = staff.post(START, {"file": upload, "publish": "on"})
    batch = InitiativeImport.objects.get()
    report = staff.get(response["Location"])
    assertContains(report, "1 ligne lue : 1 à créer")
    assertContains(report, "Décision : publier directement.")
    staff.post(f"{START}{batch.pk}/")
    back = Initiative.objects.get()
    assert (back.name, back.status, back.phone, back.opening_hours, back.opening_hours_note) == (
        "Repair Café de Tours",
        Status.PUBLISHED,
        "02 47 00 00 00",
        "Sa 10:00-12:00",
        "Fermé en août",
    )
    assert [t.name for t in back.tags.all()] == ["vélo"] and back.commune.code == "37261"
    assert ModerationEvent.objects.get(object_id=back.pk).action == Action.PUBLISH
    # Created in bulk, its text rendered by the batch service all the same.
    assert back.description_html.strip() == "<p>On répare <strong>ensemble</strong>.</p>"
    assertContains(client.get(back.get_absolute_url()), "On répare <strong>ensemble</strong>.")


def test_a_spreadsheets_windows_csv_with_commas_reads_the_same(staff):
    report, _ = dry_run(
        staff, [line(nom="Café associatif à Tours", code_insee="37261")], file={"separator": ",", "encoding": "cp1252"}
    )
    assertContains(report, "Café associatif à Tours")
    assertContains(report, "1 ligne lue : 1 à créer")


def test_pressing_import_twice_imports_once(staff):
    _, batch = dry_run(staff, [line()])
    staff.post(f"{START}{batch.pk}/")
    staff.post(f"{START}{batch.pk}/")
    assert Initiative.objects.count() == 1
    batch.refresh_from_db()
    assert batch.imported_count == 1 and batch.imported_at is not None


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("carte.png", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png"), "fichier .csv"),
        (SimpleUploadedFile("vide.csv", b"", content_type="text/csv"), "Le fichier soumis est vide"),
        (
            SimpleUploadedFile("autre.csv", b"a;b;c\n1;2;3\n", content_type="text/csv"),
            "Colonnes obligatoires absentes",
        ),
        (SimpleUploadedFile("binaire.csv", b"nom;x\x00y\n", content_type="text/csv"), "pas un fichier texte CSV"),
        (
            SimpleUploadedFile(
                "long.csv",
                ("nom;description_courte;type;thematiques;commune\n" + "a;b;c;d;e\n" * 301).encode(),
                content_type="text/csv",
            ),
            "dépasse 300 lignes",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_beside_the_field(staff, upload, message):
    response = staff.post(START, {"file": upload, "publish": "on"})
    assertContains(response, message, status_code=400)
    assert re.search(r'<input type="checkbox" name="publish"[^>]* checked', page_text(response, 400))  # kept
    assert not InitiativeImport.objects.exists()


def test_only_staff_with_the_import_right_may_import(client):
    client.force_login(UserFactory())
    assert client.get(START).status_code == 302  # the admin's login page
    staff_without_right = UserFactory(is_staff=True)
    client.force_login(staff_without_right)
    assert client.get(START).status_code == 403
    client.force_login(ModeratorFactory())
    response = client.get("/admin/initiatives/initiative/")
    assertContains(response, f'href="{START}"')
    assertContains(client.get(START), "Vérifier le fichier")


def test_the_list_of_initiatives_offers_no_import_to_staff_without_the_right(client):
    staff_without_right = UserFactory(is_staff=True, is_superuser=False)
    from django.contrib.auth.models import Permission

    staff_without_right.user_permissions.add(Permission.objects.get(codename="view_initiative"))
    client.force_login(staff_without_right)
    assertNotContains(client.get("/admin/initiatives/initiative/"), f'href="{START}"')


def test_lines_whose_names_make_the_same_address_each_get_their_own(staff):
    """Two initiatives called alike, far apart, and a third whose name is the second's numbered one."""
    rows = [
        line(nom="Atelier", code_insee="37261", site_web="https://a.example.org"),
        line(nom="Atelier 2", code_insee="37261", site_web="https://b.example.org"),
        line(nom="Atelier", code_insee="18033", site_web="https://c.example.org"),
    ]
    _, batch = dry_run(staff, rows)
    staff.post(f"{START}{batch.pk}/")
    assert sorted(Initiative.objects.values_list("slug", flat=True)) == ["atelier", "atelier-2", "atelier-3"]
