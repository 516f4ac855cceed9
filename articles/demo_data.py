"""The demo site's content: sections, places, people, a reported meeting, articles.

Plain data and the small helpers that shape it; `articles.demo` writes it to the
database. Kinds, precisions and participations are the models' choice values,
which the loader validates.
"""

from __future__ import annotations

import datetime
import re
import textwrap
from dataclasses import dataclass, field
from typing import NamedTuple
from zoneinfo import ZoneInfo

from articles.richtext import sanitize_body

CASABLANCA = ZoneInfo("Africa/Casablanca")
ADMIN_USERNAME = "admin"
# Answers readers in the site's name in the demo comments.
MODERATOR_USERNAME = "moderator"
# One demo account per newsroom role, with the admin's password: (username,
# first name, last name, group) — the groups come from migration 0005.
ROLE_USERS = [
    ("author", "سلمى", "الإدريسي", "Authors"),
    ("editor", "يوسف", "بنعلي", "Editors"),
    (MODERATOR_USERNAME, "هشام", "", "Comment moderators"),
]
# The demo's writers, by username, in turn over the stories: each has a byline
# linking to a page with a drawn portrait (its seed) and a bio.
WRITERS = {"author": 11, "editor": 12}
ADMIN_EMAIL = "admin@example.com"
# The short bio on each demo writer's public page (by username).
WRITER_BIOS = {
    "author": "صحفية بقسم الجهات، تتابع شؤون الجماعات والمجالس المنتخبة.",
    "editor": "رئيس التحرير، يشرف على تغطية السياسة والاقتصاد بجهة الدار البيضاء-سطات.",
}
# Agency copy among the demo stories (by title): the agency credited beside
# the byline.
SOURCE_CREDITS = {
    "مطار محمد الخامس يستعد لتوسعة كبرى في أفق 2030": "و م ع",
    "Casablanca Finance City تستقطب شركات جديدة وتراهن على التمويل الأخضر": "أ ف ب",
}


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
    """A date known to the year."""
    return datetime.date(value, 1, 1), "year"


def month(y: int, m: int) -> tuple[datetime.date, str]:
    """A date known to the month."""
    return datetime.date(y, m, 1), "month"


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
    participation: str = "attended"
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
    (REGION, "region", None),
    ("عمالة الدار البيضاء", "prefecture", REGION),
    (CASABLANCA_COMMUNE, "commune", "عمالة الدار البيضاء"),
    ("مقاطعة عين الشق", "district", CASABLANCA_COMMUNE),
    ("مقاطعة سيدي البرنوصي", "district", CASABLANCA_COMMUNE),
    ("إقليم النواصر", "province", REGION),
    ("جماعة دار بوعزة", "commune", "إقليم النواصر"),
    ("إقليم بنسليمان", "province", REGION),
    ("جماعة بنسليمان", "commune", "إقليم بنسليمان"),
    ("إقليم الجديدة", "province", REGION),
    ("جماعة الجديدة", "commune", "إقليم الجديدة"),
    ("إقليم سطات", "province", REGION),
    ("جماعة سطات", "commune", "إقليم سطات"),
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
    Org(PARTY, "party", short_name="البام"),
    Org(GENERAL_SECRETARIAT, "party_body", PARTY),
    Org(COLLECTIVE_LEADERSHIP, "party_body", GENERAL_SECRETARIAT),
    Org(NATIONAL_COUNCIL, "party_body", PARTY),
    Org(POLITICAL_BUREAU, "party_body", PARTY),
    Org(REGIONAL_SECRETARIAT, "party_body", PARTY, REGION),
    Org(REGION_GROUP, "party_body", PARTY, REGION),
    Org(COMMUNE_GROUP, "party_body", PARTY, CASABLANCA_COMMUNE),
    Org(REGION_COUNCIL, "council", place=REGION),
    Org(PREFECTURE_COUNCIL, "council", place="عمالة الدار البيضاء"),
    Org(COMMUNE_COUNCIL, "council", place=CASABLANCA_COMMUNE),
    Org(HOUSE, "parliament"),
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
            "presided",
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
            "mentioned",
            COLLECTIVE_LEADERSHIP,
        ),
    ),
)


# Two more stories that readers comment on (comments.demo).
ROADS_TITLE = "مجلس عمالة الدار البيضاء يصادق على اتفاقيات لتأهيل الطرق والإنارة"
STADIUM_TITLE = (
    "أشغال الملعب الكبير الحسن الثاني ببنسليمان تتقدم استعدادا لمونديال 2030"
)


