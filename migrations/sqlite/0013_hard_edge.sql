-- A harder edge (OWASP ASVS level 2).
-- Login attempts are reserved before the password is checked, in one statement that also
-- tells when the attempt before was made: previous_failure_at keeps it.
-- One-time passwords expire: password_expires_at says until when the one a user holds works
-- (null for a password of their own).
-- The costly endpoints are rate-limited per user and per client address, in the database so
-- that several instances share the counts: one row per bucket ('export:user:42',
-- 'read:address:10.0.0.7', …) and fixed window, pruned once its window has passed.
-- SQLite flavour; migrations/postgres has the same versions and names.
alter table login_failures add column previous_failure_at text;
alter table users add column password_expires_at text;

create table rate_limits (
    bucket       text not null,
    window_start text not null,     -- UTC, the start of the counting window
    hits         integer not null,
    primary key (bucket, window_start)
);
create index rate_limits_window on rate_limits (window_start);
