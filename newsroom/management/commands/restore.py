"""`manage.py restore`: a backup into an empty database and an empty media storage."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from newsroom import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: the database dump into the "
        "configured database, which must be empty (created, never migrated), and "
        "the media archive into the media folder or bucket, which must be empty."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--database", type=Path, help="the .dump file (pg_dump, custom format)"
        )
        parser.add_argument("--media", type=Path, help="the -media.tar file")

    def handle(
        self, *args, database: Path | None, media: Path | None, **options
    ) -> None:
        if database is None and media is None:
            raise CommandError(_("Name a --database dump, a --media archive or both."))
        try:
            # Both are checked for emptiness before either is written.
            if media is not None and next(backups.media_names(), None) is not None:
                raise backups.BackupError(
                    _(
                        "The media storage is not empty: restore into an empty "
                        "folder or bucket."
                    )
                )
            if database is not None:
                backups.restore_database(database)
            if media is not None:
                count = backups.restore_media(media)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            if database is not None:
                self.stdout.write(
                    _("Database restored from {path}.").format(path=database)
                )
            if media is not None:
                self.stdout.write(
                    ngettext(
                        "%(count)d media file restored.",
                        "%(count)d media files restored.",
                        count,
                    )
                    % {"count": count}
                )