def days(value: float) -> datetime.timedelta:
    """A span of (possibly fractional) days."""
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
                "organized",
            ),
        ),
    ),
    Story(
        title=ROADS_TITLE,
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
                "presided",
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
        title=STADIUM_TITLE,
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

            <p><a href="https://www.youtube.com/watch?v=aqz-KE-bpKQ">فيديو للعرض:
            «Big Buck Bunny»، فيلم قصير لمؤسسة بلندر برخصة المشاع الإبداعي</a></p>
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


class Photo(NamedTuple):
    """A demo article's featured image: what `articles.demo_photos` draws, and
    the Image's texts (Arabic cannot be drawn into the picture itself)."""

    scene: str
    seed: int
    alt: str
    caption: str
    credit: str
    # Handed over as a phone writes it: on its side, with a GPS position.
    from_phone: bool = False


DESK_CREDIT = "قسم التصوير"
# Every story's photo, by title; the alt text is the image's natural key.
PHOTOS = {
    REFERENCE_TITLE: Photo(
        "hall",
        1,
        "واجهة مقر حزبي بأعمدة بيضاء وسقف أخضر يرفرف فوقه العلم المغربي",
        "مقر اللقاء التواصلي بالدار البيضاء.",
        DESK_CREDIT,
    ),
    "حملة للتبرع بالدم بمقاطعة عين الشق تستقطب مئات المتطوعين": Photo(
        "crowd",
        2,
        "متطوعون بقمصان ملونة يصطفون أمام مركز التبرع بالدم",
        "متطوعون ينتظرون دورهم للتبرع بالدم بعين الشق.",
        "جمعية المتبرعين بالدم",
    ),
    ROADS_TITLE: Photo(
        "road",
        3,
        "شارع عريض بأعمدة إنارة جديدة تعبره حافلة حمراء",
        "أحد المحاور الطرقية المعنية بالتأهيل.",
        DESK_CREDIT,
    ),
    "مجموعة OCP تطلق برنامجا لتكوين شباب إقليم الجديدة في مهن الصناعة": Photo(
        "factory",
        4,
        "مبان صناعية ومداخن يتصاعد منها البخار قرب الجرف الأصفر",
        "المركب الصناعي بالجرف الأصفر.",
        DESK_CREDIT,
    ),
    STADIUM_TITLE: Photo(
        "stadium",
        5,
        "ملعب كرة قدم ممتلئ المدرجات تحت أضواء الكاشفات ليلا",
        "مدرجات الملعب في مباراة ليلية.",
        DESK_CREDIT,
    ),
    "Casablanca Finance City تستقطب شركات جديدة وتراهن على التمويل الأخضر": Photo(
        "skyline",
        6,
        "أبراج القطب المالي للدار البيضاء عند الغروب ونوافذها مضاءة",
        "أبراج القطب المالي للدار البيضاء.",
        DESK_CREDIT,
    ),
    "آلاف العدائين يجوبون شوارع الدار البيضاء في الماراثون الدولي": Photo(
        "crowd",
        7,
        "عداؤون بأقمصة ملونة يملؤون أحد شوارع الدار البيضاء",
        "العداؤون عند انطلاق الماراثون.",
        DESK_CREDIT,
    ),
    "متطوعون ينظفون شاطئ دار بوعزة ويدعون إلى حماية الساحل": Photo(
        "sea",
        8,
        "شاطئ دار بوعزة الرملي وأمواج المحيط الأطلسي تحت الشمس",
        "شاطئ دار بوعزة صباح حملة التنظيف.",
        "صورة قارئ",
        from_phone=True,
    ),
    "أشغال جديدة لتوسيع شبكة الحافلات ذات المستوى العالي للخدمة BRT": Photo(
        "road",
        9,
        "حافلة زرقاء في ممر مخصص وسط شارع تصطف على جانبيه أعمدة الإنارة",
        "ممر الحافلات ذات المستوى العالي للخدمة.",
        DESK_CREDIT,
    ),
    "مجلس جهة الدار البيضاء-سطات يبرمج مشاريع جديدة للماء والطرق القروية": Photo(
        "hall",
        10,
        "مقر مجلس الجهة بأعمدته وسلالمه والعلم المغربي فوقه",
        "مقر مجلس جهة الدار البيضاء-سطات.",
        DESK_CREDIT,
    ),
    "فلاحو إقليم سطات يستبشرون بالأمطار الأولى مع انطلاق الموسم الفلاحي": Photo(
        "fields",
        11,
        "حقول محروثة في سهل الشاوية تحت سحب ممطرة",
        "حقول بإقليم سطات بعد الأمطار الأولى.",
        DESK_CREDIT,
    ),
    "مطار محمد الخامس يستعد لتوسعة كبرى في أفق 2030": Photo(
        "runway",
        12,
        "طائرة ركاب تحلق فوق مدرج مطار محمد الخامس",
        "مدرج مطار محمد الخامس الدولي.",
        "المكتب الوطني للمطارات",
    ),
    "برنامج تكويني لفائدة المنتخبين المحليين بجهة الدار البيضاء-سطات": Photo(
        "hall",
        13,
        "مبنى إداري بأعمدة وسقف أخضر حيث تجري الدورات التكوينية",
        "مقر الدورات التكوينية للمنتخبين.",
        DESK_CREDIT,
    ),
    "الدار البيضاء تحتضن الدورة الجديدة من المعرض الجهوي للكتاب": Photo(
        "books",
        14,
        "رفوف مليئة بكتب ذات أغلفة ملونة في رواق للمعرض",
        "أحد أروقة المعرض الجهوي للكتاب.",
        "اللجنة المنظمة للمعرض",
    ),
}
# A second photo inside some bodies, placed after the body's first paragraph,
# so that body images (srcset, caption, credit) are seen on the demo's pages.
BODY_PHOTOS = {
    REFERENCE_TITLE: Photo(
        "crowd",
        21,
        "حضور يملأ قاعة اللقاء التواصلي ويتابع كلمات المتدخلين",
        "جانب من الحضور خلال اللقاء التواصلي.",
        DESK_CREDIT,
    ),
    ROADS_TITLE: Photo(
        "skyline",
        22,
        "عمارات مدينة الدار البيضاء عند الغروب تطل على شارع رئيسي",
        "أحياء الدار البيضاء المعنية بتأهيل الإنارة العمومية.",
        DESK_CREDIT,
    ),
    "مطار محمد الخامس يستعد لتوسعة كبرى في أفق 2030": Photo(
        "sea",
        23,
        "ساحل المحيط الأطلسي قرب الدار البيضاء كما يبدو من نافذة طائرة",
        "الساحل الأطلسي قرب الدار البيضاء.",
        "المكتب الوطني للمطارات",
    ),
}
