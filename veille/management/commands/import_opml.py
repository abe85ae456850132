from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from veille import services
from veille.models import Source


class Command(BaseCommand):
    help = "Ajoute en masse les sources d'un fichier OPML (celles déjà suivies sont ignorées)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Any, **options: Any) -> None:
        try:
            tree = ElementTree.parse(file)  # noqa: S314 - an OPML file given by staff on the command line
        except (OSError, ElementTree.ParseError) as error:
            raise CommandError(f"Fichier OPML illisible : {error}") from error
        validate = URLValidator(schemes=["http", "https"])
        added = skipped = 0
        for outline in tree.iter("outline"):
            url = (outline.get("xmlUrl") or "").strip()
            if not url:
                continue
            try:
                validate(url)
            except ValidationError:
                skipped += 1
                continue
            name = (outline.get("title") or outline.get("text") or url)[:150]
            if Source.objects.filter(feed_url=url).exists():
                skipped += 1
                continue
            try:
                services.source_save(
                    source=Source(feed_url=url, name=name, site_url=(outline.get("htmlUrl") or "")[:500])
                )
            except ValidationError:  # an address too long, a site address that is none: the others go on
                skipped += 1
                continue
            added += 1
        self.stdout.write(self.style.SUCCESS(f"{added} source(s) ajoutée(s), {skipped} ignorée(s)."))
