-- Notifications: what Concord tells a person about work that concerns them (a task assigned to
-- their organisation, returned, reassigned, rescheduled, cancelled or commented on; a report
-- submitted, returned or accepted; a task due in a week, due today, or three days overdue).
-- Each row is written in the same transaction as the change that causes it (a reminder by the
-- daily pass), one per recipient; (event_key, user_id) is unique, so one event never tells one
-- person twice however often it is recorded. Counts and titles only: no personal data about
-- people who use drugs is ever put in one.
-- SQLite flavour; migrations/postgres has the same versions and names.
create table notifications (
    notification_id integer primary key,
    user_id         integer not null references users (user_id),
    kind            text not null check (kind in ('task_assigned', 'task_returned', 'task_reassigned', 'task_rescheduled', 'task_cancelled', 'task_commented', 'report_submitted', 'report_returned', 'report_accepted', 'task_due_soon', 'task_due_today', 'task_overdue')),
    task_id         integer not null references tasks (task_id),
    report_id       integer references reports (report_id),
    actor_id        integer references users (user_id),
    note            text not null default '',
    event_key       text not null, -- what happened, e.g. 'task:42:v7' or 'comment:9'
    created_at      text not null,
    read_at         text,          -- null while unread
    unique (event_key, user_id)
);
create index notifications_user on notifications (user_id, notification_id);
create index notifications_unread on notifications (user_id) where read_at is null;
