-- The audit log (issue 18): every security and administration event, append-only. Nobody can
-- change an entry, and the database refuses to delete one younger than three years, so the
-- server's pruning of entries past the configured retention is the only deletion that can
-- succeed. SQLite flavour; migrations/postgres has the same versions and names.
create table audit_log (
    entry_id                integer primary key,
    at                      text not null,            -- UTC, bound from Rust
    kind                    text not null check (kind in ('sign_in', 'sign_in_failed', 'sign_out', 'password_changed', 'password_reset', 'session_ended', 'user_created', 'user_changed', 'organization_created', 'organization_changed', 'calendar_changed', 'export', 'evidence_download', 'import', 'second_factor_enrolled', 'second_factor_reset', 'recovery_code_used', 'passkey_registered', 'token_created', 'token_revoked', 'audit_pruned')),
    actor_id                integer references users (user_id),
    actor_email             text not null default '',  -- as typed, for a failed sign-in
    organization_id         integer references organizations (organization_id),
    subject_user_id         integer references users (user_id),
    subject_organization_id integer references organizations (organization_id),
    detail                  text not null default '',
    client                  text not null default ''
);
create index audit_log_at on audit_log (at, entry_id);
create index audit_log_actor on audit_log (actor_id, entry_id);
create index audit_log_organization on audit_log (organization_id, entry_id);
create index audit_log_subject_user on audit_log (subject_user_id, entry_id);
create trigger audit_log_no_update before update on audit_log begin
    select raise(abort, 'audit_log is append-only');
end;
create trigger audit_log_keeps_three_years before delete on audit_log
    when old.at > strftime('%Y-%m-%d %H:%M:%S', 'now', '-3 years') begin
    select raise(abort, 'audit_log keeps every entry for three years');
end;
