"""The pages of a review, a recommendation and an action. Each shows what the layers below
record (the action plan, its ratings and timescales) with the assurance this app adds (progress
updates, judgements, assurance statements), so the pages live here, at the top."""

from django.shortcuts import render

from recommendations.models import Action, DueDateRevision, Recommendation, RevisionState
from recommendations.queries import action_plan_for, group_by_agency, plan_rollup
from recommendations.rag import Thresholds, rating_for, rollup_of
from recommendations.revisions import label_timescales
from reviews.models import Review
from reviews.timeline import timeline_for
from scr_tracker.access import can, get_for_user
from scr_tracker.breadcrumbs import trail
from scr_tracker.pages import today

from .. import queries
from ..queries import updates_for_action


def review_detail(request, pk):
    review = get_for_user(request, Review.objects.select_related("partnership"), pk)
    recommendations = action_plan_for(review, request.user, today())
    group = "agency" if request.GET.get("group") == "agency" else "recommendation"
    return render(
        request,
        "assurance/review_detail.html",
        {
            "review": review,
            "recommendations": recommendations,
            "rollup": plan_rollup(recommendations),
            "whole_partnership": request.user.reads_whole_partnership,
            "agency_groups": group_by_agency(recommendations) if group == "agency" else None,
            "group": group,
            "themes": list(review.themes.all()),
            "related_reviews": list(
                Review.objects.for_user(request.user).filter(related_reviews=review)
            ),
            "can_change": can(request.user, "reviews.change_review", review),
            # The lifecycle (issue 19): stages, deadlines and who may record them.
            "timeline": timeline_for(review, today()),
            "can_record_stage": can(request.user, "reviews.record_stage", review),
            "can_add_recommendation": can(
                request.user, "recommendations.add_recommendation", review
            ),
            "can_add_action": can(request.user, "reviews.change_review", review),
            "breadcrumbs": trail(None, (review.title, "")),
        },
    )


def recommendation_detail(request, pk):
    recommendation = get_for_user(
        request,
        Recommendation.objects.for_page()
        .select_related("repeats__review", "assurance_statement")
        .with_readable_repeats(request.user),
        pk,
    )
    review = recommendation.review
    actions = list(
        Action.objects.for_user(request.user)
        .filter(recommendation=recommendation)
        .select_related("agency", "lead_officer_user")
        .with_partnership_rag(today(), Thresholds.for_partnership(review.partnership))
        .order_by("position", "id")
    )
    repeated_by = list(
        Recommendation.objects.for_user(request.user)
        .filter(repeats=recommendation)
        .select_related("review")
    )
    return render(
        request,
        "assurance/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "review": review,
            "actions": actions,
            "rollup": rollup_of(actions, today()),
            "whole_partnership": request.user.reads_whole_partnership,
            "themes": list(recommendation.themes.all()),
            "repeated_by": repeated_by,
            "can_change": can(
                request.user, "recommendations.change_recommendation", recommendation
            ),
            "can_add_action": can(request.user, "recommendations.add_action", recommendation),
            "breadcrumbs": trail(review, (recommendation.breadcrumb_label, "")),
        },
    )


def action_detail(request, pk):
    action = get_for_user(request, Action.objects.for_page(), pk)
    recommendation = action.recommendation
    user = request.user
    revisions = label_timescales(
        list(
            DueDateRevision.objects.filter(action=action).select_related(
                "requested_by", "decided_by"
            )
        )
    )
    pending_request = next((r for r in revisions if r.state == RevisionState.PENDING), None)
    updates = updates_for_action(action)
    evidence_request = queries.open_evidence_request_for(action) if action.is_open else None
    return render(
        request,
        "assurance/action_detail.html",
        {
            "action": action,
            "recommendation": recommendation,
            "review": recommendation.review,
            "rating": rating_for(action, today()),
            "revisions": revisions,
            "updates": updates,
            "pending_request": pending_request,
            "attention": queries.attention_banner(
                action,
                updates,
                evidence_request,
                can_respond=can(user, "assurance.post_update", action),
            ),
            "evidence_request": evidence_request,
            "lacks_evidence": queries.lacks_completion_evidence(action, updates),
            "can_ask_for_evidence": can(user, "assurance.ask_for_evidence", action),
            "can_record_board_evidence": can(user, "assurance.record_board_evidence", action),
            "can_change": can(user, "recommendations.change_action", action),
            "can_post_update": can(user, "assurance.post_update", action),
            "can_request_due_date": pending_request is None
            and can(user, "assurance.request_due_date_change", action),
            "can_decide_due_date": pending_request is not None
            and can(user, "assurance.decide_due_date", pending_request),
            "can_judge": bool(updates) and can(user, "assurance.judge_update", updates[0]),
            "can_close": action.is_open and can(user, "recommendations.close_action", action),
            "can_record_impact": can(user, "recommendations.record_impact", action),
            "can_invite": can(user, "scr_tracker.invite_user"),
            "breadcrumbs": trail(recommendation, (action.breadcrumb_label, "")),
        },
    )
