from django.db import migrations
from django.utils import timezone


def create(apps, schema_editor):
    from initiatives.radar.starting_grid import create_starting_grid

    Grid = apps.get_model("radar", "Grid")
    if not Grid.objects.exists():
        create_starting_grid(Grid, timezone.now())


class Migration(migrations.Migration):
    dependencies = [("radar", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
