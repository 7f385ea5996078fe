//! Evidence files: which kinds are accepted, how a file's kind is told from its content (never
//! from its name), and the names files are offered under. No I/O: the server hands in the
//! first bytes and the zip central directory it read.

use serde::{Deserialize, Serialize};

/// The largest evidence file, in bytes (10 MB).
pub const MAX_BYTES: u64 = 10 * 1024 * 1024;
/// The most files one report may carry.
pub const MAX_FILES: usize = 20;
/// How many evidence files an early-warning case may hold: several stages, several bodies.
pub const MAX_CASE_FILES: usize = 60;
/// How many leading bytes [`sniff_head`] reads: enough for an OpenDocument file's 30-byte
/// zip header, its `mimetype` entry name, an extra field and the longest media type it names.
pub const HEAD_BYTES: usize = 256;

/// The kinds of evidence accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
    Docx,
    Xlsx,
    Odt,
    Ods,
}

impl FileKind {
    pub const ALL: [FileKind; 7] = [
        FileKind::Pdf,
        FileKind::Jpeg,
        FileKind::Png,
        FileKind::Docx,
        FileKind::Xlsx,
        FileKind::Odt,
        FileKind::Ods,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Jpeg => "jpeg",
            FileKind::Png => "png",
            FileKind::Docx => "docx",
            FileKind::Xlsx => "xlsx",
            FileKind::Odt => "odt",
            FileKind::Ods => "ods",
        }
    }

    pub fn parse(s: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The extension a download is named with.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Jpeg => "jpg",
            other => other.as_str(),
        }
    }

    /// The media type a download is served with.
    pub fn media_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Odt => "application/vnd.oasis.opendocument.text",
            FileKind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
        }
    }

    /// What the `accept` attribute of a file input lists.
    pub const ACCEPT: &'static str = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt,.ods";
}

/// What the first bytes of a file say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Head {
    /// One of the kinds that needs nothing more.
    Plain(FileKind),
    /// An OpenDocument file: its first zip entry is the stored `mimetype` naming the kind.
    OpenDocument(FileKind),
    /// Some other zip archive: its entry names decide (an Office Open XML file, or nothing).
    Zip,
    /// Anything else (an executable, a script, HTML…): refused.
    Unknown,
}

const ODT_MIME: &[u8] = b"application/vnd.oasis.opendocument.text";
const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// Reads a file's first bytes (at least [`HEAD_BYTES`] when the file is that long).
pub fn sniff_head(head: &[u8]) -> Head {
    if head.starts_with(b"%PDF-") {
        Head::Plain(FileKind::Pdf)
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Head::Plain(FileKind::Jpeg)
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Head::Plain(FileKind::Png)
    } else if head.starts_with(b"PK\x03\x04") && head.len() >= 30 {
        // A local file header is 30 bytes, then the name, then (when stored) the content.
        let name_len = usize::from(u16::from_le_bytes([head[26], head[27]]));
        let extra_len = usize::from(u16::from_le_bytes([head[28], head[29]]));
        let content = 30 + name_len + extra_len;
        if head.get(30..30 + name_len) == Some(b"mimetype") {
            let rest = head.get(content..).unwrap_or_default();
            // The spreadsheet type is the longer one and shares no prefix issue with text.
            if rest.starts_with(ODS_MIME) {
                return Head::OpenDocument(FileKind::Ods);
            }
            if rest.starts_with(ODT_MIME) {
                return Head::OpenDocument(FileKind::Odt);
            }
        }
        Head::Zip
    } else if head.starts_with(b"PK\x03\x04") {
        Head::Zip
    } else {
        Head::Unknown
    }
}

/// Where a zip's central directory lies, read from the end-of-central-directory record in the
/// file's last bytes: `(offset, size)`.
pub fn central_directory(tail: &[u8]) -> Option<(u64, u64)> {
    let at = tail.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let record = tail.get(at..at + 22)?;
    let size = u32::from_le_bytes([record[12], record[13], record[14], record[15]]);
    let offset = u32::from_le_bytes([record[16], record[17], record[18], record[19]]);
    Some((u64::from(offset), u64::from(size)))
}

