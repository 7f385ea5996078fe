-- Notifications beyond tasks, digests and escalation.
-- A notification may now concern an activity, an indicator, or an organisation's reports for a
-- period (period_start, period_end, due_date), so task_id may be null. A notification may go to
-- an organisation's contact address rather than a user (user_id null, email_to set): the
-- escalation of work seven days overdue; one such message per event (the partial unique index).
-- Preferences gain 'daily': such notifications wait in the outbox as 'held' until the day's
-- digest (one 'daily_digest' row per user and day) gathers them ('digested', digest_id naming
-- it). A coordinator's escalations are always held for the digest.
-- Mail failures tell the administrators ('mail_failed', once a day), never about themselves.
-- PostgreSQL flavour; migrations/sqlite has the same versions and names.
alter table notifications alter column user_id drop not null;
alter table notifications alter column task_id drop not null;
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check check (kind in ('task_assigned', 'task_returned', 'task_reassigned', 'task_rescheduled', 'task_cancelled', 'task_commented', 'task_due_soon', 'task_due_today', 'task_overdue', 'task_escalated', 'report_submitted', 'report_returned', 'report_accepted', 'report_due_soon', 'report_due_today', 'report_overdue', 'report_escalated', 'indicator_due', 'activity_logged', 'activity_returned', 'daily_digest', 'weekly_digest', 'mail_failed'));
alter table notifications drop constraint notifications_email_state_check;
alter table notifications add constraint notifications_email_state_check
    check (email_state in ('pending', 'sent', 'failed', 'off', 'held', 'digested'));
alter table notifications add column activity_id bigint references activities (activity_id);
alter table notifications add column indicator_id bigint references indicators (indicator_id);
alter table notifications add column organization_id bigint references organizations (organization_id);
alter table notifications add column period_start date;
alter table notifications add column period_end date;
alter table notifications add column due_date date;
alter table notifications add column email_to text;
alter table notifications add column digest_id bigint references notifications (notification_id);
alter table notifications add constraint notifications_recipient
    check ((user_id is null) <> (email_to is null));
create unique index notifications_contact on notifications (event_key) where user_id is null;
create index notifications_held on notifications (user_id, created_at) where email_state = 'held';
create index notifications_digest on notifications (digest_id) where digest_id is not null;

alter table notification_preferences drop constraint notification_preferences_delivery_check;
alter table notification_preferences add constraint notification_preferences_delivery_check
    check (delivery in ('immediate', 'daily', 'off'));
