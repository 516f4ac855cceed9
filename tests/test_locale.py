"""Moroccan Arabic everywhere: dates, the admin and its calendar, the catalogues."""

from __future__ import annotations

import ast
import datetime
import json
import re
import shutil
import subprocess
from gettext import GNUTranslations
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import django
import pytest
from django.conf import settings
from django.contrib import admin
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext, pgettext

from newsroom import upstream_strings
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    CommentFactory,
    EventFactory,
    PlaceFactory,
    PositionFactory,
    TagFactory,
)
from tests.live.factories import LiveCoverageFactory, LiveUpdateFactory

MOROCCAN_MONTHS = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
]
# What Django's stock `ar` says for the months that differ in Morocco.
MASHRIQ_MONTHS = ["مايو", "يوليو", "أغسطس", "سبتمبر", "نوفمبر", "ديسمبر", "إبريل"]
CASABLANCA = ZoneInfo("Africa/Casablanca")
CATALOGUES = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES"
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%s|\{\}")


@pytest.fixture(autouse=True)
def _arabic():
    with translation.override("ar"):
        yield


# F: MONTHS, E: MONTHS_ALT, N: MONTHS_AP, b and M: MONTHS_3, each its own msgids.
@pytest.mark.parametrize("format_char", ["F", "E", "N", "b", "M"])
def test_every_month_is_named_the_moroccan_way(format_char):
    names = [date_filter(datetime.date(2025, m, 1), format_char) for m in range(1, 13)]
    assert names == MOROCCAN_MONTHS


def test_date_time_reads_day_month_year_then_24_hour_time():
    when = datetime.datetime(2025, 10, 24, 16, 5, tzinfo=CASABLANCA)
    assert formats.date_format(when, "DATETIME_FORMAT") == "24 أكتوبر 2025، 16:05"


def test_long_date_uses_the_moroccan_month():
    day = datetime.date(2025, 8, 7)
    assert formats.date_format(day, "DATE_FORMAT") == "7 غشت 2025"
    assert formats.date_format(day, "YEAR_MONTH_FORMAT") == "غشت 2025"
    assert formats.date_format(day, "MONTH_DAY_FORMAT") == "7 غشت"


def test_time_is_on_a_24_hour_clock_without_am_pm():
    evening = datetime.time(21, 30)
    assert formats.time_format(evening, "TIME_FORMAT") == "21:30"


def test_short_date_is_day_slash_month_slash_year():
    when = datetime.datetime(2025, 3, 9, 8, 0, tzinfo=CASABLANCA)
    assert formats.date_format(when, "SHORT_DATE_FORMAT") == "09/03/2025"
    assert formats.date_format(when, "SHORT_DATETIME_FORMAT") == "09/03/2025 08:00"


def test_week_starts_on_monday():
    assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


def in_arabic(message: str | Promise) -> str:
    """The message as the site shows it now: gettext_noop strings are only marked."""
    if isinstance(message, Promise):
        # An ngettext_lazy with a named count renders only once given the count.
        return str(message) or message % {"count": 5}
    return gettext(message)


@pytest.mark.parametrize(
    "group",
    [
        "MONTHS",
        "MONTHS_3",
        "MONTHS_AP",
        "MONTHS_ALT",
        "MISSING",
        "ENGLISH_IN_DJANGO_AR",
    ],
)
def test_django_strings_listed_for_makemessages_are_in_arabic(group):
    for message in getattr(upstream_strings, group):
        text = PLACEHOLDER.sub("", in_arabic(message))
        assert not LATIN_WORD.search(text), f"{message!r} → {text!r}"


def js_catalog(response) -> tuple[dict, dict]:
    """The translations and formats a JavaScriptCatalog response hands the page."""
    source = response.content.decode()
    catalog = re.search(r"const newcatalog = (\{.*?\});", source, re.S)[1]
    formats_ = re.search(r"django\.formats = (\{.*?\});", source, re.S)[1]
    return json.loads(catalog), json.loads(formats_)


