"""Read-side queries for the themes pages: how often each theme recurs, and chains of
recommendations that repeat earlier ones. A fixed number of queries whatever the data size."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from recommendations.models import Recommendation
from reviews.models import Review, Theme


@dataclass
class ThemeCounts:
    theme: Theme
    reviews: int = 0
    recommendations: int = 0
    by_year: dict[int | None, int] = field(default_factory=dict)

    def years(self, years: list[int]) -> list[tuple[int, int]]:
        return [(year, self.by_year.get(year, 0)) for year in years]


@dataclass
class Recurrence:
    rows: list[ThemeCounts]
    years: list[int]
    undated: int


def _visible_recommendations(user):
    return Recommendation.objects.for_user(user).active().filter(review__archived_at__isnull=True)


def recurring_themes(user) -> Recurrence:
    """Per theme: the reviews and recommendations (of the user's scope) that carry it, and the
    recommendations by the year their review's recommendations were agreed."""
    themes = {t.pk: ThemeCounts(t) for t in Theme.objects.for_user(user).order_by("name")}
    # Only the themes the user may see (a link to another partnership's theme is not counted).
    review_links = Review.themes.through.objects.filter(
        review__in=Review.objects.for_user(user).active().values("pk"), theme_id__in=themes
    )
    for row in review_links.values("theme_id").annotate(n=Count("review_id", distinct=True)):
        themes[row["theme_id"]].reviews = row["n"]
    rec_links = Recommendation.themes.through.objects.filter(
        recommendation__in=_visible_recommendations(user).values("pk"), theme_id__in=themes
    )
    per_year = rec_links.values(
        "theme_id", year=ExtractYear("recommendation__review__recommendations_agreed_date")
    ).annotate(n=Count("recommendation_id", distinct=True))
    years, undated = set(), 0
    for row in per_year.order_by():
        counts = themes[row["theme_id"]]
        counts.by_year[row["year"]] = row["n"]
        counts.recommendations += row["n"]
        if row["year"] is None:
            undated += row["n"]
        else:
            years.add(row["year"])
    rows = sorted(themes.values(), key=lambda c: (-c.recommendations, -c.reviews, c.theme.name))
    return Recurrence(rows, sorted(years), undated)


def repeat_chains(user) -> list[list[Recommendation]]:
    """Chains of repeats, latest first: [Child B1 rec iv, Child Q rec 2, Child A rec 3] means
    the first repeats the second, which repeats the third. All of the user's recommendations
    that repeat or are repeated are loaded in one query and linked in Python."""
    recs = {
        rec.pk: rec
        for rec in _visible_recommendations(user)
        .filter(Q(repeats__isnull=False) | Q(repeated_by__isnull=False))
        .select_related("review")
        .distinct()
    }
    repeated = defaultdict(list)
    for rec in recs.values():
        if rec.repeats_id in recs:
            repeated[rec.repeats_id].append(rec)
    chains = []
    for rec in recs.values():
        if repeated[rec.pk]:
            continue  # not the latest in its chain
        chain, seen = [rec], {rec.pk}
        while chain[-1].repeats_id in recs and chain[-1].repeats_id not in seen:
            chain.append(recs[chain[-1].repeats_id])
            seen.add(chain[-1].pk)
        if len(chain) > 1:
            chains.append(chain)
    return sorted(
        chains,
        key=lambda c: (
            c[0].review.recommendations_agreed_date is not None,
            c[0].review.recommendations_agreed_date,
            c[0].pk,
        ),
        reverse=True,
    )
