"""Schema.org descriptions of our pages, as dicts for JSON-LD.

Search engines and aggregators read these rather than the page. Each builder
works only from what its view already fetched (the article with its section,
author and image; the prefetched tags and people; the official's positions),
so adding structured data to a page adds no query. Addresses are absolute,
built from the request when there is one (as the canonical link is), else
from SITE_URL; dates are ISO 8601 with Casablanca's offset. Nothing here ever
carries an e-mail address: authors are named by their full name only.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from newsroom.dates import iso_datetime

from .formatting import partial_date_iso
from .models import (
    Article,
    Attendee,
    Correction,
    Event,
    Image,
    Official,
    OfficialSpelling,
    Organization,
    Place,
    Position,
    Tag,
    Writer,
    author_url,
)
from .richtext import sanitize_body
from .video import body_videos

CONTEXT = "https://schema.org"
LOGO = "images/logo.png"
# The size of static/images/logo.png (publisher logos fit in 600×60).
LOGO_SIZE = (243, 60)
# The thumbnail of every video in a body: ours, drawn like the page's poster
# (nothing is asked of the video's host, for readers or for this).
VIDEO_THUMBNAIL = "images/video-poster.png"
DESCRIPTION_WORDS = 40
GOVERNMENT_KINDS = {
    Organization.Kind.GOVERNMENT,
    Organization.Kind.COUNCIL,
    Organization.Kind.PARLIAMENT,
}

JSON = dict[str, Any]
SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def dumps(data: Any) -> str:
    """JSON that can sit inside a <script> element: Arabic kept, markup escaped.

    The data holds text from editors and readers' names; inside <script> the
    only danger is a sequence that ends the element ("</script>") or opens a
    comment ("<!--"), so <, > and & are written as JSON escapes: the JSON
    parses to the same text and the HTML parser never sees markup.
    """
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)
    return text.translate(SCRIPT_ESCAPES)


def script(*items: JSON | None) -> SafeString:
    """One <script type="application/ld+json"> per non-empty item.

    A data block is never run, so it needs no CSP nonce: the page stays the
    same bytes for every reader.
    """
    return mark_safe(  # noqa: S308 -- each script is built by format_html below
        "\n".join(
            format_html(
                '<script type="application/ld+json">{}</script>',
                mark_safe(dumps(item)),  # noqa: S308 -- escaped by dumps()
            )
            for item in items
            if item
        )
    )


def absolute(url: str, request: HttpRequest | None = None) -> str:
    """`url` with scheme and host, percent-encoded."""
    if request is not None:
        return request.build_absolute_uri(url)
    if "://" in url:
        return iri_to_uri(url)
    return iri_to_uri(settings.SITE_URL + url)


def publisher(request: HttpRequest | None = None) -> JSON:
    """The site as a news organisation, with the logo Google asks for."""
    width, height = LOGO_SIZE
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute("/", request),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(static(LOGO), request),
            "width": width,
            "height": height,
        },
    }


def website_json_ld(request: HttpRequest | None = None) -> JSON:
    """The home page: the site itself and who publishes it."""
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute("/", request),
        "inLanguage": "ar",
        "publisher": publisher(request),
    }


def breadcrumb_json_ld(*crumbs: Any, request: HttpRequest | None = None) -> JSON:
    """Home, then each of `crumbs` (anything with a name and an address)."""
    items = [(settings.SITE_NAME, "/")]
    items += [(str(crumb), crumb.get_absolute_url()) for crumb in crumbs]
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute(url, request),
            }
            for position, (name, url) in enumerate(items, start=1)
        ],
    }


def news_article_json_ld(
    article: Article,
    *,
    tags: Iterable[Tag] = (),
    attendees: Iterable[Attendee] = (),
    corrections: Iterable[Correction] = (),
    request: HttpRequest | None = None,
) -> JSON:
    """The article page: a NewsArticle naming the people it reports on, with
    its corrections and updates."""
    url = absolute(article.get_absolute_url(), request)
    comments = article.comment_count
    data: JSON = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.title,
        "description": article_description(article),
        "inLanguage": "ar",
        "isAccessibleForFree": True,
        "articleSection": article.section.name,
        "author": _author(article, request),
        "publisher": publisher(request),
        "commentCount": comments,
        "interactionStatistic": [
            _counter("ReadAction", article.view_count),
            _counter("CommentAction", comments),
        ],
        "wordCount": article.word_count,
    }
    if article.published_at:
        data["datePublished"] = iso_datetime(article.published_at)
        data["dateModified"] = iso_datetime(_modified(article))
    if article.featured_image_id:
        data["image"] = image_urls(article.featured_image, request)
    if article.source_credit:
        # Agency copy: the agency is the source, the site still its publisher.
        data["sourceOrganization"] = {
            "@type": "Organization",
            "name": article.source_credit,
        }
        data["creditText"] = article.source_credit
    if keywords := [tag.name for tag in tags]:
        data["keywords"] = keywords
    if mentions := [_mention(attendee, request) for attendee in attendees]:
        data["mentions"] = mentions
    if videos := video_json_ld(article, request):
        data["video"] = videos
    if notes := [_correction(note, url) for note in corrections]:
        data["correction"] = notes
    return data


def video_json_ld(article: Article, request: HttpRequest | None = None) -> list[JSON]:
    """A VideoObject for each video the body shows (articles/video.py).

    Google's required name, thumbnailUrl and uploadDate (the day the article
    published it: when the host uploaded it is not known without asking the
    host), the player as embedUrl. The video's page is its `url`, not its
    contentUrl, which is for the media file itself.
    """
    if not article.published_at:
        return []
    thumbnail = absolute(static(VIDEO_THUMBNAIL), request)
    description = article_description(article)
    return [
        {
            "@type": "VideoObject",
            "name": item.title or article.title,
            "description": description or item.title or article.title,
            "thumbnailUrl": [thumbnail],
            "uploadDate": iso_datetime(article.published_at),
            "embedUrl": item.video.embed_url,
            "url": item.video.url,
            "inLanguage": "ar",
        }
        for item in body_videos(sanitize_body(article.body))
    ]


def article_description(article: Article) -> str:
    """The lede, or the start of the body when there is none."""
    if article.lede:
        return article.lede
    return Truncator(article.body_text).words(DESCRIPTION_WORDS)


def image_urls(image: Image, request: HttpRequest | None = None) -> list[str]:
    """The social card first (1200×630), then the widest rendition."""
    urls = [absolute(image.social_url(), request)]
    widest = absolute(image.src_for(max(settings.IMAGE_WIDTHS)), request)
    if widest not in urls:
        urls.append(widest)
    return urls


def person_json_ld(
    official: Official,
    *,
    positions: Iterable[Position] = (),
    spellings: Iterable[OfficialSpelling] = (),
    request: HttpRequest | None = None,
) -> JSON:
    """An official's page: who they are, what they hold now, and since when."""
    positions = list(positions)
    current = [position for position in positions if position.is_current]
    data: JSON = {
        "@context": CONTEXT,
        "@type": "Person",
        "@id": absolute(official.get_absolute_url(), request),
        "name": official.name,
        "url": absolute(official.get_absolute_url(), request),
    }
    if names := [spelling.name for spelling in spellings]:
        data["alternateName"] = names
    if official.bio:
        data["description"] = Truncator(official.bio).words(DESCRIPTION_WORDS)
    if official.photo:
        data["image"] = absolute(official.photo.url, request)
    if titles := _unique(position.title for position in current):
        data["jobTitle"] = titles
    affiliations = {
        position.organization_id: _organization(position.organization)
        for position in current
    }
    if affiliations:
        data["affiliation"] = list(affiliations.values())
    if positions:
        # The Role pattern: one membership per post held, with its dates.
        data["memberOf"] = [_role(position) for position in positions]
    return data


