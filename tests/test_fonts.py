"""The self-hosted Arabic font: cut to the Arabic block (bin/subset-fonts), it
still draws every character our own Arabic text uses, and the style sheet's
`unicode-range` sends the browser to it for exactly what it holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from articles import demo_data

fontTools = pytest.importorskip("fontTools.ttLib")

ROOT = Path(__file__).resolve().parent.parent
FONTS = sorted((ROOT / "static" / "fonts").glob("noto-naskh-arabic-arabic-*.woff2"))
CSS = (ROOT / "static" / "css" / "site.css").read_text(encoding="utf-8")


def css_ranges() -> list[set[int]]:
    """The code points of each Arabic face's unicode-range in site.css."""
    faces = re.findall(r"@font-face\s*{([^}]*)}", CSS)
    found = []
    for face in faces:
        if "-arabic-arabic-" not in face:
            continue
        declared = re.search(r"unicode-range:([^;]*);", face).group(1)
        points: set[int] = set()
        for part in declared.split(","):
            first, _, last = part.strip().removeprefix("U+").partition("-")
            points.update(range(int(first, 16), int(last or first, 16) + 1))
        found.append(points)
    return found


def arabic_text() -> str:
    """Every Arabic string the site prints itself: its catalogue and the demo."""
    catalogue = (ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po").read_text(
        encoding="utf-8"
    )
    demo = Path(demo_data.__file__).read_text(encoding="utf-8")
    return catalogue + demo


def test_both_arabic_weights_are_declared_with_the_same_range():
    ranges = css_ranges()
    assert len(ranges) == 2 and ranges[0] == ranges[1]
    assert set(range(0x0600, 0x0700)) <= ranges[0]


@pytest.mark.parametrize("path", FONTS, ids=lambda path: path.name)
def test_the_font_draws_every_character_its_range_sends_to_it(path):
    cmap = fontTools.TTFont(path).getBestCmap()
    (declared, _) = css_ranges()
    # Code points with no glyph in Unicode itself (unassigned in the block).
    unassigned = {0x061D}
    missing = sorted(point for point in declared - unassigned if point not in cmap)
    assert [hex(point) for point in missing] == []


@pytest.mark.parametrize("path", FONTS, ids=lambda path: path.name)
def test_every_arabic_character_of_our_own_text_is_in_the_font(path):
    cmap = fontTools.TTFont(path).getBestCmap()
    used = {ord(c) for c in arabic_text() if 0x0600 <= ord(c) <= 0x06FF}
    assert used, "no Arabic text found"
    assert sorted(chr(point) for point in used if point not in cmap) == []


def test_the_arabic_files_are_the_subset_not_the_full_block():
    for path in FONTS:
        # About 26 KB a weight; the uncut files were 52 KB.
        assert path.stat().st_size < 32_000, path.name


@pytest.mark.django_db
def test_every_font_a_page_preloads_is_a_face_of_the_style_sheet(client):
    """A preloaded file that no @font-face names would be fetched for nothing
    (and twice, if its address differed from the style sheet's)."""
    html = client.get("/").content.decode()
    preloaded = re.findall(
        r'<link rel="preload" href="[^"]*/fonts/([^"]+)" as="font"', html
    )
    declared = re.findall(r'url\("\.\./fonts/([^"]+)"\)', CSS)

    assert {"noto-naskh-arabic-arabic-400-normal.woff2"} < set(preloaded)
    assert set(preloaded) <= set(declared)
    assert all((ROOT / "static" / "fonts" / name).is_file() for name in preloaded)
