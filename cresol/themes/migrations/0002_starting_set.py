"""Load the starting set of themes of the social and solidarity economy."""

from django.db import migrations

from cresol.themes.starting_set import STARTING_THEMES


def add_starting_themes(apps, schema_editor):
    Theme = apps.get_model("themes", "Theme")
    for order, (slug, name, colour, description) in enumerate(STARTING_THEMES, start=1):
        Theme.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "colour": colour, "description": description, "order": order * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("themes", "0001_initial")]

    operations = [migrations.RunPython(add_starting_themes, migrations.RunPython.noop)]
