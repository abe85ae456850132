from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Indiquez une couleur au format #rrvvbb, par exemple #1f6f43."))


class Theme(models.Model):
    """A theme of the social and solidarity economy, used to file and filter content in every section."""

    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=80, unique=True)
    colour = models.CharField(
        _("couleur"),
        max_length=7,
        validators=[hex_colour],
        default="#1f5f8b",
        help_text=_("Couleur des pastilles et des marqueurs ; choisissez-la assez foncée pour un texte blanc."),
    )
    description = models.CharField(_("description courte"), max_length=300, blank=True)
    intro = models.TextField(
        _("présentation"),
        blank=True,
        help_text=_(
            "Le texte de la page du thème (Markdown : **gras**, listes, liens) : ses enjeux en région, "
            "les acteurs, les ressources."
        ),
    )
    intro_html = models.TextField(editable=False, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=100)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")
        constraints = [
            models.CheckConstraint(condition=models.Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="theme_colour_is_hex"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("themes:detail", args=[self.slug])


def themes_prefetch(lookup: str = "themes") -> models.Prefetch:
    """The themes a list shows as badges (name and link), in one query for the whole page."""
    return models.Prefetch(lookup, queryset=Theme.objects.only("id", "slug", "name"))


def themes_legend() -> list[dict[str, object]]:
    """What a map's script needs to colour and name its markers (`json_script` "themes-legend"): every
    theme, since a marker takes its main theme's colour, whichever theme the page is about."""
    return [{"id": theme.pk, "slug": theme.slug, "name": theme.name} for theme in Theme.objects.all()]
