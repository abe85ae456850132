"""Deletes the images inserted while writing that no post or dossier uses after two days."""

from typing import Any

from django.core.management.base import BaseCommand

from blog.services import unused_images_delete


class Command(BaseCommand):
    help = "Supprime les images insérées qu'aucun article n'utilise depuis deux jours."

    def handle(self, *args, **options: Any) -> None:
        count = unused_images_delete()
        self.stdout.write(f"{count} image(s) inutilisée(s) supprimée(s).")
