"""The library: members propose guides and tools (a checked file or a link), moderators publish them,
everyone finds them by type, theme and licence, in the site search and in the feeds."""

import io
import zipfile
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from blog.library.models import Resource
from blog.library.validators import MAX_FILE_BYTES
from cresol.moderation.models import Status
from cresol.moderation.services import moderation_approve
from tests.factories import InitiativeFactory, ModeratorFactory, UserFactory, make_event, make_resource
from tests.http import page_text

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="guide-cooperation.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def odt(name="outil.odt", mimetype=b"application/vnd.oasis.opendocument.text"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def data(**fields):
    values = {
        "title": "Guide de la coopération locale",
        "summary": "Monter une coopération entre associations.",
        "kind": "guide",
        "author_name": "Cré-sol",
        "licence": "cc-by-sa-4.0",
        "themes": [],
        "link": "",
        "description": "",
        "related_initiatives": "",
        "events": "",
        "year": "2026",
    }
    values.update(fields)
    return values


def test_a_member_proposes_a_guide_with_a_pdf_that_appears_after_moderation(client):
    member = UserFactory()
    client.force_login(member)
    assertContains(client.get("/ressources/proposer/"), 'enctype="multipart/form-data"')
    response = client.post("/ressources/proposer/", data(file=pdf()))
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.status == Status.PENDING and resource.submitted_by == member
    assert resource.file.name.endswith(".pdf") and resource.file_size == len(PDF)
    client.logout()
    assertNotContains(client.get("/ressources/"), "Guide de la coopération locale")
    assert client.get(resource.get_absolute_url()).status_code == 404
    moderation_approve(obj=resource, by=ModeratorFactory())
    page = page_text(client.get("/ressources/"))
    assert "Guide de la coopération locale" in page and "1 ressource" in page
    page = page_text(client.get(resource.get_absolute_url()))
    assert f'href="{resource.file.url}" download' in page and "Télécharger (PDF" in page
    assert 'rel="license">Creative Commons BY-SA 4.0 (libre)</a>' in page
    with resource.file.open("rb") as stored:
        assert stored.read() == PDF


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("guide.pdf", b"MZ\x90\x00 a program"), "n&#x27;est pas un vrai fichier PDF"),
        (SimpleUploadedFile("guide.exe", b"MZ\x90\x00"), "Ce type de fichier n&#x27;est pas accepté"),
        (odt(mimetype=b"application/zip"), "n&#x27;est pas un vrai fichier texte OpenDocument"),
        (SimpleUploadedFile("gros.pdf", PDF + b"0" * MAX_FILE_BYTES), "Le fichier dépasse 20 Mo"),
    ],
    ids=["disguised program", "forbidden type", "renamed archive", "too large"],
)
def test_a_file_that_is_not_what_it_says_is_refused_beside_the_field_and_the_text_kept(client, upload, message):
    client.force_login(UserFactory())
    response = client.post("/ressources/proposer/", data(file=upload, summary="Mon résumé soigné."))
    assertContains(response, message)
    assertContains(response, "Mon résumé soigné.")
    assert not Resource.objects.exists()


def test_an_opendocument_file_is_accepted(client):
    client.force_login(UserFactory())
    assert client.post("/ressources/proposer/", data(file=odt(), kind="outil")).status_code == 302
    assert Resource.objects.get().file.name.endswith(".odt")


def test_a_valid_file_sent_with_another_mistake_is_kept_for_the_corrected_form(client):
    client.force_login(UserFactory())
    response = client.post("/ressources/proposer/", data(file=pdf(), title=""))
    page = page_text(response)
    assert "Ce champ est obligatoire" in page and "Le fichier « guide-cooperation.pdf » est gardé" in page
    kept = response.context["form"].data["kept_file"]
    response = client.post("/ressources/proposer/", data(kept_file=kept))
    assert response.status_code == 302
    with Resource.objects.get().file.open("rb") as stored:
        assert stored.read() == PDF
    # A forged name is not taken: without a file nor a link, the form asks for one.
    response = client.post("/ressources/proposer/", data(kept_file="ressources/2026/autre.pdf", title="Autre"))
    assertContains(response, "Déposez un fichier ou donnez un lien")


def test_a_link_instead_of_a_file_and_neither_is_an_error(client):
    client.force_login(UserFactory())
    response = client.post("/ressources/proposer/", data())
    assertContains(response, "Déposez un fichier ou donnez un lien vers la ressource.")
    assert client.post("/ressources/proposer/", data(link="https://outils.example.org/guide")).status_code == 302
    assert Resource.objects.get().link == "https://outils.example.org/guide"


def test_proposing_needs_an_account(client):
    response = client.get("/ressources/proposer/")
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


