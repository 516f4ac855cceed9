"""`manage.py backup`: the database (pg_dump, custom format) and the media."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from newsroom import backups


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database (pg_dump, custom format) and every media "
        "file (a tar) into a folder, keeping the newest backups there. Run it "
        "daily (deploy/systemd/newsroom-backup.timer); `manage.py restore` reads "
        "both files back."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=None,
            help="where to write the backup (default: BACKUP_DIR)",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="backups kept in that folder, the newest (default: BACKUP_KEEP; "
            "0 keeps all)",
        )

    def handle(
        self, *args, output_dir: Path | None, keep: int | None, **options
    ) -> None:
        keep = settings.BACKUP_KEEP if keep is None else keep
        if keep < 0:
            raise CommandError(_("--keep must be 0 or more."))
        try:
            database, media = backups.back_up(
                output_dir or Path(settings.BACKUP_DIR), keep=keep
            )
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            self.stdout.write(str(database))
            self.stdout.write(str(media))
