"""Forget where old comments came from: IP addresses and user agents."""

from __future__ import annotations

import argparse

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comments import privacy
from comments.models import StampUse


class HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's option order, with the description's lines kept as written."""


class Command(BaseCommand):
    help = """\
Clear the IP address and user agent of every comment older than the retention
period (COMMENTS_RETENTION_DAYS, 60 days by default; or --days). Prints nothing
unless -v 2, so it can run every day, from cron:

  17 3 * * * cd /srv/newsroom && .venv/bin/python manage.py comments_forget_network_data

or from a systemd timer (systemctl enable --now newsroom-forget.timer):

  # /etc/systemd/system/newsroom-forget.service
  [Service]
  Type=oneshot
  User=newsroom
  WorkingDirectory=/srv/newsroom
  EnvironmentFile=/srv/newsroom/.env
  ExecStart=/srv/newsroom/.venv/bin/python manage.py comments_forget_network_data

  # /etc/systemd/system/newsroom-forget.timer
  [Timer]
  OnCalendar=daily
  RandomizedDelaySec=1h
  Persistent=true

  [Install]
  WantedBy=timers.target
"""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = HelpFormatter
        return parser

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="keep network data this many days (default: COMMENTS_RETENTION_DAYS)",
        )

    def handle(self, *args, days: int | None, verbosity: int, **options) -> None:
        if days is not None and days < 0:
            raise CommandError(_("--days must be 0 or more."))
        count = privacy.forget_network_data(days)
        # The use counts of form stamps that expired (comments/stamps.py).
        StampUse.objects.forget_expired()
        if verbosity >= 2:
            self.stdout.write(
                ngettext(
                    "IP address and user agent cleared from %(count)d comment.",
                    "IP address and user agent cleared from %(count)d comments.",
                    count,
                )
                % {"count": count}
            )
