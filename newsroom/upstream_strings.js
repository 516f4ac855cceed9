// Django's own admin msgids that locale/ar translates, listed so that
// `makemessages -d djangojs` keeps them (see upstream_strings.py). Never
// loaded: it lives outside static/ and exists only for makemessages to read.
/* global gettext, ngettext, pgettext */
"use strict";

// admin/js/calendar.js: Moroccan month names, in full for the short forms too.
gettext("January");
gettext("February");
gettext("March");
gettext("April");
gettext("May");
gettext("June");
gettext("July");
gettext("August");
gettext("September");
gettext("October");
gettext("November");
gettext("December");
pgettext("abbrev. month January", "Jan");
pgettext("abbrev. month February", "Feb");
pgettext("abbrev. month March", "Mar");
pgettext("abbrev. month April", "Apr");
pgettext("abbrev. month May", "May");
pgettext("abbrev. month June", "Jun");
pgettext("abbrev. month July", "Jul");
pgettext("abbrev. month August", "Aug");
pgettext("abbrev. month September", "Sep");
pgettext("abbrev. month October", "Oct");
pgettext("abbrev. month November", "Nov");
pgettext("abbrev. month December", "Dec");
// Day first, as in DATE_FORMAT.
gettext("%(month)s %(day)s, %(year)s");
gettext("%s (today, current selection)");
gettext("%s (today)");
gettext("%s (current selection)");

// admin/js/admin/DateTimeShortcuts.js
gettext("server");
ngettext(
    "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour ahead.)",
    "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hours ahead.)",
    1
);
ngettext(
    "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour behind.)",
    "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hours behind.)",
    1
);
gettext("Today (%(date)s)");
gettext("Yesterday (%(date)s)");
gettext("Tomorrow (%(date)s)");
gettext("Previous (%(month)s %(year)s)");
gettext("Next (%(month)s %(year)s)");

// admin/js/actions.js
gettext(
    "You have selected an action, and you haven’t made any changes on individual fields. You’re probably looking for the Run button rather than the Save button."
);

// admin/js/admin/DateTimeShortcuts.js: the clock's shortcuts, written as a
// 24-hour site writes times (Django's Arabic has "6 ص." and "6 مساءً").
gettext("Now");
gettext("Midnight");
gettext("6 a.m.");
gettext("Noon");
gettext("6 p.m.");