DJANGO = Path(django.__file__).parent
# Where the admin's strings come from: the core (forms, validators, dates,
# pagination) and the contrib apps installed here that have a catalogue.
ADMIN_CATALOGUES = ["conf", "contrib/admin", "contrib/auth", "contrib/contenttypes"]
# Identifiers and punctuation that Arabic writes the same way.
SAME_IN_ARABIC = {
    "IPv4",
    "IPv6",
    ":?.!",
    ":",
    "%(truncated_text)s…",
    "%(class_name)s %(instance)s",
}


def source_messages(path: Path) -> list[dict[str, str]]:
    """The msgctxt, msgid and msgid_plural of each entry of a .po file."""
    messages = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, field = {}, None
        for line in block.splitlines():
            keyword = re.match(r"(msgctxt|msgid_plural|msgid|msgstr\S*) ", line)
            if keyword:
                field = keyword[1]
                line = line[keyword.end() :]
            if line.startswith('"') and not field.startswith("msgstr"):
                fields[field] = fields.get(field, "") + ast.literal_eval(line)
        if fields.get("msgid"):
            messages.append(fields)
    return messages


def english_catalogue(app: str, domain: str) -> Path:
    return DJANGO / app / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"


@pytest.mark.parametrize("app", ADMIN_CATALOGUES)
def test_every_django_string_the_admin_can_show_has_arabic(app):
    english = []
    for message in source_messages(english_catalogue(app, "django")):
        msgid = message["msgid"]
        if "msgid_plural" in message:
            plural = message["msgid_plural"]
            forms = {ngettext(msgid, plural, n) for n in (0, 1, 2, 3, 11, 100)}
            untranslated = bool(forms & {msgid, plural})
        elif "msgctxt" in message:
            untranslated = pgettext(message["msgctxt"], msgid) == msgid
        else:
            untranslated = gettext(msgid) == msgid
        if untranslated and msgid not in SAME_IN_ARABIC:
            english.append(msgid)
    assert english == [], "add them to newsroom/upstream_strings.py and locale/ar"


def test_every_admin_javascript_string_has_arabic(editor_client):
    catalog, _ = js_catalog(editor_client.get(reverse("admin:jsi18n")))
    english = []
    for message in source_messages(english_catalogue("contrib/admin", "djangojs")):
        key = message["msgid"]
        if "msgctxt" in message:
            key = f"{message['msgctxt']}\x04{key}"
        arabic = catalog.get(key)
        if not arabic or ("msgid_plural" in message and not all(arabic)):
            english.append(key)
    assert english == [], "add them to newsroom/upstream_strings.js and locale/ar"


