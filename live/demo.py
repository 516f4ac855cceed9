"""The demo's live page: a council session followed minute by minute, with a
key event and an update with a photo. Run again, it keeps what was changed."""

from __future__ import annotations

import datetime

from django.utils import timezone

from articles.demo import DemoWriter, LoadedSite, load_photo
from articles.demo_data import DESK_CREDIT, Photo
from articles.models import Article

from .models import LiveCoverage, LiveUpdate

TITLE = "مباشر: دورة مجلس جهة الدار البيضاء-سطات"
LEDE = "نتابع معكم لحظة بلحظة أشغال الدورة العادية لمجلس الجهة ونقاط جدول أعمالها."
BODY = (
    "<p>يعقد مجلس جهة الدار البيضاء-سطات دورته العادية بمقر الجهة، وعلى جدول "
    "أعمالها برمجة مشاريع النقل والماء. تابعوا التحديثات أولاً بأول.</p>"
)
PHOTO = Photo(
    "hall",
    31,
    "مقر مجلس جهة الدار البيضاء-سطات بواجهته البيضاء يوم انعقاد الدورة",
    "مقر مجلس الجهة حيث تنعقد الدورة العادية.",
    DESK_CREDIT,
)
# (minutes before now, headline, text, key event, with the photo)
UPDATES = [
    (
        95,
        "افتتاح الدورة",
        "<p>افتتح رئيس المجلس الدورة بكلمة ذكّر فيها بحصيلة المشاريع المبرمجة.</p>",
        False,
        False,
    ),
    (
        70,
        "نقاش حاد حول مشاريع النقل",
        "<p>طالبت المعارضة بجدول زمني واضح لخطوط الحافلات الجديدة بين المدن.</p>",
        False,
        True,
    ),
    (
        40,
        "المصادقة على اتفاقية الماء",
        "<p>صادق المجلس بالإجماع على اتفاقية تزويد الجماعات القروية بالماء الصالح "
        "للشرب.</p>",
        True,
        False,
    ),
    (
        12,
        "رفع الجلسة للاستراحة",
        "<p>رُفعت الجلسة لمدة نصف ساعة قبل مناقشة النقطة الأخيرة.</p>",
        False,
        False,
    ),
]


def load(writer: DemoWriter, site: LoadedSite) -> LiveCoverage:
    """Write the live page; the caller holds the transaction."""
    now = timezone.now().replace(second=0, microsecond=0)
    reference = site.reference
    article = writer.sync(
        Article,
        {"title": TITLE},
        {
            "lede": LEDE,
            "body": BODY,
            "section": reference.section,
            "featured_image": load_photo(writer, PHOTO),
        },
        {
            "status": Article.Status.PUBLISHED,
            "published_at": now - datetime.timedelta(minutes=100),
            "author": reference.author,
        },
    )
    coverage = writer.sync(
        LiveCoverage,
        {"article": article},
        create_values={"started_at": article.published_at},
    )
    for minutes, title, body, key_event, with_photo in UPDATES:
        writer.sync(
            LiveUpdate,
            {"coverage": coverage, "title": title},
            {"body": body, "key_event": key_event},
            {
                "published_at": now - datetime.timedelta(minutes=minutes),
                "photo": reference.featured_image if with_photo else None,
            },
        )
    return coverage
