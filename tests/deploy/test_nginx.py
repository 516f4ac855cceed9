"""nginx with deploy/nginx/newsroom.conf in front of two gunicorn instances
sharing one PostgreSQL database and one Redis: what several app servers must
get right, proved over real HTTPS from a reader's own address."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.deploy import servers
from tests.deploy.conftest import Deployment

pytestmark = pytest.mark.nginx

DRAFT_TITLE = "خبر تجريبي ينتظر النشر من مكتب التحرير"


@dataclass
class Site:
    deployment: Deployment
    instances: list[servers.Gunicorn]
    https: int
    http: int
    nginx: subprocess.Popen
    # The demo's reference article, which takes comments.
    article: str

    def client(self, **options) -> servers.Client:
        return servers.Client(self.https, **options)

    def served_by(self, before: list[int], method: str, path: str) -> int:
        """Which instance logged `method path` since the counts in `before`."""
        found = [
            n
            for n, instance in enumerate(self.instances)
            if any(
                line["method"] == method and line["path"] == path
                for line in instance.requests()[before[n] :]
            )
        ]
        assert len(found) == 1, f"{method} {path} served by {found}"
        return found[0]

    def counts(self) -> list[int]:
        return [len(instance.requests()) for instance in self.instances]

    def next_upstream(self, wanted: int, client: servers.Client) -> None:
        """Make nginx's round robin send the next request to instance `wanted`:
        probes go through until one lands on the other instance."""
        for _ in range(4):
            before = self.counts()
            assert client.get("/healthz").status == 200
            if self.served_by(before, "GET", "/healthz") != wanted:
                return
        raise AssertionError("nginx does not alternate between the instances")


@pytest.fixture(scope="module")
def site(deployment: Deployment):
    nginx = servers.nginx_binary()
    if nginx is None:
        pytest.skip(
            "needs nginx (`.ci/run` installs it as root: bin/ensure-nginx; "
            "otherwise apt-get install nginx-light)"
        )
    folder = deployment.folder
    article = servers.shell(
        deployment.environment,
        f"""
from articles.models import Article
reference = Article.objects.published().order_by("pk").first()
Article.objects.create(
    title={DRAFT_TITLE!r}, slug="draft-for-deploy-test", lede=reference.lede,
    body=reference.body, section=reference.section, status=Article.Status.DRAFT,
)
print(reference.get_absolute_url())  # percent-encoded already
""",
    )
    instances = [
        servers.Gunicorn(servers.free_port(), folder / f"gunicorn-{n}.log")
        for n in range(2)
    ]
    http_port, https_port = servers.free_port(), servers.free_port()
    certificate, key = servers.self_signed_certificate(folder)
    configuration = servers.nginx_configuration(
        folder,
        http_port,
        https_port,
        [instance.port for instance in instances],
        certificate,
        key,
    )
    nginx_process = None
    try:
        for instance in instances:
            instance.start(deployment.environment)
        deadline = time.monotonic() + 90
        for instance in instances:
            instance.wait_until_serving(deadline)
        nginx_process = subprocess.Popen(
            [
                nginx,
                "-c",
                str(configuration),
                "-e",
                str(folder / "nginx-error.log"),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=(folder / "nginx-stderr.log").open("wb"),
        )
        while not servers.answers("127.0.0.1", https_port):
            if nginx_process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(
                    "nginx did not start: " + (folder / "nginx-stderr.log").read_text()
                )
            time.sleep(0.1)
        yield Site(deployment, instances, https_port, http_port, nginx_process, article)
    finally:
        if nginx_process is not None:
            servers.stop(nginx_process)
        for instance in instances:
            instance.stop()


def wait_for_the_copy_to_expire(made_at: float) -> None:
    """nginx keeps a copy one second, counted in whole seconds: a copy made
    during one second is still served through the next, never longer."""
    time.sleep(max(0.0, made_at + 2.05 - time.monotonic()))


def log_in(site: Site, username: str = "editor") -> servers.Client:
    client = site.client()
    assert client.get("/admin/login/").status == 200
    response = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": username,
            "password": site.deployment.password,
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
            "next": "/admin/",
        },
        Referer=f"{servers.ORIGIN}/admin/login/",
    )
    assert response.status == 302, response.text[:2000]
    assert "sessionid" in client.cookies
    return client


def article_form(page: str, email: str) -> tuple[str, dict[str, str]]:
    """The comment form's address and fields, as the page served them."""
    action = re.search(r'action="(/comments/post/\d+/)#respond"', page).group(1)
    served = re.search(r'name="served" value="([^"]+)"', page).group(1)
    return action, {
        "name": "قارئة من سطات",
        "email": email,
        "url": "",
        "homepage": "",
        "parent": "",
        "served": served,
    }


