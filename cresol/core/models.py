from django.db import models


class DemoLoad(models.Model):
    """Which app's demo content `manage.py setup_demo` has loaded into this database."""

    app_label = models.CharField(max_length=100, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.app_label