/// The entry names listed in a zip's central directory.
pub fn zip_entry_names(directory: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut at = 0;
    while let Some(header) = directory.get(at..at + 46) {
        if &header[..4] != b"PK\x01\x02" {
            break;
        }
        let len = |i: usize| usize::from(u16::from_le_bytes([header[i], header[i + 1]]));
        let (name_len, extra_len, comment_len) = (len(28), len(30), len(32));
        let Some(name) = directory.get(at + 46..at + 46 + name_len) else {
            break;
        };
        names.push(String::from_utf8_lossy(name).into_owned());
        at += 46 + name_len + extra_len + comment_len;
    }
    names
}

/// The Office Open XML kind a zip's entries make it, if any.
pub fn office_kind(names: &[String]) -> Option<FileKind> {
    let has = |n: &str| names.iter().any(|name| name == n);
    if !has("[Content_Types].xml") {
        return None;
    }
    if has("word/document.xml") {
        Some(FileKind::Docx)
    } else if has("xl/workbook.xml") {
        Some(FileKind::Xlsx)
    } else {
        None
    }
}

/// The longest name a file is kept under, in characters.
pub const NAME_MAX: usize = 120;

/// Why a file name is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameProblem {
    /// It names a path (`/`, `\`, `..`): browsers send bare names, so this is a crafted request.
    Path,
}

/// The name a file is listed and downloaded under: the uploaded name without control or
/// quoting characters, shortened, ending in the extension of the kind its content shows.
/// Names that try to reach another folder are refused.
pub fn safe_name(uploaded: &str, kind: FileKind) -> Result<String, NameProblem> {
    let uploaded = uploaded.trim();
    if uploaded.contains(['/', '\\']) || uploaded == ".." || uploaded.contains("../") {
        return Err(NameProblem::Path);
    }
    let cleaned: String = uploaded
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ':' | '|' | '?' | '*' | ';'))
        .collect();
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, _)) => stem,
        None => cleaned.as_str(),
    };
    let stem: String = stem
        .trim_matches(['.', ' '])
        .chars()
        .take(NAME_MAX - 6)
        .collect();
    let stem = if stem.is_empty() {
        "evidence".to_owned()
    } else {
        stem
    };
    Ok(format!("{stem}.{}", kind.extension()))
}

