//! Second factors in SQL: a user's authenticator secret (stored once its first code confirmed
//! it), the last step accepted (so a code is never taken twice, even by two requests at once), the
//! recovery codes' hashes, who must use a second factor (per role, per organisation) and the
//! one sign-in of grace before enrolment is enforced.

use super::tx::Tx;
use super::value::Value;
use super::{Db, on_db};
use crate::domain::ids::{OrganizationId, UserId};
use crate::domain::roles::Role;
use time::OffsetDateTime;

/// A user's authenticator secret.
#[derive(Clone, sqlx::FromRow)]
pub struct Factor {
    pub totp_secret: String,
    pub confirmed_at: OffsetDateTime,
    pub last_step: i64,
}

impl std::fmt::Debug for Factor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Factor")
            .field("confirmed_at", &self.confirmed_at)
            .field("last_step", &self.last_step)
            .finish_non_exhaustive()
    }
}

pub async fn get(db: &Db, user: UserId) -> Result<Option<Factor>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "select totp_secret, confirmed_at, last_step from second_factors where user_id = $1",
    ).bind(user.0).fetch_optional(pool).await)
}

async fn insert_codes(tx: &mut Tx, user: UserId, hashes: &[String]) -> Result<(), sqlx::Error> {
    tx.execute(
        "delete from recovery_codes where user_id = $1",
        &[user.0.into()],
    )
    .await?;
    for hash in hashes {
        tx.execute(
            "insert into recovery_codes (user_id, code_hash, used_at) values ($1, $2, null)",
            &[user.0.into(), hash.as_str().into()],
        )
        .await?;
    }
    Ok(())
}

/// Stores a user's confirmed secret with the step of its first code, and the recovery codes;
/// `false` if the user has a second factor already.
pub async fn enrol(
    db: &Db,
    user: UserId,
    secret: &str,
    step: i64,
    code_hashes: &[String],
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let inserted = tx
        .execute(
            "insert into second_factors (user_id, totp_secret, confirmed_at, last_step, created_at) \
             values ($1, $2, $3, $4, $3) on conflict (user_id) do nothing",
            &[user.0.into(), secret.into(), now.into(), step.into()],
        )
        .await?;
    if inserted != 1 {
        return Ok(false);
    }
    insert_codes(&mut tx, user, code_hashes).await?;
    tx.commit().await?;
    Ok(true)
}

/// Takes a step for a sign-in or a confirmation, unless it (or a later one) was taken already.
pub async fn use_step(db: &Db, user: UserId, step: i64) -> Result<bool, sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "update second_factors set last_step = $2 \
         where user_id = $1 and last_step < $2",
    ).bind(user.0).bind(step).execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Uses up a recovery code, once.
pub async fn use_recovery_code(
    db: &Db,
    user: UserId,
    hash: &str,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "update recovery_codes set used_at = $3 \
         where user_id = $1 and code_hash = $2 and used_at is null",
    ).bind(user.0).bind(hash).bind(now).execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Replaces every recovery code of a user with new ones.
pub async fn replace_recovery_codes(
    db: &Db,
    user: UserId,
    hashes: &[String],
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    insert_codes(&mut tx, user, hashes).await?;
    tx.commit().await
}

/// Recovery codes not yet used.
pub async fn unused_codes(db: &Db, user: UserId) -> Result<i64, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar(
        "select count(*) from recovery_codes where user_id = $1 and used_at is null",
    ).bind(user.0).fetch_one(pool).await)
}

/// Takes away a user's second factor and recovery codes; whether a confirmed one was there.
pub async fn remove(db: &Db, user: UserId) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let confirmed: i64 = tx
        .fetch_scalar(
            "select count(*) from second_factors where user_id = $1",
            &[user.0.into()],
        )
        .await?;
    tx.execute(
        "delete from recovery_codes where user_id = $1",
        &[user.0.into()],
    )
    .await?;
    tx.execute(
        "delete from second_factors where user_id = $1",
        &[user.0.into()],
    )
    .await?;
    tx.commit().await?;
    Ok(confirmed > 0)
}

/// Grants the one sign-in without a second factor that a user who must enrol may make:
/// `true` the first time, `false` ever after.
pub async fn take_grace(db: &Db, user: UserId, now: OffsetDateTime) -> Result<bool, sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "update users set second_factor_grace_at = $2 \
         where user_id = $1 and second_factor_grace_at is null",
    ).bind(user.0).bind(now).execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Which roles must use a second factor, in the order of [`Role::ALL`].
pub async fn required_roles(db: &Db) -> Result<Vec<(Role, bool)>, sqlx::Error> {
    let rows: Vec<(String, bool)> = on_db!(db, pool => sqlx::query_as(
        "select role, required from second_factor_roles",
    ).fetch_all(pool).await)?;
    Ok(Role::ALL
        .iter()
        .map(|role| {
            let required = rows
                .iter()
                .any(|(r, required)| r == role.as_str() && *required);
            (*role, required)
        })
        .collect())
}

/// Sets whether a role must use a second factor.
pub async fn set_role_required(db: &Db, role: Role, required: bool) -> Result<(), sqlx::Error> {
    let values: [Value; 2] = [role.as_str().into(), required.into()];
    let mut tx = db.begin().await?;
    tx.execute(
        "insert into second_factor_roles (role, required) values ($1, $2) \
         on conflict (role) do update set required = excluded.required",
        &values,
    )
    .await?;
    tx.commit().await
}

/// Whether an organisation requires a second factor of all its users.
pub async fn organization_requires(db: &Db, id: OrganizationId) -> Result<bool, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar(
        "select requires_second_factor from organizations where organization_id = $1",
    ).bind(id.0).fetch_optional(pool).await)
    .map(|v| v.unwrap_or(false))
}

/// Sets whether an organisation requires a second factor of all its users.
pub async fn set_organization_requires(
    db: &Db,
    id: OrganizationId,
    required: bool,
) -> Result<bool, sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "update organizations set requires_second_factor = $2 where organization_id = $1",
    ).bind(id.0).bind(required).execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Turns the requirement off for every role (the demo and the national data set, whose printed
/// accounts must keep working for newcomers and benchmarks).
pub async fn require_of_nobody(db: &Db) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query("update second_factor_roles set required = false")
        .execute(pool).await.map(|_| ()))
}

/// The organisations that require a second factor of all their users.
pub async fn requiring_organizations(db: &Db) -> Result<Vec<OrganizationId>, sqlx::Error> {
    let ids: Vec<i64> = on_db!(db, pool => sqlx::query_scalar(
        "select organization_id from organizations where requires_second_factor order by organization_id",
    ).fetch_all(pool).await)?;
    Ok(ids.into_iter().map(OrganizationId).collect())
}
