"""Our style sheets use logical properties only, so that one rule lays out the
right-to-left page and any left-to-right text inside it: `margin-inline-start`,
never `margin-left`. A physical property would put a gap or a border on the
wrong side of an Arabic page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHEETS = sorted((ROOT / "static").rglob("*.css"))

PHYSICAL_PROPERTY = re.compile(
    r"""(?<![\w-])(
        (?:margin|padding|border|scroll-margin|scroll-padding)-(?:left|right)
          (?:-(?:width|style|color|radius))?
      | border-(?:top|bottom)-(?:left|right)-radius
      | left | right
    )\s*:""",
    re.VERBOSE,
)
PHYSICAL_VALUE = re.compile(
    r"(?<![\w-])(float|clear|text-align|caption-side|resize)\s*:\s*(left|right)\b"
)


def declarations(css: str) -> list[tuple[int, str]]:
    """(line number, text) of each line, comments blanked out."""
    without_comments = re.sub(
        r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m[0]), css, flags=re.S
    )
    return list(enumerate(without_comments.splitlines(), start=1))


def physical(css: str) -> list[str]:
    found = []
    for number, line in declarations(css):
        for match in [
            *PHYSICAL_PROPERTY.finditer(line),
            *PHYSICAL_VALUE.finditer(line),
        ]:
            found.append(f"{number}: {match[0].strip()}")
    return found


def test_the_guard_catches_what_it_is_for():
    css = """
    .a { margin-left: 1rem; padding-right: 0; border-left-width: 2px; }
    .b { float: right; text-align: left; right: 0; }
    /* margin-left in a comment is fine */
    .c { margin-inline-start: 1rem; inset-inline-end: 0; text-align: start; }
    .d { border-top-left-radius: 4px; }
    """
    assert physical(css) == [
        "2: margin-left:",
        "2: padding-right:",
        "2: border-left-width:",
        "3: right:",
        "3: float: right",
        "3: text-align: left",
        "6: border-top-left-radius:",
    ]


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: str(p.relative_to(ROOT)))
def test_style_sheets_use_logical_properties_only(sheet):
    assert physical(sheet.read_text(encoding="utf-8")) == []
