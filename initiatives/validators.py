from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .hours import is_valid


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siret(value: str) -> None:
    """A SIRET is 14 digits whose Luhn key is right (La Poste's establishments excepted, as INSEE does)."""
    digits = value.replace(" ", "")
    if len(digits) != 14 or not digits.isdigit():
        raise ValidationError(_("Un SIRET compte 14 chiffres."), code="siret_length")
    # La Poste (SIREN 356000000) numbers its many establishments with a different rule.
    if digits.startswith("356000000"):
        if sum(int(d) for d in digits) % 5 != 0:
            raise ValidationError(_("Ce numéro SIRET n'est pas valide (clé de contrôle)."), code="siret_key")
        return
    if not luhn_is_valid(digits):
        raise ValidationError(
            _("Ce numéro SIRET n'est pas valide : vérifiez les chiffres (clé de contrôle)."), code="siret_key"
        )


def validate_opening_hours(value: str) -> None:
    """An expression in OpenStreetMap's opening_hours syntax that the library can read."""
    if value and not is_valid(value):
        raise ValidationError(
            _("Ces horaires ne sont pas au format OpenStreetMap (par exemple « Mo-Fr 09:00-12:00; Sa 10:00-12:00 »)."),
            code="opening_hours",
        )
