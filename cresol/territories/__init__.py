"""Territories of Centre-Val de Loire: région, départements, EPCI and communes with their outlines."""
