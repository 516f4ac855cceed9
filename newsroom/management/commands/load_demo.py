"""Load the demo site: the articles app's content, then readers' comments on it.

The project's command, where both apps meet: `articles` knows nothing of
comments, and the comments demo needs the articles to exist.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation
from django.utils.encoding import uri_to_iri
from django.utils.translation import gettext as _

from articles.demo import ArticlesDemo, DemoWriter
from articles.demo_data import ADMIN_USERNAME
from comments.demo import CommentsDemo
from live import demo as live_demo
from newsroom.demo import load_view_history


class Command(BaseCommand):
    help = (
        "Load a small demo site: sections, places, organizations, officials, "
        "one reported meeting, about a dozen articles and readers' comments. "
        "Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--admin-password",
            help=(
                f'Create the superuser "{ADMIN_USERNAME}" with this password, or '
                "set it on the existing one. Without it an existing password is "
                "kept and no superuser is created."
            ),
        )

    def handle(self, *args: Any, admin_password: str | None, **options: Any) -> None:
        # Editors read this output: in the site's language, whatever the shell's
        # or a caller's active language is.
        with translation.override(settings.LANGUAGE_CODE):
            self.load(admin_password, verbose=options["verbosity"] >= 2)

    def load(self, admin_password: str | None, verbose: bool) -> None:
        if admin_password is not None and not admin_password.strip():
            raise CommandError(_("The admin password cannot be empty."))
        writer = DemoWriter(say=self.say if verbose else None)
        articles, comments = ArticlesDemo(writer), CommentsDemo(writer)
        with transaction.atomic():
            site = articles.load(admin_password)
            comments.load(site.site_voice)
            live_demo.load(writer, site)
            load_view_history()
        self.stdout.write(self.style.SUCCESS(_("Demo content loaded.")))
        for line in [*articles.summary(), *comments.summary()]:
            self.say(line)
        self.stdout.write(site.admin_message)
        self.stdout.write(
            _("Reference article: {url}").format(
                url=uri_to_iri(site.reference.get_absolute_url())
            )
        )

    def say(self, line: str) -> None:
        self.stdout.write(f"  {line}")
