"""Presenters for the scr_tracker pages (history, edit conflicts, invitations, account
security), as rows of the GOV.UK components (scr_tracker/components.py).

Load with ``{% load scr_tracker_rows %}``.
"""

from django import template
from django.template.defaultfilters import linebreaksbr, stringformat
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.html import format_html

from scr_tracker.components import format_date, link, summary_row

register = template.Library()


def _whole(value):
    """What ``{{ value|stringformat:"d" }}`` shows: the whole number, or nothing."""
    return stringformat(value, "d")


@register.simple_tag
def change_table(changes, before, after, before_label, after_label):
    """Fields that changed: each change's ``label`` as the row header, then its ``before``
    and ``after`` attributes (line breaks kept)."""
    rows = [
        [
            {"text": change.label, "header": True},
            linebreaksbr(getattr(change, before)),
            linebreaksbr(getattr(change, after)),
        ]
        for change in changes
    ]
    return {"head": ["Field", before_label, after_label], "rows": rows}


@register.simple_tag(takes_context=True)
def invitation_table(context, invitations):
    """Invitations not accepted yet, each with a button to send it again (a POST form with
    the CSRF token, as ``{% csrf_token %}`` writes it)."""
    csrf = CsrfTokenNode().render(context)
    rows = []
    for invited in invitations:
        resend = format_html(
            '<form method="post" action="{}" class="app-inline-form">{}'
            '<button type="submit" class="app-button-as-link">'
            'Send again<span class="govuk-visually-hidden"> to {}</span></button></form>',
            reverse("accounts:resend_invitation", kwargs={"pk": invited.pk}),
            csrf,
            invited.email,
        )
        rows.append(
            [
                invited.get_full_name(),
                invited.email,
                invited.get_role_display(),
                invited.partnership or "None",
                resend,
            ]
        )
    action = {"text": format_html('<span class="govuk-visually-hidden">{}</span>', "Action")}
    return {"head": ["Name", "Email address", "Role", "Partnership", action], "rows": rows}


@register.simple_tag
def account_security_rows(user, default_device, backup_tokens):
    """Whether multi-factor authentication is on, the backup codes left and the username."""
    if default_device:
        rows = [
            summary_row("Multi-factor authentication", "On: authenticator app"),
            summary_row(
                "Backup codes left",
                _whole(backup_tokens),
                href=reverse("two_factor:backup_tokens"),
                action="Show or create",
            ),
        ]
    else:
        rows = [summary_row("Multi-factor authentication", "Off")]
    rows.append(summary_row("Username", user.get_username()))
    return rows


@register.simple_tag
def api_token_rows(token, *, full=False, state=""):
    """A personal API token's facts: name and expiry; with ``full``, who owns it, how it starts,
    when it was made and last used, and its state."""
    if not full:
        return [
            summary_row("Name", token.name),
            summary_row("Expires", format_date(token.expires_at, "j F Y, H:i")),
        ]
    return [
        summary_row("Owner", str(token.user)),
        summary_row("Starts with", token.prefix),
        summary_row("Created", format_date(token.created_at, "j F Y, H:i")),
        summary_row("Expires", format_date(token.expires_at, "j F Y, H:i")),
        summary_row("Last used", format_date(token.last_used_at, "j F Y, H:i") or "Never"),
        summary_row("State", state),
    ]


@register.simple_tag
def api_token_table(tokens):
    """The user's API tokens, each with a Revoke link while it still works."""
    head = [
        "Name",
        "Starts with",
        "Expires",
        "Last used",
        "State",
        {"text": format_html('<span class="govuk-visually-hidden">Action</span>')},
    ]
    rows = []
    for token in tokens:
        revoke = ""
        if token.state_label != "Revoked":
            revoke = link(
                reverse("accounts:api_token_revoke", args=[token.pk]), "Revoke", f" {token.name}"
            )
        rows.append(
            [
                token.name,
                format_html("<code>scr_{}</code>", token.prefix),
                format_date(token.expires_at, "j M Y"),
                format_date(token.last_used_at, "j M Y, H:i") or "Never",
                token.state_label,
                revoke,
            ]
        )
    return {"head": head, "rows": rows}


@register.simple_tag
def job_rows(job):
    """A background job: what was asked for, when, and where it has got to."""
    rows = [
        summary_row("Asked for", job.description),
        summary_row("Asked at", format_date(job.created_at, "j F Y, H:i")),
        summary_row("Status", job.get_state_display()),
    ]
    if job.started_at:
        rows.append(summary_row("Started", format_date(job.started_at, "j F Y, H:i")))
    if job.finished_at:
        rows.append(summary_row("Finished", format_date(job.finished_at, "j F Y, H:i")))
    if job.has_file:
        rows.append(summary_row("Kept until", format_date(job.file_expires_at, "j F Y, H:i")))
    return rows
