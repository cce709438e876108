"""Who may do what in the assurance workflow. Reading is scoped by the `for_user` querysets."""

import rules

from scr_tracker.predicates import in_partnership_of, is_board_manager

in_recommendation_partnership = in_partnership_of(lambda rec: rec.review.partnership_id)

# Assurance statements are the board's judgement, written by the board manager.
rules.add_perm("assurance.change_assurancestatement", is_board_manager & in_recommendation_partnership)


# Reports (assurance/reports/). Who reads which issued report is scoped by
# IssuedReport.objects.for_user; composing, previewing drafts and issuing are the board manager's.
@rules.predicate
def reads_issued_reports(user):
    return user.is_authenticated and (
        user.is_board_manager or user.is_scrutineer or user.is_scrutiny_member
    )


@rules.predicate
def is_scrutineer(user):
    return user.is_authenticated and user.is_scrutineer


in_report_partnership = in_partnership_of(lambda report: report.partnership_id)
reads_report_details = (is_board_manager | is_scrutineer) & in_report_partnership

rules.add_perm("assurance.list_issuedreport", reads_issued_reports)
rules.add_perm("assurance.add_issuedreport", is_board_manager)
rules.add_perm("assurance.view_issuedreport_details", reads_report_details)
rules.add_perm("assurance.archive_issuedreport", is_board_manager & in_report_partnership)
