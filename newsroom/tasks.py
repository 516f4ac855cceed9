"""Background tasks kept in the database and run by a worker process, with retries.

The queue is django-tasks-db, the database backend of Django's own tasks
framework: `task.enqueue()` writes a row, so a task outlives a restart or a
crash of the web process, and `manage.py run_tasks` runs it in a process of its
own. On PostgreSQL each worker claims a task with SELECT … FOR UPDATE SKIP
LOCKED, so several workers never run the same one. SQLite has no row locks:
there a claim takes an exclusive transaction, so workers take turns (enough for
a local site; production runs on PostgreSQL).

What the library leaves to the site is here: a failed task is tried again,
after TASKS_RETRY_SECONDS, then twice that, and so on, TASKS_MAX_ATTEMPTS times
in all; then it stays failed, with its traceback, in the admin. A task that a
worker left running when it died is taken up again when a worker starts. A task
may so run more than once (never at the same time): ours are written to allow it.
"""

from __future__ import annotations

import datetime
import time

from django.conf import settings
from django.db import transaction
from django.tasks import Task, TaskResult, TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

# Finished tasks that succeeded are deleted after this; failed ones are kept.
KEEP_SUCCEEDED = datetime.timedelta(days=7)
PRUNE_EVERY_SECONDS = 3600
ABANDONED = "The worker stopped while this task was running."


def enqueue_after(task: Task, seconds: float) -> TaskResult:
    """Enqueue `task` to run `seconds` from now; at once on a backend that cannot
    defer (the immediate one the tests use)."""
    if task.get_backend().supports_defer:
        task = task.using(
            run_after=timezone.now() + datetime.timedelta(seconds=seconds)
        )
    return task.enqueue()


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long a task that failed `attempts` times waits before its next try."""
    return datetime.timedelta(
        seconds=settings.TASKS_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    )


def retry_or_fail(result: DBTaskResult) -> bool:
    """After a failed attempt: back in the queue for later, or failed for good once
    it had its tries. The error stays on the row: the admin shows why it waits."""
    attempts = len(result.worker_ids)
    if attempts < settings.TASKS_MAX_ATTEMPTS:
        result.status = TaskResultStatus.READY
        result.run_after = timezone.now() + retry_delay(attempts)
        result.finished_at = None
    else:
        result.status = TaskResultStatus.FAILED
        result.finished_at = result.finished_at or timezone.now()
    result.save(update_fields=["status", "run_after", "finished_at", "traceback"])
    return result.status == TaskResultStatus.READY


def requeue_abandoned(backend_name: str, older_than: datetime.timedelta) -> int:
    """Tasks left running by a worker that died: queued again, or failed when they
    had their tries. Returns how many were queued again."""
    started_before = timezone.now() - older_than
    requeued = 0
    with transaction.atomic():
        stale = (
            DBTaskResult.objects.running()
            .filter(backend_name=backend_name, started_at__lt=started_before)
            .select_for_update(skip_locked=True)
        )
        for result in stale:
            result.traceback = ABANDONED
            requeued += retry_or_fail(result)
    return requeued


def prune_succeeded(backend_name: str) -> int:
    """Delete the successful tasks older than KEEP_SUCCEEDED; returns how many."""
    deleted, _ = (
        DBTaskResult.objects.successful()
        .filter(
            backend_name=backend_name, finished_at__lt=timezone.now() - KEEP_SUCCEEDED
        )
        .delete()
    )
    return deleted


class RetryingWorker(Worker):
    """django-tasks-db's worker, which retries failed tasks and prunes old ones."""

    pruned_at = 0.0

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        if db_task_result.status == TaskResultStatus.FAILED:
            retry_or_fail(db_task_result)
        if time.monotonic() - self.pruned_at > PRUNE_EVERY_SECONDS:
            self.pruned_at = time.monotonic()
            prune_succeeded(self.backend_name)
