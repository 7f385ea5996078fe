-- Mail: notifications also go out by email, through a transactional outbox. The columns below
-- make each notification its own outbox row, written in the same transaction as the change
-- that causes it: 'pending' until a sender delivers it ('sent'), retrying with a growing wait
-- and giving up after several refusals ('failed'); 'off' when the recipient does not want that
-- kind by email. A sender leases rows (email_leased_until) so that several instances never
-- send one message at once.
-- Preferences: per user and kind, 'immediate' (the default, when no row says otherwise) or
-- 'off'.
-- Secrets: values every instance shares (the key that signs unsubscribe links), generated once.
-- PostgreSQL flavour; migrations/sqlite has the same versions and names.
alter table notifications add column email_state text not null default 'pending'
    check (email_state in ('pending', 'sent', 'failed', 'off'));
alter table notifications add column email_attempts bigint not null default 0;
alter table notifications add column email_next_at timestamptz;
alter table notifications add column email_leased_until timestamptz;
alter table notifications add column email_sent_at timestamptz;
alter table notifications add column email_error text not null default '';
create index notifications_outbox on notifications (email_state, email_next_at) where email_state = 'pending';

create table notification_preferences (
    user_id  bigint not null references users (user_id),
    kind     text not null,
    delivery text not null check (delivery in ('immediate', 'off')),
    primary key (user_id, kind)
);

create table instance_secrets (
    name       text primary key,
    value      text not null,
    created_at timestamptz not null
);
