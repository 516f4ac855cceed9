"""The demo's breaking story and its note of correction, safe to run again.

The newest published story is breaking news for a few hours from the load
(again on a later load once that time has passed), and the reference story
carries one correction, added once, through the editors' own services.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import breaking, corrections
from .models import Article, Correction

CORRECTION = (
    "ورد في نسخة سابقة من هذا الخبر أن اللقاء انعقد يوم الخميس، "
    "والصحيح أنه انعقد يوم الجمعة 24 أكتوبر 2025."
)


def load(articles: Iterable[Article], reference: Article) -> None:
    """Mark the newest published story breaking; correct the reference story."""
    shown = [article for article in articles if article.is_published()]
    if shown and not Article.objects.breaking().exists():
        newest = max(shown, key=lambda article: article.published_at)
        breaking.mark(Article.objects.filter(pk=newest.pk), by=None)
    if (
        reference.is_published()
        and not Correction.objects.filter(article=reference, text=CORRECTION).exists()
    ):
        corrections.add(
            reference, kind=Correction.Kind.CORRECTION, text=CORRECTION, by=None
        )
