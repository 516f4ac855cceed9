"""An editor writes formatted Arabic in the admin's body editor; readers see it."""

from __future__ import annotations

from django.urls import reverse

from articles.models import Article
from tests.factories import SectionFactory

TITLE = "المجلس الجماعي يعقد دورته العادية"
LINK = "https://www.example.ma/taqrir"

# Every Content Security Policy violation on the page, as the browser reports it.
WATCH_CSP = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`);
});
"""


def test_editor_writes_bold_text_and_a_link_that_readers_see(
    live_server, browser, artifacts, editor
):
    SectionFactory(name="سياسة")
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    add_url = reverse("admin:articles_article_add")
    page.goto(f"{live_server.url}{reverse('admin:login')}?next={add_url}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("[type=submit]")
    page.wait_for_url(f"**{add_url}")

    page.fill("#id_title", TITLE)
    page.locator(".field-section .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("سياسة")
    page.locator(".select2-results__option", has_text="سياسة").click()

    # The writing area is the editor's, right to left.
    area = page.locator(".prose-editor [contenteditable=true]")
    area.wait_for()
    assert area.get_attribute("dir") == "rtl"
    assert area.evaluate("e => getComputedStyle(e).direction") == "rtl"

    area.click()
    page.keyboard.type("افتتح الرئيس الدورة ")
    page.locator(".prose-menubar [data-name=bold]").click()
    page.keyboard.type("في موعدها")
    page.keyboard.press("Control+b")
    page.keyboard.type(" بحضور الأعضاء.")
    page.keyboard.press("Enter")
    page.keyboard.type("اقرأ التقرير الكامل")
    # The whole second paragraph becomes the link, through the editor's dialog.
    page.keyboard.press("Shift+Home")
    page.locator(".prose-menubar [data-name=link]").click()
    dialog = page.locator("dialog.prose-editor-dialog")
    dialog.locator("[name=href]").fill(LINK)
    dialog.locator("[type=submit]").click()

    page.select_option("#id_status", "published")
    page.screenshot(path=artifacts / "editor.png", full_page=True)
    # The editor runs under the site's CSP without a single violation.
    assert page.evaluate("window.cspViolations") == []
    page.click("[name=_save]")
    page.wait_for_url(f"**{reverse('admin:articles_article_changelist')}")

    article = Article.objects.get(title=TITLE)
    assert article.body == (
        "<p>افتتح الرئيس الدورة <strong>في موعدها</strong> بحضور الأعضاء.</p>"
        f'<p><a href="{LINK}">اقرأ التقرير الكامل</a></p>'
    )
    assert article.is_published()
    assert errors == []

    page.goto(live_server.url + article.get_absolute_url())
    body = page.locator(".article__body")
    assert body.locator("strong").inner_text() == "في موعدها"
    link = body.locator("a")
    assert link.get_attribute("href") == LINK
    assert link.inner_text() == "اقرأ التقرير الكامل"
    assert "افتتح الرئيس الدورة في موعدها بحضور الأعضاء." in body.inner_text()
    context.close()
