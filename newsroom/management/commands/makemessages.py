"""Django's makemessages, which also reads the reader pages' Jinja2 templates.

Django reads a template as its own template language; a Jinja2 template
(templates/jinja2/, newsroom/jinja.py) is read by Jinja2 instead, and each
message it finds is handed to xgettext as the gettext call it stands for, on
its own line, so the catalogue keeps every msgid, context and plural.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.commands import makemessages
from django.template import engines


def jinja2_messages(source: str) -> str:
    """Python source with one gettext call per message of a Jinja2 template."""
    env = engines["jinja2"].env
    lines: dict[int, list[str]] = {}
    for lineno, function, message in env.extract_translations(source):
        strings = message if isinstance(message, tuple) else (message,)
        # A plural's count is no string: any name stands for it.
        arguments = ", ".join("n" if s is None else repr(s) for s in strings)
        lines.setdefault(lineno, []).append(f"{function}({arguments})")
    last = max(lines, default=0)
    return "\n".join("; ".join(lines.get(n, [])) for n in range(1, last + 1)) + "\n"


class BuildFile(makemessages.BuildFile):
    def preprocess(self) -> None:
        if not (self.is_templatized and _is_jinja2(self.path)):
            return super().preprocess()
        source = Path(self.path).read_text(encoding="utf-8")
        Path(self.work_path).write_text(jinja2_messages(source), encoding="utf-8")


def _is_jinja2(path: str) -> bool:
    resolved = Path(path).resolve()
    return any(
        resolved.is_relative_to(Path(directory).resolve())
        for directory in engines["jinja2"].template_dirs
    )


class Command(makemessages.Command):
    build_file_class = BuildFile
