"""Saving audited models: validate, name the acting user and the reason in the history row."""

from django.db import transaction


def audited_save(obj, *, actor, reason: str, m2m: dict | None = None):
    """Validate and save `obj` with a history row naming `actor` and `reason`; then set any
    many-to-many values given as {field name: iterable}."""
    obj.full_clean()
    obj._history_user = actor
    obj._change_reason = reason
    with transaction.atomic():
        obj.save()
        for field, values in (m2m or {}).items():
            manager = getattr(obj, field)
            if set(manager.values_list("pk", flat=True)) != {v.pk for v in values}:
                manager.set(values)
    return obj


def audited_archive(obj, *, actor, reason: str):
    obj._history_user = actor
    obj.archive(reason=reason)
    return obj


def audited_restore(obj, *, actor, reason: str):
    obj._history_user = actor
    obj.unarchive(reason=reason)
    return obj
