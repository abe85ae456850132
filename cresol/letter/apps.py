from django.apps import AppConfig


class LetterConfig(AppConfig):
    name = "cresol.letter"
    label = "letter"
    verbose_name = "La lettre du Cré-sol"

    def ready(self) -> None:
        from cresol.moderation.registry import grant_to_moderators

        from .models import Letter, Subscriber

        # The staff who moderate also review and send the letter, and manage its subscribers.
        grant_to_moderators(Letter)
        grant_to_moderators(Subscriber, actions=("view", "delete"))
