"""No self-registration: administrators invite people by an emailed link that works once and
expires; password resets work the same way."""

import datetime
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from scr_tracker.accounts.tokens import InvitationTokenGenerator
from scr_tracker.models import Role, User
from tests.once import sent_once

INVITE_URL = reverse("accounts:invite")
NEW_PASSWORD = "a-much-better-passphrase-2026"


def _invite(client, the_partnership, **overrides):
    data = {
        "first_name": "Jo",
        "last_name": "Lead",
        "email": "Jo.Lead@Example.org",
        "job_title": "Named nurse",
        "role": Role.AGENCY_LEAD,
        "partnership": the_partnership.pk,
        "agencies": [],
        "scrutiny_board": "",
        **overrides,
    }
    return client.post(INVITE_URL, sent_once(client, data))


def _link(message):
    return re.search(r"https?://\S+", message.body).group(0)


def _path(link):
    return re.sub(r"^https?://[^/]+", "", link)


@pytest.fixture
def invited(client, administrator, partnership, agency_a):
    """An agency lead invited by the administrator; the client is signed out again."""
    client.force_login(administrator)
    response = _invite(client, partnership, agencies=[agency_a.pk])
    assert response.status_code == 302
    client.logout()
    return User.objects.get(username="jo.lead@example.org")


def test_an_invitation_creates_an_account_that_cannot_sign_in_yet(client, invited, agency_a):
    assert invited.email == "jo.lead@example.org"
    assert invited.role == Role.AGENCY_LEAD and list(invited.agencies.all()) == [agency_a]
    assert invited.is_active and not invited.has_usable_password()
    assert not invited.check_password("")
    record = invited.history.first()
    assert record.history_user.username == "admin" and "Invited" in record.history_change_reason


def test_the_invitation_email_carries_a_link_to_the_service(invited, settings):
    (message,) = mail.outbox
    assert message.to == ["jo.lead@example.org"]
    assert "You have been invited" in message.subject
    assert _link(message).startswith(settings.SITE_URL)
    assert "expires 72 hours" in message.body


def test_the_invitation_link_sets_a_password_once(client, invited):
    path = _path(_link(mail.outbox[0]))

    page = client.get(path)
    assert page.status_code == 200 and "Choose your password" in page.content.decode()
    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert int(client.session[SESSION_KEY]) == invited.pk
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)

    client.logout()
    again = client.get(path)
    assert "This invitation link does not work" in again.content.decode()
    reuse = client.post(
        path, {"new_password1": "x-other-passphrase-9", "new_password2": "x-other-passphrase-9"}
    )
    assert "This invitation link does not work" in reuse.content.decode()
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)


def test_the_invitation_applies_the_password_rules(client, invited):
    path = _path(_link(mail.outbox[0]))

    response = client.post(path, {"new_password1": "12345678", "new_password2": "12345678"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and "too short" in html
    invited.refresh_from_db()
    assert not invited.has_usable_password()


@pytest.mark.parametrize(("hours", "works"), [(71, True), (73, False)])
def test_the_invitation_link_expires(client, invited, hours, works):
    generator = InvitationTokenGenerator()
    generator._now = lambda: datetime.datetime.now() - datetime.timedelta(hours=hours)
    uid = urlsafe_base64_encode(force_bytes(invited.pk))
    path = reverse(
        "accounts:accept_invitation", kwargs={"uidb64": uid, "token": generator.make_token(invited)}
    )

    html = client.get(path).content.decode()

    assert ("Choose your password" in html) is works
    assert ("This invitation link does not work" in html) is not works


def test_the_expiry_follows_the_setting(client, invited, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    generator = InvitationTokenGenerator()
    generator._now = lambda: datetime.datetime.now() - datetime.timedelta(hours=2)
    uid = urlsafe_base64_encode(force_bytes(invited.pk))
    path = reverse(
        "accounts:accept_invitation", kwargs={"uidb64": uid, "token": generator.make_token(invited)}
    )

    assert "This invitation link does not work" in client.get(path).content.decode()


def test_a_password_reset_link_is_not_an_invitation(client, invited):
    uid = urlsafe_base64_encode(force_bytes(invited.pk))
    token = PasswordResetTokenGenerator().make_token(invited)

    html = client.get(
        reverse("accounts:accept_invitation", kwargs={"uidb64": uid, "token": token})
    ).content.decode()

    assert "This invitation link does not work" in html


def test_a_board_manager_goes_on_to_set_up_mfa(client, administrator, partnership):
    client.force_login(administrator)
    _invite(client, partnership, email="bm@example.org", role=Role.BOARD_MANAGER)
    client.logout()

    path = _path(_link(mail.outbox[0]))
    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response["Location"] == reverse("two_factor:setup")
    assert "multi-factor authentication" in mail.outbox[0].body


def test_only_administrators_can_invite(client, board_manager, partnership):
    client.force_login(board_manager)

    response = _invite(client, partnership)

    assert response.status_code == 403
    assert not User.objects.filter(email="jo.lead@example.org").exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"email": "board.manager@example.org"},
            "email",
            "There is already an account with this email address",
        ),
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
        ({"first_name": ""}, "first_name", "Enter the first name"),
        ({}, "agencies", "Select the agencies an agency lead reports on"),
        ({"role": Role.SCRUTINY_MEMBER}, "scrutiny_board", "Select the scrutiny board"),
        (
            {"role": Role.BOARD_MANAGER, "partnership": ""},
            "partnership",
            "belongs to a partnership",
        ),
    ],
)
def test_the_invitation_form_explains_mistakes(
    client, administrator, board_manager, partnership, overrides, field, message
):
    client.force_login(administrator)

    response = _invite(client, partnership, **overrides)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field]), errors
    assert mail.outbox == []


