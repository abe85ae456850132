"""Posting an admin change form back as a moderator would, after changing some of its fields."""

from datetime import datetime

from django.forms import SplitDateTimeField

from agenda.recurrence import PARIS


def form_data(response, *, skip=("image", "cover")):
    """What the admin's change form would post back as it is, formsets included (files left out)."""
    data = {}
    for form in [
        response.context["adminform"].form,
        *[f for fs in response.context["inline_admin_formsets"] for f in fs.formset.forms],
    ]:
        for name in form.fields:
            value = form[name].value()
            if name in skip or value is None:
                continue
            if isinstance(value, list):
                value = [str(v.pk if hasattr(v, "pk") else v) for v in value]
            elif hasattr(value, "json"):
                value = value.json
            elif isinstance(value, datetime):
                local = value.astimezone(PARIS)
                if isinstance(form.fields[name], SplitDateTimeField):  # the admin's date + time
                    data[form.add_prefix(name) + "_0"] = local.strftime("%Y-%m-%d")
                    data[form.add_prefix(name) + "_1"] = local.strftime("%H:%M:%S")
                    continue
                value = local.strftime("%Y-%m-%dT%H:%M")  # a native date-and-time field
            data[form.add_prefix(name)] = value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data
