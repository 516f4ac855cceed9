"""Load a small demo site: sections, places, people, a reported meeting, articles.

Safe to run again: every object is found by its natural key and only written when
the demo's values differ from the database's, so a second run changes nothing.
"""

from __future__ import annotations

import datetime
import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.utils import timezone
from django.utils.encoding import uri_to_iri

from articles.models import (
    Article,
    Attendee,
    DatePrecision,
    Event,
    Official,
    OfficialSpelling,
    Organization,
    Place,
    Position,
    Section,
    Tag,
)
from articles.richtext import sanitize_body
from newsroom.arabic import arabic_slugify

CASABLANCA = ZoneInfo("Africa/Casablanca")
ADMIN_USERNAME = "admin"
# One demo account per newsroom role, with the admin's password: (username,
# first name, group) — the groups come from migration 0005.
ROLE_USERS = [
    ("author", "سلمى", "Authors"),
    ("editor", "يوسف", "Editors"),
    ("moderator", "هشام", "Comment moderators"),
]
ADMIN_EMAIL = "admin@example.com"

Participation = Attendee.Participation


def prose(text: str) -> str:
    """Paragraphs wrapped in the source, joined back into one line each."""
    paragraphs = textwrap.dedent(text).strip().split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


# Spaces around block tags mean nothing; the editor writes none.
BLOCK_EDGE = re.compile(r"\s*(</?(?:p|h2|h3|ul|ol|li|blockquote)>)\s*")


def rich(text: str) -> str:
    """An article body as the editor stores it: one <p> per paragraph.

    A paragraph that starts with a tag (a heading, a list, a quote) is kept as
    written. The result is what the allow-list makes of it, so a second run
    compares equal to the stored body and leaves it alone.
    """
    blocks = [
        BLOCK_EDGE.sub(r"\1", block) if block.startswith("<") else f"<p>{block}</p>"
        for block in prose(text).split("\n\n")
    ]
    return sanitize_body("".join(blocks))


def year(value: int) -> tuple[datetime.date, str]:
    return datetime.date(value, 1, 1), DatePrecision.YEAR


def month(y: int, m: int) -> tuple[datetime.date, str]:
    return datetime.date(y, m, 1), DatePrecision.MONTH


class Org(NamedTuple):
    name: str
    kind: str
    parent: str | None = None
    place: str | None = None
    short_name: str = ""


class Post(NamedTuple):
    organization: str
    title: str
    start: tuple[datetime.date, str] | None = None
    end: tuple[datetime.date, str] | None = None


class Person(NamedTuple):
    name: str
    spellings: tuple[str, ...]
    posts: tuple[Post, ...]


class Happening(NamedTuple):
    title: str
    venue: str = ""
    place: str | None = None
    organizer: str | None = None
    presided_by: str | None = None
    # None: the day the article is first published.
    date: datetime.date | None = None


class Seen(NamedTuple):
    """A person as printed in an article; `post` names the organization."""

    name: str
    role: str
    participation: str = Participation.ATTENDED
    post: str | None = None


@dataclass(frozen=True)
class Story:
    title: str
    section: str
    lede: str
    body: str
    tags: tuple[str, ...] = ()
    views: int = 0
    # One of: a fixed date, an age (kept from the first load), a delay into the
    # future (a scheduled article), or none of them for a draft.
    at: datetime.datetime | None = None
    ago: datetime.timedelta | None = None
    ahead: datetime.timedelta | None = None
    event: Happening | None = None
    people: tuple[Seen, ...] = field(default_factory=tuple)


SECTIONS = [
    ("سياسة", "أخبار الأحزاب والمؤسسات المنتخبة والعمل الحكومي."),
    ("جهات", "ما يجري في عمالات وأقاليم وجماعات جهة الدار البيضاء-سطات."),
    ("مجتمع", "قضايا الناس اليومية: الصحة والتعليم والبيئة والثقافة."),
    ("اقتصاد", "الاستثمار والشغل والفلاحة والبنيات التحتية."),
    ("رياضة", "الأندية والتظاهرات الرياضية بالجهة."),
]

TAGS = [
    "البام",
    "الجماعات الترابية",
    "الدار البيضاء",
    "الاستثمار",
    "مونديال 2030",
    "البيئة",
    "النقل الحضري",
    "الفلاحة",
    "ثقافة",
]

REGION = "جهة الدار البيضاء-سطات"
CASABLANCA_COMMUNE = "جماعة الدار البيضاء"

# Parents come before their children.
PLACES = [
    (REGION, Place.Kind.REGION, None),
    ("عمالة الدار البيضاء", Place.Kind.PREFECTURE, REGION),
    (CASABLANCA_COMMUNE, Place.Kind.COMMUNE, "عمالة الدار البيضاء"),
    ("مقاطعة عين الشق", Place.Kind.DISTRICT, CASABLANCA_COMMUNE),
    ("مقاطعة سيدي البرنوصي", Place.Kind.DISTRICT, CASABLANCA_COMMUNE),
    ("إقليم النواصر", Place.Kind.PROVINCE, REGION),
    ("جماعة دار بوعزة", Place.Kind.COMMUNE, "إقليم النواصر"),
    ("إقليم بنسليمان", Place.Kind.PROVINCE, REGION),
    ("جماعة بنسليمان", Place.Kind.COMMUNE, "إقليم بنسليمان"),
    ("إقليم الجديدة", Place.Kind.PROVINCE, REGION),
    ("جماعة الجديدة", Place.Kind.COMMUNE, "إقليم الجديدة"),
    ("إقليم سطات", Place.Kind.PROVINCE, REGION),
    ("جماعة سطات", Place.Kind.COMMUNE, "إقليم سطات"),
]

