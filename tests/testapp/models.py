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


class TaskRun(models.Model):
    """A row per run of a test task (tests/testapp/tasks.py), to count runs across worker processes."""

    task = models.CharField(max_length=50)
    timestamp = models.BigIntegerField(null=True)
    worker = models.CharField(max_length=50, blank=True)

    def __str__(self):
        return f"{self.task} {self.timestamp}"
