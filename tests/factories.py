"""Builders for test data."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

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
