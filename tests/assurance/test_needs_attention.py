"""My actions opens with "Needs your attention": evidence returned (with the board's comment),
evidence asked for, due date requests decided, actions assigned since the last visit, overdue
and due within 30 days; each item says what is asked and links to where it is done. The action
page quotes the board's comment in a banner whose "Respond" button starts a new update, with the
earlier evidence offered to carry forward (referenced, not uploaded again)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assurance import services
from assurance.models import Evidence, MyActionsVisit, ProgressUpdate
from recommendations import services as action_services
from recommendations.models import Action, ActionStatus
from tests.assurance.conftest import stored_files
from tests.assurance.factories import EvidenceFactory, ProgressUpdateFactory
from tests.once import sent_once
from tests.recommendations.factories import ActionFactory

pytestmark = pytest.mark.django_db

COMMENT = "The log covers 3 of the 12 practices: send the other nine."


def day(offset):
    return timezone.localdate() + datetime.timedelta(days=offset)


def returned_update(action, lead, manager):
    update = ProgressUpdateFactory(action=action, author=lead, claims_completion=True)
    EvidenceFactory(update=update)
    services.update_judge(update=update, actor=manager, accept=False, comment=COMMENT)
    return update


def test_returned_evidence_comes_first_with_the_comment_and_a_respond_link(
    client, evidence_root, lead_a, board_manager, action_a
):
    action_a.due_date = day(-3)
    action_a.save()
    update = returned_update(action_a, lead_a, board_manager)
    client.force_login(lead_a)
    html = client.get(reverse("assurance:my_actions")).content.decode()
    top = html[html.index("Needs your attention") :]
    assert top.index("Evidence returned") < top.index("Overdue</h2>")
    assert "The log covers 3 of the 12 practices" in top
    respond = reverse("assurance:update_create", args=[action_a.pk]) + f"?respond={update.pk}"
    assert f'href="{respond}"' in top
    assert action_a.key_actions in top
    # Answered by a new update, it no longer needs attention.
    services.progress_update_post(
        action=action_a, actor=lead_a, narrative="More", rag="green", rag_reason="ok"
    )
    html = client.get(reverse("assurance:my_actions")).content.decode()
    assert "Evidence returned" not in html


def test_evidence_asked_for_shows_what_is_asked(client, lead_a, board_manager, action_a):
    action_a.status = ActionStatus.COMPLETION_CLAIMED
    action_a.save()
    services.evidence_request(action=action_a, actor=board_manager, comment="Send the audit.")
    client.force_login(lead_a)
    html = client.get(reverse("assurance:my_actions")).content.decode()
    assert "Evidence asked for" in html and "Send the audit." in html
    respond = reverse("assurance:update_create", args=[action_a.pk]) + "?respond=evidence"
    assert respond in html


def test_decided_date_requests_and_assignments_since_the_last_visit(
    client, lead_a, board_manager, action_a, recommendation, agency_a
):
    client.force_login(lead_a)
    client.get(reverse("assurance:my_actions"))  # a visit
    visit = MyActionsVisit.objects.get(user=lead_a)
    visit.visited_at = timezone.now() - datetime.timedelta(minutes=5)
    visit.save()
    # Led by lead_a since before the visit, then edited: not news.
    old, _ = action_services.action_save(
        action=Action(
            recommendation=recommendation,
            agency=agency_a,
            key_actions="Already theirs",
            timescale="December 2030",
            lead_officer_user=lead_a,
        ),
        actor=board_manager,
    )
    Action.history.filter(id=old.pk).update(
        history_date=timezone.now() - datetime.timedelta(hours=1)
    )
    old.key_actions = "Already theirs, edited"
    action_services.action_save(action=old, actor=board_manager)
    # Assigned since: new with them as lead, and changed to them.
    new, _ = action_services.action_save(
        action=Action(
            recommendation=recommendation,
            agency=agency_a,
            key_actions="Newly theirs",
            timescale="December 2030",
            lead_officer_user=lead_a,
        ),
        actor=board_manager,
    )
    action_a.lead_officer_user = lead_a
    action_services.action_save(action=action_a, actor=board_manager)
    revision = services.due_date_request(
        action=action_a, actor=lead_a, due_date=day(90), reason="Staffing"
    )
    services.due_date_decide(revision=revision, actor=board_manager, approve=False, comment="No")
    client.logout()
    client.force_login(lead_a)  # a new session: news since the visit above
    html = client.get(reverse("assurance:my_actions")).content.decode()
    top = html[html.index("Needs your attention") :]
    assigned = top[top.index("Assigned to you since your last visit") :]
    assert "Newly theirs" in assigned and action_a.key_actions in assigned
    assert "Already theirs, edited" not in assigned.split("</ul>")[0]
    assert "Due date requests decided" in top and "was declined" in top
    # Reloading in the same session keeps them; the next session does not.
    assert "Newly theirs" in client.get(reverse("assurance:my_actions")).content.decode()
    client.logout()
    client.force_login(lead_a)
    html = client.get(reverse("assurance:my_actions")).content.decode()
    assert "Assigned to you since your last visit" not in html
    assert "Due date requests decided" not in html


def test_overdue_and_due_soon_say_what_to_do(client, lead_a, action_a, recommendation, agency_a):
    action_a.due_date = day(-3)
    action_a.save()
    soon = ActionFactory(recommendation=recommendation, agency=agency_a, due_date=day(10))
    client.force_login(lead_a)
    html = client.get(reverse("assurance:my_actions")).content.decode()
    top = html[html.index("Needs your attention") : html.index("Overdue</h2>")]
    assert "post an update, or ask to change the due date" in top
    assert action_a.key_actions in top and soon.key_actions in top
    assert reverse("assurance:update_create", args=[soon.pk]) in top


def test_nothing_to_do_says_so(client, lead_a, action_a):
    client.force_login(lead_a)
    assert (
        "Nothing needs your attention now."
        in client.get(reverse("assurance:my_actions")).content.decode()
    )


@pytest.mark.parametrize("size", [1, 12])
def test_needs_attention_query_count_does_not_grow(
    client,
    django_assert_max_num_queries,
    evidence_root,
    lead_a,
    board_manager,
    recommendation,
    agency_a,
    size,
):
    for n in range(size):
        overdue = ActionFactory(
            recommendation=recommendation, agency=agency_a, due_date=day(-n - 1)
        )
        ActionFactory(recommendation=recommendation, agency=agency_a, due_date=day(n + 1))
        returned_update(overdue, lead_a, board_manager)
        claimed = ActionFactory(
            recommendation=recommendation,
            agency=agency_a,
            status=ActionStatus.COMPLETION_CLAIMED,
            lead_officer_user=lead_a,
        )
        services.evidence_request(action=claimed, actor=board_manager, comment=f"Audit {n}")
        revision = services.due_date_request(
            action=overdue, actor=lead_a, due_date=day(60), reason="Staffing"
        )
        services.due_date_decide(revision=revision, actor=board_manager, approve=True)
    client.force_login(lead_a)
    with django_assert_max_num_queries(18):
        html = client.get(reverse("assurance:my_actions")).content.decode()
    assert html.count("Respond<span") == 2 * min(size, 10)


def test_the_banner_quotes_the_comment_and_respond_carries_evidence_forward(
    client, evidence_root, lead_a, board_manager, action_a
):
    update = returned_update(action_a, lead_a, board_manager)
    [earlier] = update.evidence.all()
    client.force_login(lead_a)
    page = client.get(action_a.get_absolute_url()).content.decode()
    assert "govuk-notification-banner" in page
    banner = page[page.index("govuk-notification-banner") :]
    assert "The log covers 3 of the 12 practices" in banner
    respond = reverse("assurance:update_create", args=[action_a.pk]) + f"?respond={update.pk}"
    assert f'href="{respond}"' in banner and ">Respond<" in banner
    form = client.get(respond).content.decode()
    assert "The log covers 3 of the 12 practices" in form
    assert "Evidence from earlier updates to include again" in form
    checkbox = form.split(f'value="{earlier.pk}"')[0].rsplit("<input", 1)[1]
    checkbox += form.split(f'value="{earlier.pk}"')[1].split(">")[0]
    assert "checked" in checkbox  # offered ticked; the lead may untick it
    files_before = stored_files(evidence_root)
    response = client.post(
        respond,
        sent_once(
            client,
            {
                "narrative": "Now all 12 practices.",
                "rag": "green",
                "rag_reason": "Done",
                "claims_completion": "on",
                "carried": [str(earlier.pk)],
                "artefact": "Attendance log for the other nine practices.",
            },
        ),
    )
    assert response.status_code == 302
    new = ProgressUpdate.objects.exclude(pk=update.pk).get()
    carried = new.evidence.get(carried_from=earlier)
    assert carried.file.name == earlier.file.name and carried.sha256 == earlier.sha256
    assert stored_files(evidence_root) == files_before  # referenced, not stored again
    earlier.refresh_from_db()
    assert earlier.judgement == "returned" and earlier.update_id == update.pk  # history kept
    assert carried.history.get().history_change_reason.startswith(
        "Evidence carried forward from the update of"
    )
    assert Evidence.objects.filter(update=new).count() == 2
    # The banner has gone: the return is answered.
    assert "Needs your attention" not in client.get(action_a.get_absolute_url()).content.decode()


def test_carrying_another_actions_evidence_is_refused(
    client, evidence_root, lead_a, board_manager, action_a, action_b
):
    other = EvidenceFactory(update=ProgressUpdateFactory(action=action_b))
    with pytest.raises(Exception, match="not this action"):
        services.progress_update_post(
            action=action_a,
            actor=lead_a,
            narrative="x",
            rag="green",
            rag_reason="ok",
            carried=[other.pk],
        )
