"""Agenda citoyen: the events near you, subscribable as a calendar, with real recurrence."""
