"""The endpoints. Each list is its page's list: the same query function (assurance/listing.py)
with the same FilterSet, scoped by the same `for_user` querysets, checked by the same rules,
then ordered by id and paged by cursor (a Power BI refresh follows `next` to the end)."""

from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, QueryDict
from django.utils import timezone
from ninja import NinjaAPI, Path, Query
from ninja.errors import AuthenticationError, ValidationError
from pydantic import Field

from recommendations.models import DueDateRevision
from recommendations.queries import review_rollup
from recommendations.rag import rollup_from_row
from recommendations.revisions import label_timescales
from reviews.filters import ReviewFilter
from reviews.models import Theme
from scr_tracker.access import can
from scr_tracker.filters import start_of

from ..dashboard import dashboard_for
from ..filters import ActionFilter, RecommendationFilter
from ..listing import action_listing, recommendation_listing, review_listing
from ..models import AssuranceStatement, Evidence, ProgressUpdate
from . import schemas
from .auth import TokenAuth
from .params import MAX_ID, IsoDate, check_filters, form_data, query_schema, reject_unknown
from .problems import (
    PROBLEM_CONTENT_TYPE,
    WWW_AUTHENTICATE,
    ApiProblem,
    bad_parameter,
    not_found,
    problem_response,
)

DESCRIPTION = """Read-only access for the partnership's reporting tools (Power BI, Excel).

Sign in with a personal API token (account security page): `Authorization: Bearer <token>`.
A token reads exactly what its owner reads in the browser, never more; sessions are not
accepted. Lists are ordered by id and paged: follow `next` until it is null. Filters have the
names and meaning of the pages' filters. Each token may make API_RATE_LIMIT_PER_MINUTE
requests a minute (429 with Retry-After past that). Refusals are RFC 9457 problem details.
The guide, with Power BI and Excel examples: docs/api.md."""


