"""Staff accounts: signing in to the admin, throttled, with an optional second
step (a code from an authenticator app), and a password reset by mail.

- Throttling is django-axes (settings: LOGIN_FAILURE_LIMIT, LOGIN_COOLOFF_MINUTES):
  failures are counted in the database per user name and, separately, per
  address, so neither many passwords for one name nor one password for many
  names gets far. The address is the one the comments trust
  (`comments.posting.client_ip`); the user name is folded, so "Editor" and
  "EDITOR" count as one.
- Two-step sign-in is django-otp's TOTP device. A staff member turns it on from
  the admin (`two_factor`); from then on the login form wants the code too. With
  OTP_REQUIRED_FOR_SUPERUSERS, a superuser must turn it on before anything else.
- A password reset mails a link to SITE_URL, from a background task: the answer
  is the same, and as fast, whether the address has an account or not.
"""

from __future__ import annotations

import base64
import io
import unicodedata
from collections.abc import Callable

import qrcode
import qrcode.image.svg
from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import path, reverse, reverse_lazy
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from comments.posting import client_ip

# --- throttling (django-axes' callables, named in settings) ------------------------


class ThrottledBackend(AxesStandaloneBackend):
    """django-axes' check before the password is: refuses a locked-out login."""

    def authenticate(self, request: HttpRequest | None, *args, **kwargs) -> None:
        if request is None:
            # Not a sign-in over HTTP (the test client's login(), a shell): there
            # is no address to count it against. Every login form passes one.
            return None
        return super().authenticate(request, *args, **kwargs)


def login_client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address the comments trust (X-Forwarded-For
    only as far as COMMENTS_TRUSTED_PROXIES proxies wrote it)."""
    return client_ip(request)


def username_key(name: str | None) -> str | None:
    """The user name as failures are counted: NFKC, case-folded, trimmed."""
    if name is None:
        return None
    return unicodedata.normalize("NFKC", name).casefold().strip()


def login_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the name tried, folded, so that varying its case
    does not start a new count."""
    field = get_user_model().USERNAME_FIELD
    if credentials:
        return username_key(credentials.get(field))
    return username_key(request.POST.get(field))


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the Arabic lockout page, in the admin's look (429)."""
    minutes = settings.LOGIN_COOLOFF_MINUTES
    response = render(
        request,
        "admin/lockout.html",
        {
            **admin.site.each_context(request),
            "title": _("Signing in is paused"),
            "cooloff_minutes": minutes,
        },
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    add_never_cache_headers(response)
    return response


# --- the login form: user, password and, for those who use it, the code ------------


def confirmed_devices(user) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.devices_for_user(user, confirmed=True))


class LoginForm(AdminAuthenticationForm):
    """The admin's login form; the code is checked for users who have a device."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=10,
        help_text=_("Only if you turned on two-step sign-in."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "dir": "ltr",
                "autocapitalize": "none",
            }
        ),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        # One message for a wrong password and a wrong code: the form must not
        # tell a guesser that the password was right.
        "invalid_login": _(
            "Please enter the correct user name and password for a staff account, "
            "and the code from your app if you turned on two-step sign-in."
        ),
    }

    def clean(self) -> dict:
        cleaned_data = super().clean()
        user = self.get_user()
        devices = confirmed_devices(user) if user is not None else []
        if devices:
            token = cleaned_data.get("otp_token", "").strip()
            device = next((d for d in devices if token and d.verify_token(token)), None)
            if device is None:
                # Counted by django-axes like a wrong password.
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": cleaned_data.get("username")},
                    request=self.request,
                )
                raise self.get_invalid_login_error()
            # django-otp marks the session as verified when Django logs the user in.
            user.otp_device = device
        return cleaned_data


# --- turning two-step sign-in on ---------------------------------------------------


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown by the app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "dir": "ltr",
            }
        ),
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not self.device.verify_token(code):
            raise ValidationError(
                _("This code is not the one the app shows now. Try the next one."),
                code="invalid",
            )
        return code


def qr_code(data: str) -> str:
    """`data` as a QR code: an SVG in a data: URL, drawn here (no third party)."""
    out = io.BytesIO()
    qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage).save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def pending_device(user) -> TOTPDevice:
    """The device being set up: the same key on every visit until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=str(_("Authenticator app")), confirmed=False
        )
    return device


