"""The article body: the allow-list against known attacks, and the counts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions

from articles.models import Article
from articles.richtext import (
    ATTRIBUTES,
    CLASSES,
    EXTENSIONS,
    TAGS,
    count_words,
    image_src_allowed,
    plain_text,
    reading_minutes,
    sanitize_body,
)
from tests.factories import ArticleFactory, SectionFactory
from tests.helpers import article_form, change_url

# OWASP's filter evasion cheat sheet, PortSwigger's and DOMPurify's mutation
# cases, and what a rich-text widget could be made to send.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<SCRIPT SRC="https://xss.example/xss.js"></SCRIPT>',
    '<SCRIPT/XSS SRC="https://xss.example/xss.js"></SCRIPT>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=https://xss.example/xss.js?< B >",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;"
    "&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114"
    "&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114"
    "&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61"
    "&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<a href=\"jav&#x09;ascript:alert('XSS');\">link</a>",
    "<a href=\"jav&#x0A;ascript:alert('XSS');\">link</a>",
    "<a href=\"jav&#x0D;ascript:alert('XSS');\">link</a>",
    '<a href="jav\tascript:alert(1)">link</a>',
    "<a href=\" &#14;  javascript:alert('XSS');\">link</a>",
    '<a href="java\x00script:alert(1)">link</a>',
    '<a href="&#106;avascript:alert(1)">link</a>',
    '<a href="javascript&colon;alert(1)">link</a>',
    '<a href="  JAVASCRIPT:alert(1)">link</a>',
    '<a href="vbscript:msgbox(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" alt="">',
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    '<a href="https://example.org/" onclick="alert(1)" target="_blank" '
    'rel="opener">link</a>',
    '<p title="x" onmouseover="alert(1)" class="evil" id="login">text</p>',
    "<svg onload=alert(1)>",
    '<svg><use href="data:image/svg+xml;base64,PHN2ZyBpZD0ieCI+PC9zdmc+#x"></use>'
    "</svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">X</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<iframe src="https://xss.example/scriptlet.html"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<iframe src=https://xss.example/scriptlet.html <",
    '<object data="javascript:alert(1)"></object>',
    '<object type="text/x-scriptlet" data="https://xss.example/scriptlet.html">'
    "</object>",
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" '
    'type="image/svg+xml">',
    '<form action="javascript:alert(1)"><button>send</button></form>',
    '<button formaction="javascript:alert(1)">send</button>',
    '<input autofocus onfocus="alert(1)">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    "<STYLE>@import'https://xss.example/xss.css';</STYLE>",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE>"
    "<UL><LI>XSS</br>",
    '<p style="background-image: url(javascript:alert(1))">text</p>',
    "<div style=\"width: expression(alert('XSS'));\">text</div>",
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<!-- --><script>alert(1)</script><!-- -->",
    '<p><!--<img src="--><img src=x onerror=alert(1)//">',
    "<![CDATA[<script>alert(1)</script>]]>",
    '"><script>alert(1)</script>',
    "<img alt='\"' onerror=alert(1)//'>",
    '<img src="/media/a.png" alt="x"onerror="alert(1)">',
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    "<template><script>alert(1)</script></template>",
    "<xmp><script>alert(1)</script></xmp>",
    "<textarea><script>alert(1)</script></textarea>",
    "<BODY ONLOAD=alert('XSS')>",
    "<h1 onclick=alert(1)>title</h1><h2 onclick=alert(1)>title</h2>",
    '<a href="\uff4a\uff41\uff56\uff41\uff53\uff43\uff52\uff49\uff50\uff54:alert(1)">'
    "fullwidth</a>",
    '<img src="https://tracker.example/pixel.gif" alt="">',
    '<img src="//tracker.example/pixel.gif" alt="">',
    '<img src="/admin/logout/" alt="">',
    '<img src="/media/../admin/logout/" alt="">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<p>before<script>document.write('<img src=x onerror=alert(1)>')</script>after",
]

LINK_SCHEMES = {"http", "https", "mailto"}
URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def scheme_of(url: str) -> str | None:
    """The scheme a browser would read: it drops tabs and newlines first."""
    url = re.sub(r"[\t\n\r]", "", url).lstrip("\x00\x01\x02\x03\x04\x05 \x0c\x0e")
    match = URL_SCHEME.match(url)
    return match[1].lower() if match else None


class Audit(HTMLParser):
    """Everything in the output that is not plain allowed markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            value = value or ""
            if name == "class" and value in CLASSES.get(tag, ()):
                continue
            if name not in ATTRIBUTES.get(tag, ()):
                self.problems.append(f"attribute {name} on <{tag}>")
            elif name == "href" and scheme_of(value) not in LINK_SCHEMES | {None}:
                self.problems.append(f"href {value!r}")
            elif name == "src" and not image_src_allowed(value):
                self.problems.append(f"src {value!r}")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data):
        self.problems.append(f"comment {data!r}")

    def handle_decl(self, decl):
        self.problems.append(f"declaration {decl!r}")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction {data!r}")

    def unknown_decl(self, data):
        self.problems.append(f"declaration {data!r}")