class ScrApi(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Refusals are problem documents (application/problem+json)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    if str(status).startswith(("4", "5")) and "content" in response:
                        content = response["content"]
                        response["content"] = {PROBLEM_CONTENT_TYPE: next(iter(content.values()))}
                operation.get("responses", {}).pop(422, None)
        return schema


api = ScrApi(
    title="SCR Tracker API",
    version="1",
    description=DESCRIPTION.replace(
        "API_RATE_LIMIT_PER_MINUTE", str(settings.API_RATE_LIMIT_PER_MINUTE)
    ),
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
    auth=TokenAuth(),
)

LIST_ERRORS = {400: schemas.Problem, 401: schemas.Problem, 403: schemas.Problem}
LIST_ERRORS[429] = schemas.Problem
ONE_ERRORS = {**LIST_ERRORS, 404: schemas.Problem}


@api.exception_handler(ApiProblem)
def _problem(request, exc):
    return problem_response(exc, request)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problem_response(
        ApiProblem(
            401,
            "Unauthorised",
            "Send a personal API token: Authorization: Bearer <token>.",
            kind="unauthorised",
            headers={"WWW-Authenticate": WWW_AUTHENTICATE},
        ),
        request,
    )


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    error = exc.errors[0] if exc.errors else {}
    location = list(error.get("loc", ()))
    if location[:1] == ["path"]:
        # As a page's address with a malformed id: nothing there.
        return problem_response(not_found(), request)
    name = next((str(part) for part in reversed(location) if isinstance(part, str)), "query")
    if name == "query":
        name = str(location[-1]) if location else "query"
    return problem_response(
        bad_parameter(name, f"{name}: {error.get('msg', 'not valid')}"), request
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem_response(not_found(), request)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return problem_response(
        ApiProblem(403, "Forbidden", "Your role may not read this.", kind="forbidden"), request
    )


def _require(request, perm: str):
    if not can(request.user, perm):
        raise PermissionDenied


def _as_page(request, data: QueryDict):
    """What the list functions read from a request: the user and the filter values."""
    return SimpleNamespace(user=request.user, GET=data)


def _page(request, queryset, params, serialize, *, prepare=None):
    """One page of `queryset` in id order, from `cursor`, with the count and the next page's
    address. A fixed number of queries whatever the page size."""
    count = queryset.count()
    rows = list(queryset.filter(pk__gt=params.cursor or 0).order_by("pk")[: params.page_size + 1])
    more = len(rows) > params.page_size
    rows = rows[: params.page_size]
    if prepare is not None:
        prepare(rows)
    next_url = None
    if more:
        query = request.GET.copy()
        query["cursor"] = str(rows[-1].pk)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"count": count, "next": next_url, "results": [serialize(row) for row in rows]}


def _listing(request, listing_function, filterset_class, params):
    listing = listing_function(
        _as_page(request, form_data(filterset_class, params)), timezone.localdate()
    )
    check_filters(listing.filterset)
    return listing


def _one(queryset, pk):
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise not_found()
    return row


def _name(user):
    return str(user) if user is not None else None


# --- Reviews -------------------------------------------------------------------------------

ReviewQuery = query_schema(
    "ReviewQuery", filtersets=[ReviewFilter], max_page_size=settings.API_MAX_PAGE_SIZE
)


def _review(review):
    rollup = review_rollup(review)
    return {
        "id": review.pk,
        "reference": review.reference,
        "title": review.title,
        "kind": review.kind,
        "kind_label": review.get_kind_display(),
        "status": review.status,
        "status_label": review.get_status_display(),
        "is_exempt": review.is_exempt,
        "author": review.author,
        "summary": review.summary,
        "incident_date": review.incident_date,
        "decision_date": review.decision_date,
        "commissioned_date": review.commissioned_date,
        "recommendations_agreed_date": review.recommendations_agreed_date,
        "published_date": review.published_date,
        "theme_ids": sorted(theme.pk for theme in review.themes.all()),
        "recommendation_count": review.recommendation_count,
        "action_count": review.action_count,
        "overdue_count": review.overdue_count,
        "recommendations_by_rating": rollup.recommendations,
        "actions_by_rating": rollup.actions,
        "created_at": review.created_at,
        "updated_at": review.updated_at,
        "archived_at": review.archived_at,
    }


def _reviews(request, params):
    _require(request, "reviews.list_review")
    listing = _listing(request, review_listing, ReviewFilter, params)
    return listing.queryset.prefetch_related(Prefetch("themes", Theme.objects.only("pk")))


@api.get("/reviews/", response={200: schemas.ReviewPage, **LIST_ERRORS}, url_name="reviews")
def reviews(request, params: Query[ReviewQuery]):
    """The reviews you can see, with the Reviews list's filters and counts."""
    reject_unknown(request, ReviewQuery)
    return _page(request, _reviews(request, params), params, _review)


@api.get("/reviews/{id}/", response={200: schemas.Review, **ONE_ERRORS}, url_name="review")
def review(request, id: int = Path(..., ge=1, le=MAX_ID)):  # noqa: A002 - the path's name
    reject_unknown(request, _NO_QUERY)
    return _review(_one(_reviews(request, _NO_FILTERS), id))


# --- Recommendations -------------------------------------------------------------------------

RecommendationQuery = query_schema(
    "RecommendationQuery",
    filtersets=[RecommendationFilter],
    max_page_size=settings.API_MAX_PAGE_SIZE,
)


def _recommendation(rec):
    statement = getattr(rec, "assurance_statement", None)
    rollup = rollup_from_row(rec)
    return {
        "id": rec.pk,
        "review_id": rec.review_id,
        "review_reference": rec.review.reference,
        "review_title": rec.review.title,
        "number": rec.number,
        "label": rec.label,
        "text": rec.text,
        "source": rec.source,
        "source_agency_id": rec.source_agency_id,
        "source_agency_name": rec.source_agency.name if rec.source_agency_id else None,
        "scope": rec.scope,
        "addressed_agency_id": rec.addressed_agency_id,
        "addressed_agency_name": rec.addressed_agency.name if rec.addressed_agency_id else None,
        "desired_outcome": rec.desired_outcome,
        "repeats_id": rec.repeats_id,
        "theme_ids": sorted(theme.pk for theme in rec.themes.all()),
        "position": rec.position,
        "action_count": rec.action_count,
        "open_count": rec.open_count,
        "overdue_count": rec.overdue_count,
        "rating": rollup.rating,
        "rating_label": rollup.label,
        "progress": rollup.text,
        "assured_count": rollup.assured,
        "not_implemented_count": rollup.not_implemented,
        "assurance_level": statement.level if statement is not None else None,
        "created_at": rec.created_at,
        "updated_at": rec.updated_at,
        "archived_at": rec.archived_at,
    }


def _recommendations(request, params):
    _require(request, "recommendations.list_recommendation")
    listing = _listing(request, recommendation_listing, RecommendationFilter, params)
    return listing.queryset.select_related("addressed_agency").prefetch_related(
        Prefetch("themes", Theme.objects.only("pk"))
    )


@api.get(
    "/recommendations/",
    response={200: schemas.RecommendationPage, **LIST_ERRORS},
    url_name="recommendations",
)
def recommendations(request, params: Query[RecommendationQuery]):
    """The recommendations you can see, with the Recommendations list's filters and counts."""
    reject_unknown(request, RecommendationQuery)
    return _page(request, _recommendations(request, params), params, _recommendation)


@api.get(
    "/recommendations/{id}/",
    response={200: schemas.Recommendation, **ONE_ERRORS},
    url_name="recommendation",
)
def recommendation(request, id: int = Path(..., ge=1, le=MAX_ID)):  # noqa: A002
    reject_unknown(request, _NO_QUERY)
    return _recommendation(_one(_recommendations(request, _NO_FILTERS), id))


# --- Actions -------------------------------------------------------------------------------

ActionQuery = query_schema(
    "ActionQuery", filtersets=[ActionFilter], max_page_size=settings.API_MAX_PAGE_SIZE
)


def _timescale(revision):
    return {
        "id": revision.pk,
        "label": revision.label,
        "state": revision.state,
        "timescale": revision.timescale,
        "due_date": revision.due_date,
        "reason": revision.reason,
        "requested_by": _name(revision.requested_by),
        "requested_at": revision.requested_at,
        "decided_by": _name(revision.decided_by),
        "decided_at": revision.decided_at,
        "decision_comment": revision.decision_comment,
    }


def _with_timescales(actions):
    """Every timescale of a page of actions, in one query."""
    by_action = {action.pk: [] for action in actions}
    revisions = (
        DueDateRevision.objects.filter(action_id__in=list(by_action))
        .select_related("requested_by", "decided_by")
        .order_by("action_id", "requested_at", "id")
    )
    for revision in revisions:
        by_action[revision.action_id].append(revision)
    for action in actions:
        action.timescales = label_timescales(by_action[action.pk])


def _action(action):
    review = action.recommendation.review
    return {
        "id": action.pk,
        "review_id": review.pk,
        "review_reference": review.reference,
        "review_title": review.title,
        "recommendation_id": action.recommendation_id,
        "recommendation_number": action.recommendation.number,
        "agency_id": action.agency_id,
        "agency_name": action.agency.name,
        "key_actions": action.key_actions,
        "lead_officer": action.lead_officer,
        "lead_officer_user": _name(action.lead_officer_user),
        "timescale": action.timescale,
        "due_date": action.due_date,
        "evidence_expected": action.evidence_expected,
        "outcome_measure": action.outcome_measure,
        "status": action.status,
        "status_label": action.status_label,
        "partnership_rag": action.partnership_rag,
        "agency_rag": action.agency_rag or None,
        "last_update_at": action.last_update_at,
        "completion_claimed_at": action.completion_claimed_at,
        "assured_at": action.assured_at,
        "not_implemented_reason": action.not_implemented_reason,
        "reaudit_due": action.reaudit_due,
        "impact_result": action.impact_result,
        "impact_recorded_at": action.impact_recorded_at,
        "position": action.position,
        "created_at": action.created_at,
        "updated_at": action.updated_at,
        "archived_at": action.archived_at,
        "timescales": [_timescale(revision) for revision in action.timescales],
    }


def _actions(request, params):
    _require(request, "recommendations.list_action")
    return _listing(request, action_listing, ActionFilter, params)


@api.get("/actions/", response={200: schemas.ActionPage, **LIST_ERRORS}, url_name="actions")
def actions(request, params: Query[ActionQuery]):
    """The actions you can see: every column of the action plan, both ratings and every
    timescale, with the Actions list's filters (`?agency=`, `?review=`, `?overdue=true`,
    `?updated_since=2026-01-31` for an incremental refresh...)."""
    reject_unknown(request, ActionQuery)
    queryset = _actions(request, params).queryset.select_related("lead_officer_user")
    return _page(request, queryset, params, _action, prepare=_with_timescales)


@api.get("/actions/{id}/", response={200: schemas.Action, **ONE_ERRORS}, url_name="action")
def action(request, id: int = Path(..., ge=1, le=MAX_ID)):  # noqa: A002
    reject_unknown(request, _NO_QUERY)
    queryset = _actions(request, _NO_FILTERS).queryset.select_related("lead_officer_user")
    row = _one(queryset, id)
    _with_timescales([row])
    return _action(row)


# --- Progress updates ----------------------------------------------------------------------

UpdateQuery = query_schema(
    "ProgressUpdateQuery",
    filtersets=[ActionFilter],
    extra={
        "created_since": (
            IsoDate | None,
            Field(None, description="Updates posted on or after (YYYY-MM-DD)."),
        )
    },
    max_page_size=settings.API_MAX_PAGE_SIZE,
)


def _evidence(evidence):
    return {
        "id": evidence.pk,
        "description": evidence.description,
        "has_file": evidence.has_file,
        "original_filename": evidence.original_filename,
        "content_type": evidence.content_type,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "judgement": evidence.judgement,
        "judged_at": evidence.judged_at,
        "judgement_comment": evidence.judgement_comment,
        "created_at": evidence.created_at,
    }


def _update(update):
    return {
        "id": update.pk,
        "action_id": update.action_id,
        "author": _name(update.author),
        "created_at": update.created_at,
        "narrative": update.narrative,
        "rag": update.rag,
        "rag_reason": update.rag_reason,
        "claims_completion": update.claims_completion,
        "judgement": update.judgement,
        "judged_by": _name(update.judged_by),
        "judged_at": update.judged_at,
        "judgement_comment": update.judgement_comment,
        "evidence": [_evidence(evidence) for evidence in update.evidence.all()],
    }


@api.get(
    "/progress-updates/",
    response={200: schemas.ProgressUpdatePage, **LIST_ERRORS},
    url_name="progress_updates",
)
def progress_updates(request, params: Query[UpdateQuery]):
    """The progress updates on the actions you can see, as the action pages show them
    (archived updates left out), with their evidence described (never the files). The
    Actions list's filters choose the actions; `created_since` the updates."""
    reject_unknown(request, UpdateQuery)
    selected = _actions(request, params).filterset.qs.values("pk")
    queryset = (
        ProgressUpdate.objects.for_user(request.user)
        .active()
        .filter(action__in=selected)
        .select_related("author", "judged_by")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.active().order_by("created_at", "id"))
        )
    )
    if params.created_since is not None:
        queryset = queryset.filter(created_at__gte=start_of(params.created_since))
    return _page(request, queryset, params, _update)