def test_agencies_must_belong_to_the_partnership(
    client, administrator, partnership, other_partnership
):
    from tests.reviews.factories import AgencyFactory

    elsewhere = AgencyFactory(partnership=other_partnership)
    client.force_login(administrator)

    response = _invite(client, partnership, agencies=[elsewhere.pk])

    assert (
        "Select only agencies of the person's partnership"
        in response.context["form"].errors["agencies"]
    )


# Password reset -----------------------------------------------------------------------------


def test_password_reset_says_the_same_whether_or_not_the_account_exists(client, board_manager):
    known = client.post(reverse("password_reset"), {"email": board_manager.email})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [board_manager.email]
    done = client.get(reverse("password_reset_done")).content.decode()
    assert "If the address you entered belongs to an account" in done


def test_password_reset_link_works_once(client, board_manager, settings):
    client.post(reverse("password_reset"), {"email": board_manager.email})
    link = _link(mail.outbox[0])
    assert link.startswith(settings.SITE_URL)
    path = _path(link)

    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response["Location"] == reverse("password_reset_complete")
    board_manager.refresh_from_db()
    assert board_manager.check_password(NEW_PASSWORD)
    again = client.get(path, follow=True).content.decode()
    assert "This password reset link does not work" in again


@pytest.mark.parametrize(("hours", "works"), [(71, True), (73, False)])
def test_password_reset_link_expires(client, board_manager, hours, works):
    generator = PasswordResetTokenGenerator()
    generator._now = lambda: datetime.datetime.now() - datetime.timedelta(hours=hours)
    uid = urlsafe_base64_encode(force_bytes(board_manager.pk))
    path = reverse(
        "password_reset_confirm",
        kwargs={"uidb64": uid, "token": generator.make_token(board_manager)},
    )

    html = client.get(path, follow=True).content.decode()

    assert ("Choose a new password" in html) is works


def test_password_reset_does_not_sign_in_or_skip_mfa(client, board_manager, settings):
    settings.MFA_DEMO_MODE = False
    client.post(reverse("password_reset"), {"email": board_manager.email})
    form_page = client.get(_path(_link(mail.outbox[0])), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert SESSION_KEY not in client.session


def test_an_invited_user_cannot_reset_before_accepting(client, invited):
    mail.outbox.clear()

    client.post(reverse("password_reset"), {"email": invited.email})

    assert mail.outbox == []


# Sending an invitation again ----------------------------------------------------------------


def test_pending_invitations_are_listed_and_can_be_sent_again(client, administrator, invited):
    client.force_login(administrator)
    page = client.get(INVITE_URL).content.decode()
    assert "Invitations not accepted yet" in page and invited.email in page
    mail.outbox.clear()

    response = client.post(reverse("accounts:resend_invitation", kwargs={"pk": invited.pk}))

    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [invited.email]
    client.logout()
    assert "Choose your password" in client.get(_path(_link(message))).content.decode()


def test_only_administrators_can_send_again(client, board_manager, invited):
    client.force_login(board_manager)

    response = client.post(reverse("accounts:resend_invitation", kwargs={"pk": invited.pk}))

    assert response.status_code == 403 and mail.outbox[1:] == []


def test_an_accepted_invitation_cannot_be_sent_again(client, administrator, lead_a):
    client.force_login(administrator)

    response = client.post(reverse("accounts:resend_invitation", kwargs={"pk": lead_a.pk}))

    assert response.status_code == 404 and mail.outbox == []


@pytest.mark.parametrize("size", [1, 12])
def test_the_invitation_page_query_count_does_not_grow(
    client, administrator, partnership, django_assert_max_num_queries, size
):
    from tests.reviews.factories import AgencyFactory, ScrutinyBoardFactory
    from tests.scr_tracker.factories import UserFactory

    for n in range(size):
        AgencyFactory(partnership=partnership)
        ScrutinyBoardFactory(partnership=partnership)
        pending = UserFactory(partnership=partnership, username=f"pending{n}@example.org")
        pending.set_unusable_password()
        pending.save()
    client.force_login(administrator)

    with django_assert_max_num_queries(10):
        response = client.get(INVITE_URL)

    assert response.content.decode().count("Send again") == size
