"""Markdown written by members comes out harmless, on the page and in every output."""

import re

import pytest

from cresol.core.markdown import render_markdown
from tests.factories import InitiativeFactory
from tests.http import page_text

HOSTILE = [
    "<script>alert(1)</script>",
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<img src="x" onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">a</a>',
    "<svg><script>alert(1)</script></svg>",
    '<svg onload="alert(1)"></svg>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    "<iframe src='https://evil.example'></iframe>",
    "<b><i>broken <script>alert(1)</b></i>",
    "![x](javascript:alert(1))",
    "<object data='x.swf'></object><embed src='x.swf'>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_is_rendered_harmless(source):
    rendered = render_markdown(source).lower()
    for needle in [
        "<script",
        "onerror",
        "onclick",
        "onload",
        "<svg",
        "style=",
        "expression(",
        "<iframe",
        "<object",
        "<embed",
        "<style",
    ]:
        assert needle not in rendered, (source, rendered)
    # A refused link stays visible as the text typed; no attribute carries a script or data scheme.
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*(javascript|data):""", rendered), (source, rendered)


def test_ordinary_markdown_keeps_its_formatting():
    rendered = render_markdown(
        "# Titre\n\n**gras**, *italique*, [lien](https://example.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<strong>gras</strong>" in rendered
    assert '<a href="https://example.org" rel="nofollow noopener ugc">lien</a>' in rendered
    assert "<table>" in rendered


@pytest.mark.django_db
def test_a_hostile_description_is_harmless_on_the_page_and_in_the_exports(client):
    InitiativeFactory(slug="piege", description="\n\n".join(HOSTILE), name="<script>alert('nom')</script>")
    for url in ["/initiatives/piege/", "/initiatives/", "/carte/", f"/carte/initiatives/{_pk()}/popup/"]:
        content = page_text(client.get(url)).lower()
        assert "<script>alert" not in content
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", content)
        assert "onerror=" not in content
    # Data formats carry the text as it was typed, labelled as data so that no browser renders it.
    for url in ["/initiatives/export.json", "/carte/initiatives.geojson", "/initiatives/export.csv"]:
        response = client.get(url)
        assert response["Content-Type"].split(";")[0] in {"application/json", "application/geo+json", "text/csv"}
        assert response["X-Content-Type-Options"] == "nosniff"


def _pk():
    from initiatives.models import Initiative

    return Initiative.objects.get(slug="piege").pk
