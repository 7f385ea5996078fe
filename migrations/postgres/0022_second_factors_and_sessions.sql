-- Second factors, the session list and who must use a second factor (issue 18).
-- PostgreSQL flavour; migrations/sqlite has the same versions and names.
--
-- A user's authenticator-app secret (RFC 6238), stored once its first code confirmed it (an
-- enrolment in progress waits in the session), and the last 30-second step accepted, so that
-- no code is taken twice.
create table second_factors (
    user_id       bigint primary key references users (user_id),
    totp_secret   text not null,
    confirmed_at  timestamptz not null,
    last_step     bigint not null default 0,
    created_at    timestamptz not null
);
-- Ten single-use recovery codes per user, kept only as SHA-256 hashes.
create table recovery_codes (
    user_id    bigint not null references users (user_id),
    code_hash  text not null,
    used_at    timestamptz,
    primary key (user_id, code_hash)
);
-- Every signed-in session: its random handle is kept in the session, and a request whose
-- handle has no row here is signed out, so deleting a row ends that session at once.
create table user_sessions (
    handle        text primary key,
    user_id       bigint not null references users (user_id),
    started_at    timestamptz not null,
    last_seen_at  timestamptz not null,
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
alter table users add column second_factor_grace_at timestamptz;
-- The audit log's kinds widen.
alter table audit_log drop constraint audit_log_kind_check;
alter table audit_log add constraint audit_log_kind_check check (kind in ('sign_in', 'sign_in_failed', 'sign_out', 'password_changed', 'password_reset', 'session_ended', 'user_created', 'user_changed', 'organization_created', 'organization_changed', 'calendar_changed', 'export', 'evidence_download', 'import', 'second_factor_enrolled', 'second_factor_reset', 'recovery_code_used', 'passkey_registered', 'token_created', 'token_revoked', 'audit_pruned', 'second_factor_removed', 'recovery_codes_renewed', 'security_policy_changed'));
