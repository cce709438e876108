"""Accounts: signing in with a second factor, invitations, password resets, lockouts, sessions.

Built on django-two-factor-auth / django-otp (TOTP and backup codes), django-axes (lockouts) and
Django's own password-reset tokens. See SECURITY.md for what each protects against."""
