"""Veille partagée: a shared, curated watch feed fed by RSS/Atom sources and members' links."""
