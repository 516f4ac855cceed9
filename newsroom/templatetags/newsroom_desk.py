"""The editors' desk on the admin's home page (newsroom/desk.py)."""

from __future__ import annotations

from django import template

from newsroom.desk import desk

register = template.Library()


@register.simple_tag(takes_context=True)
def editors_desk(context: template.Context) -> dict:
    """The panels the signed-in member of staff may see."""
    return desk(context["request"].user)
