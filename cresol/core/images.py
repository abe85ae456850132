"""Uploaded images: checked, re-encoded without metadata, and reduced to thumbnails.

Re-encoding through Pillow means what we store and serve is an image we produced, not the bytes
someone uploaded (no polyglot files, no EXIF with GPS positions, no oversize dimensions).
"""

from io import BytesIO
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # about 7,000 x 5,700: more is refused before decoding (decompression bombs)
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
STORED_MAX_SIDE = 1600
THUMBNAIL_SIDE = 400


def validate_image_upload(upload: Any) -> None:
    """Raise a French ValidationError unless the upload is a JPEG, PNG or WebP image of 5 MB or less."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("L'image dépasse 5 Mo : réduisez-la avant de l'envoyer."), code="too_large")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Formats acceptés : JPEG, PNG ou WebP."), code="format")
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("L'image a trop de pixels."), code="too_many_pixels")
            image.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(_("Ce fichier n'est pas une image lisible."), code="invalid") from error
    finally:
        upload.seek(0)


def _encode(image: Image.Image, max_side: int) -> bytes:
    image = image.copy()
    image.thumbnail((max_side, max_side))
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    output = BytesIO()
    image.save(output, format="WEBP", quality=82, method=4)
    return output.getvalue()


def reencode(upload: Any, *, name: str) -> "tuple[ContentFile[bytes], ContentFile[bytes]]":
    """The image re-encoded as WebP (at most 1600 px) and its thumbnail (at most 400 px)."""
    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original)
        image.load()
    return (
        ContentFile(_encode(image, STORED_MAX_SIDE), name=f"{name}.webp"),
        ContentFile(_encode(image, THUMBNAIL_SIDE), name=f"{name}-vignette.webp"),
    )


def attach_image(obj: Any, upload: Any, *, name: str, field: str = "image", thumbnail_field: str = "thumbnail") -> None:
    """Put an upload on `obj` as every content stores one: re-encoded, with its thumbnail.

    `upload` as a form's cleaned value gives it: a file to store, False when the "clear" box was
    ticked (both files go), None or an already stored file to keep what is there.
    """
    if upload is False:
        setattr(obj, field, "")
        setattr(obj, thumbnail_field, "")
    elif upload and hasattr(upload, "size") and not getattr(upload, "_committed", False):
        stored, thumbnail = reencode(upload, name=name)
        setattr(obj, field, stored)
        setattr(obj, thumbnail_field, thumbnail)


class ImageUploadField(forms.ImageField):
    """A form's image: JPEG, PNG or WebP of 5 MB at most, checked before anything is stored."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("JPEG, PNG ou WebP, 5 Mo au plus."))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        image = super().clean(data, initial)
        if image and hasattr(image, "size"):  # a new upload, not the file already stored
            validate_image_upload(image)
        return image
