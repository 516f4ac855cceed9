"""Fully vocalised Arabic (every letter with its haraka, shadda and tanween) is
drawn whole: in the article's title, lede and body and in a list's card, each
line's marks stay inside its own line box, so no mark is clipped or drawn over
the line above or below.

The check compares the text's ink (Canvas `measureText` in the element's own
font: the marks' actual extent above and below the baseline) with the room
the element's line box gives above and below the baseline (the font's ascent
and descent plus half the leading), and asserts that no ancestor clips it."""

from __future__ import annotations

import pytest

from tests.factories import ArticleFactory

# The Fatiha's opening and a line of prose, every letter vocalised: fatha,
# kasra, damma, sukun, shadda with a vowel, the three tanween, superscript alef.
VOCALISED = "بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ، ٱلْحَمْدُ لِلَّهِ رَبِّ ٱلْعَٰلَمِينَ"
PROSE = "إِنَّ ٱلْمَدِينَةَ جَمِيلَةٌ، وَرَأَيْتُ بَيْتًا كَبِيرًا فِي شَارِعٍ طَوِيلٍ."

MEASURE = """
(element) => {
    const style = getComputedStyle(element);
    const canvas = document.createElement("canvas").getContext("2d");
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const ink = canvas.measureText(element.textContent.trim());
    const fontSize = parseFloat(style.fontSize);
    const lineHeight = style.lineHeight === "normal"
        ? ink.fontBoundingBoxAscent + ink.fontBoundingBoxDescent
        : parseFloat(style.lineHeight);
    const content = ink.fontBoundingBoxAscent + ink.fontBoundingBoxDescent;
    const halfLeading = (lineHeight - content) / 2;
    let clipped = null;
    for (let node = element; node !== document.body; node = node.parentElement) {
        const s = getComputedStyle(node);
        const clips = s.overflowY === "hidden" || s.overflowY === "clip";
        if (clips || s.webkitLineClamp !== "none") {
            clipped = node.tagName + "." + node.className;
        }
    }
    return {
        inkAbove: ink.actualBoundingBoxAscent,
        inkBelow: ink.actualBoundingBoxDescent,
        roomAbove: ink.fontBoundingBoxAscent + halfLeading,
        roomBelow: ink.fontBoundingBoxDescent + halfLeading,
        fontSize,
        font: document.fonts.check(canvas.font, element.textContent.trim()),
        clipped,
    };
}
"""


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("article", ".article__title"),
        ("article", ".article__lede"),
        ("article", ".article__body p"),
        ("home", ".card__title, .lead__title"),
    ],
)
def test_every_mark_of_vocalised_text_stays_in_its_line_box(
    live_server, browser, path, selector, artifacts
):
    article = ArticleFactory(
        title=VOCALISED, lede=PROSE, body=f"<p>{VOCALISED} {PROSE}</p>"
    )
    page = browser.new_page(viewport={"width": 412, "height": 915})
    url = article.get_absolute_url() if path == "article" else "/"
    page.goto(live_server.url + url)
    page.evaluate("document.fonts.ready")
    element = page.locator(selector).first

    found = element.evaluate(MEASURE)

    page.screenshot(path=artifacts / f"vocalised-{path}.png")
    assert found["font"], "the page's Arabic font did not load"
    assert found["clipped"] is None, found
    # Half a pixel for rounding.
    assert found["inkAbove"] <= found["roomAbove"] + 0.5, found
    assert found["inkBelow"] <= found["roomBelow"] + 0.5, found
