"""No lost updates: a form remembers the version it was loaded with, and a save made after
someone else saved the same fields is refused with what changed meanwhile.

A model that needs this inherits :class:`Versioned` (a ``version`` incremented on every save,
kept in its history too); its edit form mixes in :class:`VersionedFormMixin` (a hidden
``loaded_version``); its save service calls :func:`guard_against_lost_update` inside the
saving transaction; and the view turns :class:`EditConflict` into :func:`conflict_page`
(HTTP 409). Only the fields the form edits are compared, so a change made meanwhile to a field
the form does not show (an agency's latest rating, say) does not block the save.
"""

from dataclasses import dataclass, field

from django import forms
from django.db import models
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.timezone import localtime


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.version = (self.version or 0) + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)


@dataclass(frozen=True)
class Change:
    label: str
    theirs: str
    yours: str


@dataclass(eq=False)
class EditConflict(Exception):
    """Someone saved the same fields after this form was loaded; nothing was written."""

    changes: list[Change] = field(default_factory=list)
    saved_by: str = ""
    saved_at: object = None
    # The form did not say which version it was loaded with (left out or altered): it is
    # refused like a conflict, since it could otherwise overwrite a newer save unseen.
    unverified: bool = False

    def __str__(self):
        return f"Saved meanwhile by {self.saved_by or 'someone else'}: " + ", ".join(
            c.label for c in self.changes
        )


# What a form editing a saved object passes as ``loaded_version`` when the posted value is
# missing or not a version number: such a save is refused as a conflict.
MISSING_VERSION = -1


class VersionedFormMixin:
    """Adds a hidden ``loaded_version``: the version of the object the form was loaded with.
    Editing a saved object, a missing or malformed value cleans to MISSING_VERSION."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=self.instance.version
        )

    def clean_loaded_version(self) -> int | None:
        raw = (self.cleaned_data.get("loaded_version") or "").strip()
        if self.instance.pk is None:
            return None
        return int(raw) if raw.isdigit() else MISSING_VERSION

    @property
    def edited_fields(self) -> list[str]:
        """The model fields this form edits: the ones compared for a conflict."""
        model_fields = {f.name for f in self._meta.model._meta.concrete_fields}
        return [name for name in self.fields if name in model_fields]


def _display(model_field, value, obj) -> str:
    if value in (None, ""):
        return "(empty)"
    if isinstance(model_field, models.ForeignKey):
        return str(getattr(obj, model_field.name))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(model_field, models.DateTimeField):
        return date_format(localtime(value), "DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        return date_format(value, "j F Y")
    return str(value)


def guard_against_lost_update(obj, *, loaded_version: int | None, fields, current=None) -> None:
    """Call inside the saving transaction, before saving ``obj``. Locks the saved row (or takes
    ``current``, already locked); if it was saved since ``loaded_version`` and any of
    ``fields`` changed meanwhile, raises EditConflict (field, the value saved meanwhile, your
    value) and nothing is written. Otherwise ``obj`` saves on top of the latest version.
    ``loaded_version`` None (a save not made from a form) is never refused; MISSING_VERSION
    (a form that did not say) always is."""
    model = type(obj)
    if current is None:
        if obj.pk is None:
            return
        current = model._base_manager.select_for_update().get(pk=obj.pk)
    if loaded_version == MISSING_VERSION:
        _raise_if_changed_meanwhile(obj, current, None, fields, unverified=True)
    if loaded_version is not None and current.version != loaded_version:
        _raise_if_changed_meanwhile(obj, current, loaded_version, fields)
    obj.version = current.version


def _raise_if_changed_meanwhile(obj, current, loaded_version, fields, *, unverified=False):
    model = type(obj)
    history = (
        model.history.filter(id=current.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    loaded = history.filter(version=loaded_version).first() if loaded_version else None
    changes = []
    for name in fields:
        model_field = model._meta.get_field(name)
        now = getattr(current, model_field.attname)
        mine = getattr(obj, model_field.attname)
        if loaded is not None:
            changed_meanwhile = getattr(loaded, model_field.attname) != now
        else:
            # Nothing to compare with (a new object, or loaded before versions were kept):
            # anything saved that differs from what is being saved counts as changed.
            changed_meanwhile = now not in (None, "") and now != mine
        if changed_meanwhile:
            label = str(model_field.verbose_name)
            changes.append(
                Change(
                    label[:1].upper() + label[1:],
                    _display(model_field, now, current),
                    _display(model_field, mine, obj),
                )
            )
    if changes or unverified:
        latest = history.first()
        raise EditConflict(
            changes,
            saved_by=str(latest.history_user) if latest and latest.history_user else "",
            saved_at=latest.history_date if latest else None,
            unverified=unverified,
        )


def conflict_page(
    request, conflict: EditConflict, *, what: str, edit_url: str, back_url: str, breadcrumbs
):
    """The page shown instead of saving: what changed meanwhile, their value and yours."""
    return render(
        request,
        "scr_tracker/conflict.html",
        {
            "conflict": conflict,
            "what": what,
            "edit_url": edit_url,
            "back_url": back_url,
            "breadcrumbs": breadcrumbs,
        },
        status=409,
    )
