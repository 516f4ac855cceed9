"""The addresses of places and events, which have no stored slug."""

from __future__ import annotations

from django import template

from articles import places
from articles.models import Event, Place

register = template.Library()


@register.filter
def place_url(place: Place) -> str:
    """`{{ place|place_url }}`: the place's page."""
    return places.place_url(place)


@register.filter
def event_url(event: Event) -> str:
    """`{{ event|event_url }}`: the event's page."""
    return places.event_url(event)
