-- Reminders of early-warning case stages falling due (issue 17): notifications gain the kind
-- case_stage_due, and open cases are found by their stage's deadline.
-- PostgreSQL flavour; migrations/sqlite has the same versions and names.
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check check (kind in ('task_assigned', 'task_returned', 'task_reassigned', 'task_rescheduled', 'task_cancelled', 'task_commented', 'task_due_soon', 'task_due_today', 'task_overdue', 'task_escalated', 'report_submitted', 'report_returned', 'report_accepted', 'report_due_soon', 'report_due_today', 'report_overdue', 'report_escalated', 'indicator_due', 'activity_logged', 'activity_returned', 'daily_digest', 'weekly_digest', 'mail_failed', 'case_alert', 'case_assessor_named', 'case_stage_due'));
create index warning_cases_due on warning_cases (stage_due) where stage <> 'closed';
