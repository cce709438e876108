"""The production smoke test's own machinery (deploy/smoke_test.py): its authenticator codes are
the ones django-otp accepts, its evidence file passes the upload checks, and its client signs in
through the real two-step journey with MFA enforced."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from assurance.evidence_files import PDF, check_upload
from deploy import smoke_test
from tests.scr_tracker.factories import PASSWORD, UserFactory
from tests.scr_tracker.mfa_helpers import KEY, give_authenticator

# RFC 6238 appendix B (SHA-1, its 20-byte secret "12345678901234567890"): the 8-digit values'
# last 6 digits, which is what a 6-digit code is.
RFC_6238 = [
    (59, "287082"),
    (1111111109, "081804"),
    (1111111111, "050471"),
    (1234567890, "005924"),
    (2000000000, "279037"),
    (20000000000, "353130"),
]


@pytest.mark.parametrize(("at", "code"), RFC_6238)
def test_codes_are_those_of_rfc_6238(at, code):
    assert smoke_test.totp_code(KEY, at) == code


def test_codes_follow_the_defaults_of_a_django_otp_device():
    device = TOTPDevice(key=KEY)
    assert (device.step, device.t0, device.digits, device.drift) == (30, 0, 6, 0)

    for at in (0, 29, 30, 1_700_000_000, 1_700_000_015):
        reference = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        reference.time = at
        assert smoke_test.totp_code(device.key, at) == f"{reference.token():06d}"


@pytest.mark.django_db
def test_a_device_accepts_the_code_of_now_once():
    device = give_authenticator(UserFactory())

    code = smoke_test.totp_code(device.key)

    assert device.verify_token(code)
    assert not device.verify_token(code)


def test_the_evidence_file_is_a_pdf_the_upload_checks_accept():
    data = smoke_test.small_pdf("Smoke test evidence (request 42)")

    checked = check_upload(SimpleUploadedFile("evidence.pdf", data, "application/pdf"))

    assert checked.kind == PDF
    assert smoke_test.pdf_text(data).strip() == "Smoke test evidence (request 42)"


@pytest.fixture
def server(request, settings, transactional_db):
    """A live server with MFA as the production settings have it; its address."""
    settings.MFA_DEMO_MODE = False
    settings.MFA_REQUIRED_FOR_ALL = True
    # The smoke client says X-Forwarded-Proto: https, as the reverse proxy does.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Evidence is never served under a URL (MEDIA_URL is None), but Django's live server wraps
    # itself in a media-file handler that needs one when it starts.
    settings.MEDIA_URL = "/evidence-is-not-served-here/"
    return request.getfixturevalue("live_server").url


def test_the_client_signs_in_with_password_and_code(server):
    lead = UserFactory(username="lead.smoke", role="agency_lead")
    give_authenticator(lead)
    client = smoke_test.Client(server)

    response = client.sign_in("lead.smoke", PASSWORD, KEY)

    assert response.status == 302
    assert client.get("/assurance/reviews/").status == 200


def test_the_password_alone_signs_nobody_in(server):
    give_authenticator(UserFactory(username="manager.smoke"))
    client = smoke_test.Client(server)

    client.enter_password("manager.smoke", PASSWORD)

    assert client.get("/assurance/reviews/").status == 302


def test_the_client_reports_a_wrong_secret_clearly(server):
    give_authenticator(UserFactory(username="manager.smoke"))
    client = smoke_test.Client(server)
    other_key = "ab" * 20

    with pytest.raises(smoke_test.CheckFailed, match="code refused"):
        client.sign_in("manager.smoke", PASSWORD, other_key)


def test_a_code_used_once_is_refused_the_second_time(server):
    give_authenticator(UserFactory(username="manager.smoke"))
    first = smoke_test.Client(server)
    first.sign_in("manager.smoke", PASSWORD, KEY)
    replay = smoke_test.Client(server)

    code_page = replay.enter_password("manager.smoke", PASSWORD)
    response = replay.submit(
        code_page, smoke_test.CODE_FIELD, {smoke_test.CODE_FIELD: first.code_used}
    )

    assert response.status == 200
    assert "The code is not right" in response.body
