"""One moderation mechanism for every section: statuses, allowed transitions, audit log and e-mails.

A section makes its model moderated by inheriting `Moderated`, registering it with
`cresol.moderation.registry.register`, and using `ModerationAdminMixin` in its admin. Status changes go
through the services in `services.py` only, so that every decision is checked, logged and notified.
"""