# --- Assurance statements ------------------------------------------------------------------

StatementQuery = query_schema(
    "AssuranceStatementQuery",
    filtersets=[RecommendationFilter],
    extra={
        "updated_since": (
            IsoDate | None,
            Field(None, description="Statements changed on or after (YYYY-MM-DD)."),
        )
    },
    max_page_size=settings.API_MAX_PAGE_SIZE,
)


def _statement(statement):
    return {
        "id": statement.pk,
        "recommendation_id": statement.recommendation_id,
        "review_id": statement.recommendation.review_id,
        "narrative": statement.narrative,
        "level": statement.level,
        "updated_at": statement.updated_at,
    }


@api.get(
    "/assurance-statements/",
    response={200: schemas.AssuranceStatementPage, **LIST_ERRORS},
    url_name="assurance_statements",
)
def assurance_statements(request, params: Query[StatementQuery]):
    """The board's implementation assurance statements on the recommendations you can see;
    the Recommendations list's filters choose the recommendations."""
    reject_unknown(request, StatementQuery)
    _require(request, "recommendations.list_recommendation")
    listing = _listing(request, recommendation_listing, RecommendationFilter, params)
    queryset = (
        AssuranceStatement.objects.for_user(request.user)
        .filter(recommendation__in=listing.filterset.qs.values("pk"))
        .select_related("recommendation")
    )
    if params.updated_since is not None:
        queryset = queryset.filter(updated_at__gte=start_of(params.updated_since))
    return _page(request, queryset, params, _statement)


