from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "agenda.registrations"
    label = "registrations"
    verbose_name = "Inscriptions aux événements"

    def ready(self) -> None:
        from cresol.core.blocks import Block, Place, register
        from cresol.core.memberpages import register_slot
        from cresol.moderation import registry

        from . import blocks, slots
        from .models import Registrant, Registration

        register(Block(Place.MEMBER, "registrations", "registrations/_member_block.html", blocks.of_member, order=12))
        register_slot("registration", "registrations/_slot.html", slots.registration_slot)
        # Moderators see every registration (the organiser's view, in the admin) and may close one.
        registry.grant_to_moderators(Registration, actions=("view", "change"))
        registry.grant_to_moderators(Registrant, actions=("view",))
