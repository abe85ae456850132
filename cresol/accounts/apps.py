from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cresol.accounts"
    label = "accounts"
    verbose_name = "Comptes"