def test_static_files_are_served_by_nginx_compressed_and_cached_for_a_year(site):
    home = site.client().get("/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home.text).group(1)
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), stylesheet

    response = site.client().get(stylesheet, **{"Accept-Encoding": "gzip"})

    assert response.status == 200
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["content-encoding"] == "gzip"
    # nginx sent collectstatic's own .gz file: no app server saw the request.
    on_disk = site.deployment.folder / "var" / stylesheet.lstrip("/")
    assert response.body == Path(f"{on_disk}.gz").read_bytes()
    assert not any(
        line["path"] == stylesheet
        for instance in site.instances
        for line in instance.requests()
    )


def test_media_photos_are_served_by_nginx(site):
    home = site.client().get("/")
    photo = re.search(r'src="(/media/[^"]+\.webp)"', home.text).group(1)

    response = site.client().get(photo)

    assert response.status == 200
    assert response.headers["content-type"] == "image/webp"
    assert (
        response.body
        == (site.deployment.folder / "var" / photo.lstrip("/")).read_bytes()
    )
    assert response.headers["x-content-type-options"] == "nosniff"


def test_plain_http_redirects_to_https_which_carries_hsts(site):
    plain = servers.Client(site.http, scheme="http")

    redirect = plain.get("/some/page/?x=1")
    page = site.client().get("/")

    assert redirect.status == 301
    assert redirect.headers["location"] == f"https://{servers.HOST}/some/page/?x=1"
    assert page.status == 200
    assert page.headers["strict-transport-security"].startswith("max-age=31536000")
    # Once, from the site: nginx does not add a second for pages.
    assert page.headers["strict-transport-security"].count("max-age") == 1


def test_a_load_balancer_probing_by_address_over_http_gets_the_health_check(site):
    probe = servers.Client(site.http, scheme="http")

    response = probe.get("/healthz", Host="10.0.0.5")

    assert response.status == 200
    assert response.headers["content-type"] == "application/json"
    assert json.loads(response.body) == {
        "database": "ok",
        "cache": "ok",
        "migrations": "ok",
    }
    # An unknown name gets nothing else: the connection is closed (444).
    with pytest.raises(http.client.RemoteDisconnected):
        probe.get("/", Host="10.0.0.5")


def test_a_page_is_kept_by_nginx_and_shows_a_publication_within_two_seconds(site):
    reader = site.client()
    reader.get("/")
    cached = reader.get("/")
    assert cached.headers["x-micro-cache"] == "HIT"
    assert DRAFT_TITLE not in cached.text
    editor = log_in(site)
    draft = servers.query(
        site.deployment.database,
        "SELECT id FROM articles_article WHERE slug = %s",
        "draft-for-deploy-test",
    )[0][0]

    changelist = "/admin/articles/article/"
    published = editor.post(
        changelist,
        {
            "action": "publish",
            "_selected_action": str(draft),
            "index": "0",
            "csrfmiddlewaretoken": editor.cookies["csrftoken"],
        },
        Referer=f"{servers.ORIGIN}{changelist}",
    )
    assert published.status == 302, published.text[:2000]
    published_at = time.monotonic()
    wait_for_the_copy_to_expire(published_at)
    fresh = reader.get("/")

    assert DRAFT_TITLE in fresh.text
    assert fresh.headers["x-micro-cache"] in {"EXPIRED", "MISS"}
    assert reader.get("/").headers["x-micro-cache"] in {"HIT", "REVALIDATED"}


