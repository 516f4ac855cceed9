"""gunicorn's settings for the site, read from this folder by `gunicorn newsroom.wsgi`.

Used the same way by `make run` and in production; the environment adjusts it
(`BIND`, `WEB_CONCURRENCY`, `GUNICORN_TIMEOUT`).
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers wait on the database: two per core, and one more.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer is stuck: its worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# On a restart (SIGHUP, or a deploy's SIGTERM) workers finish what they serve.
graceful_timeout = 30
keepalive = 5
# Workers are renewed now and then, never all at once: no slow leak grows.
# Seldom, though: a new worker costs most of a CPU-second to load the site, and
# at a spike's rate a few thousand requests go by in seconds.
max_requests = 50_000
max_requests_jitter = 5_000
# One line per request on stdout, with the time it took (microseconds); set
# GUNICORN_ACCESS_LOG empty when the proxy in front keeps the access log.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus'
errorlog = "-"
if os.environ.get("LOG_FORMAT") == "json":
    # The site logs each request as a JSON line, without the reader's address
    # (newsroom/logs.py); gunicorn's own lines are JSON too.
    accesslog = None
    logconfig_dict = {
        "formatters": {"json": {"()": "newsroom.logs.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "gunicorn.error": {
                "level": "INFO",
                "handlers": ["console"],
                "propagate": False,
                "qualname": "gunicorn.error",
            },
            # A logging configuration turns gunicorn's access log on again:
            # its lines, with the reader's address, go nowhere.
            "gunicorn.access": {
                "level": "CRITICAL",
                "handlers": [],
                "propagate": False,
                "qualname": "gunicorn.access",
            },
        },
    }
# The proxy in front (nginx on the same machine) may say the request was https.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker) -> None:
    # The first readers of a new worker wait for nothing: templates compiled,
    # URL patterns read, the loaded code out of the garbage collector's way.
    from newsroom.wsgi import warm_up

    warm_up()
