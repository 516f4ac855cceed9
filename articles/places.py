"""Places and events as ways into the news: the place tree, who came, what is public.

A place or an event has no stored slug: its address (`get_absolute_url()`) is
its id plus a slug made from its name, like an article's, and the page
redirects to that form.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet

from newsroom.arabic import normalize

from .models import Article, Attendee, Event, Official, Place, published_condition


class PlaceTree:
    """Every place, from one query: parents, children and descendants without more.

    Morocco has a few thousand territorial units; reading them all is cheaper
    than a query per level, and works the same on SQLite and PostgreSQL.
    """

    def __init__(self, places: list[Place]) -> None:
        self.by_id = {place.pk: place for place in places}
        self.children: dict[int | None, list[Place]] = defaultdict(list)
        for place in places:
            self.children[place.parent_id].append(place)

    @classmethod
    def load(cls) -> PlaceTree:
        return cls(list(Place.objects.only("id", "name", "kind", "parent_id")))

    def get(self, pk: int) -> Place | None:
        return self.by_id.get(pk)

    def children_of(self, place: Place) -> list[Place]:
        """The places directly inside `place`, by name."""
        return self.children.get(place.pk, [])

    def ancestors(self, place: Place) -> list[Place]:
        """The places containing `place`, the outermost (the region) first."""
        chain: list[Place] = []
        parent = self.by_id.get(place.parent_id)
        while parent is not None and parent not in chain:
            chain.append(parent)
            parent = self.by_id.get(parent.parent_id)
        return chain[::-1]

    def descendant_ids(self, place: Place) -> list[int]:
        """`place` and every place inside it, at any depth."""
        ids, todo = [], [place.pk]
        seen: set[int] = set()
        while todo:
            pk = todo.pop()
            if pk in seen:
                continue
            seen.add(pk)
            ids.append(pk)
            todo.extend(child.pk for child in self.children.get(pk, []))
        return ids


def place_chain(place: Place | None) -> list[Place]:
    """`place` and the places containing it, outermost first.

    Reads `parent` as far as `select_related` fetched it: the kinds nest at
    most four deep, so `place__parent__parent__parent` is the whole chain.
    """
    chain: list[Place] = []
    while place is not None and place not in chain:
        chain.append(place)
        place = place.parent
    return chain[::-1]


def reported_events() -> QuerySet:
    """Events at least one published article reports, with how many report them.

    An event only drafts mention is not public yet: it stays off every page.
    """
    return (
        Event.objects.filter(
            Exists(Article.objects.published().filter(event=OuterRef("pk")))
        )
        .annotate(
            article_count=Count("articles", filter=published_condition("articles"))
        )
        .select_related("place")
    )


@dataclass
class EventPerson:
    """Someone at an event, as the first article naming them printed it."""

    name: str
    role: str
    participation: str
    participation_label: str
    official: Official | None


def event_people(event: Event) -> list[EventPerson]:
    """The distinct people the event's published articles name, in one query.

    An official counts once, with the role printed in the earliest article;
    an unrecorded name counts once per spelling (folded by the normaliser).
    """
    attendees = (
        Attendee.objects.filter(
            article__event=event, article__in=Article.objects.published()
        )
        .select_related("official")
        .order_by("article__published_at", "article_id", "order", "pk")
    )
    people: dict[tuple[str, object], EventPerson] = {}
    for attendee in attendees:
        if attendee.official_id:
            key: tuple[str, object] = ("official", attendee.official_id)
        else:
            key = ("name", normalize(attendee.name_as_printed))
        if key in people:
            continue
        people[key] = EventPerson(
            name=attendee.display_name,
            role=attendee.role_as_printed,
            participation=attendee.participation,
            participation_label=attendee.get_participation_display(),
            official=attendee.official,
        )
    return list(people.values())