def writer_json_ld(writer: Writer, *, request: HttpRequest | None = None) -> JSON:
    """A writer's page: the person, by full name, working for the site."""
    url = absolute(writer.get_absolute_url(), request)
    data: JSON = {
        "@context": CONTEXT,
        "@type": "Person",
        "@id": url,
        "name": writer.name,
        "url": url,
        "worksFor": {
            "@type": "NewsMediaOrganization",
            "name": settings.SITE_NAME,
            "url": absolute("/", request),
        },
    }
    if writer.bio:
        data["description"] = Truncator(writer.bio).words(DESCRIPTION_WORDS)
    if writer.photo_url:
        data["image"] = absolute(writer.photo_url, request)
    return data


def event_json_ld(
    event: Event,
    articles: Iterable[Article] = (),
    *,
    attendees: Iterable[Any] = (),
    request: HttpRequest | None = None,
) -> JSON:
    """An event page: when, where, organised by whom, who came, what was written.

    `event` with its place (and the place's parents), organizer and presiding
    official selected; `attendees` the people the view gathered, each once
    (officials, Attendee rows, or anything with `name`, `role` and `official`);
    `articles` the published reports.
    """
    data: JSON = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": event.title,
        "url": absolute(event.get_absolute_url(), request),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }
    if event.date:
        data["startDate"] = event.date.isoformat()
    if location := _location(event):
        data["location"] = location
    if event.organizer_id:
        data["organizer"] = _organization(event.organizer)
    people: dict[Any, JSON] = {}
    for person in attendees:
        if isinstance(person, Official):
            people.setdefault(person.pk, _official_person(person, request))
        elif isinstance(person, Attendee):
            key = person.official_id or ("name", person.display_name)
            people.setdefault(key, _mention(person, request))
        else:
            official = person.official
            key = official.pk if official else ("name", person.name)
            people.setdefault(key, _person(person.name, person.role, official, request))
    if event.presided_by_id:
        # Who presided comes first, with the role printed if an article names them.
        chair = people.pop(event.presided_by_id, None)
        people = {
            event.presided_by_id: chair or _official_person(event.presided_by, request),
            **people,
        }
    if people:
        data["attendee"] = list(people.values())
    if reports := [_article_reference(article, request) for article in articles]:
        data["subjectOf"] = reports
    return data