def test_a_session_made_on_one_instance_works_on_the_other(site):
    client = site.client()
    client.get("/admin/login/")
    site.next_upstream(0, client)
    before = site.counts()
    response = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": "editor",
            "password": site.deployment.password,
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
            "next": "/admin/",
        },
        Referer=f"{servers.ORIGIN}/admin/login/",
    )
    assert response.status == 302
    assert site.served_by(before, "POST", "/admin/login/") == 0

    site.next_upstream(1, client)
    before = site.counts()
    dashboard = client.get("/admin/")

    assert site.served_by(before, "GET", "/admin/") == 1
    assert dashboard.status == 200
    assert 'href="/admin/logout/"' in dashboard.text or "logout" in dashboard.text


def test_staff_and_a_readers_pending_comment_are_never_served_from_the_cache(site):
    staff = log_in(site)
    reader = site.client()
    reader.get("/")
    assert reader.get("/").headers["x-micro-cache"] in {"HIT", "REVALIDATED"}
    article = site.article
    action, form = article_form(reader.get(article).text, "pending@example.com")
    posted = servers.Client(site.https, source="127.0.0.3").post(
        action, form | {"body": "تعليق ينتظر المراجعة ليظهر لكاتبه وحده."}
    )
    assert posted.status == 302, posted.text[:2000]
    pending = posted.headers["location"].removeprefix(servers.ORIGIN)

    staff_views = [staff.get("/") for _ in range(2)]
    pending_views = [reader.get(pending) for _ in range(2)]

    assert [r.headers["x-micro-cache"] for r in staff_views] == ["BYPASS", "BYPASS"]
    assert [r.headers["x-micro-cache"] for r in pending_views] == ["BYPASS", "BYPASS"]
    assert "no-store" in pending_views[0].headers["cache-control"]
    # And the reader after them still gets the readers' copy.
    assert reader.get("/").headers["x-micro-cache"] in {
        "HIT",
        "REVALIDATED",
        "EXPIRED",
    }


def test_a_comment_stores_the_readers_address_not_nginxs(site):
    reader = site.client(source="127.0.0.4")
    article = site.article
    action, form = article_form(reader.get(article).text, "address@example.com")

    posted = reader.post(
        action,
        form | {"body": "تعليق من عنوان القارئ نفسه، لا من عنوان الخادم الوسيط."},
        # Whatever a client writes here is not believed.
        **{"X-Forwarded-For": "198.51.100.7"},
    )

    assert posted.status == 302, posted.text[:2000]
    stored = servers.query(
        site.deployment.database,
        "SELECT ip FROM comments_comment ORDER BY id DESC LIMIT 1",
    )
    assert str(stored[0][0]) == "127.0.0.4"


def test_the_flood_limit_holds_across_both_instances(site):
    reader = site.client(source="127.0.0.5")
    article = site.article
    action, form = article_form(reader.get(article).text, "flood@example.com")
    site.next_upstream(0, reader)
    before = site.counts()
    first = reader.post(action, form | {"body": "أول تعليق من هذا القارئ اليوم."})
    assert first.status == 302, first.text[:2000]
    assert site.served_by(before, "POST", action) == 0

    site.next_upstream(1, reader)
    before = site.counts()
    second = reader.post(action, form | {"body": "تعليق ثان بعد ثوان من الأول."})

    assert site.served_by(before, "POST", action) == 1
    assert second.status == 429


def test_stale_pages_are_served_while_both_app_servers_are_down(site):
    # Last in this module: it stops the app servers.
    reader = site.client()
    home = reader.get("/")
    copied_at = time.monotonic()
    assert home.status == 200
    for instance in site.instances:
        instance.stop()
    wait_for_the_copy_to_expire(copied_at)

    response = reader.get("/")

    assert response.status == 200
    assert response.headers["x-micro-cache"] == "STALE"
    assert response.body == home.body