def test_a_training_shows_its_coming_dates_from_the_agenda(client):
    session = make_event(title="Formation à la gouvernance partagée", slug="formation-gouvernance")
    client.force_login(UserFactory())
    response = client.post(
        "/ressources/proposer/",
        data(
            kind="formation",
            link="https://formation.example.org",
            events=f"https://cresol.example.org/agenda/{session.slug}/\n",
        ),
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    moderation_approve(obj=resource, by=ModeratorFactory())
    page = page_text(client.get(resource.get_absolute_url()))
    assert "Prochaines sessions dans l'agenda" in page
    assert f'href="{session.get_absolute_url()}">Formation à la gouvernance partagée</a>' in page
    response = client.post("/ressources/proposer/", data(link="https://x.example.org", events="/agenda/inconnu/"))
    assertContains(response, "n&#x27;est pas l&#x27;adresse d&#x27;un événement publié de l&#x27;agenda")


def test_the_list_filters_by_type_theme_and_free_licence_in_the_same_queries(client, page_cache_off):
    from cresol.themes.models import Theme

    mobility = Theme.objects.get(slug="mobilite")
    make_resource(title="Guide du covoiturage", kind="guide", themes=[mobility])
    make_resource(title="Rapport fermé", kind="rapport", licence="reserved")

    def listing(query):
        with CaptureQueriesContext(connection) as queries:
            page = page_text(client.get("/ressources/" + query))
        return len(queries), page

    few, page = listing("?type=guide")
    assert "Guide du covoiturage" in page and "Rapport fermé" not in page
    _, page = listing("?libre=on")
    assert "Guide du covoiturage" in page and "Rapport fermé" not in page
    _, page = listing("?theme=mobilite")
    assert "Guide du covoiturage" in page and "Rapport fermé" not in page
    for number in range(15):
        make_resource(title=f"Guide numéro {number}", kind="guide", themes=[mobility])
    many, page = listing("?type=guide")
    assert "16 ressources" in page and many == few
    assertContains(client.get("/ressources/?type=poeme"), "Sélectionnez un choix valide", status_code=400)


def test_the_feeds_give_the_latest_resources_with_their_file(client):
    make_resource(title="Guide avec fichier", file="ressources/2026/guide.pdf", file_size=1234, link="")
    response = client.get("/ressources/flux/")
    assert response.status_code == 200
    item = ElementTree.fromstring(response.content).find("channel/item")  # noqa: S314 - our own feed
    assert item.find("title").text == "Guide avec fichier"
    enclosure = item.find("enclosure")
    # The file's address is the library's view, which checks who asks (a published one: anyone).
    assert enclosure.get("url") == "http://testserver/ressources/fichiers/ressources/2026/guide.pdf"
    assert enclosure.get("length") == "1234" and enclosure.get("type") == "application/pdf"
    assertContains(client.get("/ressources/flux/atom/"), "Guide avec fichier")
    assert client.get("/ressources/flux/?type=poeme").status_code == 400


def test_the_site_search_finds_resources(client):
    make_resource(title="Boîte à outils de la coopération", summary="Fiches pratiques pour coopérer.")
    page = page_text(client.get("/recherche/", {"q": "coopération"}))
    assert "Ressources" in page and "Boîte à outils de la coopération" in page


def test_a_pending_resource_is_seen_by_its_contributor_who_may_correct_it(client):
    member = UserFactory()
    resource = make_resource(title="En relecture", status=Status.PENDING, submitted_by=member)
    client.force_login(UserFactory())
    assert client.get(resource.get_absolute_url()).status_code == 404
    assert client.get(f"/ressources/{resource.slug}/modifier/").status_code == 404
    client.force_login(member)
    assertContains(client.get(resource.get_absolute_url()), "Cette ressource n'est pas publiée")
    response = client.post(f"/ressources/{resource.slug}/modifier/", data(title="En relecture, corrigée", link=""))
    assert response.status_code == 200  # no file, no link: the form asks for one
    corrected = data(title="En relecture, corrigée", link="https://outil.example.org")
    response = client.post(f"/ressources/{resource.slug}/modifier/", corrected)
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.title == "En relecture, corrigée" and resource.status == Status.PENDING


def test_related_initiatives_are_linked_by_name(client):
    InitiativeFactory(name="Repair Café de Tours", slug="repair-cafe-tours")
    client.force_login(UserFactory())
    client.post("/ressources/proposer/", data(link="https://x.example.org", related_initiatives="Repair Café de Tours"))
    resource = Resource.objects.get()
    moderation_approve(obj=resource, by=ModeratorFactory())
    link = 'href="/initiatives/repair-cafe-tours/">Repair Café de Tours</a>'
    assertContains(client.get(resource.get_absolute_url()), link)


def test_a_themes_page_shows_its_resources(client):
    from cresol.themes.models import Theme

    make_resource(title="Guide du vélo partagé", themes=[Theme.objects.get(slug="mobilite")])
    make_resource(title="Guide du compost")  # no theme: not there
    page = page_text(client.get("/themes/mobilite/"))
    assert "Guide du vélo partagé" in page and "Guide du compost" not in page
