"""Imported events were created in bulk, past Event.save(), the only place their description was
rendered: their pages, feeds and .ics showed no text. Rendered here once; the agenda's services render
every new write."""

from django.db import migrations


def render_missing(apps, schema_editor):
    from cresol.core.markdown import render_markdown

    Event = apps.get_model("agenda", "Event")
    missing = Event.objects.filter(description_html="").exclude(description="")
    for event in missing.only("pk", "description").iterator():
        Event.objects.filter(pk=event.pk).update(description_html=render_markdown(event.description))


class Migration(migrations.Migration):
    dependencies = [("agenda", "0009_partner_overrides_and_shared_sources")]

    operations = [migrations.RunPython(render_missing, migrations.RunPython.noop)]
