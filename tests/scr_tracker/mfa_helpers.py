"""Helpers for tests that sign in the way a person does: password, then a code."""

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.scr_tracker.factories import PASSWORD

KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test secret, in hex


def give_authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="default", key=KEY, confirmed=True)


def code_for(device, *, offset=0) -> str:
    """The code the user's app shows now (or `offset` 30-second steps away)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
    return f"{value:0{device.digits}d}"


def give_backup_codes(user, *codes):
    device = StaticDevice.objects.create(user=user, name="backup")
    for code in codes:
        device.token_set.create(token=code)
    return device


def post_password(client, username, password=PASSWORD, next_url=None, **extra):
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    data = {
        "sign_in_view-current_step": "auth",
        "auth-username": username,
        "auth-password": password,
    }
    return client.post(url, data, **extra)


def post_code(client, code, *, step="token"):
    data = {"sign_in_view-current_step": step, f"{step}-otp_token": code}
    return client.post(reverse("login"), data)
