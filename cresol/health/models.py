"""What the worker remembers of its jobs, beyond what procrastinate keeps (that a job failed, not why)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskRecord(models.Model):
    """The last run of each task, written by the worker's middleware (jobs.py) after every job."""

    task_name = models.CharField(_("tâche"), max_length=128, unique=True)
    last_started_at = models.DateTimeField(_("dernier lancement"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("dernière fin"), null=True, blank=True)
    last_succeeded_at = models.DateTimeField(_("dernière réussite"), null=True, blank=True)
    last_failed_at = models.DateTimeField(_("dernier échec"), null=True, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    failures_in_a_row = models.PositiveIntegerField(_("échecs consécutifs"), default=0)

    class Meta:
        ordering = ["task_name"]
        verbose_name = _("suivi d'une tâche")
        verbose_name_plural = _("suivi des tâches")

    def __str__(self) -> str:
        return self.task_name

    @property
    def failed_last(self) -> bool:
        return self.failures_in_a_row > 0


class JobError(models.Model):
    """Why a job's last attempt failed: shown beside procrastinate's failed jobs, kept while the job is."""

    job_id = models.BigIntegerField(_("numéro de la tâche"), unique=True)
    task_name = models.CharField(_("tâche"), max_length=128)
    error = models.TextField(_("erreur"))
    at = models.DateTimeField(_("le"))

    class Meta:
        verbose_name = _("erreur d'une tâche")
        verbose_name_plural = _("erreurs des tâches")

    def __str__(self) -> str:
        return f"{self.task_name} #{self.job_id}"
