"""The part of the schema.org vocabulary a live page uses, as schema.org
defines it (https://schema.org/LiveBlogPosting and the types it names): each
type's parent, each property's domain and range. `validate()` checks JSON-LD
against it: known types, properties on a type that has them, values of the
expected kind, nested items checked the same way."""

from __future__ import annotations

import re
from typing import Any

PARENTS = {
    "Thing": None,
    "CreativeWork": "Thing",
    "Article": "CreativeWork",
    "SocialMediaPosting": "Article",
    "BlogPosting": "SocialMediaPosting",
    "LiveBlogPosting": "BlogPosting",
    "WebPage": "CreativeWork",
    "MediaObject": "CreativeWork",
    "ImageObject": "MediaObject",
    "Organization": "Thing",
    "NewsMediaOrganization": "Organization",
    "Person": "Thing",
}

# property: (the types it belongs to, the kinds of values it takes)
PROPERTIES = {
    "name": ({"Thing"}, {"Text"}),
    "url": ({"Thing"}, {"URL"}),
    "description": ({"Thing"}, {"Text"}),
    "image": ({"Thing"}, {"URL", "ImageObject"}),
    "mainEntityOfPage": ({"Thing"}, {"URL", "CreativeWork"}),
    "headline": ({"CreativeWork"}, {"Text"}),
    "inLanguage": ({"CreativeWork"}, {"Text"}),
    "publisher": ({"CreativeWork"}, {"Organization", "Person"}),
    "author": ({"CreativeWork"}, {"Organization", "Person"}),
    "datePublished": ({"CreativeWork"}, {"Date", "DateTime"}),
    "dateModified": ({"CreativeWork"}, {"Date", "DateTime"}),
    "articleBody": ({"Article"}, {"Text"}),
    "coverageStartTime": ({"LiveBlogPosting"}, {"DateTime"}),
    "coverageEndTime": ({"LiveBlogPosting"}, {"DateTime"}),
    "liveBlogUpdate": ({"LiveBlogPosting"}, {"BlogPosting"}),
    "logo": ({"Organization"}, {"URL", "ImageObject"}),
    "contentUrl": ({"MediaObject"}, {"URL"}),
    "width": ({"MediaObject"}, {"Number"}),
    "height": ({"MediaObject"}, {"Number"}),
}

DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$"
)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_a(type_name: str, wanted: str) -> bool:
    while type_name is not None:
        if type_name == wanted:
            return True
        type_name = PARENTS[type_name]
    return False


def _matches(value: Any, kind: str, path: str, errors: list[str]) -> bool:
    if kind == "Text":
        return isinstance(value, str)
    if kind == "URL":
        return isinstance(value, str) and re.match(r"^https?://", value) is not None
    if kind == "DateTime":
        return isinstance(value, str) and DATE_TIME.match(value) is not None
    if kind == "Date":
        return isinstance(value, str) and DATE.match(value) is not None
    if kind == "Number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if (
        isinstance(value, dict)
        and value.get("@type") in PARENTS
        and is_a(value["@type"], kind)
    ):
        errors.extend(validate(value, path))
        return True
    return False


def validate(item: dict, path: str = "$") -> list[str]:
    """What is wrong with `item` by the vocabulary above ([] when nothing)."""
    errors = []
    type_name = item.get("@type")
    if type_name not in PARENTS:
        return [f"{path}: unknown type {type_name!r}"]
    for name, value in item.items():
        if name.startswith("@"):
            continue
        if name not in PROPERTIES:
            errors.append(f"{path}.{name}: not in the vocabulary")
            continue
        domains, kinds = PROPERTIES[name]
        if not any(is_a(type_name, domain) for domain in domains):
            errors.append(f"{path}.{name}: not a property of {type_name}")
        values = value if isinstance(value, list) else [value]
        for index, one in enumerate(values):
            where = f"{path}.{name}[{index}]"
            if not any(_matches(one, kind, where, errors) for kind in kinds):
                errors.append(f"{where}: {one!r} is none of {sorted(kinds)}")
    return errors