PARTY = "حزب الأصالة والمعاصرة"
GENERAL_SECRETARIAT = "الأمانة العامة"
COLLECTIVE_LEADERSHIP = "القيادة الجماعية للأمانة العامة"
NATIONAL_COUNCIL = "المجلس الوطني"
POLITICAL_BUREAU = "المكتب السياسي"
REGIONAL_SECRETARIAT = "الأمانة الجهوية بجهة الدار البيضاء-سطات"
REGION_GROUP = "فريق الحزب بمجلس جهة الدار البيضاء-سطات"
COMMUNE_GROUP = "فريق الحزب بمجلس جماعة الدار البيضاء"
REGION_COUNCIL = "مجلس جهة الدار البيضاء-سطات"
PREFECTURE_COUNCIL = "مجلس عمالة الدار البيضاء"
COMMUNE_COUNCIL = "مجلس جماعة الدار البيضاء"
HOUSE = "مجلس النواب"

# A party's group inside an elected council is one of the party's bodies: it
# sits under the party, and its place says which council's territory it is in.
# Parents come before their children.
ORGANIZATIONS = [
    Org(PARTY, Organization.Kind.PARTY, short_name="البام"),
    Org(GENERAL_SECRETARIAT, Organization.Kind.PARTY_BODY, PARTY),
    Org(COLLECTIVE_LEADERSHIP, Organization.Kind.PARTY_BODY, GENERAL_SECRETARIAT),
    Org(NATIONAL_COUNCIL, Organization.Kind.PARTY_BODY, PARTY),
    Org(POLITICAL_BUREAU, Organization.Kind.PARTY_BODY, PARTY),
    Org(REGIONAL_SECRETARIAT, Organization.Kind.PARTY_BODY, PARTY, REGION),
    Org(REGION_GROUP, Organization.Kind.PARTY_BODY, PARTY, REGION),
    Org(COMMUNE_GROUP, Organization.Kind.PARTY_BODY, PARTY, CASABLANCA_COMMUNE),
    Org(REGION_COUNCIL, Organization.Kind.COUNCIL, place=REGION),
    Org(PREFECTURE_COUNCIL, Organization.Kind.COUNCIL, place="عمالة الدار البيضاء"),
    Org(COMMUNE_COUNCIL, Organization.Kind.COUNCIL, place=CASABLANCA_COMMUNE),
    Org(HOUSE, Organization.Kind.PARLIAMENT),
]

MANSOURI = "فاطمة الزهراء المنصوري"
BENDAOU = "عبد الرحيم بن الضو"
KOUKOUSS = "نجوى ككوس"
BITAR = "عادل البيطار"
AZIZOU = "إيمان عزيزو"
BOUDRAA = "عبد القادر بودراع"
MOFLEH = "يوسف مفلح"
BRIJA = "أحمد ابريجة"
MEZZOUR = "مليكة مزور"
CHENGUITI = "صلاح الدين الشنكيطي"

# Dates are as precise as they are known: the 2021 elections give a year, the
# party's February 2024 congress a month; an unknown start stays empty.
OFFICIALS = [
    Person(
        MANSOURI,
        ("Fatima Zahra Mansouri", "Fatim-Zahra El Mansouri"),
        (
            Post(
                COLLECTIVE_LEADERSHIP,
                "منسقة القيادة الجماعية",
                start=month(2024, 2),
            ),
            Post(
                NATIONAL_COUNCIL,
                "رئيسة المجلس الوطني",
                start=year(2020),
                end=month(2024, 2),
            ),
        ),
    ),
    Person(
        BENDAOU,
        ("Abderrahim Bendaou", "Abderrahim Ben Daou"),
        (Post(REGIONAL_SECRETARIAT, "الأمين الجهوي"),),
    ),
    Person(
        KOUKOUSS,
        ("Najwa Koukouss",),
        (
            Post(NATIONAL_COUNCIL, "رئيسة المجلس الوطني", start=month(2024, 2)),
            Post(HOUSE, "نائبة برلمانية", start=year(2021)),
        ),
    ),
    Person(
        BITAR,
        ("Adil Bitar", "Adil El Bitar"),
        (Post(POLITICAL_BUREAU, "عضو المكتب السياسي", start=month(2024, 2)),),
    ),
    Person(
        AZIZOU,
        ("Imane Azizou",),
        (Post(POLITICAL_BUREAU, "عضو المكتب السياسي", start=month(2024, 2)),),
    ),
    Person(
        BOUDRAA,
        ("Abdelkader Boudraa",),
        (Post(PREFECTURE_COUNCIL, "رئيس المجلس", start=year(2021)),),
    ),
    Person(
        MOFLEH,
        ("Youssef Mofleh",),
        (Post(REGION_GROUP, "رئيس الفريق", start=year(2021)),),
    ),
    Person(
        BRIJA,
        ("Ahmed Brija", "أحمد بريجة"),
        (Post(COMMUNE_GROUP, "رئيس الفريق", start=year(2021)),),
    ),
    Person(
        MEZZOUR,
        ("Malika Mezzour",),
        (Post(COMMUNE_COUNCIL, "النائبة الأولى لرئيسة المجلس", start=year(2021)),),
    ),
    Person(
        CHENGUITI,
        ("Salaheddine Chenguiti",),
        (Post(HOUSE, "نائب برلماني", start=year(2021)),),
    ),
]

REFERENCE_TITLE = (
    "البام يجمع رؤساء جماعاته ومقاطعاته بجهة الدار البيضاء-سطات"
    " ويعد بمواكبة دائمة لمشاريعهم"
)

