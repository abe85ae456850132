"""50 people registering at once for 20 seats, each on their own database connection, as 50 requests
on the web machines would: the row lock gives exactly 20 seats and 30 places in the queue, in order;
cancelling then promotes exactly one person per freed seat, e-mailed once."""

import threading

import pytest
from django.db import connection, connections

from agenda.registrations.models import Registrant, Registration, Status
from agenda.registrations.services import registrant_cancel, registrant_register, registration_save
from cresol.outbox.models import OutgoingEmail
from tests.factories import UserFactory, make_event

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(count, action):
    """Run action(i) in `count` threads released together, each with its own connection."""
    barrier = threading.Barrier(count)
    errors = []

    def run(index):
        try:
            barrier.wait()
            action(index)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_fifty_at_once_for_twenty_seats_then_cancellations_promote_one_each(reference_data):
    event = make_event(title="Formation coopérative", submitted_by=UserFactory())
    registration = registration_save(event=event, data={"capacity": 20, "waiting_list": True})
    people = [UserFactory(email=f"personne{index}@example.net") for index in range(50)]

    backends = set()

    def register(index):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backends.add(cursor.fetchone()[0])
        registrant_register(
            registration=registration, name=f"P{index}", email=people[index].email, answers={}, user=people[index]
        )

    at_once(50, register)
    assert len(backends) == 50  # 50 real connections, not one shared
    registration.refresh_from_db()
    statuses = list(Registrant.objects.values_list("status", flat=True))
    assert (statuses.count(Status.CONFIRMED), statuses.count(Status.WAITING)) == (20, 30)
    assert (registration.taken, registration.waiting) == (20, 30)
    # Seated first come, first served: every seat was given before any place in the queue.
    last_seated = max(Registrant.objects.seated().values_list("queued_at", flat=True))
    first_waiting = min(Registrant.objects.queue().values_list("queued_at", flat=True))
    assert last_seated <= first_waiting

    # One cancels: exactly the first in the queue is promoted, and e-mailed once.
    first_in_queue = Registrant.objects.queue().first()
    registrant_cancel(registrant=Registrant.objects.seated().first())
    promoted = Registrant.objects.filter(promoted_at__isnull=False)
    assert list(promoted) == [first_in_queue]
    assert OutgoingEmail.objects.filter(recipients=first_in_queue.email, subject__contains="libérée").count() == 1

    # Five cancel at once: five more promoted, each once, the queue's next five in order.
    next_five = list(Registrant.objects.queue()[:5])
    leaving = list(Registrant.objects.seated().exclude(pk=first_in_queue.pk)[:5])
    at_once(5, lambda index: registrant_cancel(registrant=leaving[index]))
    assert set(Registrant.objects.filter(promoted_at__isnull=False)) == {first_in_queue, *next_five}
    registration = Registration.objects.get(pk=registration.pk)
    assert (registration.taken, registration.waiting) == (20, 24)
    assert Registrant.objects.seated().count() == 20
    promoted_mails = OutgoingEmail.objects.filter(subject__contains="libérée")
    assert sorted(promoted_mails.values_list("recipients", flat=True)) == sorted(
        person.email for person in [first_in_queue, *next_five]
    )
