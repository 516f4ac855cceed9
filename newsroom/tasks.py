"""A task backend that runs tasks on a small thread pool in the web process.

Django ships an immediate backend (runs in the request) and a dummy one. Mail to
moderators must never make a reader wait or fail, and this site needs no queue
service for it: a failed task is logged and forgotten. A site that wants
retries plugs in a real worker backend through the TASKS setting.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from django.db import close_old_connections, connections
from django.tasks.backends.immediate import ImmediateBackend
from django.tasks.base import TaskResult, TaskResultStatus
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)


class ThreadPoolBackend(ImmediateBackend):
    supports_async_task = False

    def __init__(self, alias, params):
        super().__init__(alias, params)
        self.executor = ThreadPoolExecutor(
            max_workers=params.get("OPTIONS", {}).get("workers", 2),
            thread_name_prefix=f"tasks-{alias}",
        )

    def enqueue(self, task, args, kwargs) -> TaskResult:
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_string(32),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        self.executor.submit(self._run, result)
        return result

    def _run(self, result: TaskResult) -> None:
        close_old_connections()
        try:
            self._execute_task(result)
        except Exception:  # _execute_task records failures; this is a last guard
            logger.exception("Task %s failed", result.task.name)
        finally:
            connections.close_all()
