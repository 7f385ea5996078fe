//! User accounts: lookups for login and sessions, the scoped user list, and changes.

use super::{Db, on_db};
use crate::domain::{
    filters::{PAGE_SIZE, Page, UserFilter},
    ids::{OrganizationId, UserId},
    inputs::{Email, UserInput},
    roles::Role,
    views::{Me, Trilingual, User},
};
use crate::i18n::Lang;
use time::OffsetDateTime;

/// An argon2 hash in PHC form. Deliberately neither `Serialize` nor `Display`.
#[derive(Clone)]
pub struct PasswordHash(pub String);

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(..)")
    }
}

/// What login needs to know about an account.
#[derive(Debug, sqlx::FromRow)]
pub struct Credentials {
    pub user_id: i64,
    pub full_name: String,
    pub email: String,
    pub password_hash: String,
    pub is_active: bool,
    pub session_epoch: i64,
    /// When the one-time password the user holds stops working (none for their own password).
    pub password_expires_at: Option<OffsetDateTime>,
}

impl Credentials {
    pub fn hash(&self) -> PasswordHash {
        PasswordHash(self.password_hash.clone())
    }

    /// Whether the user holds a one-time password that has expired by `now`.
    pub fn one_time_password_expired(&self, now: OffsetDateTime) -> bool {
        self.password_expires_at.is_some_and(|until| until <= now)
    }
}

const SELECT: &str = "\
    select u.user_id, u.full_name, u.email, u.organization_id, o.name_ky as org_ky, o.name_ru as org_ru, \
           o.name_en as org_en, u.role, u.language, u.is_active, u.is_demo, u.must_change_password, \
           u.last_login_at, u.session_epoch, o.is_active as organization_active, \
           exists (select 1 from second_factors f where f.user_id = u.user_id) as second_factor, \
           (o.requires_second_factor or exists (select 1 from second_factor_roles r where r.role = u.role and r.required)) as second_factor_required \
    from users u join organizations o on o.organization_id = u.organization_id";

#[derive(sqlx::FromRow)]
struct UserRow {
    user_id: i64,
    full_name: String,
    email: String,
    organization_id: i64,
    org_ky: String,
    org_ru: String,
    org_en: String,
    role: String,
    language: String,
    is_active: bool,
    is_demo: bool,
    must_change_password: bool,
    last_login_at: Option<OffsetDateTime>,
    session_epoch: i64,
    organization_active: bool,
    second_factor: bool,
    second_factor_required: bool,
}

fn decode_error(what: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("unknown {what} {value}").into())
}

impl UserRow {
    fn into_view(self) -> Result<User, sqlx::Error> {
        Ok(User {
            user_id: UserId(self.user_id),
            full_name: self.full_name,
            email: self.email,
            organization_id: OrganizationId(self.organization_id),
            organization_name: Trilingual {
                ky: self.org_ky,
                ru: self.org_ru,
                en: self.org_en,
            },
            role: Role::parse(&self.role).ok_or_else(|| decode_error("role", &self.role))?,
            language: Lang::parse(&self.language)
                .ok_or_else(|| decode_error("language", &self.language))?,
            is_active: self.is_active,
            is_demo: self.is_demo,
            must_change_password: self.must_change_password,
            last_login_at: self.last_login_at,
            second_factor: self.second_factor,
        })
    }
}

/// A session's user, as loaded on every authenticated request.
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub me: Me,
    pub is_active: bool,
    pub organization_active: bool,
    pub session_epoch: i64,
}

fn search_text(full_name: &str, email: &str) -> String {
    format!("{full_name} | {email}").to_lowercase()
}

pub async fn credentials(db: &Db, email: &Email) -> Result<Option<Credentials>, sqlx::Error> {
    on_db!(db, pool =>
        sqlx::query_as(
            "select user_id, full_name, email, password_hash, is_active, session_epoch, \
             password_expires_at from users where email = $1",
        )
        .bind(email.as_str())
        .fetch_optional(pool)
        .await
    )
}

pub async fn password_hash(db: &Db, id: UserId) -> Result<Option<PasswordHash>, sqlx::Error> {
    let hash: Option<String> = on_db!(db, pool =>
        sqlx::query_scalar("select password_hash from users where user_id = $1")
            .bind(id.0)
            .fetch_optional(pool)
            .await
    )?;
    Ok(hash.map(PasswordHash))
}

