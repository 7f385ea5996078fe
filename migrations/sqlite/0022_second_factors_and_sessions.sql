-- Second factors, the session list and who must use a second factor (issue 18).
-- SQLite flavour; migrations/postgres has the same versions and names.
--
-- A user's authenticator-app secret (RFC 6238), stored once its first code confirmed it (an
-- enrolment in progress waits in the session), and the last 30-second step accepted, so that
-- no code is taken twice.
create table second_factors (
    user_id       integer primary key references users (user_id),
    totp_secret   text not null,            -- base32, 160 random bits
    confirmed_at  text not null,
    last_step     integer not null default 0,
    created_at    text not null
);
-- Ten single-use recovery codes per user, kept only as SHA-256 hashes.
create table recovery_codes (
    user_id    integer not null references users (user_id),
    code_hash  text not null,
    used_at    text,
    primary key (user_id, code_hash)
);
-- Every signed-in session: its random handle is kept in the session, and a request whose
-- handle has no row here is signed out, so deleting a row ends that session at once.
create table user_sessions (
    handle        text primary key,
    user_id       integer not null references users (user_id),
    started_at    text not null,
    last_seen_at  text not null,
    user_agent    text not null default '',
    client        text not null default ''
);
create index user_sessions_user on user_sessions (user_id, started_at);
-- Which roles must sign in with a second factor (administrators and coordinators at first).
create table second_factor_roles (
    role      text primary key check (role in ('administrator', 'coordinator', 'reporter', 'observer')),
    required  boolean not null
);
insert into second_factor_roles (role, required) values
    ('administrator', true), ('coordinator', true), ('reporter', false), ('observer', false);
-- An administrator may require it of one organisation's users whatever their role.
alter table organizations add column requires_second_factor boolean not null default false;
-- The one sign-in a user who must enrol may still make without a second factor.
alter table users add column second_factor_grace_at text;
-- The audit log's kinds widen (the stored rows all meet the wider check, so its text is edited
-- in the schema as in 0019; the tables created above change the schema's version).
pragma writable_schema = on;
update sqlite_schema
    set sql = replace(sql, '''audit_pruned''))', '''audit_pruned'', ''second_factor_removed'', ''recovery_codes_renewed'', ''security_policy_changed''))')
    where type = 'table' and name = 'audit_log';
pragma writable_schema = off;
