"""The organiser's list as CSV, for a French spreadsheet: semicolons, a BOM so that accents read right,
dates as the French write them, and every cell made safe from formulas (cresol.core.spreadsheet)."""

import io

from django.utils import timezone

from cresol.core.spreadsheet import SafeWriter

from .models import Registration, Status

ORDER: dict[str, int] = {Status.CONFIRMED: 0, Status.WAITING: 1, Status.PENDING: 2}


def as_csv(registration: Registration) -> str:
    output = io.StringIO()
    writer = SafeWriter(output, delimiter=";", lineterminator="\r\n")
    questions = [question["label"] for question in registration.questions]
    writer.writerow(["Nom", "E-mail", "Statut", "Position en liste d'attente", "Inscrit·e le", *questions])
    people = sorted(
        registration.registrants.all(),
        key=lambda person: (ORDER[person.status], person.queued_at or person.created_at, person.pk),
    )
    position = 0
    for person in people:
        waiting = person.status == Status.WAITING
        position += waiting
        when = timezone.localtime(person.queued_at or person.created_at)
        answers = {item["question"]: item.get("answer", "") for item in person.answers}
        writer.writerow(
            [
                person.name,
                person.email,
                person.get_status_display(),
                position if waiting else "",
                f"{when:%d/%m/%Y %H:%M}",
                *(answers.get(label, "") for label in questions),
            ]
        )
    return "\ufeff" + output.getvalue()