pub async fn session_user(db: &Db, id: UserId) -> Result<Option<SessionUser>, sqlx::Error> {
    let sql = format!("{SELECT} where u.user_id = $1");
    let row: Option<UserRow> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await)?;
    let Some(row) = row else { return Ok(None) };
    let (is_active, organization_active, session_epoch, second_factor_required) = (
        row.is_active,
        row.organization_active,
        row.session_epoch,
        row.second_factor_required,
    );
    let user = row.into_view()?;
    Ok(Some(SessionUser {
        me: Me {
            user_id: user.user_id,
            full_name: user.full_name,
            email: user.email,
            role: user.role,
            organization_id: user.organization_id,
            organization_name: user.organization_name,
            language: user.language,
            must_change_password: user.must_change_password,
            last_login_at: user.last_login_at,
            second_factor: user.second_factor,
            second_factor_required,
            must_enrol: false,
        },
        is_active,
        organization_active,
        session_epoch,
    }))
}

/// One page of users; `organization` restricts the list to one organisation (the caller's
/// scope), on top of the filter's own choice.
pub async fn list(
    db: &Db,
    organization: Option<OrganizationId>,
    filter: &UserFilter,
) -> Result<Page<User>, sqlx::Error> {
    const FILTER: &str = "\
        where (cast($1 as bigint) is null or u.organization_id = $1) \
          and (cast($2 as bigint) is null or u.organization_id = $2) \
          and (cast($3 as text) is null or u.role = $3) \
          and (cast($4 as text) is null or u.search_text like $4 escape '\\')";
    let pattern = filter.pattern();
    let role = filter.role.map(Role::as_str);
    let scope = organization.map(|o| o.0);
    let chosen = filter.organization_id.map(|o| o.0);
    let sql = format!("{SELECT} {FILTER} order by u.full_name, u.user_id limit $5 offset $6");
    let rows: Vec<UserRow> = on_db!(db, pool =>
        sqlx::query_as(&sql)
            .bind(scope)
            .bind(chosen)
            .bind(role)
            .bind(pattern.as_deref())
            .bind(PAGE_SIZE)
            .bind((filter.page.max(1) - 1) * PAGE_SIZE)
            .fetch_all(pool)
            .await
    )?;
    let count_sql = format!("select count(*) from users u {FILTER}");
    let total: i64 = on_db!(db, pool =>
        sqlx::query_scalar(&count_sql)
            .bind(scope)
            .bind(chosen)
            .bind(role)
            .bind(pattern.as_deref())
            .fetch_one(pool)
            .await
    )?;
    let rows = rows
        .into_iter()
        .map(UserRow::into_view)
        .collect::<Result<_, _>>()?;
    Ok(Page {
        rows,
        total,
        page: filter.page,
    })
}

/// A user, if within `organization` (the caller's scope; `None` for any).
pub async fn get(
    db: &Db,
    id: UserId,
    organization: Option<OrganizationId>,
) -> Result<Option<User>, sqlx::Error> {
    let sql = format!(
        "{SELECT} where u.user_id = $1 and (cast($2 as bigint) is null or u.organization_id = $2)"
    );
    let row: Option<UserRow> = on_db!(db, pool =>
        sqlx::query_as(&sql).bind(id.0).bind(organization.map(|o| o.0)).fetch_optional(pool).await
    )?;
    row.map(UserRow::into_view).transpose()
}

pub struct NewUser<'a> {
    pub input: &'a UserInput,
    pub password_hash: &'a PasswordHash,
    /// A one-time password, which works until then and must be changed at first login.
    pub one_time_until: Option<OffsetDateTime>,
    pub is_demo: bool,
}

pub async fn insert(
    db: &Db,
    user: NewUser<'_>,
    now: OffsetDateTime,
) -> Result<UserId, sqlx::Error> {
    let input = user.input;
    let id: i64 = on_db!(db, pool =>
        sqlx::query_scalar(
            "insert into users (organization_id, email, full_name, role, language, password_hash, \
                 must_change_password, is_active, is_demo, search_text, created_at, updated_at, \
                 password_expires_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12) returning user_id",
        )
        .bind(input.organization_id.0)
        .bind(input.email.as_str())
        .bind(&input.full_name)
        .bind(input.role.as_str())
        .bind(input.language.code())
        .bind(&user.password_hash.0)
        .bind(user.one_time_until.is_some())
        .bind(input.is_active)
        .bind(user.is_demo)
        .bind(search_text(&input.full_name, input.email.as_str()))
        .bind(now)
        .bind(user.one_time_until)
        .fetch_one(pool)
        .await
    )?;
    Ok(UserId(id))
}

