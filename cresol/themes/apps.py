from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "cresol.themes"
    label = "themes"
    verbose_name = "Thématiques"
