"""Permission matrix entries for the account URLs (sign-in steps, MFA enrolment, invitations,
password reset, the inactivity warning). Columns: anonymous, board_manager, lead_a, lead_b,
scrutiny_member, scrutineer, administrator, outsider.

The test settings relax MFA (MFA_DEMO_MODE), as `force_login` gives no second factor; what
enforcement does is tested in tests/scr_tracker/test_mfa.py."""

from types import SimpleNamespace

EVERYONE = (200,) * 8
SIGNED_IN = (302,) + (200,) * 7
# Pages behind django-otp's otp_required: nobody signed in with force_login has verified a code.
VERIFIED_ONLY = (302,) * 8

MATRIX = {
    "password_reset": (EVERYONE, {}),
    "password_reset_done": (EVERYONE, {}),
    # A link that was never issued (or has been used, or has expired) shows a clear page.
    "password_reset_confirm": (EVERYONE, {"uidb64": "bad_uid", "token": "bad_token"}),
    "password_reset_complete": (EVERYONE, {}),
    "two_factor:setup": (SIGNED_IN, {}),
    # The QR code exists only during setup, while the secret is in the session.
    "two_factor:qr": ((302,) + (404,) * 7, {}),
    "two_factor:setup_complete": (VERIFIED_ONLY, {}),
    "two_factor:backup_tokens": (VERIFIED_ONLY, {}),
    "two_factor:profile": (SIGNED_IN, {}),
    "accounts:invite": ((302, 403, 403, 403, 403, 403, 200, 403), {}),
    # A POST-only action: GET is refused; who may POST is tested in test_invitations.py.
    "accounts:resend_invitation": ((302,) + (405,) * 7, {"pk": "board_manager"}),
    "accounts:accept_invitation": (EVERYONE, {"uidb64": "bad_uid", "token": "bad_token"}),
    # An enrolment link that was never issued: a clear page saying the link does not work.
    "accounts:mfa_enrol": ((404,) * 8, {"uidb64": "bad_uid", "token": "bad_token"}),
    "accounts:mfa_enrolment_sent": (EVERYONE, {}),
    "accounts:keep_alive": ((302,) + (204,) * 7, {}),
    "accounts:signed_out": ((200,) + (302,) * 7, {}),
}


def make_objects(core, request):
    """Path values for the link URLs: an unknown user id and a token that was never issued;
    a user for the resend URL."""
    return {
        "board_manager": request.getfixturevalue("board_manager"),
        "bad_uid": SimpleNamespace(pk="Zm9v"),
        "bad_token": SimpleNamespace(pk="c1x2y3-0123456789abcdef"),
    }
