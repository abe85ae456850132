"""A moderated model that exists only for the tests, until the sections use the mechanism."""