# --- the pieces ---------------------------------------------------------------


def _modified(article: Article) -> datetime.datetime:
    # A scheduled article saved before it appeared was not modified before then.
    modified = article.content_updated_at or article.updated_at or article.published_at
    return max(modified, article.published_at)


def _correction(note: Correction, article_url: str) -> JSON:
    # An update is no error fixed, but schema.org has one type for both notes.
    return {
        "@type": "CorrectionComment",
        "url": f"{article_url}#correction-{note.pk}",
        "name": str(note.get_kind_display()),
        "text": note.text,
        "datePublished": iso_datetime(note.published_at),
    }


def _author(article: Article, request: HttpRequest | None) -> JSON:
    name = article.author.get_full_name() if article.author_id else ""
    if name:
        url = absolute(author_url(article.author), request)
        return {"@type": "Person", "name": name, "url": url}
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": absolute("/", request),
    }


def _counter(action: str, count: int) -> JSON:
    return {
        "@type": "InteractionCounter",
        "interactionType": f"https://schema.org/{action}",
        "userInteractionCount": count,
    }


def _mention(attendee: Attendee, request: HttpRequest | None) -> JSON:
    """A person as the article printed them: name and role in its own words."""
    official = attendee.official if attendee.official_id else None
    return _person(attendee.display_name, attendee.role_as_printed, official, request)


def _person(
    name: str, role: str, official: Official | None, request: HttpRequest | None
) -> JSON:
    person: JSON = {"@type": "Person", "name": name}
    if role:
        person["jobTitle"] = role
    if official is not None:
        person["url"] = absolute(official.get_absolute_url(), request)
    return person


def _official_person(official: Official, request: HttpRequest | None) -> JSON:
    return {
        "@type": "Person",
        "name": official.name,
        "url": absolute(official.get_absolute_url(), request),
    }


def _organization(organization: Organization) -> JSON:
    kind = (
        "GovernmentOrganization"
        if organization.kind in GOVERNMENT_KINDS
        else "Organization"
    )
    data: JSON = {"@type": kind, "name": organization.name}
    if organization.short_name:
        data["alternateName"] = organization.short_name
    # Only a parent the view already selected: never a query for the chain above.
    if organization.parent_id and Organization.parent.is_cached(organization):
        data["parentOrganization"] = {
            "@type": "Organization",
            "name": organization.parent.name,
        }
    return data


def _role(position: Position) -> JSON:
    role: JSON = {
        "@type": "OrganizationRole",
        "roleName": position.title,
        "memberOf": _organization(position.organization),
    }
    if position.start_date:
        role["startDate"] = partial_date_iso(
            position.start_date, position.start_precision
        )
    if position.end_date:
        role["endDate"] = partial_date_iso(position.end_date, position.end_precision)
    return role


def _location(event: Event) -> JSON | None:
    place = event.place if event.place_id else None
    if not event.venue and place is None:
        return None
    location: JSON = {"@type": "Place", "name": event.venue or place.name}
    if place is not None:
        address: JSON = {
            "@type": "PostalAddress",
            "addressLocality": place.name,
            "addressCountry": "MA",
        }
        # The region: the highest place the view selected above this one.
        region = place
        while region.parent_id and Place.parent.is_cached(region):
            region = region.parent
        if region is not place:
            address["addressRegion"] = region.name
        location["address"] = address
    return location


def _article_reference(article: Article, request: HttpRequest | None) -> JSON:
    data: JSON = {
        "@type": "NewsArticle",
        "headline": article.title,
        "url": absolute(article.get_absolute_url(), request),
    }
    if article.published_at:
        data["datePublished"] = iso_datetime(article.published_at)
    return data


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
