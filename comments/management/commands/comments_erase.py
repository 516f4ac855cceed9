"""Remove a commenter from their comments, when they ask."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comments import privacy
from comments.models import Comment

YES = {"yes", "y", "نعم"}


class Command(BaseCommand):
    help = (
        "Erase the name, email address, website, IP address and user agent from "
        "every comment left with EMAIL (the domain and an ASCII local part in "
        "any case; a non-ASCII local part exactly as given). The text is kept "
        "or deleted as COMMENTS_ERASE_TEXT says, unless --keep-text or "
        "--delete-text is given. Asks for confirmation unless --yes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="the commenter's email address")
        text = parser.add_mutually_exclusive_group()
        text.add_argument(
            "--delete-text",
            dest="delete_text",
            action="store_const",
            const=True,
            default=None,
            help="delete the text of the comments too",
        )
        text.add_argument(
            "--keep-text",
            dest="delete_text",
            action="store_const",
            const=False,
            help="keep the text of the comments, without the person",
        )
        parser.add_argument(
            "--yes", action="store_true", help="erase without asking for confirmation"
        )

    def handle(self, *args, email: str, delete_text: bool | None, **options) -> None:
        if delete_text is None:
            delete_text = settings.COMMENTS_ERASE_TEXT
        count = Comment.objects.of_address(email).count()
        if not count:
            self.stdout.write(_("No comment was left with this address."))
            return
        if not options["yes"] and not self.confirmed(count, delete_text):
            self.stdout.write(_("Nothing was erased."))
            return
        erased = privacy.erase_commenter(email, delete_text=delete_text)
        self.stdout.write(
            ngettext(
                "The commenter's data was erased from %(count)d comment.",
                "The commenter's data was erased from %(count)d comments.",
                erased,
            )
            % {"count": erased}
        )

    def confirmed(self, count: int, delete_text: bool) -> bool:
        self.stdout.write(
            ngettext(
                "This address was used for %(count)d comment.",
                "This address was used for %(count)d comments.",
                count,
            )
            % {"count": count}
        )
        if delete_text:
            self.stdout.write(_("Their text will be deleted too."))
        else:
            self.stdout.write(_("Their text will be kept, without the person."))
        try:
            answer = input(_("Type 'yes' to erase: "))
        except EOFError:
            return False
        return answer.strip().casefold() in YES
