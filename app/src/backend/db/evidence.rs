//! Evidence file rows: listed on a report, an activity, a signal or an early-warning case
//! (their owner), counted, added and taken off. The files themselves live in `backend::evidence::Storage`.

use super::tasks::decode;
use super::tx::Tx;
use super::{Db, on_db};
use crate::domain::{
    evidence::FileKind,
    ids::{ActivityId, CaseId, FileId, ReportId, SignalId, UserId},
};
use time::OffsetDateTime;

/// What a file is attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileOwner {
    Report(ReportId),
    Activity(ActivityId),
    Signal(SignalId),
    Case(CaseId),
}

impl FileOwner {
    /// The owner's column and id.
    fn column(self) -> (&'static str, i64) {
        match self {
            FileOwner::Report(id) => ("report_id", id.0),
            FileOwner::Activity(id) => ("activity_id", id.0),
            FileOwner::Signal(id) => ("signal_id", id.0),
            FileOwner::Case(id) => ("case_id", id.0),
        }
    }
}

/// An evidence file as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FileRow {
    pub file_id: i64,
    pub report_id: Option<i64>,
    pub activity_id: Option<i64>,
    pub signal_id: Option<i64>,
    pub case_id: Option<i64>,
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
        let owners = [
            self.report_id.map(|id| FileOwner::Report(ReportId(id))),
            self.activity_id
                .map(|id| FileOwner::Activity(ActivityId(id))),
            self.signal_id.map(|id| FileOwner::Signal(SignalId(id))),
            self.case_id.map(|id| FileOwner::Case(CaseId(id))),
        ];
        owners.into_iter().flatten().next()
    }
}

const FILE: &str = "select f.file_id, f.report_id, f.activity_id, f.signal_id, f.case_id, f.kind, f.original_name, f.stored_name, \
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
    let mut tx = db.begin().await?;
    let id = insert_in(&mut tx, owner, file, by, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Lists a file on its owner within a transaction that writes more (a case's history).
pub async fn insert_in(
    tx: &mut Tx,
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
    let id: i64 = tx
        .fetch_scalar(
            &sql,
            &[
                owner_id.into(),
                file.kind.as_str().into(),
                file.original_name.as_str().into(),
                file.stored_name.as_str().into(),
                file.size_bytes.into(),
                file.sha256.as_str().into(),
                by.0.into(),
                now.into(),
            ],
        )
        .await?;
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
