"""Django's own msgids that locale/ar translates, listed so makemessages keeps them."""

# Never imported: this module exists only for `makemessages` to read. Our
# catalogue wins over Django's `ar`, so it can give Moroccan month names and
# fill the strings Django's Arabic catalogues lack (newer admin texts). Without
# a source line, `makemessages` would mark these entries obsolete and they
# would silently fall back to Egyptian months or English. The JavaScript
# counterpart, for the admin calendar, is upstream_strings.js.

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

# django/utils/dates.py: MONTHS, the "F" date format.
MONTHS = [
    # Translators: Moroccan month names: يناير فبراير مارس أبريل ماي يونيو
    # يوليوز غشت شتنبر أكتوبر نونبر دجنبر.
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]

# MONTHS_3, the "b" and "M" formats.
MONTHS_3 = [
    # Translators: the full Moroccan name: Arabic has no customary abbreviation.
    gettext_noop("jan"),
    gettext_noop("feb"),
    gettext_noop("mar"),
    gettext_noop("apr"),
    gettext_noop("may"),
    gettext_noop("jun"),
    gettext_noop("jul"),
    gettext_noop("aug"),
    gettext_noop("sep"),
    gettext_noop("oct"),
    gettext_noop("nov"),
    gettext_noop("dec"),
]

# MONTHS_AP, the "N" format.
MONTHS_AP = [
    # Translators: the full Moroccan name: Arabic has no customary abbreviation.
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
]

# MONTHS_ALT, the "E" format.
MONTHS_ALT = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]

# Missing from Django's Arabic catalogues (django/conf and contrib apps).
MISSING = [
    gettext_noop("- Select an option -"),
    gettext_noop("“%(value)s” is not a valid binary value."),
    gettext_noop("No %s matches the given query."),
    gettext_noop("Haitian Creole"),
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
    # django.contrib.admin
    gettext_noop('The app "%s" could not be found.'),
    # Translators: This string is used as a separator between list elements.
    gettext_noop(", "),
    ngettext_lazy(
        "…and %(count)d more object.", "…and %(count)d more objects.", "count"
    ),
    gettext_noop("Run"),
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop(
        "Deleting the %(object_name)s “%(escaped_object)s” would result in "
        "deleting related objects, but your account doesn't have permission to "
        "delete the following types of objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s “%(escaped_object)s” would require deleting "
        "the following protected related objects:"
    ),
    gettext_noop(
        "Are you sure you want to delete the %(object_name)s "
        "“%(escaped_object)s”? All of the following related items will be "
        "deleted:"
    ),
    gettext_noop("Pagination %(name)s entries"),
    gettext_noop("Pagination %(name)s"),
    gettext_noop("Search %(name)s"),
    gettext_noop("Logout"),
    # django.contrib.humanize
    pgettext_lazy("ordinal is 1", "{}st"),
]

# Latin script left in Django's Arabic; shown on the user and group pages.
ENGLISH_IN_DJANGO_AR = [
    gettext_noop("salt"),
    gettext_noop("hash"),
    gettext_noop(
        "Hold down “Control”, or “Command” on a Mac, to select more than one."
    ),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. "
        "If disabled, they may still be able to authenticate using other "
        "backends, such as Single Sign-On or LDAP."
    ),
]

# django-reversion's texts (history, restore and recover pages): its Arabic
# catalogue has spelling mistakes and lacks one message; ours wins.
REVERSION = [
    gettext_noop("Initial version."),
    gettext_noop("Recover deleted %(name)s"),
    gettext_noop("Reverted to previous version, saved on %(datetime)s"),
    gettext_noop("Recover %(name)s"),
    gettext_noop("Revert %(name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Could not load %(object_repr)s version - not found"),
    gettext_noop(
        "Choose a date from the list below to recover a deleted version of an object."
    ),
    gettext_noop("There are no deleted objects to recover."),
    gettext_noop("Press the save button below to recover this version of the object."),
    gettext_noop(
        "Press the save button below to revert to this version of the object."
    ),
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of "
        "this object."
    ),
    gettext_noop(
        "This object doesn't have a change history. It probably wasn't added via "
        "this admin site."
    ),
]
REVERSION_MODELS = [
    gettext_noop("Reversion"),
    gettext_noop("revision"),
    gettext_noop("revisions"),
    gettext_noop("version"),
    gettext_noop("versions"),
    gettext_noop("date created"),
]
