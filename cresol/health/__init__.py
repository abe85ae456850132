"""The portal's health, for staff: partner sources, e-mails, background jobs and webhooks that fail,
on one admin page and in a weekly e-mail to the moderators when something does."""
