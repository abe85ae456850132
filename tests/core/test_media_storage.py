"""Uploads on an S3-compatible store (MEDIA_STORAGE=s3), against a local S3 server: moto in server mode."""

import json
from datetime import timedelta

import boto3
import httpx
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from blog.models import PostImage
from cresol.settings import s3_media_storage
from initiatives.models import Initiative
from tests.blog.test_writing import data as post_data
from tests.blog.test_writing import png
from tests.initiatives.test_propose import URL as PROPOSE_URL
from tests.initiatives.test_propose import png_upload, valid_data
from tests.servers import local_s3

pytestmark = pytest.mark.django_db
BUCKET = "cresol-media"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/*"}
    ],
}


@pytest.fixture(scope="module")
def s3_server():
    with local_s3() as endpoint:
        yield endpoint


@pytest.fixture
def s3(settings, monkeypatch, s3_server):
    """The portal configured as docs/deploy.md says, with MEDIA_STORAGE=s3, on an empty bucket."""
    for name, value in {
        "MEDIA_S3_BUCKET": BUCKET,
        "MEDIA_S3_ENDPOINT_URL": s3_server,
        "MEDIA_S3_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "cresol",
        "AWS_SECRET_ACCESS_KEY": "cresol-secret",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="cresol",
        aws_secret_access_key="cresol-secret",
    )
    client.create_bucket(Bucket=BUCKET)
    # What docs/deploy.md asks of the operator: the images are public, the listing and the writes are not.
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    settings.STORAGES = {**settings.STORAGES, "default": s3_media_storage()}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_an_uploaded_image_and_its_thumbnail_are_stored_and_served_from_the_bucket(
    client, s3, s3_server, tmp_path, settings
):
    from tests.factories import UserFactory

    settings.MEDIA_ROOT = tmp_path  # a file landing on the local disk would show here
    client.force_login(UserFactory())
    client.post(PROPOSE_URL, {**valid_data(image_alt="Un vélo sur un établi"), "image": png_upload((3000, 2000))})
    initiative = Initiative.objects.get()
    assert {initiative.image.name, initiative.thumbnail.name} == keys(s3)
    assert not any(tmp_path.iterdir())
    for field in (initiative.image, initiative.thumbnail):
        assert field.url.startswith(f"{settings.STORAGES['default']['OPTIONS']['endpoint_url']}/{BUCKET}/")
        served = httpx.get(field.url)
        assert served.status_code == 200
        assert served.headers["content-type"] == "image/webp"
        assert served.content[8:12] == b"WEBP"
        assert served.headers["cache-control"] == "public, max-age=604800"


def test_an_image_inserted_then_abandoned_is_deleted_from_the_bucket(client, s3):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    client.post("/blog/ecrire/", post_data(action="preview", insert_image=png(), insert_image_alt="abandonnée"))
    [name] = keys(s3)
    assert PostImage.objects.get().image.name == name and default_storage.exists(name)
    PostImage.objects.update(created_at=timezone.now() - timedelta(days=3))
    call_command("delete_unused_images")
    assert keys(s3) == set()
    assert not PostImage.objects.exists()
