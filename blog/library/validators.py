"""What a resource's file may be: documents and recordings people open without special software,
recognised by their first bytes (not by the name or the browser's word), 20 MB at most."""

import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 20 * 1024 * 1024

# Extension -> (what it is, a check of the first bytes).
_ZIP = b"PK\x03\x04"
KINDS = {
    "pdf": ("PDF", lambda head: head.startswith(b"%PDF-")),
    "odt": ("texte OpenDocument", lambda head: head.startswith(_ZIP)),
    "ods": ("tableur OpenDocument", lambda head: head.startswith(_ZIP)),
    "odp": ("présentation OpenDocument", lambda head: head.startswith(_ZIP)),
    "docx": ("texte Word", lambda head: head.startswith(_ZIP)),
    "xlsx": ("tableur Excel", lambda head: head.startswith(_ZIP)),
    "pptx": ("présentation PowerPoint", lambda head: head.startswith(_ZIP)),
    "epub": ("livre EPUB", lambda head: head.startswith(_ZIP)),
    "csv": ("tableau CSV", lambda head: b"\x00" not in head),
    "txt": ("texte", lambda head: b"\x00" not in head),
    "mp3": ("son MP3", lambda head: head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    "ogg": ("son Ogg", lambda head: head.startswith(b"OggS")),
    "mp4": ("vidéo MP4", lambda head: head[4:8] == b"ftyp"),
}
# The zipped formats carry their own type: an ODF file names it in its first member, an OOXML or EPUB
# file has its own members. A renamed archive is refused.
_ZIP_SIGNS = {
    "odt": ("mimetype", b"application/vnd.oasis.opendocument.text"),
    "ods": ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
    "odp": ("mimetype", b"application/vnd.oasis.opendocument.presentation"),
    "epub": ("mimetype", b"application/epub+zip"),
    "docx": ("word/document.xml", None),
    "xlsx": ("xl/workbook.xml", None),
    "pptx": ("ppt/presentation.xml", None),
}


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def validate_resource_file(upload: Any) -> str:
    """Raise a French ValidationError unless the file is one of KINDS; return its extension."""
    extension = extension_of(upload.name)
    if extension not in KINDS:
        raise ValidationError(
            _("Ce type de fichier n'est pas accepté. Formats possibles : %s.") % ", ".join(sorted(KINDS)),
            code="file_type",
        )
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(_("Le fichier dépasse 20 Mo : déposez-le ailleurs et donnez son lien."), code="size")
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    label, looks_right = KINDS[extension]
    if not head or not looks_right(head) or not _zip_content_matches(upload, extension):
        raise ValidationError(
            _(
                "Ce fichier n'est pas un vrai fichier %(kind)s (.%(ext)s) : vérifiez qu'il s'ouvre, ou enregistrez-le "
                "à nouveau dans ce format."
            )
            % {"kind": label, "ext": extension},
            code="file_content",
        )
    return extension


def validate_new_resource_file(value: Any) -> None:
    """The model field's validator (the admin's upload too): a file just sent is checked, one already
    stored is not read again at each save."""
    if value and not getattr(value, "_committed", True):
        validate_resource_file(value)


def _zip_content_matches(upload: Any, extension: str) -> bool:
    sign = _ZIP_SIGNS.get(extension)
    if sign is None:
        return True
    member, content = sign
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if member not in names:
                return False
            # 100 bytes at most are read: a zip bomb cannot make this expand.
            return content is None or archive.open(member).read(100).strip() == content
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
