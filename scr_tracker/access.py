"""Fetch an object through the user's scope: 404 for what they may not see, 403 for what they
may see but not change. Every object view goes through `get_for_user`.

Permissions are checked against the apps' `rules.py` declarations only (`rules.has_perm`), so a
Django superuser flag, which administrators have for the admin site, grants nothing extra here."""

import rules
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404


def can(user, perm: str, obj=None) -> bool:
    return rules.has_perm(perm, user, obj)


def get_for_user(request, queryset, pk, *, perm: str | None = None):
    obj = get_object_or_404(queryset.for_user(request.user), pk=pk)
    if perm is not None and not can(request.user, perm, obj):
        raise PermissionDenied
    return obj


def require_perm(request, perm: str, obj=None):
    if not can(request.user, perm, obj):
        raise PermissionDenied
