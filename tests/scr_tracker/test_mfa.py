"""Multi-factor authentication: who must use it, what they reach without it, signing in with
a code or a backup code, and setting up an authenticator app.

The test settings relax MFA (MFA_DEMO_MODE) so that other tests can use force_login; every
test here that is about enforcement turns it on with the `mfa_enforced` fixture."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import resolve, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from scr_tracker.accounts.mfa import ENROLMENT_SESSION_KEY
from scr_tracker.accounts.middleware import ENROLMENT_VIEWS, OPEN_WITHOUT_MFA
from tests.permissions.matrix import BY_NAME as MATRIX
from tests.scr_tracker.mfa_helpers import (
    code_for,
    give_authenticator,
    give_backup_codes,
    post_code,
    post_password,
)

SETUP_URL = reverse("two_factor:setup")


@pytest.fixture
def mfa_enforced(settings):
    settings.MFA_DEMO_MODE = False
    settings.MFA_REQUIRED_FOR_ALL = False


def _enrolling(client, user):
    """A session opened through an emailed link (an invitation or an enrolment link): the only
    kind that may set up an authenticator app."""
    client.force_login(user)
    session = client.session
    session[ENROLMENT_SESSION_KEY] = True
    session.save()


def _url(name, objects):
    return MATRIX[name].url(objects)


@pytest.mark.parametrize("role", ["board_manager", "administrator"])
def test_role_that_needs_mfa_reaches_nothing_but_enrolment(
    client, request, objects, mfa_enforced, role
):
    _enrolling(client, request.getfixturevalue(role))

    for name in MATRIX:
        response = client.get(_url(name, objects))
        if name in OPEN_WITHOUT_MFA | ENROLMENT_VIEWS:
            continue
        # The read-only API signs in by token only and ignores the session (issue #20):
        # tests/api/test_api_behaviour.py checks it answers the session with 401.
        if getattr(resolve(_url(name, objects)).func, "token_authenticated", False):
            assert response.status_code in (200, 401), name
            continue
        assert response.status_code == 302, name
        assert response["Location"].startswith(SETUP_URL), name
    assert client.get(SETUP_URL).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_enrolment_redirect_remembers_the_page_asked_for(client, board_manager, plan, mfa_enforced):
    _enrolling(client, board_manager)
    url = reverse("assurance:review_detail", kwargs={"pk": plan.pk})

    response = client.get(url)

    assert response["Location"] == f"{SETUP_URL}?next={url.replace('/', '%2F')}"


def test_posts_are_refused_too_until_mfa_is_set_up(client, board_manager, plan, mfa_enforced):
    _enrolling(client, board_manager)

    response = client.post(reverse("reviews:edit", kwargs={"pk": plan.pk}), {"title": "Changed"})

    assert response.status_code == 302 and response["Location"] == SETUP_URL
    plan.refresh_from_db()
    assert plan.title == "Baby F"


def test_open_pages_are_only_enrolment_sign_in_and_sign_out():
    assert {"two_factor:setup", "two_factor:qr"} == ENROLMENT_VIEWS
    assert {
        "login",
        "logout",
        "accessibility",
        "accounts:keep_alive",
        "accounts:signed_out",
        "accounts:accept_invitation",
        "accounts:mfa_enrol",
        "accounts:mfa_enrolment_sent",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    } == OPEN_WITHOUT_MFA


@pytest.mark.parametrize("role", ["lead_a", "scrutineer"])
def test_other_roles_need_no_mfa_by_default(client, request, objects, mfa_enforced, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("assurance:review_list")).status_code == 200


def test_mfa_required_for_all_covers_every_role(client, lead_a, mfa_enforced, settings):
    settings.MFA_REQUIRED_FOR_ALL = True
    _enrolling(client, lead_a)

    response = client.get(reverse("assurance:review_list"))

    assert response.status_code == 302 and response["Location"].startswith(SETUP_URL)


def test_demo_mode_lets_a_board_manager_in_with_a_warning_on_every_page(
    client, board_manager, settings
):
    settings.MFA_DEMO_MODE = True
    client.force_login(board_manager)

    response = client.get(reverse("assurance:review_list"))

    assert response.status_code == 200
    assert "Demo mode: multi-factor authentication is not enforced" in response.content.decode()


@pytest.mark.django_db
def test_no_demo_warning_when_mfa_is_enforced(client, mfa_enforced):
    assert "Demo mode" not in client.get(reverse("login")).content.decode()


def test_sign_in_asks_for_the_code_after_the_password(client, board_manager, plan, mfa_enforced):
    device = give_authenticator(board_manager)
    next_url = reverse("assurance:review_detail", kwargs={"pk": plan.pk})

    response = post_password(client, board_manager.username, next_url=next_url)

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    html = response.content.decode()
    assert "Enter the code from your authenticator app" in html
    assert 'name="token-otp_token"' in html

    response = client.post(
        f"{reverse('login')}?next={next_url}",
        {"sign_in_view-current_step": "token", "token-otp_token": code_for(device)},
    )

    assert response.status_code == 302 and response["Location"] == next_url
    assert client.get(next_url).status_code == 200


def test_a_wrong_code_does_not_sign_in(client, board_manager, mfa_enforced):
    device = give_authenticator(board_manager)
    post_password(client, board_manager.username)
    wrong = code_for(device, offset=10)

    response = post_code(client, wrong)

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    html = response.content.decode()
    assert "The code is not right" in html and "govuk-error-summary" in html
    assert 'href="#id_token-otp_token"' in html


def test_a_code_cannot_be_used_twice(client, board_manager, mfa_enforced):
    device = give_authenticator(board_manager)
    post_password(client, board_manager.username)
    code = code_for(device)
    assert post_code(client, code).status_code == 302
    client.logout()

    post_password(client, board_manager.username)
    response = post_code(client, code)

    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_a_backup_code_signs_in_once(client, board_manager, mfa_enforced):
    give_authenticator(board_manager)
    give_backup_codes(board_manager, "abcd1234")
    token_step = post_password(client, board_manager.username)
    assert "Use a backup code instead" in token_step.content.decode()

    client.post(
        reverse("login"), {"sign_in_view-current_step": "token", "wizard_goto_step": "backup"}
    )
    response = post_code(client, "abcd1234", step="backup")

    assert response.status_code == 302
    assert client.get(reverse("assurance:review_list")).status_code == 200
    client.logout()
    post_password(client, board_manager.username)
    client.post(
        reverse("login"), {"sign_in_view-current_step": "token", "wizard_goto_step": "backup"}
    )
    response = post_code(client, "abcd1234", step="backup")
    assert response.status_code == 200 and SESSION_KEY not in client.session


def test_a_session_without_the_second_factor_is_signed_out(client, board_manager, mfa_enforced):
    give_authenticator(board_manager)
    client.force_login(board_manager)  # a password-only session, as from before the app was set up

    response = client.get(reverse("assurance:review_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert SESSION_KEY not in client.session


def test_setting_up_an_authenticator_app(client, board_manager, mfa_enforced):
    _enrolling(client, board_manager)

    response = client.get(SETUP_URL)
    assert "Set up multi-factor authentication" in response.content.decode()
    response = client.post(SETUP_URL, {"mfa_setup_view-current_step": "welcome"})
    html = response.content.decode()
    assert "Scan the QR code" in html and reverse("two_factor:qr") in html
    qr = client.get(reverse("two_factor:qr"))
    assert qr.status_code == 200 and qr["Content-Type"].startswith("image/svg+xml")

    secret = client.session["django_two_factor-qr_secret_key"]
    unsaved = TOTPDevice(key=_hex(secret))
    response = client.post(
        SETUP_URL,
        {"mfa_setup_view-current_step": "generator", "generator-token": code_for(unsaved)},
    )

    assert response.status_code == 302 and response["Location"] == reverse(
        "two_factor:setup_complete"
    )
    assert TOTPDevice.objects.get(user=board_manager).confirmed
    assert client.get(reverse("assurance:review_list")).status_code == 200
    backup = client.post(reverse("two_factor:backup_tokens"))
    assert backup.status_code == 302
    assert board_manager.staticdevice_set.get().token_set.count() == 10


def test_setup_refuses_a_wrong_code(client, board_manager, mfa_enforced):
    _enrolling(client, board_manager)
    client.post(SETUP_URL, {"mfa_setup_view-current_step": "welcome"})

    response = client.post(
        SETUP_URL, {"mfa_setup_view-current_step": "generator", "generator-token": "12"}
    )

    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=board_manager).exists()


def test_the_authenticator_names_the_service(client, board_manager, settings):
    settings.SERVICE_NAME = "Northfield Tracker"
    client.force_login(board_manager)
    client.post(SETUP_URL, {"mfa_setup_view-current_step": "welcome"})

    html = client.get(SETUP_URL).content.decode()

    assert "Northfield Tracker" in html


def test_the_admin_sign_in_page_hands_over_to_the_service_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/admin/"


def test_administrators_see_no_authenticator_secrets_in_the_admin(
    client, administrator, board_manager
):
    device = give_authenticator(board_manager)
    client.force_login(administrator)

    html = client.get(
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk])
    ).content.decode()

    assert device.key not in html


def _hex(b32):
    import base64

    return base64.b32decode(b32).hex()


def test_a_password_alone_never_leads_to_enrolment(client, board_manager, mfa_enforced, mailoutbox):
    """Someone who has guessed the password of an account with no authenticator app yet must
    not be able to enrol their own: the session is ended, the owner is emailed a link."""
    board_manager.set_password("a-long-password-1")
    board_manager.save()
    response = post_password(client, board_manager.username, "a-long-password-1")
    for _ in range(2):
        response = client.get(response["Location"] if response.status_code == 302 else SETUP_URL)
    assert SESSION_KEY not in client.session
    assert client.get(SETUP_URL)["Location"].startswith(reverse("login"))
    assert client.get(reverse("two_factor:qr"))["Location"].startswith(reverse("login"))
    assert not TOTPDevice.objects.filter(user=board_manager).exists()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [board_manager.email]
    assert "Someone signed in" in mailoutbox[0].body


def test_a_password_only_session_reaches_no_page(client, board_manager, plan, mfa_enforced):
    client.force_login(board_manager)

    for url in (SETUP_URL, reverse("assurance:review_list"), reverse("assurance:dashboard")):
        client.force_login(board_manager)
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("accounts:mfa_enrolment_sent"), url
        assert SESSION_KEY not in client.session, url


def test_the_emailed_link_opens_enrolment_once(client, board_manager, mfa_enforced, mailoutbox):
    client.force_login(board_manager)
    client.get(reverse("assurance:review_list"))
    link = next(line for line in mailoutbox[0].body.splitlines() if "/two-factor/enrol/" in line)
    path = link[link.index("/accounts/") :]

    response = client.get(path)

    assert response.status_code == 302 and response["Location"] == SETUP_URL
    assert client.get(SETUP_URL).status_code == 200
    client.logout()
    assert client.get(path).status_code == 404  # spent: signing in moved last_login on


def test_enrolment_emails_are_rate_limited(client, board_manager, mfa_enforced, mailoutbox):
    for _ in range(3):
        client.force_login(board_manager)
        client.get(reverse("assurance:review_list"))
    assert len(mailoutbox) == 1
