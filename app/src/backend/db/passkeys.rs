//! Passkeys in SQL: the random handle a user's passkeys carry, each registered passkey (found by
//! its credential id at sign-in), its signature counter kept current, and its removal.

use super::{Db, on_db};
use crate::domain::ids::UserId;
use time::OffsetDateTime;

/// One registered passkey.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PasskeyRow {
    pub passkey_id: i64,
    pub user_id: i64,
    pub name: String,
    /// webauthn-rs's record of the credential, as JSON.
    pub credential: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
}

/// The WebAuthn user handle of a user, if they have registered a passkey.
pub async fn handle_of(db: &Db, user: UserId) -> Result<Option<String>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar(
        "select handle from passkey_handles where user_id = $1",
    ).bind(user.0).fetch_optional(pool).await)
}

/// Keeps `fresh` as the user's WebAuthn handle unless they have one: the handle kept.
pub async fn keep_handle(db: &Db, user: UserId, fresh: &str) -> Result<String, sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "insert into passkey_handles (user_id, handle) values ($1, $2) \
         on conflict (user_id) do nothing",
    ).bind(user.0).bind(fresh).execute(pool).await.map(|_| ()))?;
    on_db!(db, pool => sqlx::query_scalar(
        "select handle from passkey_handles where user_id = $1",
    ).bind(user.0).fetch_one(pool).await)
}

/// The user whose passkeys carry this handle.
pub async fn user_of_handle(db: &Db, handle: &str) -> Result<Option<UserId>, sqlx::Error> {
    let user: Option<i64> = on_db!(db, pool => sqlx::query_scalar(
        "select user_id from passkey_handles where handle = $1",
    ).bind(handle).fetch_optional(pool).await)?;
    Ok(user.map(UserId))
}

/// A user's passkeys, oldest first.
pub async fn of_user(db: &Db, user: UserId) -> Result<Vec<PasskeyRow>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "select passkey_id, user_id, name, credential, created_at, last_used_at from passkeys \
         where user_id = $1 order by created_at, passkey_id",
    ).bind(user.0).fetch_all(pool).await)
}

/// The passkey with this credential id (base64url).
pub async fn by_credential(
    db: &Db,
    credential_id: &str,
) -> Result<Option<PasskeyRow>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "select passkey_id, user_id, name, credential, created_at, last_used_at from passkeys \
         where credential_id = $1",
    ).bind(credential_id).fetch_optional(pool).await)
}

/// A new passkey's row.
pub struct NewPasskey<'a> {
    pub user: UserId,
    pub credential_id: &'a str,
    pub name: &'a str,
    pub credential: &'a str,
}

/// Stores a new passkey; `false` if its credential id is registered already.
pub async fn insert(
    db: &Db,
    new: NewPasskey<'_>,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "insert into passkeys (user_id, credential_id, name, credential, created_at) \
         values ($1, $2, $3, $4, $5) on conflict (credential_id) do nothing",
    ).bind(new.user.0).bind(new.credential_id).bind(new.name).bind(new.credential).bind(now)
        .execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Records a sign-in with a passkey, and its record as updated by it (the signature counter).
pub async fn used(
    db: &Db,
    passkey_id: i64,
    credential: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "update passkeys set credential = $2, last_used_at = $3 where passkey_id = $1",
    ).bind(passkey_id).bind(credential).bind(now).execute(pool).await.map(|_| ()))
}

/// Removes one of a user's passkeys: its name, or `None` if the user has no such passkey.
pub async fn remove(db: &Db, user: UserId, passkey_id: i64) -> Result<Option<String>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar(
        "delete from passkeys where passkey_id = $1 and user_id = $2 returning name",
    ).bind(passkey_id).bind(user.0).fetch_optional(pool).await)
}

/// Removes every passkey of a user; how many there were.
pub async fn remove_all(db: &Db, user: UserId) -> Result<u64, sqlx::Error> {
    on_db!(db, pool => sqlx::query("delete from passkeys where user_id = $1")
        .bind(user.0).execute(pool).await.map(|r| r.rows_affected()))
}
