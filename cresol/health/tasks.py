"""The weekly e-mail to the moderators when something fails, and the clean-up of old job errors."""

from procrastinate.contrib.django import app

from . import checks, services


@app.periodic(cron="30 6 * * 1")  # Monday, 7:30 in Paris in winter: before the week's first moderation
@app.task(name="health.weekly_summary", queueing_lock="health.weekly_summary", lock="health.weekly_summary")
def weekly_summary(timestamp: int) -> None:
    from cresol.moderation.notifications import moderator_addresses

    services.job_errors_prune()
    services.health_summary_send(report=checks.health_report(), recipients=moderator_addresses())
