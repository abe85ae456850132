"""Builders for test data."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from cresol.moderation.groups import sync_moderators_group
from tests.testapp.models import Proposal

PASSWORD = "un mot de passe solide"


class UserFactory(factory.django.DjangoModelFactory):
    """A member whose e-mail address is verified, so that they can log in and contribute."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"membre{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    display_name = factory.Faker("name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create:
            user.save()
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class ModeratorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def moderators_group(user, create, extracted, **kwargs):
        if create:
            # get-or-create: browser tests empty the tables, the group included, between tests
            user.groups.add(sync_moderators_group())


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Proposition {n}")
    submitted_by = factory.SubFactory(UserFactory)


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A published initiative in Tours by default, with one theme."""

    class Meta:
        model = "initiatives.Initiative"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ressourcerie numéro {n}")
    slug = factory.Sequence(lambda n: f"ressourcerie-numero-{n}")
    summary = "Une ressourcerie qui collecte, répare et revend à petit prix."
    kind = "association"
    commune = factory.LazyFunction(lambda: _commune("37261"))
    point = factory.LazyAttribute(lambda initiative: initiative.commune.point)
    website = "https://ressourcerie.example.org"
    status = "published"
    published_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Its text rendered by the section's service, as every write of an initiative."""
        from initiatives.services import initiative_render

        initiative = model_class(*args, **kwargs)
        initiative_render(initiative=initiative)
        initiative.save()
        return initiative

    @factory.post_generation
    def themes(initiative, create, extracted, **kwargs):
        if not create:
            return
        from cresol.themes.models import Theme

        themes = extracted if extracted is not None else [Theme.objects.get(slug="reemploi-zero-dechet")]
        initiative.themes.set(themes)
        initiative.main_theme = themes[0] if themes else None
        initiative.save()

    @factory.post_generation
    def openings(initiative, create, extracted, **kwargs):
        """As the services do after each save: the open periods the "ouvert maintenant" filter reads."""
        if create and initiative.opening_hours:
            from initiatives.services import initiative_openings_refresh

            initiative_openings_refresh(initiatives=type(initiative).objects.filter(pk=initiative.pk))


def _commune(code: str):
    from cresol.territories.models import Commune

    return Commune.objects.get(code=code)


def make_event(**fields):
    """A published event saved through the service, with its occurrences. Times are Paris wall clock."""
    from datetime import datetime, timedelta

    from agenda.models import Event
    from agenda.recurrence import PARIS
    from agenda.services import event_save
    from cresol.themes.models import Theme

    start = fields.pop("start", None) or datetime.now(PARIS).replace(microsecond=0, second=0) + timedelta(days=3)
    defaults = {
        "title": "Repair café",
        "start": start,
        "end": start + timedelta(hours=2),
        "kind": "atelier",
        "organiser_name": "La Ressourcerie",
        "commune": _commune("37261"),
        "status": "published",
        "published_at": timezone.now(),
    }
    defaults.update(fields)
    if defaults.get("commune") is not None and "point" not in defaults:
        defaults["point"] = defaults["commune"].point
    themes = defaults.pop("themes", [Theme.objects.get(slug="reemploi-zero-dechet")])
    return event_save(event=Event(**defaults), themes=themes)


def make_post(**fields):
    """A published post, saved (so its Markdown is rendered) with its themes."""
    from datetime import timedelta

    from blog.models import Post
    from blog.services import post_render
    from cresol.themes.models import Theme

    author = fields.pop("author", None) or UserFactory()
    themes = fields.pop("themes", [Theme.objects.get(slug="tiers-lieux")])
    tags = fields.pop("tags", [])
    defaults = {
        "title": "Les tiers-lieux du Berry",
        "lead": "Un tour des tiers-lieux.",
        "body": "## Introduction\n\nDu **texte**.",
        "status": "published",
        "published_at": timezone.now(),
        "publish_at": timezone.now() - timedelta(hours=1),
    }
    defaults.update(fields)
    defaults.setdefault("slug", slugify(defaults["title"]))
    post = Post(author=author, submitted_by=author, **defaults)
    post_render(post=post)  # the blog's service renders every write
    post.save()
    post.themes.set(themes)
    post.tags.set(tags)
    return post


def veilleur():
    """A member of the Veilleurs group, whose shares are published at once."""
    from django.contrib.auth.models import Group

    from veille.apps import VEILLEURS_GROUP

    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=VEILLEURS_GROUP)[0])
    return user


def make_share(**fields):
    """A share through the watch's service: published at once when a veilleur shares it (the default)."""
    from veille.services import share_create

    defaults = {
        "url": "https://example.org/guide",
        "title": "Guide du financement solidaire",
        "comment": "Très utile pour les porteurs de projets.",
    }
    defaults.update(fields)
    defaults.setdefault("by", veilleur())
    return share_create(**defaults)


def make_resource(**fields):
    """A published resource through the library's service."""
    from django.utils.text import slugify

    from blog.library.models import Resource
    from blog.library.services import resource_admin_save

    defaults = {
        "title": "Une ressource",
        "slug": None,
        "summary": "Un résumé.",
        "kind": "outil",
        "author_name": "Cré-sol",
        "link": "https://outil.example.org",
        "status": "published",
    }
    defaults.update(fields)
    defaults["slug"] = defaults["slug"] or slugify(defaults["title"])
    defaults.setdefault("published_at", timezone.now())
    themes = defaults.pop("themes", [])
    resource = resource_admin_save(resource=Resource(**defaults))
    resource.themes.set(themes)
    return resource


def make_person(*, published: bool = True, user=None, **fields):
    """A resource person through the directory's service, published by a moderator unless told not."""
    from cresol.moderation.services import moderation_approve
    from cresol.people.services import person_save

    user = user or UserFactory()
    data = {
        "display_name": user.display_name,
        "structure": "",
        "bio": "J'aide les projets collectifs à démarrer.",
        "skills": ["animation"],
        "base_commune": _commune("37261"),
        "departements": [],
        "epcis": [],
        "communes": [],
        "pays": [],
        "themes": [],
    }
    data.update(fields)
    person = person_save(user=user, data=data)
    if published:
        moderation_approve(obj=person, by=ModeratorFactory())
    return person


def make_cooperation(*, published: bool = True, author=None, **fields):
    """A need or an offer through the cooperations' service, published by a moderator unless told not."""
    from datetime import timedelta

    from cresol.moderation.services import moderation_approve
    from initiatives.cooperations.services import cooperation_save

    author = author or UserFactory()
    data = {
        "direction": "besoin",
        "kind": "lieu",
        "title": "Une salle pour nos ateliers",
        "description": "Une salle de 40 m² un samedi par mois.",
        "initiative": None,
        "themes": [],
        "commune": _commune("37261"),
        "scope": "commune",
        "radius_km": None,
        "ends_on": timezone.localdate() + timedelta(days=30),
    }
    data.update(fields)
    if isinstance(data["commune"], str):
        data["commune"] = _commune(data["commune"])
    cooperation = cooperation_save(author=author, data=data)
    if published:
        moderation_approve(obj=cooperation, by=ModeratorFactory())
    return cooperation
