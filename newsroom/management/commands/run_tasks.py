"""`manage.py run_tasks`: the background worker (mail, view counts), with retries.

django-tasks-db's `db_worker` with the site's worker (newsroom.tasks): the same
options (`--help`), and tasks a dead worker left running are taken up on start.
"""

from __future__ import annotations

import datetime
import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django.utils.translation import ngettext
from django_tasks_db.management.commands import db_worker

from newsroom.tasks import RetryingWorker, requeue_abandoned


class Command(db_worker.Command):
    help = (
        "Run the background tasks stored in the database; failed ones are tried "
        "again with a growing delay."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--abandoned-after",
            type=int,
            default=600,
            help="A task still running after this many seconds when the worker "
            "starts was left by a dead worker: queue it again (default: %(default)r)",
        )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        abandoned_after: int,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        worker = RetryingWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        requeued = requeue_abandoned(
            backend_name, datetime.timedelta(seconds=abandoned_after)
        )
        if requeued:
            self.stdout.write(
                ngettext(
                    "%(count)d task left by a stopped worker is queued again.",
                    "%(count)d tasks left by a stopped worker are queued again.",
                    requeued,
                )
                % {"count": requeued}
            )
        if reload and not batch:
            # Only the reloader's child runs tasks, so only it takes the signals.
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
