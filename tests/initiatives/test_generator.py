"""The demo's and the benchmarks' generated initiatives are valid data, as a member's would be."""

import pytest
from django.core.exceptions import ValidationError

from initiatives.generator import build

pytestmark = pytest.mark.django_db


def test_every_generated_initiative_passes_the_models_validation():
    """About 1 % had a website ending in -.example.org (a name cut after a hyphen)."""
    invalid = {}
    initiatives = build(2000, seed=7)
    for initiative in initiatives:
        try:
            initiative.full_clean(
                exclude=["slug", "main_theme", "commune"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            invalid[initiative.name] = error.message_dict
    assert len(initiatives) == 2000 and not invalid, list(invalid.items())[:5]
    assert any(initiative.website.startswith("https://") for initiative in initiatives)
