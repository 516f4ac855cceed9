"""Every comment left with an email address, as JSON, for the person who asks."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comments import privacy


class Command(BaseCommand):
    help = (
        "Print every comment left with EMAIL (any case) as JSON, in UTF-8: "
        "article, text, name, website, status, date, IP address and user agent."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="the commenter's email address")
        parser.add_argument(
            "-o", "--output", help="write the JSON to this file instead of stdout"
        )

    def handle(self, *args, email: str, output: str | None, **options) -> None:
        try:
            validate_email(email.strip())
        except ValidationError as exc:
            raise CommandError(_("This is not an email address.")) from exc
        comments = privacy.export_comments(email)
        data = json.dumps(comments, ensure_ascii=False, indent=2)
        if output is None:
            self.stdout.write(data)
            return
        Path(output).write_text(data + "\n", encoding="utf-8")
        if options["verbosity"] >= 1:
            self.stderr.write(
                ngettext(
                    "%(count)d comment written to %(file)s.",
                    "%(count)d comments written to %(file)s.",
                    len(comments),
                )
                % {"count": len(comments), "file": output}
            )
