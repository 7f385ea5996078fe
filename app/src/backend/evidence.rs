//! Where evidence files live and how they arrive: a folder outside the web root (configurable)
//! holding each file under a random name. An upload is streamed to disk chunk by chunk, hashed
//! and measured on the way, and only kept if its content is one of the accepted kinds and it
//! is no larger than the limit; memory holds one chunk at a time, never the file.

use super::db::evidence::NewFile;
use crate::domain::evidence::{
    FileKind, HEAD_BYTES, Head, MAX_BYTES, central_directory, office_kind, safe_name, sniff_head,
    zip_entry_names,
};
use crate::error::Problem;
use futures::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

/// The largest zip central directory read to tell an Office file's kind.
const DIRECTORY_MAX: u64 = 1024 * 1024;
/// How far from the end of a zip its end-of-directory record may lie (22 bytes + comment).
const TAIL_BYTES: u64 = 22 + 65_535;

/// The folder evidence files are kept in.
#[derive(Clone, Debug)]
pub struct Storage {
    dir: Arc<PathBuf>,
}

/// Why an upload was not kept, or that nothing was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// An empty file part: the form was sent with no file chosen.
    Nothing,
    Problem(Problem),
}

fn random_name() -> String {
    use rand::Rng;
    let bytes: [u8; 16] = rand::thread_rng().r#gen();
    hex::encode(bytes)
}

/// Whether `name` is one this storage made (32 lower-case hex digits): nothing else is ever
/// joined to the folder's path.
fn is_stored_name(name: &str) -> bool {
    name.len() == 32 && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl Storage {
    /// The storage in `dir`, created if missing.
    pub fn open(dir: impl Into<PathBuf>) -> std::io::Result<Storage> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        Ok(Storage { dir: Arc::new(dir) })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The path of a stored file; `None` for a name this storage did not make.
    pub fn path(&self, stored_name: &str) -> Option<PathBuf> {
        is_stored_name(stored_name).then(|| self.dir.join(stored_name))
    }

    /// Receives one uploaded file from `chunks`, named `uploaded_name` by the browser. The
    /// stream is always read to its end, so the rest of a multipart form can follow.
    pub async fn receive<S, E>(
        &self,
        uploaded_name: &str,
        mut chunks: S,
    ) -> Result<NewFile, Refused>
    where
        S: Stream<Item = Result<bytes::Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let stored_name = random_name();
        let incoming = self.dir.join(format!(".incoming-{stored_name}"));
        let result = self.write(&incoming, &mut chunks).await;
        // Whatever happened, read what is left of this part.
        while let Some(Ok(_)) = chunks.next().await {}
        let outcome = match result {
            Ok((size, head, sha256)) => {
                self.accept(&incoming, &stored_name, uploaded_name, size, &head, sha256)
                    .await
            }
            Err(refused) => Err(refused),
        };
        if outcome.is_err() {
            let _ = tokio::fs::remove_file(&incoming).await;
        }
        outcome
    }

    async fn write<S, E>(
        &self,
        path: &Path,
        chunks: &mut S,
    ) -> Result<(u64, Vec<u8>, String), Refused>
    where
        S: Stream<Item = Result<bytes::Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let io = |error: std::io::Error| {
            tracing::error!(%error, "evidence file could not be written");
            Refused::Problem(Problem::FileTypeNotAllowed)
        };
        let mut file = tokio::fs::File::create(path).await.map_err(io)?;
        let mut size: u64 = 0;
        let mut head = Vec::with_capacity(HEAD_BYTES);
        let mut hash = Sha256::new();
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk.map_err(|error| {
                tracing::warn!(%error, "upload interrupted");
                Refused::Problem(Problem::FileTooLarge)
            })?;
            size += chunk.len() as u64;
            if size > MAX_BYTES {
                return Err(Refused::Problem(Problem::FileTooLarge));
            }
            if head.len() < HEAD_BYTES {
                let take = (HEAD_BYTES - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
            }
            hash.update(&chunk);
            file.write_all(&chunk).await.map_err(io)?;
        }
        file.flush().await.map_err(io)?;
        if size == 0 {
            return Err(Refused::Nothing);
        }
        Ok((size, head, hex::encode(hash.finalize())))
    }

    async fn accept(
        &self,
        incoming: &Path,
        stored_name: &str,
        uploaded_name: &str,
        size: u64,
        head: &[u8],
        sha256: String,
    ) -> Result<NewFile, Refused> {
        let refused = Refused::Problem(Problem::FileTypeNotAllowed);
        let kind = match sniff_head(head) {
            Head::Plain(kind) | Head::OpenDocument(kind) => kind,
            Head::Zip => office_kind_of(incoming, size).await.ok_or(refused)?,
            Head::Unknown => return Err(refused),
        };
        let original_name = safe_name(uploaded_name, kind)
            .map_err(|_| Refused::Problem(Problem::FileNameUnsafe))?;
        tokio::fs::rename(incoming, self.dir.join(stored_name))
            .await
            .map_err(|error| {
                tracing::error!(%error, "evidence file could not be stored");
                refused
            })?;
        Ok(NewFile {
            kind,
            original_name,
            stored_name: stored_name.to_owned(),
            size_bytes: i64::try_from(size).unwrap_or(i64::MAX),
            sha256,
        })
    }

    /// Deletes a stored file (when no report lists it any more).
    pub async fn delete(&self, stored_name: &str) {
        if let Some(path) = self.path(stored_name)
            && let Err(error) = tokio::fs::remove_file(&path).await
        {
            tracing::warn!(%error, stored_name, "evidence file could not be deleted");
        }
    }
}

/// Reads a zip's central directory from disk (bounded) and tells whether it is a Word or
/// Excel file.
async fn office_kind_of(path: &Path, size: u64) -> Option<FileKind> {
    let mut file = tokio::fs::File::open(path).await.ok()?;
    let tail_len = size.min(TAIL_BYTES);
    file.seek(std::io::SeekFrom::Start(size - tail_len))
        .await
        .ok()?;
    let mut tail = vec![0; usize::try_from(tail_len).ok()?];
    file.read_exact(&mut tail).await.ok()?;
    let (offset, len) = central_directory(&tail)?;
    if len > DIRECTORY_MAX || offset.checked_add(len)? > size {
        return None;
    }
    file.seek(std::io::SeekFrom::Start(offset)).await.ok()?;
    let mut directory = vec![0; usize::try_from(len).ok()?];
    file.read_exact(&mut directory).await.ok()?;
    office_kind(&zip_entry_names(&directory))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_the_storage_made_reach_the_disk() {
        let storage = Storage {
            dir: Arc::new(PathBuf::from("/srv/files")),
        };
        let name = random_name();
        assert!(storage.path(&name).is_some());
        assert_eq!(storage.path("../../etc/passwd"), None);
        assert_eq!(storage.path("ABCDEF0123456789ABCDEF0123456789"), None);
        assert_eq!(storage.path(""), None);
    }
}
