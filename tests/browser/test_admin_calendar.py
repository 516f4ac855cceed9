"""The admin's date picker speaks Moroccan Arabic."""

from __future__ import annotations

from django.urls import reverse


def test_admin_calendar_shows_moroccan_month_and_starts_on_monday(
    live_server, browser, settings, client, editor
):
    client.force_login(editor)
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:articles_event_add"))
    page.fill("#id_date", "07/08/2025")
    page.click("#calendarlink0")

    calendar = page.locator("#calendarbox0")
    assert calendar.locator("caption").inner_text() == "غشت 2025"
    # Django's Arabic for the calendar's first column: Monday.
    assert calendar.locator("th").first.inner_text() == "إثنين"
    # Each day is a button named by its full date, day first.
    calendar.get_by_role("button", name="24 غشت 2025", exact=True).click()
    assert page.input_value("#id_date") == "24/08/2025"


def test_admin_clock_offers_24_hour_times(
    live_server, browser, settings, client, editor
):
    client.force_login(editor)
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    page.click("#clocklink0")

    choices = page.locator("#clockbox0 .timelist a").all_inner_texts()
    assert choices == ["الآن", "00:00", "06:00", "12:00", "18:00"]
    page.locator("#clockbox0 .timelist a", has_text="18:00").click()
    assert page.input_value("#id_published_at_1").startswith("18:00")