@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """A staff member's two-step sign-in: its state, or a QR code to turn it on."""
    context = {
        **admin.site.each_context(request),
        "title": _("Two-step sign-in"),
        "required": two_factor_required(request.user),
    }
    if confirmed_devices(request.user):
        return render(request, "admin/two_factor.html", {**context, "enabled": True})
    device = pending_device(request.user)
    form = EnrolForm(request.POST or None, device=device)
    if form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # This session proved the code: it needs no new login.
        otp_login(request, device)
        messages.success(request, _("Two-step sign-in is on."))
        return redirect("admin:index")
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "admin/two_factor.html",
        {
            **context,
            "enabled": False,
            "form": form,
            "qr_code": qr_code(device.config_url),
            # Grouped by four, for typing into an app by hand.
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


def two_factor_required(user) -> bool:
    return bool(user.is_superuser and settings.OTP_REQUIRED_FOR_SUPERUSERS)


class TwoFactorMiddleware:
    """On admin pages: a session signed in without the code of a user who has a
    device is signed out; a superuser who must have one is sent to set it up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Reader pages never open the session (newsroom/caching.py).
        if request.path.startswith(reverse("admin:index")):
            response = self.check(request)
            if response is not None:
                return response
        return self.get_response(request)

    @staticmethod
    def check(request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not (user.is_authenticated and user.is_staff) or user.is_verified():
            return None
        if confirmed_devices(user):
            # Signed in before the device was confirmed, or by other means.
            logout(request)
            return auth_views.redirect_to_login(
                request.get_full_path(), reverse("admin:login")
            )
        if two_factor_required(user) and request.path not in {
            reverse("two_factor"),
            reverse("admin:logout"),
        }:
            return redirect("two_factor")
        return None


# --- password reset by mail --------------------------------------------------------


class MailedPasswordResetForm(PasswordResetForm):
    def save(self, *args, **kwargs) -> None:
        """Queue the mail for each active account with this address (none: no mail)."""
        for user in self.get_users(self.cleaned_data["email"]):
            send_password_reset.enqueue(user.pk)


@task
def send_password_reset(user_id: int) -> int:
    """Mail the link that sets a new password; it works once, for a few days."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return 0
    link = settings.SITE_URL + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "site_name": settings.SITE_NAME,
        "user": user,
        "link": link,
        "days": max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("registration/password_reset_subject.txt", context)
        body = render_to_string("registration/password_reset_email.txt", context)
    return send_mail(" ".join(subject.split()), body, None, [user.email])


class AdminLook:
    """The admin's header and title on a page outside the admin site."""

    def get_context_data(self, **kwargs) -> dict:
        return {
            **super().get_context_data(**kwargs),
            **admin.site.each_context(self.request),
        }


class PasswordResetView(AdminLook, auth_views.PasswordResetView):
    form_class = MailedPasswordResetForm


class PasswordResetDoneView(AdminLook, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(AdminLook, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        # Whoever proved the mailbox may sign in now, not after the cool-off.
        AxesProxyHandler.reset_attempts(username=username_key(form.user.get_username()))
        return response


class PasswordResetCompleteView(AdminLook, auth_views.PasswordResetCompleteView):
    pass


def _admin(view: Callable) -> Callable:
    # Resolved when the URLs load, after the admin site has its registry.
    return admin.site.admin_view(view)


urlpatterns = [
    path(
        "admin/password_reset/",
        PasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/two-factor/", _admin(two_factor), name="two_factor"),
]