/// Saves an administrator's edit. Deactivating a user bumps their session epoch, which ends
/// every session they have. `false` if there is no such user.
pub async fn update(
    db: &Db,
    id: UserId,
    input: &UserInput,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let affected = on_db!(db, pool =>
        sqlx::query(
            "update users set organization_id = $2, email = $3, full_name = $4, role = $5, language = $6, \
                 session_epoch = case when is_active and not $7 then session_epoch + 1 else session_epoch end, \
                 is_active = $7, search_text = $8, updated_at = $9 \
             where user_id = $1",
        )
        .bind(id.0)
        .bind(input.organization_id.0)
        .bind(input.email.as_str())
        .bind(&input.full_name)
        .bind(input.role.as_str())
        .bind(input.language.code())
        .bind(input.is_active)
        .bind(search_text(&input.full_name, input.email.as_str()))
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    )?;
    Ok(affected > 0)
}

/// Replaces a password and ends every session of the user (by bumping the epoch); returns the
/// new epoch, or `None` if there is no such user.
/// Sets a password (a one-time one when `one_time_until` says until when it works), ending
/// every session; the new session epoch, or `None` without such a user.
pub async fn set_password(
    db: &Db,
    id: UserId,
    hash: &PasswordHash,
    one_time_until: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Result<Option<i64>, sqlx::Error> {
    on_db!(db, pool =>
        sqlx::query_scalar(
            "update users set password_hash = $2, must_change_password = $3, session_epoch = session_epoch + 1, \
                 updated_at = $4, password_expires_at = $5 \
             where user_id = $1 returning session_epoch",
        )
        .bind(id.0)
        .bind(&hash.0)
        .bind(one_time_until.is_some())
        .bind(now)
        .bind(one_time_until)
        .fetch_optional(pool)
        .await
    )
}

/// Replaces a hash with a stronger one of the same password, unless it changed meanwhile;
/// sessions go on.
pub async fn replace_password_hash(
    db: &Db,
    id: UserId,
    old: &PasswordHash,
    new: &PasswordHash,
) -> Result<bool, sqlx::Error> {
    on_db!(db, pool =>
        sqlx::query("update users set password_hash = $3 where user_id = $1 and password_hash = $2")
            .bind(id.0)
            .bind(&old.0)
            .bind(&new.0)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() == 1)
    )
}

pub async fn set_language(
    db: &Db,
    id: UserId,
    lang: Lang,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    on_db!(db, pool =>
        sqlx::query("update users set language = $2, updated_at = $3 where user_id = $1")
            .bind(id.0)
            .bind(lang.code())
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    )?;
    Ok(())
}

pub async fn record_login(db: &Db, id: UserId, now: OffsetDateTime) -> Result<(), sqlx::Error> {
    on_db!(db, pool =>
        sqlx::query("update users set last_login_at = $2 where user_id = $1")
            .bind(id.0)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    )?;
    Ok(())
}

/// Whether any account exists at all (a fresh production database has none).
pub async fn any_exist(db: &Db) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = on_db!(db, pool => sqlx::query_scalar("select user_id from users limit 1").fetch_optional(pool).await)?;
    Ok(found.is_some())
}

/// Whether an account with this (lower-case) email exists.
pub async fn email_exists(db: &Db, email: &str) -> Result<bool, sqlx::Error> {
    let count: i64 = on_db!(db, pool =>
        sqlx::query_scalar("select count(*) from users where email = $1").bind(email).fetch_one(pool).await
    )?;
    Ok(count > 0)
}

/// The first reporter of each organisation: (organisation, user).
pub async fn first_reporters(db: &Db) -> Result<Vec<(i64, UserId)>, sqlx::Error> {
    let rows: Vec<(i64, i64)> = on_db!(db, pool => sqlx::query_as(
        "select organization_id, min(user_id) from users where role = 'reporter' group by organization_id",
    ).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(|(o, u)| (o, UserId(u))).collect())
}

/// NGOs and local authorities with a region and a reporter, who log activities (for the
/// generator): (organisation, first reporter, region).
pub async fn generated_loggers(db: &Db) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "select o.organization_id, min(u.user_id), o.region_code from organizations o \
         join users u on u.organization_id = o.organization_id and u.role = 'reporter' \
         where o.kind in ('ngo', 'local_government') and o.region_code is not null \
         group by o.organization_id, o.region_code order by o.organization_id",
    ).fetch_all(pool).await)
}

/// The organisation a user belongs to.
pub async fn organization_of(db: &Db, user: UserId) -> Result<OrganizationId, sqlx::Error> {
    let id: i64 = on_db!(db, pool => sqlx::query_scalar("select organization_id from users where user_id = $1")
        .bind(user.0).fetch_one(pool).await)?;
    Ok(OrganizationId(id))
}
