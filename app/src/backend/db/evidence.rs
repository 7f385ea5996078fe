//! Evidence file rows: listed on a report or an activity (their owner), counted, added and
//! taken off. The files themselves live in `backend::evidence::Storage`.

use super::tasks::decode;
use super::{Db, on_db};
use crate::domain::{
    evidence::FileKind,
    ids::{ActivityId, FileId, ReportId, UserId},
};
use time::OffsetDateTime;

/// What a file is attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileOwner {
    Report(ReportId),
    Activity(ActivityId),
}

impl FileOwner {
    /// The owner's column and id.
    fn column(self) -> (&'static str, i64) {
        match self {
            FileOwner::Report(id) => ("report_id", id.0),
            FileOwner::Activity(id) => ("activity_id", id.0),
        }
    }
}

/// An evidence file as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FileRow {
    pub file_id: i64,
    pub report_id: Option<i64>,
    pub activity_id: Option<i64>,
    pub kind: String,
    pub original_name: String,
    pub stored_name: String,
    pub size_bytes: i64,
    pub full_name: String,
    pub uploaded_at: OffsetDateTime,
}

impl FileRow {
    pub fn kind(&self) -> Result<FileKind, sqlx::Error> {
        FileKind::parse(&self.kind).ok_or_else(|| decode("file kind", &self.kind))
    }

    pub fn owner(&self) -> Option<FileOwner> {
        match (self.report_id, self.activity_id) {
            (Some(r), _) => Some(FileOwner::Report(ReportId(r))),
            (None, Some(a)) => Some(FileOwner::Activity(ActivityId(a))),
            (None, None) => None,
        }
    }
}

const FILE: &str = "select f.file_id, f.report_id, f.activity_id, f.kind, f.original_name, f.stored_name, \
                    f.size_bytes, u.full_name, f.uploaded_at \
                    from evidence_files f join users u on u.user_id = f.uploaded_by";

pub async fn files(db: &Db, owner: FileOwner) -> Result<Vec<FileRow>, sqlx::Error> {
    let (column, id) = owner.column();
    let sql = format!("{FILE} where f.{column} = $1 order by f.file_id");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_all(pool).await)
}

pub async fn file(db: &Db, id: FileId) -> Result<Option<FileRow>, sqlx::Error> {
    let sql = format!("{FILE} where f.file_id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await)
}

/// A file received and stored, to list on its owner.
pub struct NewFile {
    pub kind: FileKind,
    pub original_name: String,
    pub stored_name: String,
    pub size_bytes: i64,
    pub sha256: String,
}

pub async fn insert(
    db: &Db,
    owner: FileOwner,
    file: &NewFile,
    by: UserId,
    now: OffsetDateTime,
) -> Result<FileId, sqlx::Error> {
    let (column, owner_id) = owner.column();
    let sql = format!(
        "insert into evidence_files ({column}, kind, original_name, stored_name, size_bytes, sha256, \
         uploaded_by, uploaded_at) values ($1, $2, $3, $4, $5, $6, $7, $8) returning file_id"
    );
    let id: i64 = on_db!(db, pool => sqlx::query_scalar(&sql)
        .bind(owner_id)
        .bind(file.kind.as_str())
        .bind(&file.original_name)
        .bind(&file.stored_name)
        .bind(file.size_bytes)
        .bind(&file.sha256)
        .bind(by.0)
        .bind(now)
        .fetch_one(pool).await)?;
    Ok(FileId(id))
}

pub async fn count(db: &Db, owner: FileOwner) -> Result<i64, sqlx::Error> {
    let (column, id) = owner.column();
    let sql = format!("select count(*) from evidence_files where {column} = $1");
    on_db!(db, pool => sqlx::query_scalar(&sql).bind(id).fetch_one(pool).await)
}

/// Takes a file off its owner: `None` if the owner has no such file, else the stored name and
/// whether nothing else still lists it (so the stored file can be deleted).
pub async fn remove(
    db: &Db,
    owner: FileOwner,
    id: FileId,
) -> Result<Option<(String, bool)>, sqlx::Error> {
    let (column, owner_id) = owner.column();
    let sql = format!(
        "delete from evidence_files where file_id = $1 and {column} = $2 returning stored_name"
    );
    let mut tx = db.begin().await?;
    let stored: Option<String> = tx
        .fetch_scalar_optional(&sql, &[id.0.into(), owner_id.into()])
        .await?;
    let Some(stored) = stored else {
        return Ok(None);
    };
    let others: i64 = tx
        .fetch_scalar(
            "select count(*) from evidence_files where stored_name = $1",
            &[(&stored).into()],
        )
        .await?;
    tx.commit().await?;
    Ok(Some((stored, others == 0)))
}
