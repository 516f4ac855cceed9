"""Staff accounts: login throttling, two-step sign-in, password reset by mail."""

from __future__ import annotations

import datetime
import re
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "a-new-long-passphrase"
MUST_SET_UP = (
    "Superusers must turn on two-step sign-in before using the administration."
)
ARABIC_RE = re.compile("[\u0600-\u06ff]")


def arabic(msgid: str) -> str:
    """The Arabic a staff member reads for an English msgid (which must have one)."""
    with translation.override("ar"):
        text = gettext(msgid)
    assert ARABIC_RE.search(text), f"no Arabic translation for {msgid!r}"
    return text


@pytest.fixture
def staff(db, django_user_model):
    return django_user_model.objects.create_user(
        "amina", "amina@example.ma", PASSWORD, is_staff=True
    )


def log_in(client, username: str, password: str, ip: str = "10.0.0.1", **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, **extra},
        REMOTE_ADDR=ip,
    )


def signed_in(client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


def fail(client, times: int, username: str = "amina", ip: str | None = None) -> None:
    """`times` wrong passwords; each from its own address unless `ip` is given."""
    for n in range(times):
        response = log_in(client, username, f"wrong-{n}", ip=ip or f"10.1.0.{n + 1}")
        # The last one is already answered with the lockout page.
        assert response.status_code in {200, 429}


def code_for(device: TOTPDevice) -> str:
    """The code the staff member's app shows now, computed from the device's key."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{value:0{device.digits}d}"


# --- throttling --------------------------------------------------------------------


def test_right_password_is_refused_after_too_many_wrong_ones_for_the_name(
    client, staff, settings
):
    fail(client, settings.LOGIN_FAILURE_LIMIT)

    response = log_in(client, "amina", PASSWORD, ip="10.9.9.9")

    assert response.status_code == 429
    assert not signed_in(client)


def test_fewer_failures_than_the_limit_do_not_lock_the_name(client, staff, settings):
    fail(client, settings.LOGIN_FAILURE_LIMIT - 1)

    assert log_in(client, "amina", PASSWORD, ip="10.9.9.9").status_code == 302
    assert signed_in(client)


def test_varying_the_case_of_the_name_counts_as_the_same_name(client, staff, settings):
    for n, name in enumerate(["Amina", "AMINA", "aMiNa", "amina ", "ＡＭＩＮＡ"]):
        log_in(client, name, "wrong", ip=f"10.2.0.{n + 1}")

    assert log_in(client, "amina", PASSWORD, ip="10.9.9.9").status_code == 429


def test_one_address_is_locked_out_after_failures_for_many_names(
    client, staff, settings
):
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        log_in(client, f"guess-{n}", "wrong", ip="10.3.0.1")

    assert log_in(client, "amina", PASSWORD, ip="10.3.0.1").status_code == 429
    # The name itself failed nowhere: from elsewhere it signs in.
    assert log_in(client, "amina", PASSWORD, ip="10.3.0.2").status_code == 302


def test_lockout_ends_after_the_cooloff(client, staff, settings):
    fail(client, settings.LOGIN_FAILURE_LIMIT)
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC)
        - datetime.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES, seconds=1)
    )

    assert log_in(client, "amina", PASSWORD, ip="10.9.9.9").status_code == 302


def test_failures_are_counted_per_reader_address_behind_a_trusted_proxy(
    client, staff, settings
):
    settings.COMMENTS_TRUSTED_PROXIES = 1
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        # One proxy, many readers; what a reader wrote further left is ignored.
        client.post(
            reverse("admin:login"),
            {"username": f"guess-{n}", "password": "wrong"},
            REMOTE_ADDR="192.168.0.1",
            HTTP_X_FORWARDED_FOR=f"6.6.6.6, 198.51.100.{n + 1}",
        )

    assert sorted(AccessAttempt.objects.values_list("ip_address", flat=True)) == [
        f"198.51.100.{n + 1}" for n in range(settings.LOGIN_FAILURE_LIMIT)
    ]
    # The proxy's address is not locked out: another reader signs in through it.
    response = client.post(
        reverse("admin:login"),
        {"username": "amina", "password": PASSWORD},
        REMOTE_ADDR="192.168.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert response.status_code == 302


def test_lockout_page_is_arabic_in_the_admin_look(client, staff, settings):
    fail(client, settings.LOGIN_FAILURE_LIMIT)

    response = log_in(client, "amina", PASSWORD, ip="10.9.9.9")

    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.LOGIN_COOLOFF_MINUTES * 60)
    page = response.content.decode()
    assert 'lang="ar" dir="rtl"' in page
    assert 'id="site-name"' in page  # the admin's header
    assert escape(arabic("Too many failed attempts to sign in.")) in page
    assert reverse("admin_password_reset") in page


def test_force_login_still_works_with_throttling(client, staff):
    client.force_login(staff)

    assert signed_in(client)


# --- two-step sign-in --------------------------------------------------------------


@pytest.fixture
def device(staff):
    return TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)


def test_staff_without_a_device_signs_in_with_the_password_alone(client, staff):
    assert log_in(client, "amina", PASSWORD).status_code == 302
    assert signed_in(client)


def test_staff_with_a_device_signs_in_with_the_code_from_its_key(client, device):
    response = log_in(client, "amina", PASSWORD, otp_token=code_for(device))

    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize("code", ["", "000000"])
def test_staff_with_a_device_is_refused_without_the_right_code(client, device, code):
    if code == code_for(device):
        code = "111111"

    response = log_in(client, "amina", PASSWORD, otp_token=code)

    assert response.status_code == 200
    assert not signed_in(client)
    # The same words as for a wrong password: the guesser learns nothing.
    wrong_password = log_in(client, "amina", "wrong", ip="10.0.0.2")
    assert response.context["form"].non_field_errors() == (
        wrong_password.context["form"].non_field_errors()
    )


def test_wrong_codes_count_towards_the_lockout(client, device, settings):
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        log_in(client, "amina", PASSWORD, ip=f"10.4.0.{n + 1}", otp_token="000000")

    response = log_in(client, "amina", PASSWORD, otp_token=code_for(device))
    assert response.status_code == 429


def test_login_page_has_the_code_field_and_the_reset_link(client, db):
    page = client.get(reverse("admin:login")).content.decode()

    assert 'name="otp_token"' in page
    assert 'autocomplete="one-time-code"' in page
    assert reverse("admin_password_reset") in page
    assert escape(arabic("Code from your authenticator app")) in page


def test_staff_turns_on_two_step_sign_in_by_confirming_a_code(client, staff):
    client.force_login(staff)
    page = client.get(reverse("two_factor"))
    assert page.status_code == 200
    content = page.content.decode()
    # The QR code is drawn here, inline: nothing is fetched from elsewhere.
    assert 'src="data:image/svg+xml;base64,' in content
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed

    response = client.post(reverse("two_factor"), {"code": code_for(device)})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    # This session proved the code: it stays signed in.
    assert signed_in(client)


def test_a_wrong_code_does_not_turn_two_step_sign_in_on(client, staff):
    client.force_login(staff)
    client.get(reverse("two_factor"))
    device = TOTPDevice.objects.get(user=staff)
    wrong = "000000" if code_for(device) != "000000" else "111111"

    response = client.post(reverse("two_factor"), {"code": wrong})

    assert response.status_code == 200
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed


def test_enrolment_shows_the_same_key_until_it_is_confirmed(client, staff):
    client.force_login(staff)
    client.get(reverse("two_factor"))
    client.get(reverse("two_factor"))

    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_a_session_without_the_code_of_a_user_with_a_device_is_signed_out(
    client, device
):
    client.force_login(device.user)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not signed_in(client)


def test_two_factor_off_lets_a_user_who_lost_the_phone_sign_in_again(client, device):
    call_command("two_factor_off", "amina", stdout=StringIO())

    assert not TOTPDevice.objects.filter(user=device.user).exists()
    assert log_in(client, "amina", PASSWORD).status_code == 302


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        "chief", "chief@example.ma", PASSWORD
    )


def test_superuser_without_a_device_is_sent_to_set_one_up_when_required(
    client, superuser, settings
):
    settings.OTP_REQUIRED_FOR_SUPERUSERS = True
    client.force_login(superuser)

    for url in [reverse("admin:index"), reverse("admin:auth_user_changelist")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("two_factor")
    page = client.get(reverse("two_factor")).content.decode()
    assert escape(arabic(MUST_SET_UP)) in page

    device = TOTPDevice.objects.get(user=superuser)
    client.post(reverse("two_factor"), {"code": code_for(device)})
    assert client.get(reverse("admin:index")).status_code == 200


def test_superuser_is_not_held_without_the_setting(client, superuser, settings):
    settings.OTP_REQUIRED_FOR_SUPERUSERS = False
    client.force_login(superuser)

    assert client.get(reverse("admin:index")).status_code == 200


def test_superuser_with_a_device_signs_in_with_the_code_when_required(
    client, superuser, settings
):
    settings.OTP_REQUIRED_FOR_SUPERUSERS = True
    device = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)

    response = log_in(client, "chief", PASSWORD, otp_token=code_for(device))

    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


# --- password reset ----------------------------------------------------------------


def test_password_reset_by_mail_sets_a_new_password(client, staff, settings):
    settings.SITE_URL = "https://news.example.ma"
    response = client.post(
        reverse("admin_password_reset"), {"email": "AMINA@example.ma"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina@example.ma"]
    assert message.subject == arabic("Set a new password for %(site_name)s") % {
        "site_name": settings.SITE_NAME
    }
    assert arabic("To choose a new password, open this link:") in message.body
    link = re.search(r"https://news\.example\.ma(/\S+)", message.body)[1]

    form = client.get(link, follow=True)
    assert form.status_code == 200
    set_password_url = form.redirect_chain[-1][0]
    done = client.post(
        set_password_url,
        {
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")

    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)
    # The link works once.
    assert not client.get(link, follow=True).context["validlink"]
    assert log_in(client, "amina", NEW_PASSWORD).status_code == 302


def test_password_reset_says_the_same_for_an_unknown_address(client, staff):
    known = client.post(reverse("admin_password_reset"), {"email": "amina@example.ma"})
    unknown = client.post(
        reverse("admin_password_reset"), {"email": "nobody@example.ma"}
    )

    assert (known.status_code, known["Location"]) == (
        unknown.status_code,
        unknown["Location"],
    )
    assert [m.to for m in mail.outbox] == [["amina@example.ma"]]


def test_password_reset_pages_are_arabic_in_the_admin_look(client, db):
    page = client.get(reverse("admin_password_reset")).content.decode()

    assert 'lang="ar" dir="rtl"' in page
    assert 'id="site-name"' in page
    assert escape(arabic("Site administration")) in page


def test_password_reset_lifts_the_lockout_of_the_name(client, staff, settings):
    fail(client, settings.LOGIN_FAILURE_LIMIT)
    client.post(reverse("admin_password_reset"), {"email": "amina@example.ma"})
    link = re.search(r"https?://\S+?(/\S+)", mail.outbox[0].body)[1]
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(
        set_password_url,
        {
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert log_in(client, "amina", NEW_PASSWORD).status_code == 302


def test_codes_are_computed_from_the_device_key_like_an_app_does(device):
    # The helper above must agree with django-otp, or the tests prove nothing.
    assert device.verify_token(code_for(device))
    assert not device.verify_token(code_for(device))  # and never twice
