-- Passkeys (WebAuthn), which sign a user in on their own (issue 18).
-- SQLite flavour; migrations/postgres has the same versions and names.
--
-- The random handle a user's passkeys carry as the WebAuthn user id: the browser gives it back
-- at sign-in, and it names nobody outside Concord.
create table passkey_handles (
    user_id  integer primary key references users (user_id),
    handle   text not null unique
);
-- A registered passkey: its credential id (base64url), the name its owner gave it, and
-- webauthn-rs's record of it (public key, signature counter, backup state) as JSON.
create table passkeys (
    passkey_id     integer primary key autoincrement,
    user_id        integer not null references users (user_id),
    credential_id  text not null unique,
    name           text not null,
    credential     text not null,
    created_at     text not null,
    last_used_at   text
);
create index passkeys_user on passkeys (user_id);
