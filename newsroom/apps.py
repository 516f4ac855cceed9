"""The project package as an app: its formats, commands and translations."""

from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """Project-wide pieces: formats, Arabic text helpers, the auth admin in Arabic."""

    name = "newsroom"
    verbose_name = "Newsroom"