/// The `Content-Disposition` value offering `name` as a download: an ASCII fallback and the
/// exact name percent-encoded (RFC 6266 and 5987).
pub fn attachment_header(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .filter(|c| !matches!(c, '"' | '\\'))
        .collect();
    let encoded = super::filters::encode(name);
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local_header(name: &[u8], content: &[u8]) -> Vec<u8> {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend([0u8; 22]);
        bytes.extend((name.len() as u16).to_le_bytes());
        bytes.extend(0u16.to_le_bytes());
        bytes.extend(name);
        bytes.extend(content);
        bytes
    }

    fn central(names: &[&str]) -> Vec<u8> {
        let mut dir = Vec::new();
        for name in names {
            dir.extend(b"PK\x01\x02");
            dir.extend([0u8; 24]);
            dir.extend((name.len() as u16).to_le_bytes());
            dir.extend([0u8; 16]);
            dir.extend(name.as_bytes());
        }
        dir
    }

    #[test]
    fn kinds_are_told_from_the_first_bytes() {
        assert_eq!(sniff_head(b"%PDF-1.7\n..."), Head::Plain(FileKind::Pdf));
        assert_eq!(
            sniff_head(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            Head::Plain(FileKind::Jpeg)
        );
        assert_eq!(
            sniff_head(b"\x89PNG\r\n\x1a\n\0\0"),
            Head::Plain(FileKind::Png)
        );
        assert_eq!(sniff_head(b"MZ\x90\0 a Windows executable"), Head::Unknown);
        assert_eq!(sniff_head(b"\x7fELF\x02\x01"), Head::Unknown);
        assert_eq!(sniff_head(b"<html><script>"), Head::Unknown);
        assert_eq!(sniff_head(b""), Head::Unknown);
        // The server hands in at most HEAD_BYTES: the media type must fit within them.
        let head = |bytes: &[u8]| bytes[..bytes.len().min(HEAD_BYTES)].to_vec();
        let mut odt = local_header(b"mimetype", ODT_MIME);
        odt.extend(b"PK\x03\x04 the next entry, content.xml, follows");
        assert_eq!(sniff_head(&head(&odt)), Head::OpenDocument(FileKind::Odt));
        let mut ods = local_header(b"mimetype", ODS_MIME);
        ods.extend([0u8; 300]);
        assert_eq!(sniff_head(&head(&ods)), Head::OpenDocument(FileKind::Ods));
        assert_eq!(
            sniff_head(&local_header(b"[Content_Types].xml", b"<")),
            Head::Zip
        );
        assert_eq!(
            sniff_head(b"PK\x03\x04short"),
            Head::Zip,
            "short heads do not panic"
        );
    }

    #[test]
    fn office_files_are_told_from_their_entries() {
        let docx = zip_entry_names(&central(&[
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
        ]));
        assert_eq!(office_kind(&docx), Some(FileKind::Docx));
        let xlsx = zip_entry_names(&central(&["[Content_Types].xml", "xl/workbook.xml"]));
        assert_eq!(office_kind(&xlsx), Some(FileKind::Xlsx));
        let jar = zip_entry_names(&central(&["META-INF/MANIFEST.MF", "Main.class"]));
        assert_eq!(office_kind(&jar), None);
        assert_eq!(
            zip_entry_names(b"PK\x01\x02truncated"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn the_central_directory_is_found_from_the_tail() {
        let mut tail = vec![0u8; 10];
        tail.extend(b"PK\x05\x06");
        tail.extend([0u8; 8]);
        tail.extend(300u32.to_le_bytes());
        tail.extend(1000u32.to_le_bytes());
        tail.extend([0u8; 2]);
        assert_eq!(central_directory(&tail), Some((1000, 300)));
        assert_eq!(central_directory(b"no record here"), None);
    }

    #[test]
    fn names_are_made_safe_and_follow_the_content() {
        assert_eq!(
            safe_name("Отчёт Q3.pdf", FileKind::Pdf),
            Ok("Отчёт Q3.pdf".into())
        );
        assert_eq!(
            safe_name("photo.exe", FileKind::Png),
            Ok("photo.png".into())
        );
        assert_eq!(
            safe_name("a\"b<c>\u{7}.jpeg", FileKind::Jpeg),
            Ok("abc.jpg".into())
        );
        assert_eq!(safe_name("   ", FileKind::Pdf), Ok("evidence.pdf".into()));
        assert_eq!(
            safe_name(".hidden", FileKind::Pdf),
            Ok("evidence.pdf".into())
        );
        assert_eq!(
            safe_name("../../etc/passwd.pdf", FileKind::Pdf),
            Err(NameProblem::Path)
        );
        assert_eq!(
            safe_name("..\\boot.ini.pdf", FileKind::Pdf),
            Err(NameProblem::Path)
        );
        assert_eq!(safe_name("..", FileKind::Pdf), Err(NameProblem::Path));
        let long = "я".repeat(500) + ".pdf";
        assert!(
            safe_name(&long, FileKind::Pdf)
                .expect("shortened")
                .chars()
                .count()
                <= NAME_MAX
        );
    }

    #[test]
    fn downloads_are_attachments_with_both_name_forms() {
        let header = attachment_header("Отчёт \"1\".pdf");
        assert!(
            header.starts_with("attachment; filename=\"_____ 1.pdf\""),
            "{header}"
        );
        assert!(header.contains("filename*=UTF-8''%D0%9E"), "{header}");
    }
}
