from django.db import models

from cresol.moderation.models import Moderated


class Proposal(Moderated):
    title = models.CharField("titre", max_length=100)

    class Meta(Moderated.Meta):
        verbose_name = "proposition"
        verbose_name_plural = "propositions"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"/propositions/{self.pk}/"
