"""Turn off a staff member's two-step sign-in, when they lost their phone."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Remove USERNAME's authenticator devices: they sign in with their password "
        "alone until they set up two-step sign-in again (a superuser must at once "
        "when OTP_REQUIRED_FOR_SUPERUSERS is on)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                _("No user is named {username}.").format(username=username)
            )
        TOTPDevice.objects.filter(user=user).delete()
        self.stdout.write(
            _("Two-step sign-in is off for {username}.").format(username=username)
        )
