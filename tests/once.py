"""Posting a form as a browser would: with the one-time token its page carried
(scr_tracker/once.py). `sent_once(client, data)` issues a token to the client's session and
adds it to `data`; posting the result twice is a double submission."""

import secrets

from scr_tracker import once


def form_token(client) -> str:
    session = client.session
    token = secrets.token_urlsafe(18)
    session[once.SESSION_KEY] = [*session.get(once.SESSION_KEY, []), token]
    session.save()
    return token


def sent_once(client, data: dict | None = None) -> dict:
    return {**(data or {}), once.FIELD: form_token(client)}
