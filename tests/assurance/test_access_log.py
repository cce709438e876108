"""The access log: append-only, listed for board managers (their partnership) and admins."""

import pytest
from django.contrib.admin.sites import site
from django.db.models import ProtectedError
from django.test import RequestFactory
from django.urls import reverse

from assurance.models import AccessKind, AccessLog
from assurance.services import access_log_record
from tests.assurance.factories import EvidenceFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


def record(user, obj, description="Baby F assurance report (exempt)", ip="203.0.113.5"):
    request = RequestFactory().get("/", REMOTE_ADDR=ip, HTTP_USER_AGENT="Firefox/140")
    request.user = user
    return access_log_record(
        request=request, kind=AccessKind.REPORT, obj=obj, description=description
    )


def test_other_features_record_report_downloads(board_manager, review):
    entry = record(board_manager, review)
    assert (entry.kind, entry.object_id, entry.user) == ("report", review.pk, board_manager)
    assert (entry.ip_address, entry.user_agent) == ("203.0.113.5", "Firefox/140")
    assert entry.partnership_id == board_manager.partnership_id and entry.at is not None


def test_a_bad_remote_address_is_kept_as_unknown(board_manager, review):
    assert record(board_manager, review, ip="not-an-address").ip_address is None


def test_entries_cannot_be_changed_or_removed(board_manager, review):
    entry = record(board_manager, review)
    entry.description = "Something else"
    with pytest.raises(ProtectedError):
        entry.save()
    with pytest.raises(ProtectedError):
        entry.delete()
    with pytest.raises(ProtectedError):
        AccessLog.objects.filter(pk=entry.pk).update(description="Edited")
    with pytest.raises(ProtectedError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get().description == "Baby F assurance report (exempt)"


def test_admin_is_read_only(client, administrator, board_manager, review):
    entry = record(board_manager, review)
    model_admin = site._registry[AccessLog]
    request = RequestFactory().get("/admin/")
    request.user = administrator
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    client.force_login(administrator)
    assert client.get(reverse("admin:assurance_accesslog_changelist")).status_code == 200
    response = client.post(
        reverse("admin:assurance_accesslog_change", args=[entry.pk]), {"description": "Edited"}
    )
    assert response.status_code == 403
    assert AccessLog.objects.get().description == "Baby F assurance report (exempt)"


def test_board_manager_sees_their_partnerships_entries_and_admin_sees_all(
    client, board_manager, outsider, administrator, review
):
    record(board_manager, review, description="Coventry report")
    record(outsider, review, description="Northfield report")
    client.force_login(board_manager)
    html = client.get(reverse("assurance:access_log")).content.decode()
    assert "Coventry report" in html and "Northfield report" not in html
    client.force_login(administrator)
    html = client.get(reverse("assurance:access_log")).content.decode()
    assert "Coventry report" in html and "Northfield report" in html


def test_an_evidence_download_appears_in_the_log(client, lead_a, board_manager, action_a):
    evidence = EvidenceFactory(update=ProgressUpdateFactory(action=action_a, author=lead_a))
    client.force_login(lead_a)
    client.get(
        reverse("assurance:evidence_download", args=[evidence.pk]), REMOTE_ADDR="198.51.100.7"
    )
    client.force_login(board_manager)
    html = client.get(reverse("assurance:access_log")).content.decode()
    assert "Evidence file: attendance-audit.pdf" in html and "198.51.100.7" in html
    assert str(lead_a) in html


@pytest.mark.parametrize("size", [1, 30])
def test_access_log_query_count_does_not_grow(
    client, django_assert_max_num_queries, board_manager, lead_a, review, size
):
    for n in range(size):
        record(lead_a if n % 2 else board_manager, review)
    client.force_login(board_manager)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("assurance:access_log"))
    assert response.content.decode().count("Firefox/140") == size


def test_admin_shows_evidence_without_letting_the_file_change(
    client, administrator, lead_a, action_a
):
    from assurance.models import Evidence, ProgressUpdate

    evidence = EvidenceFactory(update=ProgressUpdateFactory(action=action_a, author=lead_a))
    client.force_login(administrator)
    html = client.get(
        reverse("admin:assurance_evidence_change", args=[evidence.pk])
    ).content.decode()
    assert reverse("assurance:evidence_download", args=[evidence.pk]) in html
    assert 'type="file"' not in html
    for model in (Evidence, ProgressUpdate):
        assert not site._registry[model].has_add_permission(RequestFactory().get("/"))
        assert not site._registry[model].has_change_permission(RequestFactory().get("/"))
