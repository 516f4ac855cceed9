"""The durable task queue: stored, kept across restarts, run once, retried, then
kept as failed (newsroom/tasks.py)."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus, task
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from newsroom import tasks
from tests.helpers import DURABLE_TASKS, run_due_tasks

pytestmark = pytest.mark.django_db

CALLS: list[str] = []


@task
def remember(word: str) -> str:
    CALLS.append(word)
    return word


@task
def always_fails() -> None:
    CALLS.append("tried")
    raise ConnectionRefusedError("mail server down")


@pytest.fixture(autouse=True)
def durable(settings):
    settings.TASKS = DURABLE_TASKS
    settings.TASKS_MAX_ATTEMPTS = 3
    settings.TASKS_RETRY_SECONDS = 0
    CALLS.clear()
    yield
    CALLS.clear()


def test_an_enqueued_task_is_stored_and_not_run_in_the_request():
    result = remember.enqueue("خبر")
    stored = DBTaskResult.objects.get()
    assert str(stored.id) == result.id
    assert stored.status == TaskResultStatus.READY
    assert CALLS == []


def test_a_stored_task_survives_a_restart_and_runs_once():
    result = remember.enqueue("خبر")
    # A new process: nothing of the first backend is left in memory.
    restarted = DatabaseBackend("default", DURABLE_TASKS["default"])
    assert restarted.get_result(result.id).status == TaskResultStatus.READY

    run_due_tasks()
    run_due_tasks()

    assert CALLS == ["خبر"]
    done = restarted.get_result(result.id)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == "خبر"


def test_a_failing_task_is_tried_again_then_kept_failed_with_its_error():
    result = always_fails.enqueue()
    run_due_tasks()
    assert CALLS == ["tried"] * 3
    failed = DBTaskResult.objects.get(pk=result.id)
    assert failed.status == TaskResultStatus.FAILED
    assert len(failed.worker_ids) == 3
    assert "mail server down" in failed.traceback


def test_a_failed_attempt_waits_longer_each_time(settings):
    settings.TASKS_RETRY_SECONDS = 30
    result = always_fails.enqueue()
    run_due_tasks()
    waiting = DBTaskResult.objects.get(pk=result.id)
    assert waiting.status == TaskResultStatus.READY
    first_wait = waiting.run_after - timezone.now()
    assert datetime.timedelta(seconds=25) < first_wait <= datetime.timedelta(seconds=30)
    assert "mail server down" in waiting.traceback  # shown while it waits

    run_due_tasks()  # not due yet
    assert CALLS == ["tried"]
    assert [tasks.retry_delay(n).seconds for n in (1, 2, 3)] == [30, 60, 120]


def test_a_deferred_task_waits_for_its_time():
    later = timezone.now() + datetime.timedelta(minutes=5)
    remember.using(run_after=later).enqueue("لاحقا")
    run_due_tasks()
    assert CALLS == []
    DBTaskResult.objects.update(run_after=timezone.now())
    run_due_tasks()
    assert CALLS == ["لاحقا"]


def test_a_task_left_running_by_a_dead_worker_is_queued_again():
    result = remember.enqueue("خبر")
    stored = DBTaskResult.objects.get(pk=result.id)
    stored.claim("dead-worker")
    DBTaskResult.objects.update(started_at=timezone.now() - datetime.timedelta(hours=1))

    assert tasks.requeue_abandoned("default", datetime.timedelta(minutes=10)) == 1
    run_due_tasks()

    assert CALLS == ["خبر"]
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_task_still_running_recently_is_left_to_its_worker():
    remember.enqueue("خبر")
    DBTaskResult.objects.get().claim("busy-worker")
    assert tasks.requeue_abandoned("default", datetime.timedelta(minutes=10)) == 0
    assert DBTaskResult.objects.get().status == TaskResultStatus.RUNNING


def test_old_successful_tasks_are_pruned_and_failed_ones_kept():
    remember.enqueue("قديم")
    always_fails.enqueue()
    run_due_tasks()
    long_ago = timezone.now() - tasks.KEEP_SUCCEEDED - datetime.timedelta(days=1)
    DBTaskResult.objects.update(finished_at=long_ago)
    assert tasks.prune_succeeded("default") == 1
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED


@pytest.mark.django_db(transaction=True)  # the worker commits, as in production
def test_run_tasks_command_runs_what_is_due(monkeypatch):
    # The worker's signal handlers are for a real process, not the test run.
    monkeypatch.setattr(tasks.RetryingWorker, "configure_signals", lambda self: None)
    remember.enqueue("خبر")
    call_command(
        "run_tasks", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO()
    )
    assert CALLS == ["خبر"]


def test_failed_task_is_listed_in_the_admin(editor_client):
    always_fails.enqueue()
    run_due_tasks()
    listing = editor_client.get(reverse("admin:newsroom_backgroundtask_changelist"))
    assert "always_fails" in listing.content.decode()
    task_id = DBTaskResult.objects.get().pk
    detail = editor_client.get(
        reverse("admin:newsroom_backgroundtask_change", args=[task_id])
    )
    assert detail.status_code == 200
    assert "ConnectionRefusedError: mail server down" in detail.content.decode()