REFERENCE = Story(
    title=REFERENCE_TITLE,
    section="سياسة",
    tags=("البام", "الجماعات الترابية", "الدار البيضاء"),
    views=159,
    at=datetime.datetime(2025, 10, 24, 18, 30, tzinfo=CASABLANCA),
    event=Happening(
        "لقاء تواصلي وتنظيمي للأمانة الجهوية مع رؤساء مجالس الجماعات والمقاطعات",
        venue="المقر الجهوي للحزب",
        place=CASABLANCA_COMMUNE,
        organizer=REGIONAL_SECRETARIAT,
        presided_by=BENDAOU,
        date=datetime.date(2025, 10, 24),
    ),
    lede=prose("""
        لقاء تواصلي وتنظيمي بالمقر الجهوي للحزب في الدار البيضاء ناقش صعوبات التدبير
        اليومي للجماعات والمقاطعات، وانتهى بالاتفاق على آلية قارة لتتبع المشاريع
        المحلية.
    """),
    body=rich("""
        احتضن المقر الجهوي لحزب الأصالة والمعاصرة بمدينة الدار البيضاء، يوم الجمعة 24
        أكتوبر 2025، لقاء تواصليا وتنظيميا جمع الأمانة الجهوية للحزب برؤساء مجالس
        الجماعات والمقاطعات المنتمين إليه بجهة الدار البيضاء-سطات، تحت رئاسة عبد
        الرحيم بن الضو، الأمين الجهوي للحزب بالجهة.

        وحضر أشغال اللقاء كل من نجوى ككوس، رئيسة المجلس الوطني للحزب والبرلمانية،
        وعضوي المكتب السياسي عادل البيطار وإيمان عزيزو، إلى جانب عبد القادر بودراع
        رئيس مجلس عمالة الدار البيضاء، ويوسف مفلح رئيس فريق الحزب بمجلس الجهة، وأحمد
        ابريجة رئيس فريق الحزب بمجلس جماعة الدار البيضاء، ومليكة مزور النائبة الأولى
        لرئيسة مجلس جماعة الدار البيضاء، والنائب البرلماني صلاح الدين الشنكيطي.

        ويندرج هذا الاجتماع ضمن تفعيل المراسلة التي وجهتها فاطمة الزهراء المنصوري،
        منسقة القيادة الجماعية للأمانة العامة، إلى هياكل الحزب، بهدف تقريب القيادة من
        المنتخبين وتنسيق عملهم على مستوى الجهة، بالنظر إلى الموقع الذي يحتله الحزب
        داخل مجلس جهة الدار البيضاء-سطات والمشاريع الكبرى التي يساهم في إنجازها.

        واستمع المشاركون إلى الرؤساء وهم يعرضون الصعوبات التي تعترض عملهم اليومي، سواء
        تعلق الأمر بالجوانب الإدارية أو بالموارد المالية أو بالتنظيم الداخلي للمجالس،
        واتفقوا على أن يقدم الحزب دعما مؤسساتيا وتقنيا منتظما يساعد على تجاوزها ويحسن
        الخدمات المقدمة للسكان.

        وخلص اللقاء إلى إحداث <strong>آلية مواكبة دائمة</strong> تتولى تتبع
        المشاريع التي تنجزها
        الجماعات الترابية بالجهة، وتقديم الاستشارة والدعم السياسي اللازمين لتسريع
        البرامج ذات الأولوية، في انسجام مع مبدأ ربط المسؤولية بالمحاسبة.

        وفي ختام الاجتماع، جدد الحاضرون عزمهم على مواصلة العمل الميداني وتقوية التنسيق
        بين الهياكل الوطنية والجهوية والمحلية للحزب، بما يخدم التنمية الترابية بالجهة.
    """),
    people=(
        Seen(
            BENDAOU,
            "الأمين الجهوي للحزب بجهة الدار البيضاء-سطات",
            Participation.PRESIDED,
            REGIONAL_SECRETARIAT,
        ),
        Seen(
            KOUKOUSS,
            "رئيسة المجلس الوطني للحزب، برلمانية",
            post=NATIONAL_COUNCIL,
        ),
        Seen(BITAR, "عضو المكتب السياسي", post=POLITICAL_BUREAU),
        Seen(AZIZOU, "عضو المكتب السياسي", post=POLITICAL_BUREAU),
        Seen(BOUDRAA, "رئيس مجلس عمالة الدار البيضاء", post=PREFECTURE_COUNCIL),
        Seen(MOFLEH, "رئيس فريق الحزب بمجلس الجهة", post=REGION_GROUP),
        Seen(
            BRIJA,
            "رئيس فريق الحزب بمجلس جماعة الدار البيضاء",
            post=COMMUNE_GROUP,
        ),
        Seen(
            MEZZOUR,
            "النائبة الأولى لرئيسة مجلس جماعة الدار البيضاء",
            post=COMMUNE_COUNCIL,
        ),
        Seen(CHENGUITI, "نائب برلماني", post=HOUSE),
        Seen(
            MANSOURI,
            "منسقة القيادة الجماعية للأمانة العامة",
            Participation.MENTIONED,
            COLLECTIVE_LEADERSHIP,
        ),
    ),
)


def days(value: float) -> datetime.timedelta:
    return datetime.timedelta(days=value)


