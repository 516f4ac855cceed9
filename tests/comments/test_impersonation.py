"""A reader may not comment under a name that looks like a staff member's, the
site's or a reserved one, in whatever script, width or punctuation it is written."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.forms import CommentForm
from tests.factories import UserFactory

IMPERSONATION = "This name belongs to a member of the editorial team."


@pytest.fixture
def staff(db):
    UserFactory(
        username="khadija.alami",
        first_name="Khadija",
        last_name="Alami",
        is_staff=True,
    )
    UserFactory(
        username="editor", first_name="يوسف", last_name="الإدريسي", is_staff=True
    )


def name_errors(article, form_data, name: str) -> list[str]:
    form = CommentForm(form_data(name=name), article=article)
    form.is_valid()
    return [error.code for error in form.errors.as_data().get("name", [])]


@pytest.mark.parametrize(
    "name",
    [
        "Khadija Alami",
        "khadija alami",
        "Кhadija Аlami",  # Cyrillic К and А
        "Khadіja Alamі",  # Cyrillic і
        "Κhadija Αlami",  # Greek Kappa and Alpha
        "ΚΗΑDΙJΑ ΑLΑΜΙ",  # Greek capitals where they look Latin
        "Ｋｈａｄｉｊａ Ａｌａｍｉ",  # full-width
        "Khadija Alami.",
        "Khadija-Alami!",
        "K.h.a.d.i.j.a  A.l.a.m.i",
        "Khadija A1ami",  # digit one for l
        "KHADIJA ALAMI",
        "Khadija",  # a part of the name, long enough to be hers
        "Аlami",
        "khadija.alami",  # the username
        "ЕDITOR",  # Cyrillic Е
        "Edit0r",
        "یوسف الادریسی",  # Persian yeh, alef without hamza
        "يُوسُف  الإدريسـي",  # diacritics, tatweel, double space
        "\u200fيوسف الإدريسي\u200e",
        "الإدريسي",
        "يوسف الإدريسي.",
    ],
)
def test_a_staff_name_written_to_look_alike_is_refused(article, form_data, staff, name):
    assert name_errors(article, form_data, name) == ["impersonation"]


@pytest.mark.parametrize(
    "name",
    [
        "الإدارة",
        "الادارة",
        "هيئة التحرير",
        "هيئة  التحرير.",
        "المحرر",
        "الإدارة العامة",
    ],
)
def test_a_reserved_name_is_refused(article, form_data, name):
    assert name_errors(article, form_data, name) == ["impersonation"]


def test_the_sites_name_is_refused_in_any_form(article, form_data, settings):
    settings.SITE_NAME = "Souss News"
    assert name_errors(article, form_data, "Ѕouss Nеws") == ["impersonation"]
    assert name_errors(article, form_data, "souss-news") == ["impersonation"]


def test_reserved_names_come_from_the_setting(article, form_data, settings):
    settings.COMMENTS_RESERVED_NAMES = ["Rédaction"]
    assert name_errors(article, form_data, "RÉDACTION!") == ["impersonation"]
    assert name_errors(article, form_data, "الإدارة") == []


@pytest.mark.parametrize(
    "name",
    [
        "سعاد العلوي",
        "Souad",
        "يوسف",  # a short part of a staff name: many readers' own
        "Ali",
        "Khadija Bennani",
        "Alamiya",
        "Editorial",
        "محمد الإدريسي",
        "مواطن غيور",
        "👩🏽‍💻",
    ],
)
def test_an_ordinary_name_is_accepted(article, form_data, staff, name):
    assert name_errors(article, form_data, name) == []


def test_a_staff_members_new_name_is_protected_at_once(article, form_data, staff):
    assert name_errors(article, form_data, "Nadia Berrada") == []
    UserFactory(
        username="nadia", first_name="Nadia", last_name="Berrada", is_staff=True
    )
    assert name_errors(article, form_data, "Nadіa Berrada") == ["impersonation"]


def test_checking_a_name_costs_one_query_however_many_staff(article, form_data):
    for n in range(20):
        UserFactory(username=f"staff{n}", first_name=f"Name{n}", is_staff=True)
    with CaptureQueriesContext(connection) as ctx:
        assert name_errors(article, form_data, "Nаme7") == ["impersonation"]
    assert len([q for q in ctx.captured_queries if "auth_user" in q["sql"]]) == 1
