"""Readable history for any audited object: who changed which field from what to what, when."""

from dataclasses import dataclass, field

from django.db import models


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    who: str
    kind: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


_KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _display(model_field, value, names) -> str:
    if value in (None, ""):
        return "(empty)"
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(model_field, models.DateTimeField):
        from django.utils.formats import date_format
        from django.utils.timezone import localtime

        return date_format(localtime(value), "DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        from django.utils.formats import date_format

        return date_format(value, "j F Y")
    return str(value)


def history_for(obj, *, hidden_fields=("updated_at", "created_at")) -> list[HistoryEntry]:
    """Every history row of `obj`, newest first, with field-by-field differences. Runs a fixed
    number of queries: the history rows, their m2m rows, and one per related model named."""
    records = list(
        obj.history.select_related("history_user").order_by("history_date", "history_id")
    )
    model = type(obj)
    m2m_fields = list(getattr(records[0], "_history_m2m_fields", [])) if records else []
    m2m_sets = _m2m_sets(records, m2m_fields)
    excluded = [*hidden_fields, *(f.name for f in m2m_fields)]
    deltas = [
        current.diff_against(previous, excluded_fields=excluded) if previous else None
        for previous, current in zip([None, *records[:-1]], records, strict=True)
    ]

    # Resolve every foreign key and m2m value named in the changes with one query per model.
    wanted: dict[type, set] = {}
    for delta in deltas:
        for change in delta.changes if delta else []:
            model_field = model._meta.get_field(change.field)
            if isinstance(model_field, models.ForeignKey):
                wanted.setdefault(model_field.related_model, set()).update(
                    v for v in (change.old, change.new) if v is not None
                )
    for m2m_field in m2m_fields:
        for pks in m2m_sets[m2m_field.name].values():
            wanted.setdefault(m2m_field.related_model, set()).update(pks)
    names = {}
    for related, pks in wanted.items():
        for related_obj in related._base_manager.filter(pk__in=pks):
            names[(related, related_obj.pk)] = str(related_obj)

    for index, record in enumerate(records):
        if index == 0 or deltas[index] is None:
            continue
        previous = records[index - 1]
        # diff_against leaves out fields forms cannot edit; archiving is one people must see.
        if getattr(previous, "archived_at", None) != getattr(record, "archived_at", None):
            deltas[index].changes.append(
                _FieldChange("archived_at", previous.archived_at, record.archived_at)
            )
        for m2m_field in m2m_fields:
            old = m2m_sets[m2m_field.name].get(previous.history_id, set())
            new = m2m_sets[m2m_field.name].get(record.history_id, set())
            if old != new:
                deltas[index].changes.append(_M2MChange(m2m_field.name, old, new))

    entries = []
    for record, delta in zip(records, deltas, strict=True):
        changes = []
        for change in delta.changes if delta else []:
            model_field = model._meta.get_field(change.field)
            label = str(model_field.verbose_name)
            label = label[:1].upper() + label[1:]
            if isinstance(change, _M2MChange):
                related = model_field.related_model
                old = _names(change.old, related, names)
                new = _names(change.new, related, names)
            else:
                old = _display(model_field, change.old, names)
                new = _display(model_field, change.new, names)
            changes.append(FieldChange(label, old, new))
        if record.history_type == "~" and not changes:
            continue
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else "System",
                kind=_KINDS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    entries.reverse()
    return entries


@dataclass
class _M2MChange:
    field: str
    old: set
    new: set


@dataclass
class _FieldChange:
    field: str
    old: object
    new: object


def _m2m_sets(records, m2m_fields) -> dict[str, dict[int, set]]:
    """{field name: {history id: set of related pks}}, one query per m2m field."""
    from simple_history.utils import get_m2m_reverse_field_name

    result = {}
    for m2m_field in m2m_fields:
        through = getattr(records[0], m2m_field.name).model
        related_name = get_m2m_reverse_field_name(m2m_field)
        by_history: dict[int, set] = {}
        rows = through.objects.filter(history__in=[r.history_id for r in records])
        for history_id, related_pk in rows.values_list("history_id", f"{related_name}_id"):
            by_history.setdefault(history_id, set()).add(related_pk)
        result[m2m_field.name] = by_history
    return result


def _names(pks, related, names) -> str:
    return ", ".join(sorted(names.get((related, pk), f"#{pk}") for pk in pks)) or "(none)"
