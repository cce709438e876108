"""Presenters for the assurance pages: they turn reviews, actions, updates and reports into the
rows of the GOV.UK components (scr_tracker/components.py), so the templates only say where a
table or summary list goes and what its caption is.

Load with ``{% load assurance_rows %}``. Tables come back as ``{"head": [...], "rows": [...]}``
for ``{% govuk_table table caption=... %}``; summary lists as a list of rows for
``{% govuk_summary_list rows %}``. Each reads only what the view already fetched (the pages'
query counts are pinned by tests) and shows what the page showed before, word for word.
"""

from django import template
from django.template.defaultfilters import (
    filesizeformat,
    linebreaks_filter,
    linebreaksbr,
    pluralize,
    truncatechars,
    truncatewords,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from recommendations.queries import review_rollup
from recommendations.rag import ROLLUP_MEANINGS, Rollup, RollupRating, rollup_from_row
from reviews.queries import timelines_for
from reviews.templatetags.reviews_rows import stage_cell
from scr_tracker.components import (
    RAG_TAGS,
    format_date,
    join,
    link,
    rag_tag,
    status_tag,
    summary_row,
    tag,
)

register = template.Library()

NUMERIC = "numeric"


def _numeric(value):
    return {"text": value, "format": NUMERIC}


def _header(text, classes=""):
    return {"text": text, "header": True, "classes": classes}


def _span(css, text):
    return format_html('<span class="{}">{}</span>', css, text)


def _archived(obj):
    return tag("Archived", "grey") if obj.is_archived else ""


# The action plan: review and recommendation pages.

PLAN_HEAD = [
    "Key actions",
    "Lead officer",
    "Timescale",
    "Due date",
    "Evidence expected",
    "Outcome measure",
    "Status",
]


@register.simple_tag
def plan_table(rows, by_agency=False):
    """The action plan: ``rows`` are actions, or (recommendation, action) pairs when
    ``by_agency``. The actions carry their partnership RAG (annotated)."""
    if by_agency:
        body = [_plan_row(action, recommendation) for recommendation, action in rows]
    else:
        body = [_plan_row(action) for action in rows]
    first = "Recommendation" if by_agency else "Agency"
    return {"head": [first, *PLAN_HEAD], "rows": body}


def _plan_row(action, recommendation=None):
    url = action.get_absolute_url()
    agency = action.agency.name
    if recommendation is not None:
        first = join(
            link(recommendation.get_absolute_url(), f"Recommendation {recommendation.number}"),
            _span("app-plan-table__text", truncatewords(recommendation.text, 30)),
            _archived(action),
        )
        view = link(
            url,
            "View",
            f" the {agency} action on recommendation {recommendation.number}",
        )
        key_actions = format_html("{} {}", linebreaksbr(action.key_actions), view)
    else:
        first = join(link(url, agency), _archived(action))
        key_actions = linebreaksbr(action.key_actions)
    status = format_html(
        '{} <span class="app-rag">Partnership: {}</span> <span class="app-rag">Agency: {}</span>',
        action.status_label,
        rag_tag(action.partnership_rag),
        rag_tag(action.agency_rag),
    )
    return [
        _header(first, "app-plan-table__first"),
        key_actions,
        action.lead_officer or "Not recorded",
        action.timescale or "None",
        {"text": format_date(action.due_date, "j M Y") or "No date", "classes": "app-nowrap"},
        linebreaksbr(action.evidence_expected) or "Not recorded",
        linebreaksbr(action.outcome_measure) or "Not recorded",
        status,
    ]


# The action page.


@register.simple_tag
def action_rating_rows(action, rating):
    """The action page's ratings, status and what came of it."""
    agency_note = (
        f"From the agency's update of {format_date(action.last_update_at, 'j F Y')}."
        if action.last_update_at
        else "The agency has not posted an update yet."
    )
    rows = [
        {
            "key": "Partnership rating",
            "value": format_html("{} {}", rag_tag(rating.rag), _paragraph(rating.reason)),
        },
        {
            "key": "Agency's own rating",
            "value": format_html("{} {}", rag_tag(action.agency_rag), _paragraph(agency_note)),
        },
        summary_row("Status", action.status_label),
    ]
    if action.not_implemented_reason:
        rows.append(
            summary_row("Why it was not implemented", action.not_implemented_reason, multiline=True)
        )
    if action.assured_at:
        assured = format_date(action.assured_at, "j F Y")
        if action.assured_by:
            assured = f"{assured} by {action.assured_by.get_full_name()}"
        rows.append(summary_row("Assured", assured))
    if action.reaudit_due:
        rows.append(summary_row("Re-audit date", format_date(action.reaudit_due, "j F Y")))
    if action.impact_result:
        rows.append(summary_row("Re-audit result", action.impact_result, multiline=True))
    return rows


def _paragraph(text):
    return format_html(
        '<p class="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0">{}</p>', text
    )


@register.simple_tag
def action_summary_rows(action, recommendation):
    """The action page's "The action": what was agreed, by whom and by when."""
    rows = [
        summary_row(
            "Recommendation",
            recommendation.text,
            multiline=True,
            href=recommendation.get_absolute_url(),
            action="View",
        ),
        summary_row(
            "Desired aim or outcome",
            recommendation.desired_outcome or "Not recorded",
            multiline=True,
        ),
        summary_row("Owning agency", action.agency.name),
        summary_row("Key actions", action.key_actions, multiline=True),
        summary_row("Lead officer", action.lead_officer or "Not recorded"),
    ]
    if action.lead_officer_user:
        rows.append(summary_row("Lead officer's account", action.lead_officer_user))
    rows += [
        summary_row("Timescale (as written)", action.timescale or "None"),
        summary_row("Due date", format_date(action.due_date, "j F Y") or "No date"),
        summary_row(
            "Evidence expected", action.evidence_expected or "Not recorded", multiline=True
        ),
        summary_row("Outcome measure", action.outcome_measure or "Not recorded", multiline=True),
    ]
    return rows


@register.simple_tag
def timescale_table(revisions):
    """Every timescale an action has had (``label_timescales`` has labelled them)."""
    return {
        "head": ["Timescale", "Due date", "Which", "Who and why"],
        "rows": [
            [
                revision.timescale or "None",
                format_date(revision.due_date, "j M Y") or "No date",
                revision.label,
                _who_and_why(revision),
            ]
            for revision in revisions
        ],
    }


def _who_and_why(revision):
    parts = []
    if revision.requested_by:
        verb = "Recorded by" if revision.label == "Original" else "Requested by"
        parts.append(
            format_html(
                "{} {} on {}.",
                verb,
                revision.requested_by,
                format_date(revision.requested_at, "j M Y"),
            )
        )
    if revision.decided_by:
        verb = "Declined by" if revision.state == "declined" else "Agreed by"
        when = f" on {format_date(revision.decided_at, 'j M Y')}" if revision.decided_at else ""
        parts.append(format_html("{} {}{}.", verb, revision.decided_by, when))
    if revision.reason:
        parts.append(format_html("<br> {}", revision.reason))
    if revision.decision_comment:
        parts.append(format_html("<br> {}", revision.decision_comment))
    return join(*parts)


def _key_actions_row(action):
    return summary_row(
        "Key actions",
        action.key_actions,
        multiline=True,
        href=action.get_absolute_url(),
        action="View action",
    )


def _timescale_row(action):
    return summary_row("Timescale (as written)", action.timescale or "None")


@register.simple_tag
def impact_rows(action):
    """Above the impact check form: where the action stands and what it should change."""
    return [
        summary_row("Status", action.status_label),
        summary_row("Outcome measure", action.outcome_measure or "Not recorded", multiline=True),
    ]


@register.simple_tag
def due_date_request_rows(action):
    """Above the form asking to move a due date: the timescale and due date now."""
    return [
        _timescale_row(action),
        summary_row("Current due date", format_date(action.due_date, "j F Y") or "No date"),
    ]


@register.simple_tag
def due_date_decision_rows(revision):
    """Above the due date decision: the action's timescale and what the lead asked for."""
    action = revision.action
    return [
        _key_actions_row(action),
        _timescale_row(action),
        summary_row("Due date now", format_date(action.due_date, "j F Y") or "No date"),
        summary_row("Asked for", format_date(revision.due_date, "j F Y")),
        summary_row("Asked by", revision.requested_by),
        summary_row("Why", revision.reason, multiline=True),
    ]


@register.simple_tag
def judge_rows(action):
    """Above the judgement form: what the action promised and where it stands."""
    return [
        _key_actions_row(action),
        summary_row("Outcome measure", action.outcome_measure or "Not recorded", multiline=True),
        summary_row(
            "Evidence expected", action.evidence_expected or "Not recorded", multiline=True
        ),
        _timescale_row(action),
        summary_row("Due date", format_date(action.due_date, "j F Y") or "No date"),
        summary_row("Status", action.status_label),
    ]


# Progress updates.


def evidence_list(evidence, small=False):
    """Evidence files (download links through the checked view) and described artefacts."""
    evidence = list(evidence)
    if not evidence:
        return "None supplied."
    items = format_html_join("", "<li>{}</li>", ((_evidence_item(item),) for item in evidence))
    css = "govuk-list govuk-!-font-size-16" if small else "govuk-list"
    return format_html('<ul class="{}">{}</ul>', css, items)


def _evidence_item(item):
    if item.has_file:
        return format_html(
            '<a class="govuk-link" href="{}" download>{}</a> '
            '<span class="govuk-hint govuk-!-display-inline">({}){}</span>',
            item.get_download_url(),
            item.original_filename,
            filesizeformat(item.size),
            _carried_note(item),
        )
    if item.carried_from_id:
        return format_html(
            '{} <span class="govuk-hint govuk-!-display-inline">(carried forward from an '
            "earlier update)</span>",
            linebreaksbr(item.description),
        )
    return linebreaksbr(item.description)


def _carried_note(item):
    """Evidence carried forward from an earlier update says so."""
    return ", carried forward from an earlier update" if item.carried_from_id else ""


@register.simple_tag
def update_rows(update):
    """One progress update: the agency's report, its evidence and the board's judgement
    (evidence prefetched)."""
    rating = rag_tag(update.rag)
    if update.rag_reason:
        rating = format_html("{} {}", rating, _paragraph(linebreaksbr(update.rag_reason)))
    rows = [summary_row("Progress", update.narrative, multiline=True)]
    if not update.recorded_by_board:
        rows.append({"key": "Agency's rating", "value": rating})
    rows.append({"key": "Evidence", "value": evidence_list(update.evidence.all())})
    if update.judgement != "not_needed":
        parts = [status_tag(update.judgement, update.get_judgement_display())]
        if update.judged_by:
            parts.append(
                _paragraph(
                    format_html(
                        "By {} on {}.", update.judged_by, format_date(update.judged_at, "j F Y")
                    )
                )
            )
        if update.judgement_comment:
            parts.append(
                format_html(
                    '<div class="govuk-inset-text govuk-!-margin-top-2 govuk-!-margin-bottom-0">'
                    "{}</div>",
                    linebreaks_filter(update.judgement_comment),
                )
            )
        rows.append({"key": "Board's judgement", "value": join(*parts)})
    return rows


# The review queue.


def _queue_cells(when, who, action):
    """The first two cells of a review-queue row: when and by whom, then the action, named by
    its own text (one recommendation may have several actions for one agency)."""
    return [
        {
            "text": join(format_date(when, "j M Y"), _span("app-plan-table__text", who)),
            "classes": "app-nowrap",
        },
        _header(_action_cell(action)),
    ]


def _on_action(action):
    recommendation = action.recommendation
    return (
        f"{recommendation.review.title} recommendation {recommendation.number}, "
        f"{action.agency.name}"
    )


@register.simple_tag
def queue_update_table(updates):
    """Updates awaiting judgement: what each reports, its evidence and the link to judge it."""
    rows = []
    for update in updates:
        action = update.action
        what = (
            tag("Completion claimed", "light-blue")
            if update.claims_completion
            else "Evidence of progress"
        )
        if update.recorded_by_board:
            what = join(what, tag("Recorded by the board", "purple"))
        hidden = f" the update of {format_date(update.created_at, 'j F Y')} on {_on_action(action)}"
        rows.append(
            [
                *_queue_cells(update.created_at, update.author, action),
                format_html(
                    '{} <span class="app-rag">Agency: {}</span>', what, rag_tag(update.rag)
                ),
                evidence_list(update.evidence.all(), small=True),
                link(reverse("assurance:update_judge", args=[update.pk]), "Judge", hidden),
            ]
        )
    head = ["Posted", "Action", "What", "Evidence", _hidden_header("Judge")]
    return {"head": head, "rows": rows}


def _hidden_header(text):
    return {"text": format_html('<span class="govuk-visually-hidden">{}</span>', text)}


@register.simple_tag
def queue_request_table(requests):
    """Due date requests to decide."""
    rows = []
    for revision in requests:
        action = revision.action
        rows.append(
            [
                *_queue_cells(revision.requested_at, revision.requested_by, action),
                {
                    "text": format_date(action.due_date, "j M Y") or "No date",
                    "classes": "app-nowrap",
                },
                {"text": format_date(revision.due_date, "j M Y"), "classes": "app-nowrap"},
                link(
                    reverse("assurance:due_date_decide", args=[revision.pk]),
                    "Decide",
                    f" the request on {_on_action(action)}",
                ),
            ]
        )
    head = ["Requested", "Action", "Due date now", "Asked for", _hidden_header("Decide")]
    return {"head": head, "rows": rows}


@register.simple_tag
def queue_unevidenced_table(actions):
    """Completions recorded with no evidence: ask the agency for it, or record what the board
    has seen (``evidence_asked_at`` annotated)."""
    rows = []
    for action in actions:
        on = f" for {_on_action(action)}"
        asked = (
            f"Asked for on {format_date(action.evidence_asked_at, 'j M Y')}"
            if action.evidence_asked_at
            else "Not asked for yet"
        )
        todo = [link(reverse("assurance:board_evidence", args=[action.pk]), "Record it", on)]
        if not action.evidence_asked_at:
            todo.insert(
                0, link(reverse("assurance:evidence_ask", args=[action.pk]), "Ask the agency", on)
            )
        rows.append(
            [
                _header(_action_cell(action)),
                {
                    "text": format_date(action.completion_claimed_at, "j M Y") or "Not dated",
                    "classes": "app-nowrap",
                },
                asked,
                # One link a line, 10px apart: each keeps a 24px target (WCAG 2.5.8).
                format_html_join(
                    "",
                    '<span class="govuk-!-display-block govuk-!-margin-bottom-2">{}</span>',
                    ((t,) for t in todo),
                ),
            ]
        )
    head = ["Action", "Recorded complete", "Evidence", _hidden_header("What to do")]
    return {"head": head, "rows": rows}


ACTION_LINK_CHARS = 120


def action_link_text(action, limit=ACTION_LINK_CHARS) -> str:
    """An action named by its own text, on one line, cut at a word near ``limit`` characters."""
    text = " ".join(action.key_actions.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return f"{cut}…"


def _action_cell(action, limit=ACTION_LINK_CHARS):
    """An action named by its own text (a link to it), with where it belongs beneath."""
    recommendation = action.recommendation
    return join(
        link(action.get_absolute_url(), action_link_text(action, limit)),
        _span(
            "app-plan-table__text",
            f"{recommendation.review.reference} recommendation {recommendation.number}, "
            f"{action.agency.name}",
        ),
    )


@register.simple_tag
def queue_nobody_table(actions):
    """Open actions whose agency has no active lead account: no one can update them."""
    rows = [
        [
            _header(_action_cell(action)),
            {"text": format_date(action.due_date, "j M Y") or "No date", "classes": "app-nowrap"},
        ]
        for action in actions
    ]
    return {"head": ["Action", "Due date"], "rows": rows}


# The lists.


@register.simple_tag
def action_list_rows(actions):
    """The actions list's rows (one page)."""
    rows = []
    for action in actions:
        recommendation = action.recommendation
        lead = (
            _span("app-list-table__hint", f"Lead: {action.lead_officer}")
            if action.lead_officer
            else ""
        )
        first = join(
            link(action.get_absolute_url(), action_link_text(action)),
            _span(
                "app-list-table__hint",
                f"{recommendation.review.reference} recommendation {recommendation.number}",
            ),
            _archived(action),
            lead,
        )
        rows.append(
            [
                _header(first),
                action.agency.name,
                format_date(action.due_date, "j M Y") or "No date",
                action.get_status_display(),
                rag_tag(action.partnership_rag),
                rag_tag(action.agency_rag),
                format_date(action.last_update_at, "j M Y") or "Never",
            ]
        )
    return rows


@register.simple_tag
def recommendation_list_rows(recommendations):
    """The recommendations list's rows (one page), counts annotated."""
    rows = []
    for recommendation in recommendations:
        review = recommendation.review
        statement = getattr(recommendation, "assurance_statement", None)
        number = link(
            recommendation.get_absolute_url(),
            recommendation.number,
            f": {review.title} recommendation {recommendation.number}",
        )
        rows.append(
            [
                join(
                    link(review.get_absolute_url(), review.title),
                    _span("app-list-table__hint", review.reference),
                ),
                _header(join(number, _archived(recommendation))),
                truncatewords(recommendation.text, 24),
                recommendation.source_label,
                _rollup_cell(rollup_from_row(recommendation)),
                _numeric(recommendation.action_count),
                _numeric(recommendation.overdue_count),
                (statement.level if statement else "") or "None yet",
            ]
        )
    return rows


def _rollup_cell(rollup):
    return join(rollup_tag(rollup), _span("app-list-table__hint", rollup.text))


@register.simple_tag
def rollup_tag(rollup):
    """A recommendation's roll-up rating as a tag in words; with no actions counted, the
    words alone (no colour to misread)."""
    if rollup.rating == RollupRating.NO_ACTIONS:
        return "No actions"
    if rollup.rating == RollupRating.PARTLY:
        return tag(rollup.label, "grey")
    return rag_tag(rollup.rating)


@register.simple_tag
def rollup_summary(rollup):
    """A recommendation's rating and progress, one line: the tag, then "3 of 4 actions
    assured, 1 overdue"."""
    return format_html(
        '{} <span class="app-rollup__text">{}</span>', rollup_tag(rollup), rollup.text
    )


@register.simple_tag
def review_list_rows(reviews):
    """The reviews list's rows (one page), counts annotated, roll-ups prefetched
    (`rollup_prefetch`)."""
    timelines = timelines_for(reviews, timezone.localdate())  # the lifecycle (issue 19)
    return [
        [
            join(
                link(review.get_absolute_url(), review.title),
                _span("app-list-table__hint", review.reference),
                _archived(review),
                tag("Exempt", "purple") if review.is_exempt else "",
            ),
            review.get_kind_display(),
            review.get_status_display(),
            format_date(review.recommendations_agreed_date, "j M Y") or "Not yet",
            stage_cell(timelines[review.pk]),
            *_review_count_cells(review),
            _numeric(review.overdue_count),
        ]
        for review in reviews
    ]


def _review_count_cells(review):
    """The Recommendations and Actions cells: each count, with its roll-up by rating below
    ("2 Red, 1 Blue"; archived items left out)."""
    rollup = review_rollup(review)
    labels = {**dict(RollupRating.choices), RollupRating.NO_ACTIONS.value: "with no actions"}
    return [
        _numeric(
            format_html(
                "{} {}",
                count,
                _span("app-list-table__hint", _rollup_counts(by, labels))
                if any(by.values())
                else "",
            )
        )
        for count, by in (
            (review.recommendation_count, rollup.recommendations),
            (review.action_count, rollup.actions),
        )
    ]


def _rollup_counts(counts, labels):
    """ "2 Red, 1 Amber, 3 Blue", leaving out the ratings nobody has."""
    words = [f"{count:,} {labels[rating]}" for rating, count in counts.items() if count]
    return ", ".join(words)


@register.simple_tag
def review_rollup_table(review, rollup):
    """Where a review's plan stands: recommendations by roll-up rating and actions by
    partnership rating, each count linking to the list it counts."""
    rows = []
    for rating, label, recs, actions in rollup.rows():
        rec_count = (
            link(
                _recommendations(review=review.pk, rating=rating),
                recs,
                f" {label} recommendations",
            )
            if recs
            else 0
        )
        if actions is None:
            action_cell = _numeric(
                format_html(
                    '<span aria-hidden="true">{}</span><span class="govuk-visually-hidden">{}'
                    "</span>",
                    "–",
                    "None: only a recommendation has this rating",
                )
            )
        elif actions:
            action_cell = _numeric(
                link(
                    _actions(review=review.pk, partnership_rag=rating),
                    actions,
                    f" {label} actions",
                )
            )
        else:
            action_cell = _numeric(0)
        rows.append(
            [
                _header(
                    join(
                        rollup_tag(Rollup(rating=rating)),
                        _span("app-list-table__hint", ROLLUP_MEANINGS[RollupRating(rating)]),
                    )
                ),
                _numeric(rec_count),
                action_cell,
            ]
        )
    rows.append(
        [
            _header("Total"),
            _numeric(rollup.recommendation_count),
            _numeric(rollup.action_count),
        ]
    )
    head = [
        "Rating",
        # A soft hyphen: on a phone the word may break, so the Actions column stays on screen.
        {"text": "Recom\u00admendations", "format": NUMERIC},
        {"text": "Actions", "format": NUMERIC},
    ]
    return {"head": head, "rows": rows}


@register.simple_tag
def my_action_table(actions):
    """One group of a lead's actions (overdue, due soon, the rest)."""
    rows = []
    for action in actions:
        recommendation = action.recommendation
        first = join(
            link(action.get_absolute_url(), action_link_text(action)),
            _span(
                "app-plan-table__text",
                f"{recommendation.review.reference} recommendation {recommendation.number}, "
                f"{action.agency.name}",
            ),
        )
        ratings = format_html(
            '<span class="app-rag">Partnership: {}</span> <span class="app-rag">Agency: {}</span>',
            rag_tag(action.partnership_rag),
            rag_tag(action.agency_rag),
        )
        rows.append(
            [
                _header(first, "app-plan-table__first"),
                {
                    "text": format_date(action.due_date, "j M Y") or "No date",
                    "classes": "app-nowrap",
                },
                action.status_label,
                ratings,
            ]
        )
    return {"head": ["Action", "Due date", "Status", "Ratings"], "rows": rows}


# My actions: "Needs your attention".

ATTENTION_TITLES = {
    "returned": "Evidence returned",
    "asked": "Evidence asked for",
    "decided": "Due date requests decided",
    "assigned": "Assigned to you since your last visit",
    "overdue": "Overdue",
    "due_soon": "Due within 30 days",
}


def _quote(text):
    return format_html(
        '<blockquote class="govuk-inset-text govuk-!-margin-top-1 govuk-!-margin-bottom-1">'
        "{}</blockquote>",
        linebreaks_filter(text),
    )


def _day(moment):
    return format_date(moment, "j F Y")


def _respond(action, respond):
    url = reverse("assurance:update_create", args=[action.pk])
    return link(f"{url}?respond={respond}", "Respond", f" to the board on {_on_action(action)}")


def _attention_item(kind, obj):
    """(action, what is asked (safe HTML), the link that does it) for one item."""
    if kind == "returned":
        action = obj.action
        asks = format_html(
            "The board manager returned the evidence of your update of {}{}: more is needed. {}",
            _day(obj.created_at),
            f" on {_day(obj.judged_at)}" if obj.judged_at else "",
            _quote(obj.judgement_comment),
        )
        return action, asks, _respond(action, obj.pk)
    if kind == "asked":
        action = obj.action
        asks = format_html(
            "The board manager asks for the evidence that this action is complete ({}). {}",
            _day(obj.requested_at),
            _quote(obj.comment),
        )
        return action, asks, _respond(action, "evidence")
    if kind == "decided":
        action = obj.action
        verb = "agreed" if obj.state == "approved" else "declined"
        asks = format_html(
            "The request to move the due date to {} was {} on {}.{}",
            _day(obj.due_date),
            verb,
            _day(obj.decided_at),
            _quote(obj.decision_comment) if obj.decision_comment else "",
        )
        return action, asks, link(action.get_absolute_url(), "Read it", f" on {_on_action(action)}")
    action = obj
    due = _day(action.due_date) or "no date"
    post = link(
        reverse("assurance:update_create", args=[action.pk]),
        "Post an update",
        f" on {_on_action(action)}",
    )
    if kind == "assigned":
        asks = format_html("You are now this action's lead officer. It is due on {}.", due)
        return action, asks, link(action.get_absolute_url(), "Read it", f": {_on_action(action)}")
    if kind == "overdue":
        asks = format_html("It was due on {}: post an update, or ask to change the due date.", due)
        return action, asks, post
    asks = format_html("It is due on {}: say how it stands.", due)
    return action, asks, post


@register.simple_tag
def attention_sections(kinds):
    """The sections of "Needs your attention" that have items: each with its title, its items
    (the action by its text, what is asked, the link that does it) and whether more wait."""
    sections = []
    for kind, (objects, more) in kinds.items():
        if not objects:
            continue
        items = []
        for obj in objects:
            action, asks, todo = _attention_item(kind, obj)
            items.append({"action": _action_cell(action, 100), "asks": asks, "todo": todo})
        sections.append(
            {"kind": kind, "title": ATTENTION_TITLES[kind], "items": items, "more": more}
        )
    return sections


@register.simple_tag
def access_log_rows(entries):
    """Downloads of evidence files and reports, newest first."""
    rows = []
    for entry in entries:
        what = f"{entry.get_kind_display()}: {entry.description}"
        rows.append(
            [
                {"text": format_date(entry.at, "j M Y, H:i:s"), "classes": "app-nowrap"},
                join(entry.user, _span("app-plan-table__text", entry.user.get_role_display())),
                join(
                    what,
                    _span("app-plan-table__text", entry.partnership) if entry.partnership else "",
                ),
                join(
                    entry.ip_address or "Unknown address",
                    _span("app-plan-table__text", truncatechars(entry.user_agent, 80)),
                ),
            ]
        )
    return {"head": ["When", "Who", "What", "From"], "rows": rows}


# The review and recommendation pages.


@register.simple_tag
def review_summary_rows(review, themes, related_reviews):
    """The facts of a review, above its action plan."""
    publication = (
        "Exempt: not for publication (Schedule 12A)" if review.is_exempt else "Published material"
    )
    rows = [
        summary_row("Status", review.get_status_display()),
        summary_row("Publication", publication),
        summary_row("Independent author or chair", review.author or "Not recorded"),
        summary_row("Incident", format_date(review.incident_date, "j F Y") or "Not recorded"),
        summary_row(
            "Decision to review", format_date(review.decision_date, "j F Y") or "Not recorded"
        ),
        summary_row(
            "Commissioned", format_date(review.commissioned_date, "j F Y") or "Not recorded"
        ),
        summary_row(
            "Recommendations agreed",
            format_date(review.recommendations_agreed_date, "j F Y") or "Not yet",
        ),
        summary_row("Published", format_date(review.published_date, "j F Y") or "Not published"),
    ]
    if themes:
        rows.append(summary_row("Themes", ", ".join(str(theme) for theme in themes)))
    if related_reviews:
        rows.append(
            summary_row("Related reviews", ", ".join(str(other) for other in related_reviews))
        )
    if review.summary:
        rows.append(summary_row("Summary", review.summary, multiline=True))
    return rows


@register.simple_tag
def recommendation_summary_rows(recommendation, themes, repeated_by):
    """The facts of a recommendation: its text, source, scope, themes and repeats."""
    rows = [
        summary_row("Recommendation", recommendation.text, multiline=True),
        summary_row("Source", recommendation.source_label),
        summary_row("Scope", recommendation.get_scope_display()),
    ]
    if recommendation.addressed_agency:
        rows.append(summary_row("Addressed to", recommendation.addressed_agency.name))
    rows += [
        summary_row(
            "Desired aim or outcome",
            recommendation.desired_outcome or "Not recorded",
            multiline=True,
        ),
        summary_row("Themes", ", ".join(str(theme) for theme in themes) or "None"),
    ]
    repeats = recommendation.repeats
    if repeats and recommendation.repeats_readable:
        rows.append(_repeat_row("Repeats", repeats))
    elif repeats:
        rows.append(summary_row("Repeats", recommendation.repeats_label))
    rows += [_repeat_row("Repeated by", later) for later in repeated_by]
    return rows


def _repeat_row(key, other):
    return summary_row(
        key,
        f"{other.review.title} recommendation {other.number}",
        href=other.get_absolute_url(),
        action="View",
    )


@register.simple_tag
def rollup_rows(rollup, whole_partnership=True):
    """Where a recommendation stands, rolled up from its actions: rating and progress."""
    counted = (
        "Rolled up from its actions; archived actions do not count."
        if whole_partnership
        else "Rolled up from your agencies' actions; archived actions do not count."
    )
    rating = rollup_tag(rollup)
    if rollup.rating != RollupRating.NO_ACTIONS:
        rating = format_html("{}: {}", rating, rollup.meaning)
    return [
        {"key": "Rating", "value": format_html("{} {}", rating, _paragraph(counted))},
        summary_row("Progress", rollup.text),
    ]


@register.simple_tag
def statement_action_table(actions):
    """Above the assurance statement form: each action of the recommendation, its status, both
    ratings and the evidence the board has accepted (``accepted_evidence`` set by the view)."""
    rows = [
        [
            _header(
                join(
                    link(action.get_absolute_url(), action_link_text(action)),
                    _span("app-plan-table__text", action.agency.name),
                )
            ),
            action.status_label,
            format_html(
                '<span class="app-rag">Partnership: {}</span> '
                '<span class="app-rag">Agency: {}</span>',
                rag_tag(action.partnership_rag),
                rag_tag(action.agency_rag),
            ),
            evidence_list(action.accepted_evidence, small=True)
            if action.accepted_evidence
            else "None accepted yet",
        ]
        for action in actions
    ]
    return {"head": ["Action", "Status", "Ratings", "Accepted evidence"], "rows": rows}


@register.simple_tag
def level_meaning_rows(meanings):
    """What each assurance level means, strongest first."""
    return [
        summary_row(level, meaning or "Not defined", multiline=True) for level, meaning in meanings
    ]


@register.simple_tag
def statement_rows(statement):
    """A recommendation's implementation assurance statement."""
    return [
        summary_row("Assurance level", statement.level or "Not yet given"),
        summary_row("Implementation assurance", statement.narrative, multiline=True),
    ]


# The dashboard.


def _actions(**filters):
    """The actions list with these filters."""
    return reverse("assurance:action_list", query=filters)


def _reviews(**filters):
    return reverse("assurance:review_list", query=filters)


def _recommendations(**filters):
    return reverse("assurance:recommendation_list", query=filters)


@register.simple_tag
def dashboard_action_table(actions, overdue=False):
    """A short table of actions (overdue, or due soon): with days overdue when ``overdue``."""
    head = ["Action", "Agency", "Due"]
    if overdue:
        head.append({"text": "Days overdue", "format": NUMERIC})
    rows = []
    for action in actions:
        recommendation = action.recommendation
        first = join(
            link(
                action.get_absolute_url(),
                f"{recommendation.review.title} recommendation {recommendation.number}",
            ),
            _span("govuk-hint govuk-!-margin-bottom-0", truncatewords(action.key_actions, 10)),
        )
        row = [_header(first), action.agency.name, format_date(action.due_date, "j M Y")]
        if overdue:
            row.append(_numeric(action.days_overdue))
        rows.append(row)
    return {"head": head, "rows": rows}


def _rag_head(first, rag_words):
    return [
        first,
        *({"text": word, "format": NUMERIC} for word in rag_words.values()),
        {"text": "Total", "format": NUMERIC},
    ]


def _rag_counts(counts, links=None, **own):
    """The counts by rating and the total; with ``links``, each count not zero links to the
    Actions list with the dashboard's filters, ``own`` and the rating."""
    if links is None:
        return [_numeric(count) for _key, count in counts.ordered()] + [_numeric(counts.total)]
    cells = []
    for key, count in counts.ordered():
        if count:
            words = RAG_TAGS.get(key, ("", key))[1]
            href = links.actions(partnership_rag=key, **own)
            cells.append(_numeric(link(href, f"{count:,}", f" {words} actions, {counts.label}")))
        else:
            cells.append(_numeric(count))
    total = link(links.actions(**own), f"{counts.total:,}", f" actions, {counts.label}")
    return [*cells, _numeric(total)]


@register.simple_tag
def agency_rag_table(agencies, rag_words, links=None):
    """Actions by agency and partnership RAG; each agency, and each of its counts, links to
    the Actions list with the dashboard's filters and its own."""
    rows = []
    for agency in agencies:
        href = links.actions(agency=agency.pk) if links else _actions(agency=agency.pk)
        rows.append(
            [
                _header(link(href, agency.label, " actions")),
                *_rag_counts(agency, links, agency=agency.pk),
            ]
        )
    return {"head": _rag_head("Agency", rag_words), "rows": rows}


@register.simple_tag
def review_rag_table(reviews, rag_words, links=None):
    """Actions by review and partnership RAG (the reviews with most Red actions); each review
    links to its page, each of its counts to the Actions list with the dashboard's filters."""
    rows = [
        [
            _header(link(reverse("assurance:review_detail", args=[review.pk]), review.label)),
            *_rag_counts(review, links, review=review.pk),
        ]
        for review in reviews
    ]
    return {
        "head": _rag_head("Review", rag_words),
        "rows": rows,
        "caption": (f"Actions by review and partnership RAG, most Red first (top {len(reviews)})"),
    }


@register.simple_tag
def rag_share_table(bars, total):
    """Actions by partnership RAG rating, with each rating's share of the total; each rating
    links where its bar does."""
    rows = [
        [
            _header(link(bar.href or _actions(partnership_rag=bar.colour), bar.label, " actions")),
            _numeric(bar.value),
            _numeric(f"{round(bar.value / total * 100) if total else 0}%"),
        ]
        for bar in bars
    ]
    head = ["Rating", {"text": "Actions", "format": NUMERIC}, {"text": "Share", "format": NUMERIC}]
    return {"head": head, "rows": rows}


@register.simple_tag
def stage_table(stages, links=None):
    """Reviews by stage; each stage links to its reviews (with the dashboard's filters that
    the Reviews list has)."""
    rows = [
        [
            _header(
                link(
                    links.reviews(status=value) if links else _reviews(status=value),
                    label,
                    " reviews",
                )
            ),
            _numeric(count),
        ]
        for value, label, count in stages
    ]
    return {"head": ["Stage", {"text": "Reviews", "format": NUMERIC}], "rows": rows}


@register.simple_tag
def trend_table(rows):
    """Open, overdue and assured actions at the end of each month."""
    head = [
        "Month",
        *({"text": word, "format": NUMERIC} for word in ("Open", "Overdue", "Assured")),
    ]
    body = [
        [
            _header(format_date(month.first_day, "F Y")),
            _numeric(open_),
            _numeric(overdue),
            _numeric(assured),
        ]
        for month, open_, overdue, assured in rows
    ]
    return {"head": head, "rows": body}


# Recurring themes.


@register.simple_tag
def theme_recurrence_table(rows, years, earlier):
    """How many reviews and recommendations carry each theme, and in which years the
    recommendations were agreed; each count links to the list it counts."""
    head = [
        "Theme",
        {"text": "Reviews", "format": NUMERIC},
        {"text": "Recommendations", "format": NUMERIC},
    ]
    if earlier:
        head.append({"text": f"Before {years[0]}", "format": NUMERIC})
    head += [{"text": year, "format": NUMERIC} for year in years]
    body = []
    for row in rows:
        theme = row.theme
        cells = [
            _header(link(_recommendations(theme=theme.pk), theme.name)),
            _numeric(
                link(
                    _reviews(theme=theme.pk),
                    row.reviews,
                    f" reviews about {theme.name}",
                )
            ),
            _numeric(row.recommendations),
        ]
        if earlier:
            cells.append(_numeric(row.earlier_total))
        for year, count in row.shown_years:
            if count:
                agreed_in = _recommendations(
                    theme=theme.pk,
                    agreed_after_0=1,
                    agreed_after_1=1,
                    agreed_after_2=year,
                    agreed_before_0=31,
                    agreed_before_1=12,
                    agreed_before_2=year,
                )
                hidden = f" {theme.name} recommendations agreed in {year}"
                cells.append(_numeric(link(agreed_in, count, hidden)))
            else:
                cells.append(_numeric(0))
        body.append(cells)
    return {"head": head, "rows": body}


# Reports.


@register.simple_tag
def issued_report_table(reports):
    """The register of issued reports: ``reports`` is a page of them."""
    rows = []
    for issued in reports:
        title = join(
            link(issued.get_absolute_url(), issued.title),
            _span(
                "govuk-caption-s govuk-!-display-block govuk-!-font-weight-regular",
                issued.get_kind_display(),
            ),
            _archived(issued),
        )
        version = tag("Exempt", "red") if issued.version == "exempt" else tag("Public", "green")
        download = format_html(
            "{} ({})",
            link(
                reverse("assurance:reports:download_pdf", args=[issued.pk]),
                "PDF",
                f" of {issued.title}",
            ),
            filesizeformat(issued.pdf_size),
        )
        if issued.docx_sha256:
            word = link(
                reverse("assurance:reports:download_docx", args=[issued.pk]),
                "Word",
                f" version of {issued.title}",
            )
            download = format_html("{} <br> {}", download, word)
        rows.append(
            [
                _header(title),
                version,
                issued.audience.name,
                format_date(issued.meeting_date, "j M Y") or "Not given",
                format_html("{} by {}", format_date(issued.issued_at, "j M Y"), issued.issued_by),
                download,
            ]
        )
    count = reports.paginator.count
    return {
        "head": ["Report", "Version", "Issued to", "Meeting", "Issued", "Download"],
        "rows": rows,
        "caption": f"{count} issued report{pluralize(count)}",
    }


@register.simple_tag
def issued_report_rows(issued):
    """The facts of an issued report: to whom, when, which version, and its fingerprints."""
    version = (
        "Exempt: not for publication (Schedule 12A)" if issued.version == "exempt" else "Public"
    )
    rows = [
        summary_row("Issued to", issued.audience.name),
        summary_row("Meeting date", format_date(issued.meeting_date, "j F Y") or "Not given"),
        summary_row("Version", version),
        summary_row("Issued", format_date(issued.issued_at, "j F Y, H:i")),
        summary_row("Issued by", issued.issued_by),
        summary_row("PDF", filesizeformat(issued.pdf_size)),
        summary_row("PDF SHA-256", issued.pdf_sha256),
    ]
    if issued.docx_sha256:
        rows += [
            summary_row("Word", filesizeformat(issued.docx_size)),
            summary_row("Word SHA-256", issued.docx_sha256),
        ]
    return rows


@register.simple_tag
def pair_rows(pairs):
    """Summary list rows from (key, value) pairs, such as a report's options."""
    return [summary_row(key, value) for key, value in pairs]


@register.simple_tag
def report_issue_rows(report, covered):
    """What is about to be issued: the version and the reviews it covers."""
    return [
        summary_row("Version", report.version_label),
        summary_row("Reviews covered", ", ".join(str(review) for review in covered) or "None"),
    ]


@register.simple_tag
def pre_issue_rows(gaps):
    """The pre-issue check as summary list rows: each gap with links to what is missing.
    `gaps` are the stored dicts (checks.check_to_json)."""
    rows = []
    for gap in gaps:
        items = format_html_join(
            "",
            "<li>{}</li>",
            (
                (link(item["url"], item["text"]) if item.get("url") else item["text"],)
                for item in gap["items"]
            ),
        )
        rows.append(summary_row(gap["title"], format_html('<ul class="govuk-list">{}</ul>', items)))
    return rows


@register.simple_tag
def report_draft_table(drafts):
    """Drafts being composed, newest first, each linking to its page."""
    rows = [
        [
            join(
                link(draft.get_absolute_url(), str(draft)),
                _span(
                    "govuk-caption-s govuk-!-display-block govuk-!-font-weight-regular",
                    draft.get_kind_display(),
                ),
            ),
            str(draft.created_by),
            format_date(draft.updated_at, "j M Y, H:i"),
        ]
        for draft in drafts
    ]
    return {"head": ["Draft", "Started by", "Last saved"], "rows": rows}
