"""PostgreSQL's unaccent, so that searches ignore accents ("epicerie" finds "Épicerie")."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0002_french_labels")]

    operations = [UnaccentExtension()]
