"""Personnes ressources: members who offer their help as local cooperation facilitators (proposal 6)."""