def audit(html: str) -> list[str]:
    parser = Audit()
    parser.feed(html)
    parser.close()
    return parser.problems


@pytest.fixture(autouse=True)
def _site(settings):
    settings.MEDIA_URL = "/media/"
    settings.SITE_URL = "https://akhbar.example.ma"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_known_attack_leaves_nothing_executable(payload):
    clean = sanitize_body(payload)

    assert audit(clean) == [], clean
    lowered = clean.lower()
    for vector in ["<script", "javascript:", "vbscript:", "data:", "onerror"]:
        assert vector not in lowered or f"&lt;{vector[1:]}" in lowered, clean
    # Cleaning twice changes nothing: what is stored is what is served.
    assert sanitize_body(clean) == clean


def test_payload_set_is_large_enough():
    assert len(XSS_PAYLOADS) >= 30


# What an editor writes: Arabic with every kind of formatting, kept byte for byte.
ARABIC = (
    "<h2>ما جرى في الدورة</h2>"
    "<p>صادق <strong>المجلس الجماعي</strong> بالإجماع على <em>ثلاث</em> اتفاقيات، "
    'وفق <a href="https://www.example.ma/qarar" title="نص القرار">نص القرار</a>.</p>'
    "<h3>أبرز النقاط</h3>"
    "<ul><li><p>تأهيل الطرق</p></li><li><p>تجديد الإنارة العمومية</p></li></ul>"
    '<ol start="3"><li><p>ثالثا</p></li><li><p>رابعا</p></li></ol>'
    "<blockquote><p>«سنواكب المشاريع حتى نهايتها»</p></blockquote>"
    "<p>سطر أول<br>سطر ثان</p>"
    '<figure class="figure"><img src="/media/images/2025/10/liqa.webp" '
    'alt="صورة من اللقاء" width="1200" height="800">'
    '<figcaption class="figure-caption">من أشغال اللقاء</figcaption></figure>'
    '<p><a href="mailto:redaction@example.ma">راسلونا</a> أو اقرأوا '
    '<a href="/12/خبر-سابق/">الخبر السابق</a> و'
    '<a href="https://ar.wikipedia.org/wiki/الدار_البيضاء">صفحة المدينة</a>.</p>'
)


def test_arabic_rich_text_survives_exactly():
    assert sanitize_body(ARABIC) == ARABIC
    assert audit(ARABIC) == []


def test_what_the_editor_adds_beyond_the_allow_list_is_dropped():
    sent = (
        '<ol type="1" data-type="decimal"><li><p>أولا</p></li></ol>'
        '<p><a href="https://example.org/" target="_blank" rel="noopener">رابط</a></p>'
        '<figure class="figure wide"><img src="/media/a.webp" alt="صورة" '
        'data-file="7" width="100%"></figure>'
    )
    assert sanitize_body(sent) == (
        "<ol><li><p>أولا</p></li></ol>"
        '<p><a href="https://example.org/">رابط</a></p>'
        '<figure class="figure"><img src="/media/a.webp" alt="صورة"></figure>'
    )


