"""Every comment left with an email address, as JSON, for the person who asks."""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comments import privacy


def write_private(path: Path, text: str) -> None:
    """Write `text` to a file only its owner may read (0600), whatever the umask.

    A file that exists already is made private before it is written; a
    symbolic link is not followed (another user's trap in a shared folder).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        os.fchmod(descriptor, 0o600)
        file.write(text)


class Command(BaseCommand):
    help = (
        "Print every comment left with EMAIL as JSON, in UTF-8: article, text, "
        "name, website, status, date, IP address and user agent. The domain is "
        "matched in any case and IDNA form, an ASCII local part in any case; a "
        "non-ASCII local part exactly. With --output, the file is readable by "
        "its owner only."
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
        try:
            write_private(Path(output), data + "\n")
        except OSError as exc:
            raise CommandError(
                _("Could not write {file}: {error}").format(
                    file=output, error=exc.strerror or exc
                )
            ) from exc
        if options["verbosity"] >= 1:
            self.stderr.write(
                ngettext(
                    "%(count)d comment written to %(file)s.",
                    "%(count)d comments written to %(file)s.",
                    len(comments),
                )
                % {"count": len(comments), "file": output}
            )