STORIES = [
    REFERENCE,
    Story(
        title="حملة للتبرع بالدم بمقاطعة عين الشق تستقطب مئات المتطوعين",
        section="مجتمع",
        tags=("الدار البيضاء",),
        views=97,
        ago=days(1.2),
        lede=prose("""
            المبادرة نظمت بشراكة مع المركز الجهوي لتحاقن الدم، بعد تراجع المخزون خلال
            الأسابيع الأخيرة.
        """),
        body=rich("""
            شهدت مقاطعة عين الشق بالدار البيضاء، نهاية الأسبوع الماضي، حملة للتبرع
            بالدم عرفت إقبالا لافتا من السكان، خاصة من الشباب والطلبة.

            وأشرفت على الحملة سناء العلوي، مديرة المركز الجهوي لتحاقن الدم، التي نبهت
            إلى أن المخزون يتراجع في هذه الفترة من السنة، داعية إلى جعل التبرع عادة
            منتظمة لا تقتصر على الحملات الموسمية.

            وتم تجهيز وحدات متنقلة أمام مقر المقاطعة، مع فريق طبي يتولى الفحوص الأولية
            وتوجيه المتبرعين، فيما تكلفت جمعيات محلية بالتعبئة والتنظيم.

            ويعتزم المنظمون تكرار المبادرة في مقاطعات أخرى من المدينة خلال الأشهر
            المقبلة.
        """),
        # Not a recorded official: the name stays exactly as printed.
        people=(
            Seen(
                "سناء العلوي",
                "مديرة المركز الجهوي لتحاقن الدم",
                Participation.ORGANIZED,
            ),
        ),
    ),
    Story(
        title=("مجلس عمالة الدار البيضاء يصادق على اتفاقيات لتأهيل الطرق والإنارة"),
        section="جهات",
        tags=("الدار البيضاء", "الجماعات الترابية"),
        views=842,
        ago=days(3.4),
        event=Happening(
            "الدورة العادية لمجلس عمالة الدار البيضاء",
            venue="مقر عمالة الدار البيضاء",
            place=CASABLANCA_COMMUNE,
            organizer=PREFECTURE_COUNCIL,
            presided_by=BOUDRAA,
        ),
        lede=prose("""
            اتفاقيات شراكة تهم صيانة الطرق وتجديد شبكة الإنارة العمومية وتهيئة فضاءات
            القرب بعدد من المقاطعات.
        """),
        body=rich("""
            صادق مجلس عمالة الدار البيضاء، خلال دورته العادية التي ترأسها عبد القادر
            بودراع، على مجموعة من اتفاقيات الشراكة الموجهة إلى تأهيل الطرق والأرصفة
            وتجديد الإنارة العمومية بعدد من مقاطعات المدينة.

            <h2>ما تشمله الاتفاقيات</h2>

            <ul>
              <li><p>إعادة تبليط محاور رئيسية وصيانة الأرصفة بالأحياء التي تعرف ضغطا
              كبيرا على شبكتها الطرقية.</p></li>
              <li><p>تعويض مصابيح الإنارة العمومية القديمة بأخرى اقتصادية تعمل بتقنية
              <em>LED</em>.</p></li>
              <li><p>تهيئة ملاعب القرب والمساحات الخضراء.</p></li>
            </ul>

            وخصص المجلس جزءا من الاعتمادات لملاعب القرب والمساحات الخضراء استجابة
            لمطالب جمعيات الأحياء التي طالما نبهت إلى قلة فضاءات الترفيه
            المخصصة للأطفال والشباب.

            ومن المنتظر أن تنطلق الأشغال الأولى خلال الأسابيع المقبلة، على أن تتولى
            لجنة تقنية مشتركة تتبع تقدمها وإطلاع أعضاء المجلس على نسب الإنجاز في كل
            دورة.
        """),
        people=(
            Seen(
                BOUDRAA,
                "رئيس مجلس عمالة الدار البيضاء",
                Participation.PRESIDED,
                PREFECTURE_COUNCIL,
            ),
        ),
    ),
    Story(
        title="مجموعة OCP تطلق برنامجا لتكوين شباب إقليم الجديدة في مهن الصناعة",
        section="اقتصاد",
        tags=("الاستثمار",),
        views=1204,
        ago=days(6.1),
        lede=prose("""
            البرنامج يستهدف في مرحلته الأولى 500 شاب وشابة من الجماعات المجاورة للمركب
            الصناعي بالجرف الأصفر.
        """),
        body=rich("""
            أعلنت مجموعة OCP عن إطلاق برنامج جديد للتكوين المهني لفائدة شباب إقليم
            الجديدة، يركز على مهن الصيانة الصناعية والكهرباء والسلامة داخل المنشآت
            الكيميائية.

            ويستهدف البرنامج في مرحلته الأولى <strong>500 مستفيد ومستفيدة</strong>
            من الجماعات المحيطة
            بالمركب الصناعي بالجرف الأصفر، وتمتد مدة التكوين تسعة أشهر تتخللها فترات
            تدريب ميداني داخل الوحدات الإنتاجية.

            وأوضح المنظمون أن الانتقاء سيتم عبر منصة رقمية مفتوحة، مع تخصيص حصة
            للفتيات وللشباب غير الحاصلين على شهادات، سعيا إلى توسيع قاعدة المستفيدين.

            ويأتي هذا البرنامج في سياق التوسع الذي يعرفه النشاط الصناعي بالإقليم، وما
            يرافقه من حاجة متزايدة إلى يد عاملة مؤهلة قادرة على مواكبة التحول نحو
            إنتاج أكثر احتراما للبيئة.
        """),
    ),
    Story(
        title="أشغال الملعب الكبير الحسن الثاني ببنسليمان تتقدم استعدادا لمونديال 2030",
        section="رياضة",
        tags=("مونديال 2030", "الاستثمار"),
        views=2310,
        ago=days(9.3),
        lede=prose("""
            الورش يسابق الزمن ليكون جاهزا قبل الموعد العالمي، مع مشاريع موازية للطرق
            والنقل في محيطه.
        """),
        body=rich("""
            تتواصل أشغال بناء الملعب الكبير الحسن الثاني بإقليم بنسليمان بوتيرة
            متسارعة، في أفق احتضان مباريات كأس العالم 2030 التي ينظمها المغرب إلى جانب
            إسبانيا والبرتغال.

            ويرتقب أن يتسع الملعب لأكثر من 100 ألف متفرج، ما سيجعله من أكبر الملاعب في
            العالم، إلى جانب ملاعب للتدريب وفضاءات تجارية ومواقف واسعة للسيارات.

            وبموازاة ذلك، تعمل السلطات على تهيئة المحاور الطرقية التي تربط الملعب
            بالدار البيضاء والرباط، مع دراسة ربطه بشبكة السكك الحديدية لتسهيل تنقل
            الجماهير.

            ويأمل سكان بنسليمان أن ينعكس المشروع على الاقتصاد المحلي، من خلال فرص
            الشغل والخدمات التي سيحتاجها الوافدون على المنطقة.
        """),
    ),
    Story(
        title="Casablanca Finance City تستقطب شركات جديدة وتراهن على التمويل الأخضر",
        section="اقتصاد",
        tags=("الاستثمار", "الدار البيضاء"),
        views=655,
        ago=days(12.6),
        lede=prose("""
            القطب المالي للدار البيضاء يعلن انضمام مؤسسات جديدة إلى منظومته، معظمها
            ينشط في الخدمات المالية والتكنولوجيا.
        """),
        body=rich("""
            أعلن القطب المالي للدار البيضاء، المعروف باسم Casablanca Finance City، عن
            التحاق دفعة جديدة من الشركات بمنظومته، تنشط أساسا في مجالات التأمين وتدبير
            الأصول والتكنولوجيا المالية.

            وتسعى إدارة القطب إلى ترسيخ موقع الدار البيضاء بوابة للاستثمار نحو القارة
            الإفريقية، من خلال تحفيزات ضريبية ومواكبة إدارية للشركات التي تختار
            الاستقرار <a href="https://ar.wikipedia.org/wiki/الدار_البيضاء">بالمدينة</a>.

            ويراهن القطب في المرحلة المقبلة على تطوير التمويل الأخضر، عبر تشجيع إصدار
            سندات مخصصة لمشاريع الطاقات المتجددة والنجاعة الطاقية، وهو توجه يحظى
            باهتمام متزايد من المستثمرين الدوليين.

            ويرى متتبعون أن نجاح هذا الرهان يبقى رهينا بتكوين كفاءات محلية متخصصة،
            وبتسريع رقمنة المساطر الإدارية المرتبطة بالاستثمار.
        """),
    ),
    Story(
        title="آلاف العدائين يجوبون شوارع الدار البيضاء في الماراثون الدولي",
        section="رياضة",
        tags=("الدار البيضاء",),
        views=388,
        ago=days(20.2),
        lede=prose("""
            سباق بمشاركة عدائين مغاربة وأجانب، ومسار يمر بأبرز معالم المدينة من
            الكورنيش إلى وسطها.
        """),
        body=rich("""
            عرفت شوارع الدار البيضاء، صباح الأحد، تنظيم الماراثون الدولي للمدينة
            بمشاركة آلاف العدائين من المغرب ومن بلدان إفريقية وأوروبية، في أجواء
            احتفالية.

            وانطلق السباق من محيط مسجد الحسن الثاني، ومر عبر كورنيش عين الذئاب وشارع
            الزرقطوني قبل أن يعود إلى نقطة الانطلاق، على مسافة 42 كيلومترا.

            وإلى جانب السباق الرئيسي، برمج المنظمون سباقا لمسافة 10 كيلومترات وآخر
            للأطفال، حظيا بإقبال كبير من العائلات والهواة.

            وتطلب تنظيم الحدث إغلاق عدد من المحاور الطرقية لساعات، مع تعبئة فرق
            للإسعاف والأمن على طول المسار.
        """),
    ),
    Story(
        title="متطوعون ينظفون شاطئ دار بوعزة ويدعون إلى حماية الساحل",
        section="مجتمع",
        tags=("البيئة",),
        views=274,
        ago=days(27.5),
        lede=prose("""
            حملة بيئية أطلقتها جمعيات محلية بعد موسم صيفي خلف كميات كبيرة من البلاستيك
            على الرمال.
        """),
        body=rich("""
            شارك عشرات المتطوعين، من تلاميذ وشباب وفاعلين جمعويين، في حملة لتنظيف شاطئ
            دار بوعزة بإقليم النواصر، جمعت خلالها كميات مهمة من النفايات البلاستيكية
            والأكياس وأعقاب السجائر.

            وأوضحت الجمعيات المنظمة أن المبادرة جزء من برنامج تحسيسي انطلق بعد احتضان
            مراكش لمؤتمر المناخ COP22 سنة 2016، ويروم ترسيخ ثقافة احترام البيئة لدى
            رواد الشواطئ.

            وختم المشاركون الحملة بنداء إلى الجماعة جاء فيه:

            <blockquote><p>وفروا عددا أكبر من حاويات الفرز على طول الشاطئ، وشددوا
            المراقبة على الرمي العشوائي للنفايات، خاصة في فصل الصيف.</p></blockquote>
        """),
    ),
    Story(
        title="أشغال جديدة لتوسيع شبكة الحافلات ذات المستوى العالي للخدمة BRT",
        section="جهات",
        tags=("النقل الحضري", "الدار البيضاء"),
        views=511,
        ago=days(35.3),
        lede=prose("""
            المشروع يهدف إلى ربط أحياء الضواحي بوسط الدار البيضاء وتخفيف الضغط على
            شبكة الترامواي.
        """),
        body=rich("""
            انطلقت بالدار البيضاء أشغال تهيئة ممرات ومحطات جديدة لشبكة الحافلات ذات
            المستوى العالي للخدمة، المعروفة اختصارا بـ BRT، في إطار مخطط التنقلات
            الحضرية للمدينة.

            ويمتد المسار الجديد على عدة كيلومترات، ويربط أحياء بالضاحية الشرقية بخطوط
            الترامواي القائمة، ما سيمكن آلاف المستعملين من تقليص مدة تنقلهم اليومي.

            وتسببت الأشغال في اضطرابات مرورية بعدد من الشوارع، دفعت المصالح المختصة
            إلى اعتماد تحويلات مؤقتة ووضع علامات التشوير لتوجيه السائقين.

            ويرتقب أن تدخل الخطوط الجديدة حيز الخدمة بشكل تدريجي، على أن تواكبها حملة
            تواصلية للتعريف بمحطاتها ومواقيتها وتسعيرتها.
        """),
    ),
    Story(
        title="مجلس جهة الدار البيضاء-سطات يبرمج مشاريع جديدة للماء والطرق القروية",
        section="سياسة",
        tags=("الجماعات الترابية", "الفلاحة"),
        views=930,
        ago=days(48.1),
        event=Happening(
            "الدورة العادية لمجلس جهة الدار البيضاء-سطات",
            venue="مقر مجلس الجهة",
            place=CASABLANCA_COMMUNE,
            organizer=REGION_COUNCIL,
        ),
        lede=prose("""
            الدورة العادية للمجلس خصصت حيزا مهما لمواجهة آثار الجفاف وفك العزلة عن
            الجماعات القروية.
        """),
        body=rich("""
            صادق مجلس جهة الدار البيضاء-سطات، خلال دورته العادية المنعقدة بمقره في
            الدار البيضاء، على برمجة مشاريع جديدة تهم تأمين التزود بالماء الصالح للشرب
            وتأهيل الطرق القروية بعدد من أقاليم الجهة.

            ونالت الأقاليم ذات الطابع القروي، كسطات وبرشيد وبنسليمان، حصة مهمة من هذه
            المشاريع، بالنظر إلى ما عرفته خلال سنوات الجفاف الأخيرة من ضغط على الموارد
            المائية.

            وحضر أشغال الدورة أعضاء المجلس من مختلف الفرق، من بينهم يوسف مفلح، رئيس
            فريق الأصالة والمعاصرة بمجلس الجهة، إلى جانب ممثلي المصالح اللاممركزة
            المعنية بالمشاريع المبرمجة.

            وشدد عدد من المتدخلين على ضرورة احترام آجال الإنجاز، وإشراك الجماعات
            المعنية في تتبع الأشغال ضمانا لجودتها.
        """),
        people=(
            Seen(
                MOFLEH,
                "رئيس فريق الأصالة والمعاصرة بمجلس الجهة",
                post=REGION_GROUP,
            ),
        ),
    ),
    Story(
        title="فلاحو إقليم سطات يستبشرون بالأمطار الأولى مع انطلاق الموسم الفلاحي",
        section="اقتصاد",
        tags=("الفلاحة",),
        views=446,
        ago=days(70.4),
        lede=prose("""
            التساقطات أعادت الأمل إلى منطقة الشاوية بعد مواسم صعبة، والمهنيون يطالبون
            بدعم البذور والأسمدة.
        """),
        body=rich("""
            خلفت التساقطات المطرية التي عرفتها منطقة الشاوية خلال الأيام الأخيرة
            ارتياحا واسعا في صفوف فلاحي إقليم سطات، الذين شرعوا في الحرث والبذر في
            ظروف أفضل من المواسم الماضية.

            ويعتمد الإقليم بشكل كبير على زراعة الحبوب البورية، ما يجعل نتائج الموسم
            رهينة بانتظام الأمطار خلال الأشهر المقبلة، وفق ما يؤكده مهنيون بالقطاع.

            وطالب ممثلو الفلاحين الصغار بتسريع توزيع البذور المدعمة وتخفيض أسعار
            الأسمدة، مشيرين إلى أن كلفة الإنتاج ارتفعت كثيرا خلال السنتين الأخيرتين.

            من جهتها، أعلنت المديرية الإقليمية للفلاحة تعبئة فرقها التقنية لمواكبة
            الفلاحين وإرشادهم إلى تقنيات الزرع المباشر الموفرة للماء.
        """),
    ),
    Story(
        title="مطار محمد الخامس يستعد لتوسعة كبرى في أفق 2030",
        section="جهات",
        tags=("مونديال 2030", "النقل الحضري"),
        views=1587,
        ago=days(95.2),
        lede=prose("""
            محطة جديدة للمسافرين لرفع الطاقة الاستيعابية ومواكبة النمو المتوقع لعدد
            الوافدين.
        """),
        body=rich("""
            يستعد مطار محمد الخامس الدولي بإقليم النواصر لورش توسعة كبير، يشمل بناء
            محطة جديدة للمسافرين وتحديث المرافق القائمة، استعدادا لاستقبال أعداد
            متزايدة من الزوار مع اقتراب كأس العالم 2030.

            ويهدف المشروع إلى مضاعفة الطاقة الاستيعابية للمطار، الذي يعد البوابة
            الجوية الأولى للمملكة، مع تحسين ظروف الاستقبال وتقليص مدة الانتظار عند
            نقاط المراقبة.

            وتشمل التوسعة كذلك تحسين ربط المطار بالدار البيضاء عبر القطار والطريق
            السيار، وتوفير مواقف إضافية للسيارات وفضاءات تجارية جديدة.

            ويرى مهنيو النقل والسياحة أن هذه الأشغال ضرورية لتعزيز تنافسية الدار
            البيضاء كمحطة عبور بين إفريقيا وأوروبا والأمريكيتين.
        """),
    ),
    # Neither of the next two is visible to readers: a draft, then an article
    # scheduled a few days ahead.
    Story(
        title="برنامج تكويني لفائدة المنتخبين المحليين بجهة الدار البيضاء-سطات",
        section="سياسة",
        tags=("البام", "الجماعات الترابية"),
        lede=prose("""
            دورات في التدبير المالي والصفقات العمومية لفائدة رؤساء الجماعات ونوابهم.
        """),
        body=rich("""
            تعتزم الأمانة الجهوية لحزب الأصالة والمعاصرة بجهة الدار البيضاء-سطات تنظيم
            سلسلة من الدورات التكوينية لفائدة منتخبي الحزب بالجماعات والمقاطعات.

            وتتناول الدورات التدبير المالي للجماعات، وإعداد الميزانيات، ومساطر الصفقات
            العمومية، وآليات الديمقراطية التشاركية.

            (فقرة تنتظر تأكيد المواعيد والأماكن قبل النشر.)
        """),
    ),
    Story(
        title="الدار البيضاء تحتضن الدورة الجديدة من المعرض الجهوي للكتاب",
        section="مجتمع",
        tags=("ثقافة", "الدار البيضاء"),
        ahead=days(5),
        lede=prose("""
            أروقة لدور نشر مغربية وندوات وورشات للأطفال على مدى عشرة أيام.
        """),
        body=rich("""
            تنطلق بالدار البيضاء، الأسبوع المقبل، الدورة الجديدة من المعرض الجهوي
            للكتاب، بمشاركة دور نشر مغربية وجمعيات ثقافية من مختلف أقاليم الجهة.

            ويتضمن برنامج المعرض ندوات حول القراءة والنشر الرقمي، ولقاءات مع كتاب
            شباب، وورشات للأطفال في الحكي والرسم.

            ويراهن المنظمون على استقطاب جمهور واسع من التلاميذ والطلبة، عبر زيارات
            منظمة بتنسيق مع المؤسسات التعليمية بالمدينة.
        """),
    ),
]