def test_foreign_image_is_removed_with_its_tag_and_the_caption_kept():
    sent = (
        '<figure class="figure"><img src="https://tracker.example/p.gif" alt="صورة">'
        '<figcaption class="figure-caption">تعليق</figcaption></figure>'
    )
    assert sanitize_body(sent) == (
        '<figure class="figure"><figcaption class="figure-caption">تعليق</figcaption>'
        "</figure>"
    )


def test_unknown_tags_are_unwrapped_and_their_text_kept():
    assert sanitize_body("<div><h1>عنوان</h1><span>نص</span></div>") == "عنواننص"
    assert sanitize_body("<p>نص <u>مسطر</u> و<code>رمز</code></p>") == (
        "<p>نص مسطر ورمز</p>"
    )


@pytest.mark.parametrize(
    "empty", ["", "<p></p>", "<p></p><p></p>", "<script>x</script>"]
)
def test_empty_editor_stores_an_empty_body(empty):
    assert sanitize_body(empty) == ""


@pytest.mark.parametrize(
    "src",
    [
        "/media/images/2025/10/liqa.webp",
        "/media/renditions/liqa-800.webp",
        "https://akhbar.example.ma/media/images/liqa.webp",
    ],
)
def test_image_from_the_sites_media_is_allowed(src):
    assert image_src_allowed(src)


@pytest.mark.parametrize(
    "src",
    [
        "http://akhbar.example.ma/media/images/liqa.webp",
        "https://other.example/media/images/liqa.webp",
        "https://akhbar.example.ma.evil.example/media/liqa.webp",
        "https://akhbar.example.ma@evil.example/media/liqa.webp",
        "//evil.example/media/liqa.webp",
        "/static/images/logo.png",
        "/admin/logout/",
        "/media/../admin/logout/",
        "/media/%2e%2e/admin/logout/",
        "/media/images/liqa.webp?track=1",
        "/media\\..\\admin",
        "media/images/liqa.webp",
        "data:image/png;base64,iVBORw0KGgo=",
        "javascript:alert(1)",
        "",
    ],
)
def test_image_from_anywhere_else_is_refused(src):
    assert not image_src_allowed(src)


def test_media_in_object_storage_is_allowed_by_its_own_address(settings):
    settings.MEDIA_URL = "https://cdn.example.ma/akhbar/"
    assert image_src_allowed("https://cdn.example.ma/akhbar/images/liqa.webp")
    assert not image_src_allowed("https://cdn.example.ma/other/liqa.webp")
    assert not image_src_allowed("/media/images/liqa.webp")


def test_allow_list_matches_the_editors_extensions():
    # A new extension in EXTENSIONS fails here until the allow-list is reviewed.
    assert allowlist_from_extensions(EXTENSIONS)["tags"] == TAGS
    package = allowlist_from_extensions(EXTENSIONS)["attributes"]
    for tag, names in ATTRIBUTES.items():
        assert names <= set(package[tag]), tag


@pytest.mark.django_db
def test_save_cleans_a_body_written_by_code():
    article = ArticleFactory(
        body='<p onclick="alert(1)">نص</p><script>alert(1)</script><iframe></iframe>'
    )
    article.refresh_from_db()
    assert article.body == "<p>نص</p>"


@pytest.mark.django_db
def test_full_clean_cleans_the_body_like_the_form():
    article = ArticleFactory.build(
        section=SectionFactory(), body='<p><a href="javascript:alert(1)">رابط</a></p>'
    )
    article.full_clean()
    assert article.body == "<p><a>رابط</a></p>"


@pytest.mark.django_db
def test_admin_form_stores_the_clean_body(editor_client):
    body = (
        '<p>نص <strong>مهم</strong><img src="x" onerror="alert(1)"></p>'
        "<script>alert(1)</script>"
    )
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        article_form(SectionFactory(), body=body),
    )
    assert response.status_code == 302
    assert Article.objects.get().body == "<p>نص <strong>مهم</strong></p>"