@pytest.mark.parametrize("who", ["admin", "site"])
def test_javascript_calendar_names_months_the_moroccan_way(who, client, editor_client):
    if who == "admin":
        response = editor_client.get(reverse("admin:jsi18n"))
    else:
        response = client.get(reverse("javascript-catalog"))
    assert response.status_code == 200
    catalog, js_formats = js_catalog(response)

    assert [catalog[m] for m in ("August", "September")] == ["غشت", "شتنبر"]
    short = [f"abbrev. month {m}\x04{m[:3]}" for m in ("August", "September")]
    assert [catalog[key] for key in short] == ["غشت", "شتنبر"]
    shown = json.dumps(catalog, ensure_ascii=False)
    assert "أغسطس" not in shown
    assert "سبتمبر" not in shown
    assert catalog["%(month)s %(day)s, %(year)s"] == "%(day)s %(month)s %(year)s"
    assert js_formats["FIRST_DAY_OF_WEEK"] == 1


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs msgfmt (gettext)")
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_catalogue_matches_its_source(domain, tmp_path):
    fresh = tmp_path / f"{domain}.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", fresh, CATALOGUES / f"{domain}.po"], check=True
    )
    with fresh.open("rb") as new, (CATALOGUES / f"{domain}.mo").open("rb") as old:
        expected = GNUTranslations(new)._catalog
        committed = GNUTranslations(old)._catalog
    assert committed == expected, "run bin/update-catalogue and commit the .mo"


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes, labels, tooltips, hints."""

    SPOKEN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.texts: list[str] = []
        self.alts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.hidden += 1
        for name, value in attrs:
            if name in self.SPOKEN_ATTRIBUTES and value:
                (self.alts if name == "alt" else self.texts).append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(data.strip())


# Django 6.1 writes these image alts in English with no gettext call (the
# boolean icons of admin_list._boolean_icon): screen readers only, and no
# catalogue or template can reach them. (The search icon's is translated by
# templates/admin/search_form.html.)
UNTRANSLATABLE_ALTS = {"True", "False", "None"}
# A secret shown in part: "d74bfe******".
MASKED = re.compile(r"\S*\*{4,}")
URL = re.compile(r"\S+@\S+|https?://\S+|/\S*/")


# What the admin's permission checks see of a superuser's request.
SUPERUSER_REQUEST = SimpleNamespace(user=SimpleNamespace(has_perm=lambda *args: True))


def admin_pages() -> list:
    pages = [pytest.param("admin:index", id="index")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        # A list only, where nobody adds by hand (the background tasks).
        views = ["changelist"]
        if model_admin.has_add_permission(SUPERUSER_REQUEST):
            views.append("add")
        for view in views:
            name = f"admin:{opts.app_label}_{opts.model_name}_{view}"
            pages.append(pytest.param(name, id=f"{opts.label_lower}-{view}"))
    return pages


@pytest.fixture
def one_of_everything(editor):
    """A row in every list, so that column titles, filters and icons render."""
    article = ArticleFactory(
        published_at=datetime.datetime(2025, 8, 7, 16, 5, tzinfo=CASABLANCA),
        tags=[TagFactory()],
    )
    AttendeeFactory(article=article)
    PositionFactory()
    EventFactory()
    PlaceFactory()
    comment = CommentFactory(article=article)
    return [editor.get_username(), editor.email, comment.email]


def english_on(response, ours: list[str]) -> list[str]:
    """The texts of an admin page with a Latin word not of our own content."""
    page = VisibleText()
    page.feed(response.content.decode())

    english = []
    alts = [alt for alt in page.alts if alt not in UNTRANSLATABLE_ALTS]
    for text in page.texts + alts:
        for content in sorted(ours, key=len, reverse=True):
            text = text.replace(content, "")
        text = MASKED.sub("", text)
        if LATIN_WORD.search(PLACEHOLDER.sub("", URL.sub("", text))):
            english.append(text)
    return english


@pytest.mark.parametrize("url_name", admin_pages())
def test_admin_page_shows_no_english(url_name, editor_client, one_of_everything):
    response = editor_client.get(reverse(url_name))
    assert response.status_code == 200
    english = english_on(response, one_of_everything)
    assert english == [], "\n".join(english)


def test_change_delete_and_history_pages_show_no_english(
    editor, editor_client, one_of_everything
):
    """For every model with a row: its change form, the delete confirmation
    (links to other rows included) and its history."""
    coverage = LiveCoverageFactory()
    LiveUpdateFactory(coverage=coverage)
    walked, english = 0, {}
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        opts = model._meta
        for view in ("change", "delete", "history"):
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk]
            )
            response = editor_client.get(url)
            if response.status_code == 403:
                continue  # nobody deletes it (a correction, a task)
            assert response.status_code == 200, url
            walked += 1
            # The user's page summarises the password hash: its algorithm's
            # name and masked parts (content, not words).
            ours = [*one_of_everything, editor.password.split("$")[0]]
            if found := english_on(response, ours):
                english[url] = found
    assert walked >= 30
    assert english == {}


def test_admin_article_list_dates_name_the_moroccan_month(
    editor_client, one_of_everything
):
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    page = response.content.decode()
    assert "7 غشت 2025، 16:05" in page
    assert not any(name in page for name in MASHRIQ_MONTHS)
