from django.db import transaction

from scr_tracker.audit import audited_archive, audited_restore, audited_save

from .models import Review


def review_save(
    *, review: Review, actor, themes=None, related_reviews=None, reason: str = ""
) -> Review:
    """Create or edit a review in the actor's partnership."""
    created = review.pk is None
    if created:
        review.partnership_id = actor.partnership_id
    m2m = {}
    if themes is not None:
        m2m["themes"] = list(themes)
    if related_reviews is not None:
        m2m["related_reviews"] = [r for r in related_reviews if r.pk != review.pk]
    return audited_save(
        review,
        actor=actor,
        reason=reason or ("Review created" if created else "Review edited"),
        m2m=m2m,
    )


@transaction.atomic
def review_archive(*, review: Review, actor, reason: str) -> Review:
    """Archive a review. Its recommendations and actions stay, hidden with it from all but
    board managers."""
    return audited_archive(review, actor=actor, reason=reason or "Review archived")


@transaction.atomic
def review_restore(*, review: Review, actor, reason: str) -> Review:
    return audited_restore(review, actor=actor, reason=reason or "Review restored")


def theme_save(*, theme, actor, reason: str = ""):
    """Add or edit a theme of the shared vocabulary; every version is kept in its history."""
    created = theme.pk is None
    reason = reason or ("Theme added" if created else "Theme edited")
    return audited_save(theme, actor=actor, reason=reason)
