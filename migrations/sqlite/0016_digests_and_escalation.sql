-- Notifications beyond tasks, digests and escalation.
-- A notification may now concern an activity, an indicator, or an organisation's reports for a
-- period (period_start, period_end, due_date), so task_id may be null. A notification may go to
-- an organisation's contact address rather than a user (user_id null, email_to set): the
-- escalation of work seven days overdue; one such message per event (the partial unique index).
-- Preferences gain 'daily': such notifications wait in the outbox as 'held' until the day's
-- digest (one 'daily_digest' row per user and day) gathers them ('digested', digest_id naming
-- it). A coordinator's escalations are always held for the digest.
-- Mail failures tell the administrators ('mail_failed', once a day), never about themselves.
-- SQLite flavour; migrations/postgres has the same versions and names. SQLite cannot change a
-- column or a check in place, so both tables are made anew and their rows copied.
create table notifications_new (
    notification_id    integer primary key,
    user_id            integer references users (user_id),
    email_to           text,
    kind               text not null check (kind in ('task_assigned', 'task_returned', 'task_reassigned', 'task_rescheduled', 'task_cancelled', 'task_commented', 'task_due_soon', 'task_due_today', 'task_overdue', 'task_escalated', 'report_submitted', 'report_returned', 'report_accepted', 'report_due_soon', 'report_due_today', 'report_overdue', 'report_escalated', 'indicator_due', 'activity_logged', 'activity_returned', 'daily_digest', 'weekly_digest', 'mail_failed')),
    task_id            integer references tasks (task_id),
    report_id          integer references reports (report_id),
    activity_id        integer references activities (activity_id),
    indicator_id       integer references indicators (indicator_id),
    organization_id    integer references organizations (organization_id),
    period_start       text,
    period_end         text,
    due_date           text,
    actor_id           integer references users (user_id),
    note               text not null default '',
    event_key          text not null,
    created_at         text not null,
    read_at            text,
    email_state        text not null default 'pending'
        check (email_state in ('pending', 'sent', 'failed', 'off', 'held', 'digested')),
    email_attempts     integer not null default 0,
    email_next_at      text,
    email_leased_until text,
    email_sent_at      text,
    email_error        text not null default '',
    digest_id          integer references notifications_new (notification_id),
    unique (event_key, user_id),
    check ((user_id is null) <> (email_to is null))
);
insert into notifications_new (notification_id, user_id, kind, task_id, report_id, actor_id, note,
        event_key, created_at, read_at, email_state, email_attempts, email_next_at,
        email_leased_until, email_sent_at, email_error)
    select notification_id, user_id, kind, task_id, report_id, actor_id, note, event_key,
        created_at, read_at, email_state, email_attempts, email_next_at, email_leased_until,
        email_sent_at, email_error
    from notifications;
drop table notifications;
alter table notifications_new rename to notifications;
create index notifications_user on notifications (user_id, notification_id);
create index notifications_unread on notifications (user_id) where read_at is null;
create index notifications_outbox on notifications (email_state, email_next_at) where email_state = 'pending';
create unique index notifications_contact on notifications (event_key) where user_id is null;
create index notifications_held on notifications (user_id, created_at) where email_state = 'held';
create index notifications_digest on notifications (digest_id) where digest_id is not null;

create table notification_preferences_new (
    user_id  integer not null references users (user_id),
    kind     text not null,
    delivery text not null check (delivery in ('immediate', 'daily', 'off')),
    primary key (user_id, kind)
);
insert into notification_preferences_new select user_id, kind, delivery from notification_preferences;
drop table notification_preferences;
alter table notification_preferences_new rename to notification_preferences;
