from scr_tracker.audit import audited_save

from .models import AssuranceStatement


def assurance_statement_save(
    *, statement: AssuranceStatement, actor, reason: str = ""
) -> AssuranceStatement:
    """Write or revise the board's implementation assurance for a recommendation."""
    created = statement.pk is None
    return audited_save(
        statement,
        actor=actor,
        reason=reason
        or ("Assurance statement written" if created else "Assurance statement revised"),
    )
