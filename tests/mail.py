"""Mail settings the tests switch to."""

# The worker's delivery mailer pointed at a port where nothing listens: every send is refused.
REFUSING_DELIVERY = {
    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
}
