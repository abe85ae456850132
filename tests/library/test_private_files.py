"""A resource's file is reachable only once the resource is published: kept apart from the public media
under an unguessable name, served by a view that checks who asks, deleted when refused or deleted.
With the local folder and with a private S3 bucket (moto)."""

import json
import re

import boto3
import httpx
import pytest
from django.core.files.storage import storages
from pytest_django.asserts import assertContains

from blog.library.models import Resource
from cresol.moderation.models import Status
from cresol.moderation.services import moderation_approve, moderation_decide_selected, moderation_reject
from tests.factories import ModeratorFactory, UserFactory
from tests.library.test_library import PDF, data, pdf
from tests.servers import local_s3

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def propose(client, member, **fields) -> Resource:
    client.force_login(member)
    response = client.post("/ressources/proposer/", data(file=pdf("Rapport confidentiel.pdf"), **fields))
    assert response.status_code == 302, response.content[:500]
    client.logout()
    return Resource.objects.get()


def download(client, resource):
    return client.get(resource.file.url)


def check_the_download_headers(response, *, published: bool):
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="guide-de-la-cooperation-locale.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Cache-Control"] == ("public, max-age=86400" if published else "private, no-store")


def test_a_pending_resources_file_is_a_404_for_anyone_but_its_contributor_and_the_moderators(client, settings):
    member = UserFactory()
    resource = propose(client, member)
    # Not under the public media, not under its title, not under a name one could guess.
    assert not (settings.MEDIA_ROOT / "ressources").exists()
    assert "confidentiel" not in resource.file.name and re.fullmatch(r"ressources/[\w-]{24}\.pdf", resource.file.name)
    assert resource.file.url == f"/ressources/fichiers/{resource.file.name}"
    assert client.get(f"/media/{resource.file.name}").status_code == 404
    assert download(client, resource).status_code == 404  # an anonymous visitor
    client.force_login(UserFactory())
    assert download(client, resource).status_code == 404  # another member
    client.force_login(member)
    check_the_download_headers(download(client, resource), published=False)
    client.force_login(ModeratorFactory())
    check_the_download_headers(download(client, resource), published=False)
    # Once published: anyone, and caches may keep it.
    moderation_approve(obj=resource, by=ModeratorFactory())
    client.logout()
    check_the_download_headers(download(client, resource), published=True)
    assertContains(client.get(resource.get_absolute_url()), f'href="{resource.file.url}"')


def test_a_refused_resources_file_is_deleted_and_its_contributor_asked_for_it_again(
    client, django_capture_on_commit_callbacks
):
    member = UserFactory()
    resource = propose(client, member)
    name = resource.file.name
    assert storages["private"].exists(name)
    with django_capture_on_commit_callbacks(execute=True):  # deleted once the refusal is committed
        moderation_reject(obj=resource, by=ModeratorFactory(), reason="Document interne, pas à diffuser.")
    resource.refresh_from_db()
    assert (resource.status, resource.file.name, resource.file_size) == (Status.REFUSED, "", 0)
    assert not storages["private"].exists(name)
    client.force_login(member)
    assert client.get(f"/ressources/fichiers/{name}").status_code == 404
    # Corrected with a new file, it goes back to review.
    response = client.post(f"/ressources/{resource.slug}/modifier/", data(file=pdf()))
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.status == Status.PENDING and storages["private"].exists(resource.file.name)


def test_files_refused_in_bulk_or_deleted_in_the_admin_go_with_them(client, django_capture_on_commit_callbacks):
    first = propose(client, UserFactory())
    first_name = first.file.name
    with django_capture_on_commit_callbacks(execute=True):
        moderation_decide_selected(
            queryset=Resource.objects.all(), action="reject", by=ModeratorFactory(), reason="Hors sujet."
        )
    assert not storages["private"].exists(first_name)
    Resource.objects.all().delete()
    second = propose(client, UserFactory(), title="Un autre guide")
    second_name = second.file.name
    assert storages["private"].exists(second_name)  # positive control
    admin = ModeratorFactory(is_superuser=True)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/library/resource/{second.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Resource.objects.exists()
    assert not storages["private"].exists(second_name)


def test_a_file_kept_while_a_form_is_corrected_is_private_too(client, settings, _private_files):
    client.force_login(UserFactory())
    assertContains(client.post("/ressources/proposer/", data(file=pdf(), title="")), "Ce champ est obligatoire")
    [kept] = [path.relative_to(_private_files).as_posix() for path in _private_files.rglob("*.pdf")]
    assert kept.startswith("ressources/attente/") and not (settings.MEDIA_ROOT / "ressources").exists()
    assert client.get(f"/media/{kept}").status_code == 404
    assert client.get(f"/ressources/fichiers/{kept}").status_code == 404  # no resource names it yet


BUCKET, PRIVATE_BUCKET = "cresol-media", "cresol-private"


@pytest.fixture
def s3(settings, monkeypatch):
    """The portal on S3 as docs/deploy.md says: a public-read bucket for images, a private one for files."""
    from cresol.settings import s3_media_storage, s3_private_storage

    with local_s3() as endpoint:
        variables = {
            "MEDIA_S3_BUCKET": BUCKET,
            "MEDIA_S3_PRIVATE_BUCKET": PRIVATE_BUCKET,
            "MEDIA_S3_ENDPOINT_URL": endpoint,
            "MEDIA_S3_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "cresol",
            "AWS_SECRET_ACCESS_KEY": "cresol-secret",
        }
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="cresol",
            aws_secret_access_key="cresol-secret",
        )
        for bucket in (BUCKET, PRIVATE_BUCKET):
            client.create_bucket(Bucket=bucket)
        client.put_bucket_policy(
            Bucket=BUCKET,
            Policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": "*",
                            "Action": "s3:GetObject",
                            "Resource": f"arn:aws:s3:::{BUCKET}/*",
                        }
                    ],
                }
            ),
        )
        settings.STORAGES = {**settings.STORAGES, "default": s3_media_storage(), "private": s3_private_storage()}
        client.endpoint = endpoint
        yield client


def test_on_s3_the_file_lies_in_the_private_bucket_and_only_the_view_serves_it(client, s3):
    member = UserFactory()
    resource = propose(client, member)
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=PRIVATE_BUCKET).get("Contents", [])]
    assert keys == [resource.file.name] and not s3.list_objects_v2(Bucket=BUCKET).get("Contents")
    # The store itself gives it to nobody without the portal's keys.
    assert httpx.get(f"{s3.endpoint}/{PRIVATE_BUCKET}/{resource.file.name}").status_code == 403
    assert resource.file.url == f"/ressources/fichiers/{resource.file.name}"
    assert download(client, resource).status_code == 404
    client.force_login(member)
    check_the_download_headers(download(client, resource), published=False)
    moderation_approve(obj=resource, by=ModeratorFactory())
    client.logout()
    check_the_download_headers(download(client, resource), published=True)


def test_on_s3_a_refused_resources_file_leaves_the_private_bucket(client, s3, django_capture_on_commit_callbacks):
    resource = propose(client, UserFactory())
    assert s3.list_objects_v2(Bucket=PRIVATE_BUCKET).get("Contents")
    with django_capture_on_commit_callbacks(execute=True):
        moderation_reject(obj=resource, by=ModeratorFactory(), reason="Doublon.")
    assert not s3.list_objects_v2(Bucket=PRIVATE_BUCKET).get("Contents")
