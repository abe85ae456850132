"""The portal served by two processes on two ports, as by two web machines behind a proxy: sessions,
cache, rate limits, media and the queue are shared through PostgreSQL, Redis and an S3 store."""

import io
import json
import os
import re
from pathlib import Path

import boto3
import httpx
import pytest

from initiatives.models import Initiative
from tests.core.test_media_storage import BUCKET, PUBLIC_READ
from tests.factories import PASSWORD, UserFactory
from tests.initiatives.test_propose import png_upload, valid_data
from tests.servers import database_url_for_tests, local_redis, local_s3, portal_under_gunicorn

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_machines(reference_data):
    """Two gunicorn processes on the test database, sharing a Redis cache and an S3 bucket."""
    with local_redis() as redis_url, local_s3() as s3_endpoint:
        bucket = boto3.client(
            "s3",
            endpoint_url=s3_endpoint,
            region_name="us-east-1",
            aws_access_key_id="cresol",
            aws_secret_access_key="cresol-secret",
        )
        bucket.create_bucket(Bucket=BUCKET)
        bucket.create_bucket(Bucket=f"{BUCKET}-private")
        bucket.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": database_url_for_tests(),
            "REDIS_URL": redis_url,
            "MEDIA_STORAGE": "s3",
            "MEDIA_S3_BUCKET": BUCKET,
            "MEDIA_S3_PRIVATE_BUCKET": f"{BUCKET}-private",
            "MEDIA_S3_ENDPOINT_URL": s3_endpoint,
            "MEDIA_S3_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "cresol",
            "AWS_SECRET_ACCESS_KEY": "cresol-secret",
        }
        with (
            portal_under_gunicorn(environment, root=ROOT) as first,
            portal_under_gunicorn(environment, root=ROOT) as second,
        ):
            yield [first, second]


def csrf_token(browser: httpx.Client, url: str) -> str:
    page = browser.get(url)
    assert page.status_code == 200, url
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def test_a_member_logs_in_on_one_machine_and_carries_on_on_the_other(two_machines):
    first, second = two_machines
    member = UserFactory(display_name="Inès Moreau")
    # One browser: its cookies are the site's, whichever machine the proxy sends it to.
    with httpx.Client(follow_redirects=False, timeout=20) as browser:
        token = csrf_token(browser, f"{first}/compte/login/")
        form = {"login": member.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
        logged_in = browser.post(f"{first}/compte/login/", data=form, headers={"Referer": f"{first}/compte/login/"})
        assert logged_in.status_code == 302, logged_in.text[:500]

        space = browser.get(f"{second}/mon-espace/")
        assert space.status_code == 200 and "Inès Moreau" in space.text

        token = csrf_token(browser, f"{second}/initiatives/proposer/")
        with io.BytesIO(png_upload().read()) as image:
            proposed = browser.post(
                f"{second}/initiatives/proposer/",
                data={
                    **valid_data(image_alt="Un vélo sur un établi"),
                    "csrfmiddlewaretoken": token,
                    "action": "submit",
                },
                files={"image": ("logo.png", image, "image/png")},
                headers={"Referer": f"{second}/initiatives/proposer/"},
            )
        assert proposed.status_code == 302, proposed.text[:2000]
        initiative = Initiative.objects.get()
        page = browser.get(f"{first}{initiative.get_absolute_url()}")  # the other machine shows it to its author
        assert page.status_code == 200 and "Atelier vélo de Vierzon" in page.text
        [image_url] = re.findall(r'src="(http://127\.0\.0\.1:\d+/cresol-media/[^"]+)"', page.text)[:1]
        image = httpx.get(image_url)
        assert image.status_code == 200 and image.content[8:12] == b"WEBP"
