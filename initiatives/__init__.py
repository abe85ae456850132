"""Archipel O Centre: the contributory map of the solidarity initiatives of Centre-Val de Loire."""