@pytest.mark.parametrize(
    ("html", "words"),
    [
        ("", 0),
        ("<p>كلمة</p>", 1),
        # Marks inside a word do not split it; block edges do separate words.
        ("<p>كل<strong>مة</strong></p>", 1),
        ("<p>أولى</p><p>ثانية</p>", 2),
        ("<h2>عنوان</h2><ul><li><p>بند</p></li></ul>", 2),
        ("<p>سطر<br>آخر</p>", 2),
        # Punctuation on its own is not a word; numbers are.
        ("<p>قال — «نعم» ، ثم ... انتهى 2025 .</p>", 5),
        ("<p>الدار&nbsp;البيضاء &amp; سطات</p>", 3),
        (
            '<figure><img src="/media/a.webp" alt="نص بديل طويل">'
            "<figcaption>تعليق الصورة</figcaption></figure>",
            2,
        ),
    ],
)
def test_words_are_counted_as_a_reader_reads_them(html, words):
    assert count_words(html) == words


@pytest.mark.parametrize(
    ("words", "minutes"), [(0, 1), (1, 1), (180, 1), (181, 2), (540, 3), (541, 4)]
)
def test_reading_time_is_rounded_up_at_180_words_a_minute(words, minutes):
    assert reading_minutes(words) == minutes


def test_plain_text_keeps_words_apart_across_blocks():
    assert plain_text("<h2>عنوان</h2><p>نص <em>مائل</em>.</p>") == "عنوان نص مائل."


def words(n: int) -> str:
    return "<p>" + " ".join(["كلمة"] * n) + "</p>"


def test_article_reports_its_word_count_and_reading_minutes():
    article = ArticleFactory.build(body=words(400))
    assert article.word_count == 400
    assert article.reading_minutes == 3


@pytest.mark.django_db
def test_article_page_renders_the_formatted_body(reader_client):
    article = ArticleFactory(
        body='<p>نص <strong>مهم</strong> و<a href="https://example.ma/">رابط</a>.</p>'
        "<ul><li><p>بند</p></li></ul>"
    )
    page = reader_client.get(article.get_absolute_url()).content.decode()
    assert (
        '<div class="article__body"><p>نص <strong>مهم</strong> و'
        '<a href="https://example.ma/">رابط</a>.</p><ul><li><p>بند</p></li></ul></div>'
    ) in page


@pytest.mark.django_db
def test_article_page_cleans_a_body_that_skipped_the_model(reader_client):
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(
        body='<p>نص</p><script>alert(1)</script><img src=x onerror="alert(1)">'
    )
    page = reader_client.get(article.get_absolute_url()).content.decode()
    assert "alert(1)" not in page
    assert '<div class="article__body"><p>نص</p></div>' in page


@pytest.mark.django_db
def test_article_page_description_is_the_body_text_without_markup(reader_client):
    article = ArticleFactory(
        lede="", body="<p>أولى <strong>فقرة</strong></p><p>ثانية</p>"
    )
    page = reader_client.get(article.get_absolute_url()).content.decode()
    assert '<meta name="description" content="أولى فقرة ثانية">' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (100, "دقيقة واحدة للقراءة"),
        (300, "دقيقتان للقراءة"),
        (900, "5 دقائق للقراءة"),
        (2000, "12 دقيقة للقراءة"),
    ],
)
def test_article_page_shows_the_reading_time_in_arabic(reader_client, count, shown):
    article = ArticleFactory(body=words(count))
    page = reader_client.get(article.get_absolute_url()).content.decode()
    assert f'<span class="meta__reading">{shown}</span>' in page


@pytest.mark.django_db
def test_listing_cards_do_not_show_a_reading_time(reader_client):
    ArticleFactory()
    page = reader_client.get(reverse("articles:home")).content.decode()
    assert "meta__reading" not in page


@pytest.mark.django_db
def test_admin_change_form_shows_word_count_and_reading_time(editor_client):
    article = ArticleFactory(body=words(400))
    response = editor_client.get(change_url(article))
    page = response.content.decode()
    assert "field-reading_figures" in page
    assert "400 كلمة · 3 دقائق للقراءة" in page
