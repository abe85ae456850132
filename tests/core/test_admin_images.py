"""An image uploaded through the admin is processed as in the members' forms: EXIF and GPS removed,
reduced, re-encoded, with a thumbnail; a file that is not an image is refused beside the field."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from tests.admin_forms import form_data
from tests.factories import InitiativeFactory, ModeratorFactory, make_event, make_post

pytestmark = pytest.mark.django_db


def photo_with_gps() -> SimpleUploadedFile:
    """A 3000 px JPEG as a phone takes it: camera model and GPS position in its EXIF."""
    image = Image.new("RGB", (3000, 2000), (30, 120, 60))
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Téléphone de test"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (47.0, 23.0, 40.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (0.0, 41.0, 20.0),
    }
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    assert Image.open(io.BytesIO(buffer.getvalue())).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the control
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.mark.parametrize(
    ("admin_name", "build", "field", "thumbnail_field", "extra"),
    [
        ("initiatives_initiative", lambda: InitiativeFactory(), "image", "thumbnail", {"image_alt": "Le local"}),
        ("agenda_event", lambda: make_event(), "image", "thumbnail", {"image_alt": "L'affiche"}),
        ("blog_post", lambda: make_post(), "cover", "cover_thumbnail", {"cover_alt": "La couverture"}),
    ],
)
def test_an_image_uploaded_in_the_admin_loses_its_exif_and_gets_a_thumbnail(
    client, settings, tmp_path, admin_name, build, field, thumbnail_field, extra
):
    settings.MEDIA_ROOT = tmp_path
    obj = build()
    client.force_login(ModeratorFactory())
    url = reverse(f"admin:{admin_name}_change", args=[obj.pk])
    data = {**form_data(client.get(url)), **extra, field: photo_with_gps(), "_save": "Enregistrer"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    obj.refresh_from_db()
    stored, thumbnail = getattr(obj, field), getattr(obj, thumbnail_field)
    assert stored.name.endswith(".webp") and thumbnail.name.endswith(".webp")
    with Image.open(stored.path) as image:
        assert image.format == "WEBP" and max(image.size) == 1600
        assert not image.getexif()  # no camera, no GPS position
    with open(stored.path, "rb") as stored_file:
        assert b"Exif" not in stored_file.read()
    with Image.open(thumbnail.path) as image:
        assert max(image.size) == 400


def test_a_file_that_is_not_an_image_is_refused_in_the_admin(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    initiative = InitiativeFactory()
    client.force_login(ModeratorFactory())
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    fake = SimpleUploadedFile("logo.png", b"<?php system($_GET['c']); ?>", content_type="image/png")
    response = client.post(url, {**form_data(client.get(url)), "image": fake, "_save": "Enregistrer"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"]
    initiative.refresh_from_db()
    assert not initiative.image
