"""Readers' comments for the demo site: threads, the site's reply, a moderation queue.

Safe to run again: a comment is found by its article and its text, and its status
and moderation are set only when it is created, so what moderators do with the
demo's queue survives the next run.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import gettext as _

from articles import demo_data
from articles.demo import DemoWriter
from articles.models import Article

from .models import Comment

APPROVED = Comment.Status.APPROVED
PENDING = Comment.Status.PENDING
SPAM = Comment.Status.SPAM
# How long after a comment arrives a moderator approves it.
MODERATION_DELAY = datetime.timedelta(minutes=25)


def hours(value: float) -> datetime.timedelta:
    """A span of (possibly fractional) hours."""
    return datetime.timedelta(hours=value)


class Said(NamedTuple):
    """A comment: who wrote it, how long after the article appeared, what."""

    name: str
    email: str
    after: datetime.timedelta
    body: str
    status: str = APPROVED
    url: str = ""
    # The site's own reply: written by staff, under the site's name.
    by_site: bool = False
    replies: tuple[Said, ...] = ()


def site_reply(after: datetime.timedelta, body: str) -> Said:
    """The newsroom answering a reader, approved at once."""
    return Said("", "", after, body, by_site=True)


# Readers who come back to their own threads: (name, e-mail address).
HARTI = ("عبد اللطيف الحارثي", "a.harti@example.ma")
# A name in Latin letters inside Arabic text: shows the page's bidi isolation.
BENALI = ("Karim Benali", "karim.benali@example.com")
SANHAJI = ("رشيد الصنهاجي", "rachid.sanhaji@example.ma")

THREADS: list[tuple[str, tuple[Said, ...]]] = [
    (
        demo_data.REFERENCE_TITLE,
        (
            Said(
                *HARTI,
                hours(1.7),
                "لقاءات من هذا النوع مفيدة إذا تبعتها نتائج ملموسة. نتمنى أن تنشر"
                " الأمانة الجهوية بعد ستة أشهر حصيلة عمل آلية المواكبة، حتى يعرف"
                " السكان ما تحقق فعلا.",
                replies=(
                    Said(
                        "سعاد بنكيران",
                        "souad.benkirane@example.com",
                        hours(3),
                        "أتفق معك. مشكل الجماعات ليس قلة الاجتماعات بل بطء تنفيذ"
                        " المشاريع، خاصة في الأحياء البعيدة عن المركز.",
                        replies=(
                            Said(
                                *HARTI,
                                hours(4.5),
                                "بالضبط. في عين الشق ننتظر تهيئة الطريق الرئيسية"
                                " منذ سنتين.",
                            ),
                        ),
                    ),
                    site_reply(
                        hours(5.2),
                        "شكرا على متابعتكم. سنعود إلى الموضوع حين تعلن الأمانة"
                        " الجهوية عن تفاصيل آلية المواكبة والمشاريع التي ستتتبعها.",
                    ),
                    Said(
                        "يوسف بلحاج",
                        "youssef.belhaj@example.ma",
                        hours(27),
                        "الاجتماعات كثيرة والنتائج قليلة، نريد أن نرى الأشغال على"
                        " أرض الواقع.",
                        status=PENDING,
                    ),
                ),
            ),
            Said(
                *BENALI,
                hours(2.3),
                "مقال واضح، شكرا. هل تشمل آلية المواكبة الجماعات التي يسيرها الحزب"
                " في إطار تحالف، أم فقط تلك التي يرأسها منتخبوه؟",
                replies=(
                    Said(
                        "نادية الإدريسي",
                        "nadia.idrissi@example.ma",
                        hours(6),
                        "حسب ما جاء في المقال، اللقاء جمع الرؤساء المنتمين إلى"
                        " الحزب فقط.",
                        replies=(
                            Said(
                                *BENALI,
                                hours(7.5),
                                "شكرا على التوضيح، هذا منطقي.",
                            ),
                        ),
                    ),
                ),
            ),
            Said(
                "محمد أمين الزياني",
                "m.zyani@example.com",
                hours(9),
                "كان من الأفضل إشراك جمعيات الأحياء في مثل هذه اللقاءات، فهي أدرى"
                " بمشاكل السكان اليومية.",
            ),
            Said(
                "حميد الراشدي",
                "hamid.rachidi@example.com",
                hours(26),
                "متى سينشر برنامج آلية المواكبة؟ وهل يمكن للمواطنين تتبع تقدم"
                " المشاريع عبر الإنترنت؟",
                status=PENDING,
            ),
            Said(
                "عروض حصرية",
                "promo@offres.example.com",
                hours(30),
                "اربح 5000 درهم يوميا وأنت في منزلك! سجل الآن عبر الرابط ولا تفوت"
                " الفرصة، العدد محدود.",
                status=SPAM,
                url="https://offres.example.com/",
            ),
        ),
    ),
    (
        demo_data.STADIUM_TITLE,
        (
            Said(
                *SANHAJI,
                hours(3),
                "مشروع يفتخر به كل المغاربة. أتمنى فقط ألا تنسى الطرق المؤدية إلى"
                " بنسليمان، فهي اليوم لا تتحمل حتى حركة السير العادية.",
                replies=(
                    Said(
                        "ليلى الفاسي",
                        "leila.fassi@example.com",
                        hours(5),
                        "والقطار أيضا: بدون ربط سككي سيكون الوصول إلى الملعب صعبا"
                        " أيام المباريات.",
                        replies=(
                            Said(
                                *SANHAJI,
                                hours(6.5),
                                "المقال يذكر أن الربط بالسكك الحديدية قيد الدراسة،"
                                " ننتظر القرار.",
                            ),
                        ),
                    ),
                ),
            ),
            Said(
                "سميرة العمراني",
                "samira.amrani@example.ma",
                hours(20),
                "ماذا سيحدث للملعب بعد 2030؟ يجب التفكير من الآن في طريقة استغلاله"
                " حتى لا يبقى فارغا معظم السنة.",
                replies=(
                    Said(
                        "عمر بنعيسى",
                        "omar.benaissa@example.com",
                        hours(28),
                        "ملاعب كثيرة في العالم تحولت إلى عبء بعد البطولات، أتمنى أن"
                        " نستفيد من تجارب غيرنا.",
                    ),
                ),
            ),
            Said(
                "مواطن من بنسليمان",
                "benslimane.citoyen@example.ma",
                hours(44),
                "هل ستعطى الأولوية لشباب المنطقة في فرص الشغل التي يوفرها الورش؟",
                status=PENDING,
            ),
            Said(
                "تخفيضات",
                "ventes@montres.example.com",
                hours(47),
                "ساعات فاخرة بنصف الثمن مع توصيل مجاني إلى كل المدن، اطلب الآن من"
                " موقعنا!",
                status=SPAM,
                url="https://montres.example.com/",
            ),
        ),
    ),
    (
        demo_data.ROADS_TITLE,
        (
            Said(
                "خديجة المريني",
                "khadija.marini@example.ma",
                hours(2),
                "الإنارة في زنقتنا بسيدي البرنوصي معطلة منذ شهور، نتمنى أن تشملها"
                " هذه الاتفاقيات.",
                replies=(
                    Said(
                        "إدريس الشاوي",
                        "driss.chaoui@example.com",
                        hours(4),
                        "نفس المشكل عندنا في عين الشق، والأرصفة كذلك في حالة سيئة.",
                    ),
                ),
            ),
        ),
    ),
]


class CommentsDemo:
    """The demo's comments, written through the articles demo's writer."""

    MODELS = [Comment]

    def __init__(self, writer: DemoWriter) -> None:
        self.writer = writer

    def load(self, site_voice: AbstractBaseUser | None) -> None:
        """Write every thread; the caller holds the transaction.

        `site_voice` is the staff account the site's replies and approvals are
        made by; without one the site's replies are left out.
        """
        self.site_voice = site_voice
        for title, comments in THREADS:
            article = Article.objects.get(title=title)
            for said in comments:
                self.write(article, said, parent=None)

    def summary(self) -> list[str]:
        """The tally of comments, then what awaits the moderators."""
        return [
            *self.writer.summary(self.MODELS),
            _(
                "Comments awaiting moderation: {pending}; marked as spam: {spam}."
            ).format(
                pending=Comment.objects.filter(status=PENDING).count(),
                spam=Comment.objects.filter(status=SPAM).count(),
            ),
        ]

    def write(self, article: Article, said: Said, parent: Comment | None) -> None:
        if said.by_site and self.site_voice is None:
            return
        sent_at = article.published_at + said.after
        approved = said.status == APPROVED
        moderated_at = None
        if approved:
            # The site's reply is approved as it is written.
            moderated_at = sent_at if said.by_site else sent_at + MODERATION_DELAY
        comment = self.writer.sync(
            Comment,
            # Unique on an article: the demo never says the same thing twice there.
            {"article": article, "body": said.body},
            {
                "parent": parent,
                "name": settings.SITE_NAME if said.by_site else said.name,
                "email": said.email,
                "url": said.url,
                "user": self.site_voice if said.by_site else None,
            },
            # What moderators may change after the first run.
            {
                "status": said.status,
                "moderated_at": moderated_at,
                "moderated_by": self.site_voice if approved else None,
            },
            # The time a comment was sent is set on creation, to "now": moved
            # to its place after the article's publication.
            after_create=lambda new: Comment.objects.filter(pk=new.pk).update(
                created_at=sent_at
            ),
        )
        for reply in said.replies:
            self.write(article, reply, parent=comment)
