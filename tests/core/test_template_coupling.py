"""The templates follow the architecture's import rules (CONTRIBUTING, "Layout"): a template loads only
the tag libraries its app may import. A block of one section shown on another's page comes through the
blocks registry (cresol.core.blocks), never by loading the other section's library (issue 25)."""

import re
from pathlib import Path

import pytest
from django.template import engines

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("initiatives", "agenda", "blog", "veille")
# Which sections each section may use, as the import-linter contracts of pyproject.toml say.
MAY_USE = {"initiatives": set(), "veille": set(), "agenda": {"initiatives"}, "blog": {"initiatives", "agenda"}}
# The template folders of the sections' sub-apps and of their own forms.
FOLDER_SECTION = {"radar": "initiatives", "library": "blog"}
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def library_sections() -> dict[str, str]:
    """Each tag library's name → the section whose package defines it (the others are shared)."""
    modules = engines["django"].engine.libraries  # name → module, as Django found them
    return {name: module.split(".")[0] for name, module in modules.items() if module.split(".")[0] in SECTIONS}


def template_section(path: Path) -> str | None:
    """The section a template belongs to (templates/<folder>/, or a section's own templates/), None for
    the shared ones (base, home, themes, territories, accounts, the admin's)."""
    relative = path.relative_to(ROOT)
    if relative.parts[0] != "templates":
        return relative.parts[0] if relative.parts[0] in SECTIONS else None
    folder = relative.parts[1] if len(relative.parts) > 2 else ""
    if folder == "admin" and len(relative.parts) > 3:
        folder = relative.parts[2]
    folder = FOLDER_SECTION.get(folder, folder)
    return folder if folder in SECTIONS else None


def loaded_libraries(text: str) -> set[str]:
    names = set()
    for match in LOAD.findall(text):
        words = match.split()
        names.update(words[words.index("from") + 1 :] if "from" in words else words)
    return names


def coupling_problems(templates: dict[Path, str]) -> list[str]:
    """What each template (its path and its text) loads that its section may not use."""
    owners = library_sections()
    problems = []
    for path, text in templates.items():
        section = template_section(path)
        allowed = {section, *MAY_USE[section]} if section else set()
        for name in sorted(loaded_libraries(text)):
            owner = owners.get(name)
            if owner is not None and owner not in allowed:
                problems.append(f"{path.relative_to(ROOT)} loads {name} ({owner})")
    return problems


def every_template() -> dict[Path, str]:
    folders = [ROOT / "templates", *(ROOT / section / "templates" for section in SECTIONS)]
    paths = sorted(path for folder in folders if folder.exists() for path in folder.rglob("*.html"))
    return {path: path.read_text() for path in paths}


def test_the_libraries_of_the_sections_are_known():
    """A positive control on the reading: each section's own library is found, and its owner."""
    owners = library_sections()
    assert owners["agenda_tags"] == "agenda" and owners["initiatives_tags"] == "initiatives"
    assert owners["radar_tags"] == "initiatives"
    assert "cresol" not in owners and "i18n" not in owners
    assert len(every_template()) > 100


def test_no_template_loads_a_library_its_section_may_not_use():
    assert coupling_problems(every_template()) == []


@pytest.mark.parametrize(
    ("template", "load", "problem"),
    [
        ("templates/initiatives/x.html", "agenda_tags", "(agenda)"),
        ("templates/themes/x.html", "initiatives_tags", "(initiatives)"),
        ("templates/veille/x.html", "agenda_tags", "(agenda)"),
    ],
)
def test_the_check_sees_a_template_that_loads_another_sections_library(template, load, problem):
    """Positive controls: an initiative page loading the agenda's tags (what it did before the blocks
    registry), a shared page loading a section's, the watch loading the agenda's."""
    assert [line for line in coupling_problems({ROOT / template: f"{{% load i18n {load} %}}"}) if problem in line]
    # The blog may use the agenda's: no problem there.
    assert coupling_problems({ROOT / "templates/blog/x.html": "{% load agenda_tags %}"}) == []
