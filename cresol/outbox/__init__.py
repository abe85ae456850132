"""The outbox: every e-mail the portal writes is stored here and delivered by a background task.

A request (a moderation click, a sign-up) never waits for the mail server: the "default" mailer only
queues the message, in the request's transaction; the worker delivers it through the "delivery" mailer,
retrying while the server is down, and never twice once it has gone.
"""