# --- Themes --------------------------------------------------------------------------------

ThemeQuery = query_schema("ThemeQuery", max_page_size=settings.API_MAX_PAGE_SIZE)


@api.get("/themes/", response={200: schemas.ThemePage, **LIST_ERRORS}, url_name="themes")
def themes(request, params: Query[ThemeQuery]):
    """The themes vocabulary, shared by every partnership."""
    reject_unknown(request, ThemeQuery)
    _require(request, "reviews.list_theme")
    return _page(
        request,
        Theme.objects.all(),
        params,
        lambda t: {
            "id": t.pk,
            "name": t.name,
            "description": t.description,
            "source": t.source,
            "is_active": t.is_active,
        },
    )


# --- Dashboard -----------------------------------------------------------------------------


def _listed(action):
    return {
        "id": action.pk,
        "review_id": action.recommendation.review_id,
        "review_title": action.recommendation.review.title,
        "agency_name": action.agency.name,
        "due_date": action.due_date,
    }


def _rag_counts(group):
    return {"id": group.pk, "name": group.label, "total": group.total, "counts": group.counts}


@api.get("/dashboard/", response={200: schemas.Dashboard, **LIST_ERRORS}, url_name="dashboard")
def dashboard(request):
    """The dashboard's figures and its 24-month trend, for what you can see."""
    reject_unknown(request, _NO_QUERY)
    _require(request, "assurance.view_dashboard")
    board = dashboard_for(request.user)
    trend = board.trend
    return {
        "today": board.today,
        "summary": board.summary,
        "awaiting_judgement": board.awaiting_judgement,
        "agencies": [_rag_counts(group) for group in board.agencies],
        "reviews": [_rag_counts(group) for group in board.reviews],
        "overdue": [_listed(action) for action in board.overdue],
        "due_soon": [_listed(action) for action in board.due_soon],
        "stages": [
            {"status": status, "label": label, "count": count}
            for status, label, count in board.stages
        ],
        "trend": [
            {
                "month": month.first_day.strftime("%Y-%m"),
                "open": open_,
                "overdue": overdue,
                "assured": assured,
            }
            for month, open_, overdue, assured in trend.rows()
        ],
    }


class _NoQuery:
    model_fields = {}


_NO_QUERY = _NoQuery()
_NO_FILTERS = SimpleNamespace(cursor=None, page_size=1)
