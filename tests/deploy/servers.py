"""The site served as production serves it, for the deployment tests: its own
PostgreSQL database with the demo, gunicorn instances, nginx with the
repository's configuration, and a small HTTPS client that keeps cookies."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS = ("127.0.0.1", 6379)
HOST = "news.test"
ORIGIN = f"https://{HOST}"
# Readers' requests come from this address; nginx and gunicorn talk over
# 127.0.0.1, so the two can be told apart in what the site stores.
READER_ADDRESS = "127.0.0.2"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def postgres_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def create_database(name: str) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **POSTGRES) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **POSTGRES) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(database: str, sql: str, *params) -> list[tuple]:
    import psycopg

    with psycopg.connect(dbname=database, **POSTGRES) as db:
        return db.execute(sql, params).fetchall()


def forget_cache(prefix: str) -> None:
    """Delete every Redis key the site wrote under its CACHE_KEY_PREFIX."""
    import redis

    client = redis.Redis(*REDIS)
    keys = list(client.scan_iter(f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


def site_environment(
    database: str, folder: Path, cache_prefix: str, **extra: str
) -> dict[str, str]:
    """The production environment (deploy/newsroom.env.example), pointed at
    this test's database, Redis key prefix and folders."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTEST", "DJANGO_SETTINGS_MODULE"))
    }
    environment.pop("EMAIL_HOST", None)
    environment |= {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": "deployment-test-key-" + "x" * 40,
        "DEBUG": "false",
        "HTTPS": "true",
        "BEHIND_PROXY": "true",
        "COMMENTS_TRUSTED_PROXIES": "1",
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": ORIGIN,
        "SITE_URL": ORIGIN,
        "DATABASE_URL": postgres_url(database),
        "REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/0",
        "CACHE_KEY_PREFIX": cache_prefix,
        "STATIC_ROOT": str(folder / "var" / "static"),
        "MEDIA_ROOT": str(folder / "var" / "media"),
        "MEDIA_STORAGE": "local",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "WARNING",
        # A form posted at once is a robot's; the tests post at once.
        "COMMENTS_MIN_FORM_SECONDS": "0",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }
    return environment


def manage(environment: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"manage.py {args[0]}: {result.stderr[-3000:]}"
    return result.stdout


def shell(environment: dict[str, str], code: str) -> str:
    """What a snippet printed last in `manage.py shell`."""
    return (
        manage(environment, "shell", "--no-imports", "-c", code)
        .strip()
        .splitlines()[-1]
    )


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Gunicorn:
    """One app server: gunicorn with gunicorn.conf.py, its log in a file."""

    port: int
    log: Path
    process: subprocess.Popen | None = None

    def start(self, environment: dict[str, str]) -> None:
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                [GUNICORN, "newsroom.wsgi"],
                cwd=ROOT,
                # One worker: an instance is a server, however many it runs.
                env=environment
                | {"BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": "1"},
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def wait_until_serving(self, deadline: float) -> None:
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, 2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(
                    f"gunicorn on {self.port} did not start:\n{self.log.read_text()}"
                )
            time.sleep(0.2)

    def requests(self) -> list[dict]:
        """The request lines it logged (LOG_FORMAT=json), oldest first."""
        lines = []
        for line in self.log.read_text().splitlines():
            if line.startswith("{"):
                record = json.loads(line)
                if record.get("logger") == "newsroom.requests":
                    lines.append(record)
        return lines

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process, timeout=40)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


@dataclass
class Client:
    """An HTTPS client from the reader's address, keeping its cookies."""

    port: int
    source: str = READER_ADDRESS
    cookies: dict[str, str] = field(default_factory=dict)
    scheme: str = "https"

    def request(
        self,
        method: str,
        path: str,
        data: dict | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        if self.scheme == "https":
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            connection = http.client.HTTPSConnection(
                "127.0.0.1",
                self.port,
                timeout=30,
                context=context,
                source_address=(self.source, 0),
            )
        else:
            connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=30, source_address=(self.source, 0)
            )
        sent = {"Host": HOST, "User-Agent": "Mozilla/5.0 (X11; Linux) Firefox/130"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = ORIGIN
        sent |= headers or {}
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            response = Response(
                raw.status, {k.lower(): v for k, v in raw.getheaders()}, raw.read()
            )
            for header in raw.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
        finally:
            connection.close()
        return response

    def get(self, path: str, **headers: str) -> Response:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, data: dict, **headers: str) -> Response:
        return self.request("POST", path, data=data, headers=headers)


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
            "-days", "2", "-subj", f"/CN={HOST}",
            "-keyout", str(key), "-out", str(certificate),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return certificate, key


def nginx_configuration(
    folder: Path,
    http_port: int,
    https_port: int,
    upstreams: list[int],
    certificate: Path,
    key: Path,
) -> Path:
    """deploy/nginx/newsroom.conf with this test's ports, folders and app
    servers; every replaced value must be found, so the file under test is
    the one in the repository, changed in these places only."""
    site = (ROOT / "deploy" / "nginx" / "newsroom.conf").read_text()
    servers = "".join(
        f"    server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;\n"
        for port in upstreams
    )
    replacements = [
        ("    server 127.0.0.1:8001 max_fails=3 fail_timeout=10s;\n", servers),
        ("/etc/letsencrypt/live/news.example.ma/fullchain.pem", str(certificate)),
        ("/etc/letsencrypt/live/news.example.ma/privkey.pem", str(key)),
        ("news.example.ma", HOST),
        ("/var/cache/nginx/newsroom", str(folder / "nginx-cache")),
        ("/var/log/nginx/newsroom.access.log", str(folder / "nginx-access.log")),
        ("/srv/newsroom/var", str(folder / "var")),
        ("/var/www/letsencrypt", str(folder / "acme")),
        ("    listen [::]:80 default_server;\n", ""),
        ("    listen [::]:80;\n", ""),
        ("    listen [::]:443 ssl http2;\n", ""),
        ("listen 80 default_server;", f"listen 127.0.0.1:{http_port} default_server;"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
    ]
    for old, new in replacements:
        assert old in site, f"deploy/nginx/newsroom.conf no longer has {old!r}"
        site = site.replace(old, new)
    (folder / "newsroom.conf").write_text(site)
    brotli = ""
    if Path("/etc/nginx/modules-enabled/50-mod-http-brotli-filter.conf").exists():
        brotli = f"include {ROOT / 'deploy' / 'nginx' / 'brotli.conf'};"
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / "nginx-temp" / name).mkdir(parents=True, exist_ok=True)
    main = folder / "nginx.conf"
    main.write_text(
        f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
include /etc/nginx/modules-enabled/*.conf;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {folder}/nginx-temp/client_body;
    proxy_temp_path {folder}/nginx-temp/proxy;
    fastcgi_temp_path {folder}/nginx-temp/fastcgi;
    uwsgi_temp_path {folder}/nginx-temp/uwsgi;
    scgi_temp_path {folder}/nginx-temp/scgi;
    {brotli}
    include {folder}/newsroom.conf;
}}
"""
    )
    return main