# The order of the summary printed at the end.
REPORTED_MODELS = [
    Section,
    Tag,
    Place,
    Organization,
    Official,
    OfficialSpelling,
    Position,
    Event,
    Article,
    Attendee,
]


def differs(obj: models.Model, name: str, value: Any) -> bool:
    """Whether the stored field differs from `value` (relations compared by key)."""
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        key = value.pk if value is not None else None
        return getattr(obj, model_field.attname) != key
    return getattr(obj, name) != value


class Command(BaseCommand):
    help = (
        "Load a small demo site: sections, places, organizations, officials, "
        "one reported meeting and about a dozen articles. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--admin-password",
            help=(
                f'Create the superuser "{ADMIN_USERNAME}" with this password, or '
                "set it on the existing one. Without it an existing password is "
                "kept and no superuser is created."
            ),
        )

    def handle(self, *args: Any, admin_password: str | None, **options: Any) -> None:
        if admin_password is not None and not admin_password.strip():
            raise CommandError("The admin password cannot be empty.")
        self.verbosity = options["verbosity"]
        self.tally: Counter[tuple[type[models.Model], str]] = Counter()
        self.now = timezone.now().replace(second=0, microsecond=0)
        with transaction.atomic():
            self.load_sections_and_tags()
            self.load_places()
            self.load_organizations()
            self.load_officials()
            articles = [self.load_story(story) for story in STORIES]
            reference = articles[STORIES.index(REFERENCE)]
            admin_message = self.load_admin(admin_password)
            if admin_password is not None:
                self.load_role_users(admin_password)
        self.report()
        self.stdout.write(admin_message)
        self.stdout.write(
            f"Reference article: {uri_to_iri(reference.get_absolute_url())}"
        )

    def sync(
        self,
        model: type[models.Model],
        lookup: dict[str, Any],
        values: dict[str, Any] | None = None,
        create_values: dict[str, Any] | None = None,
    ) -> Any:
        """Find by natural key; create, or save only the values that differ.

        `create_values` are written once, when the object is created: later runs
        keep what readers and editors have changed since (view counts, dates).
        """
        values = values or {}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values, **(create_values or {}))
            outcome = "created"
        else:
            changed = [
                name for name, value in values.items() if differs(obj, name, value)
            ]
            if not changed:
                self.record(model, "unchanged", obj)
                return obj
            for name in changed:
                setattr(obj, name, values[name])
            outcome = "updated"
        # Fields the model derives itself (keys, counters, timestamps) are
        # filled on save, so they are left out of validation.
        derived = [f.name for f in model._meta.fields if not f.editable]
        obj.full_clean(exclude=derived)
        obj.save()
        self.record(model, outcome, obj)
        return obj

    def record(self, model: type[models.Model], outcome: str, obj: Any) -> None:
        self.tally[model, outcome] += 1
        if self.verbosity >= 2 and outcome != "unchanged":
            self.stdout.write(f"  {outcome} {model.__name__}: {obj}")

    def load_sections_and_tags(self) -> None:
        self.sections = {}
        for position, (name, description) in enumerate(SECTIONS, start=1):
            self.sections[name] = self.sync(
                Section,
                {"slug": arabic_slugify(name)},
                {"name": name, "description": description, "position": position},
            )
        self.tags = {
            name: self.sync(Tag, {"slug": arabic_slugify(name)}, {"name": name})
            for name in TAGS
        }

    def load_places(self) -> None:
        self.places = {}
        for name, kind, parent in PLACES:
            self.places[name] = self.sync(
                Place,
                {"parent": self.places.get(parent), "name": name},
                {"kind": kind},
            )

    def load_organizations(self) -> None:
        self.organizations = {}
        for org in ORGANIZATIONS:
            self.organizations[org.name] = self.sync(
                Organization,
                {"parent": self.organizations.get(org.parent), "name": org.name},
                {
                    "kind": org.kind,
                    "short_name": org.short_name,
                    "place": self.places.get(org.place),
                },
            )

    def load_officials(self) -> None:
        self.officials = {}
        self.positions = {}
        for person in OFFICIALS:
            official = self.sync(Official, {"name": person.name})
            self.officials[person.name] = official
            for spelling in person.spellings:
                self.sync(OfficialSpelling, {"official": official, "name": spelling})
            for post in person.posts:
                start_date, start_precision = post.start or (None, DatePrecision.DAY)
                end_date, end_precision = post.end or (None, DatePrecision.DAY)
                organization = self.organizations[post.organization]
                self.positions[person.name, post.organization] = self.sync(
                    Position,
                    {
                        "official": official,
                        "organization": organization,
                        "title": post.title,
                    },
                    {
                        "start_date": start_date,
                        "start_precision": start_precision,
                        "end_date": end_date,
                        "end_precision": end_precision,
                    },
                )
            # Saved before its spellings and posts: searchable by them now.
            official.refresh_search_text()

    def load_story(self, story: Story) -> Article:
        values, create_values = self.timing(story)
        published_at = values.get("published_at") or create_values.get("published_at")
        event = story.event and self.load_event(story.event, published_at)
        article = self.sync(
            Article,
            {"title": story.title},
            {
                **values,
                "section": self.sections[story.section],
                "lede": story.lede,
                "body": story.body,
                "event": event,
                "comments_enabled": True,
            },
            {**create_values, "view_count": story.views},
        )
        article.tags.set([self.tags[name] for name in story.tags])
        self.load_people(article, story.people)
        # Saved before its tags and people: searchable by them now.
        article.refresh_search_text()
        return article

    def timing(self, story: Story) -> tuple[dict[str, Any], dict[str, Any]]:
        """Status and date: values to keep in sync, and values set on creation."""
        if story.at:
            return {"status": Article.Status.PUBLISHED, "published_at": story.at}, {}
        if story.ago:
            # Relative to the first load, so "latest" looks alive; kept after.
            return (
                {"status": Article.Status.PUBLISHED},
                {"published_at": self.now - story.ago},
            )
        if story.ahead:
            # A scheduled article stays in the future, however old the demo is.
            values = {"status": Article.Status.PUBLISHED}
            current = (
                Article.objects.filter(title=story.title)
                .values_list("published_at", flat=True)
                .first()
            )
            if current is None or current <= self.now:
                values["published_at"] = self.now + story.ahead
            return values, {}
        return {"status": Article.Status.DRAFT, "published_at": None}, {}

    def load_event(
        self, happening: Happening, published_at: datetime.datetime | None
    ) -> Event:
        values = {
            "venue": happening.venue,
            "place": self.places.get(happening.place),
            "organizer": self.organizations.get(happening.organizer),
            "presided_by": self.officials.get(happening.presided_by),
        }
        if happening.date:
            return self.sync(
                Event, {"title": happening.title}, {**values, "date": happening.date}
            )
        day = timezone.localdate(published_at) if published_at else None
        return self.sync(Event, {"title": happening.title}, values, {"date": day})

    def load_people(self, article: Article, people: tuple[Seen, ...]) -> None:
        extra = article.attendees.exclude(order__in=range(1, len(people) + 1))
        for attendee in extra:
            attendee.delete()
            self.record(Attendee, "deleted", attendee)
        for order, seen in enumerate(people, start=1):
            # A name that matches no recorded official stays a printed name.
            official = self.officials.get(seen.name)
            position = self.positions[seen.name, seen.post] if seen.post else None
            self.sync(
                Attendee,
                {"article": article, "order": order},
                {
                    "official": official,
                    "name_as_printed": seen.name,
                    "role_as_printed": seen.role,
                    "participation": seen.participation,
                    "position": position,
                },
            )

    def load_admin(self, password: str | None) -> str:
        """Create or update the superuser; say how to log in."""
        users = get_user_model()
        user = users.objects.filter(username=ADMIN_USERNAME).first()
        if user is None and password is None:
            return (
                f'No "{ADMIN_USERNAME}" user: run again with --admin-password '
                "to create one."
            )
        if user is None:
            users.objects.create_superuser(ADMIN_USERNAME, ADMIN_EMAIL, password)
            return f'Created the superuser "{ADMIN_USERNAME}" ({ADMIN_EMAIL}).'
        if password is None:
            return f'The user "{ADMIN_USERNAME}" exists; its password is unchanged.'
        is_admin = user.is_active and user.is_staff and user.is_superuser
        if is_admin and user.check_password(password):
            # `make run` passes the same password every time: no new hash then.
            return f'The superuser "{ADMIN_USERNAME}" already has that password.'
        user.set_password(password)
        user.is_active = user.is_staff = user.is_superuser = True
        user.save()
        return f'Set the password of the superuser "{ADMIN_USERNAME}".'

    def load_role_users(self, password: str) -> None:
        """A staff account in each group, so each role can be tried."""
        users = get_user_model()
        for username, first_name, group_name in ROLE_USERS:
            user = users.objects.filter(username=username).first()
            if user is None:
                user = users(username=username, first_name=first_name, is_staff=True)
                user.set_password(password)
                user.save()
            elif not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=group_name))

    def report(self) -> None:
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        for model in REPORTED_MODELS:
            counts = ", ".join(
                f"{self.tally[model, outcome]} {outcome}"
                for outcome in ("created", "updated", "unchanged", "deleted")
                if self.tally[model, outcome] or outcome != "deleted"
            )
            self.stdout.write(f"  {model.__name__:<17} {counts}")
        visible = Article.objects.published().count()
        self.stdout.write(
            f"  {visible} of {Article.objects.count()} articles are visible to readers."
        )
