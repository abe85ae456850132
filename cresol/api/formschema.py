"""OpenAPI from the forms the pages already use: a FilterSet's fields become an endpoint's query
parameters, a member's form becomes a write's request body. One definition: a filter added to a page
shows in the API's description, with its label, its choices and its bounds."""

from typing import Any

from django import forms
from django.utils.encoding import force_str


def _choices(field: forms.Field) -> list[str]:
    values: list[str] = []
    for value, _label in getattr(field, "choices", ()):
        if isinstance(_label, list | tuple):  # a group of choices
            values.extend(str(inner) for inner, _inner_label in _label)
        elif value not in ("", None):
            values.append(str(value.value if hasattr(value, "value") else value))
    return values


# Simple fields by class, the most specific first (an EmailField is a CharField).
_SIMPLE = (
    ((forms.BooleanField, forms.NullBooleanField), {"type": "boolean"}),
    ((forms.IntegerField,), {"type": "integer"}),
    ((forms.DecimalField, forms.FloatField), {"type": "number"}),
    ((forms.DateTimeField,), {"type": "string", "format": "date-time"}),
    ((forms.DateField,), {"type": "string", "format": "date"}),
    ((forms.URLField,), {"type": "string", "format": "uri"}),
    ((forms.EmailField,), {"type": "string", "format": "email"}),
)


def _type_of(field: forms.Field) -> dict[str, Any]:
    if isinstance(field, forms.ModelMultipleChoiceField):
        return {"type": "array", "items": {"type": "string"}}
    if isinstance(field, forms.MultipleChoiceField):
        return {"type": "array", "items": {"type": "string", "enum": _choices(field)}}
    if isinstance(field, forms.ModelChoiceField):
        return {"type": "string"}
    if isinstance(field, forms.TypedChoiceField):
        return {"type": "integer" if field.coerce is int else "string", "enum": _typed_choices(field)}
    if isinstance(field, forms.ChoiceField):
        return {"type": "string", "enum": _choices(field)}
    for classes, schema in _SIMPLE:
        if isinstance(field, classes):
            return dict(schema)
    return {"type": "string"}


def field_schema(field: forms.Field) -> dict[str, Any]:
    """The JSON Schema of what the field takes, with its bounds and its label."""
    schema = _type_of(field)
    for attribute, keyword in (("min_value", "minimum"), ("max_value", "maximum"), ("max_length", "maxLength")):
        value = getattr(field, attribute, None)
        if value is not None and schema["type"] in ("integer", "number", "string"):
            schema[keyword] = value
    label = force_str(field.label or "")
    help_text = force_str(field.help_text or "")
    description = f"{label}. {help_text}".strip(". ") if help_text else label
    if description:
        schema["description"] = description
    return schema


def _typed_choices(field: forms.TypedChoiceField) -> list[Any]:
    values = []
    for value, _label in list(field.choices):  # type: ignore[arg-type]  # a list of pairs on a form field
        if value not in ("", None):
            values.append(field.coerce(value))
    return values


def query_parameters(form: forms.Form, *, overrides: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The query parameters of a filter form (a FilterSet's `.form`)."""
    parameters = []
    for name, field in form.fields.items():
        schema = {**field_schema(field), **(overrides or {}).get(name, {})}
        description = schema.pop("description", "")
        parameter = {"name": name, "in": "query", "required": False, "schema": schema}
        if schema["type"] == "array":
            parameter.update(style="form", explode=True)  # ?theme=a&theme=b, as the page's checkboxes send it
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return parameters


def body_schema(form: forms.Form, *, overrides: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The JSON object a write takes: the form's fields, the required ones required."""
    properties = {
        name: {**field_schema(field), **(overrides or {}).get(name, {})} for name, field in form.fields.items()
    }
    required = [name for name, field in form.fields.items() if field.required]
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
