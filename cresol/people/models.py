"""A resource person's public profile: who they are, where and on what they can help.

The member's e-mail address is never part of the profile: people write to them through a form that
relays the message (views.contact).
"""

from typing import Any, Self

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cresol.core.validators import validate_single_line
from cresol.moderation.models import Moderated, ModeratedQuerySet, Status
from cresol.territories.geometry import WGS84
from cresol.territories.models import EPCI, Commune, Departement, Pays
from cresol.themes.models import Theme, themes_prefetch


class Skill(models.TextChoices):
    """What a resource person can help with: the network's own words for cooperation work."""

    FACILITATION = "animation", _("Animation de réunions et de réseaux")
    COOPERATION = "cooperation", _("Coopération entre structures, PTCE")
    PROJECT = "montage", _("Montage de projet collectif")
    GOVERNANCE = "gouvernance", _("Gouvernance partagée")
    LEGAL = "juridique", _("Statuts : association, SCOP, SCIC…")
    FUNDING = "financement", _("Financement et modèle économique")
    EMPLOYMENT = "emploi", _("Emploi, insertion, mutualisation d'emplois")
    CITIZENS = "mobilisation", _("Mobilisation citoyenne et bénévolat")
    EVALUATION = "evaluation", _("Évaluation et utilité sociale")
    DIGITAL = "numerique", _("Outils numériques libres")
    COMMUNICATION = "communication", _("Communication")
    TRAINING = "formation", _("Formation et éducation populaire")


class ResourcePersonQuerySet(ModeratedQuerySet):
    def for_listing(self) -> Self:
        return (
            self.select_related("base_commune").defer("bio", "base_commune__geom").prefetch_related(themes_prefetch())
        )

    def serving(self, *, departement: Any = None, epci: Any = None, communes: Any = None, pays: Any = None) -> Self:
        """The profiles whose territory covers the place asked for, whichever level they named.

        A person serving the Cher helps in Vierzon; a person serving Vierzon helps in its EPCI and its
        département (someone there can reach them). Each way is its own indexed subquery, joined in a
        UNION: an OR across the three many-to-many tables would read every profile.
        """
        links = ResourcePerson
        if communes is not None:  # a queryset: a postal code names several
            departements = communes.values("departement_id")
            ways = [
                links.communes.through.objects.filter(commune__in=communes),
                links.epcis.through.objects.filter(epci__in=communes.values("epci_id")),
                links.pays.through.objects.filter(pays__epcis__in=communes.values("epci_id")),
                links.departements.through.objects.filter(departement__in=departements),
            ]
        elif epci is not None:
            ways = [
                links.epcis.through.objects.filter(epci=epci),
                links.communes.through.objects.filter(commune__epci=epci),
                links.pays.through.objects.filter(pays__epcis=epci),
                links.departements.through.objects.filter(departement__communes__epci=epci),
            ]
        elif pays is not None:
            ways = [
                links.pays.through.objects.filter(pays=pays),
                links.epcis.through.objects.filter(epci__pays=pays),
                links.communes.through.objects.filter(commune__epci__pays=pays),
                links.departements.through.objects.filter(departement__communes__epci__pays=pays),
            ]
        elif departement is not None:
            ways = [
                links.departements.through.objects.filter(departement=departement),
                links.epcis.through.objects.filter(epci__communes__departement=departement),
                links.pays.through.objects.filter(pays__epcis__communes__departement=departement),
                links.communes.through.objects.filter(commune__departement=departement),
            ]
        else:
            return self
        first, *others = [way.values("resourceperson_id") for way in ways]
        return self.filter(pk__in=first.union(*others))


class ResourcePerson(Moderated):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("compte"), on_delete=models.CASCADE, related_name="resource_person"
    )
    display_name = models.CharField(_("nom affiché"), max_length=120, validators=[validate_single_line])
    slug = models.SlugField(_("identifiant d'URL"), max_length=140, unique=True)
    structure = models.CharField(_("structure"), max_length=200, blank=True, validators=[validate_single_line])
    bio = models.TextField(
        _("présentation"),
        max_length=1500,
        help_text=_("Quelques lignes : votre parcours, ce que vous proposez, comment vous travaillez."),
    )
    skills = ArrayField(
        models.CharField(max_length=20, choices=Skill.choices), verbose_name=_("compétences"), default=list
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("thématiques"), related_name="resource_people", blank=True)
    base_commune = models.ForeignKey(
        Commune, verbose_name=_("commune de rattachement"), on_delete=models.PROTECT, related_name="+"
    )
    # The map's marker: the base commune's point, copied so that the map reads one table.
    point = models.PointField(_("point"), srid=WGS84, editable=False)
    departements = models.ManyToManyField(
        Departement, verbose_name=_("départements couverts"), related_name="resource_people", blank=True
    )
    epcis = models.ManyToManyField(
        EPCI, verbose_name=_("intercommunalités couvertes"), related_name="resource_people", blank=True
    )
    communes = models.ManyToManyField(
        Commune, verbose_name=_("communes couvertes"), related_name="resource_people", blank=True
    )
    pays = models.ManyToManyField(Pays, verbose_name=_("Pays couverts"), related_name="resource_people", blank=True)

    objects = ResourcePersonQuerySet.as_manager()  # type: ignore[misc]  # the section's queryset extends ModeratedQuerySet

    class Meta(Moderated.Meta):
        ordering = ["display_name", "id"]
        verbose_name = _("personne ressource")
        verbose_name_plural = _("personnes ressources")
        indexes = [
            models.Index(fields=["status", "display_name"], name="person_status_name"),
            GinIndex(fields=["skills"], name="person_skills"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.slug])

    def skill_labels(self) -> list[str]:
        labels = dict(Skill.choices)
        return [str(labels[skill]) for skill in self.skills if skill in labels]

    def contributor_links(self) -> list[tuple[Any, str]]:
        links = [(_("Modifier mon profil"), reverse("people:profile"))]
        if self.status == Status.PUBLISHED:
            links.insert(0, (_("Voir mon profil"), self.get_absolute_url()))
        return links
