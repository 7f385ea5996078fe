//! The export service: the rows of a data set for the dashboard's current selection, as the
//! caller may see them, written as CSV or XLSX while they stream from the database. Neither
//! format holds the whole export in memory: CSV goes out in chunks as rows arrive; XLSX rows
//! go to a temporary file (the writer's constant-memory mode) and the zipped workbook is
//! streamed out as it is packed.

use super::dashboard::resolve;
use super::db::{self, dashboard::Selection, export::Column};
use super::state::AppState;
use super::today;
use crate::domain::{
    dashboard::export::{CSV_BOM, Cell, Dataset, Format, Raw, download_name, write_csv_row},
    dashboard::figures::DashboardFilter,
    policy::{Permit, Scope},
};
use crate::error::AppError;
use crate::i18n::{Lang, Texts};
use bytes::Bytes;
use std::io;
use time::{Date, macros::date};
use tokio::sync::mpsc;

/// How many bytes are gathered before a chunk is sent.
const CHUNK: usize = 64 * 1024;
/// How many chunks may wait for the client.
const BUFFERED_CHUNKS: usize = 8;

/// A file on its way out: its name, media type and the chunks of its content. An error in a
/// chunk means the file was cut short.
pub struct Download {
    pub file_name: String,
    pub media_type: &'static str,
    pub chunks: mpsc::Receiver<Result<Bytes, io::Error>>,
}

/// The export of `dataset` for the holder of a permit for [`Dataset::action`]: the
/// dashboard's data sets if the policy lets them export (the public and observers see
/// published aggregates only), the early-warning system's as far as they see signals or cases.
pub async fn export(
    state: &AppState,
    permit: &Permit,
    filter: &DashboardFilter,
    dataset: Dataset,
    format: Format,
    lang: Lang,
) -> Result<Download, AppError> {
    if permit.action() != dataset.action() {
        return Err(AppError::Forbidden);
    }
    let selection = if dataset.is_early_warning() {
        warning_selection(permit, filter)?
    } else if permit.may_export() {
        resolve(state, permit.scope(), filter).await?.selection
    } else {
        return Err(AppError::Forbidden);
    };
    let file_name = download_name(dataset, format, selection.from, selection.to);
    let columns = db::export::columns(dataset, lang, state.db.backend());
    let rows = db::export::rows(state.db.clone(), dataset, selection, lang);
    let t = lang.texts();
    let (sender, chunks) = mpsc::channel(BUFFERED_CHUNKS);
    match format {
        Format::Csv => {
            tokio::spawn(write_csv(columns, rows, t, sender));
        }
        Format::Xlsx => {
            let sheet = sheet_name(dataset, t);
            tokio::task::spawn_blocking(move || write_xlsx(columns, rows, t, &sheet, sender));
        }
    }
    Ok(Download {
        file_name,
        media_type: format.media_type(),
        chunks,
    })
}

/// The first day the early-warning exports cover unless asked for a later one.
const WARNING_RECORDS_FROM: Date = date!(2000 - 01 - 01);

/// What an early-warning export covers: the days asked for (every year on record up to today
/// when not), the region, and the caller's organisation unless they see everything.
fn warning_selection(permit: &Permit, filter: &DashboardFilter) -> Result<Selection, AppError> {
    let today = today();
    let organization = match permit.scope() {
        Scope::All => None,
        Scope::Organization(own) => Some(own),
        _ => return Err(AppError::Forbidden),
    };
    let (from, to) = match (filter.from, filter.to) {
        (Some(a), Some(b)) if b < a => (b, a),
        (from, to) => (from.unwrap_or(WARNING_RECORDS_FROM), to.unwrap_or(today)),
    };
    Ok(Selection {
        from,
        to,
        today,
        region_code: filter.region_code.clone(),
        kind: None,
        category: None,
        objective_bit: None,
        organization,
        published: false,
    })
}

/// The worksheet's name: what the data set is called in the export's language.
fn sheet_name(dataset: Dataset, t: &Texts) -> String {
    match dataset {
        Dataset::Tasks => t.export.tasks,
        Dataset::Reports => t.export.reports,
        Dataset::Activities => t.export.activities,
        Dataset::Indicators => t.export.indicator_values,
        Dataset::Signals => t.warning.signals_title,
        Dataset::Cases => t.warning.cases_title,
    }
    .to_owned()
}

fn cells(columns: &[Column], raw: Vec<Raw>, t: &Texts) -> Vec<Cell> {
    columns
        .iter()
        .zip(raw)
        .map(|(column, value)| column.kind.cell(value, t))
        .collect()
}

fn failure(error: impl std::fmt::Display) -> io::Error {
    tracing::error!(%error, "export cut short");
    io::Error::other("export failed")
}

async fn write_csv(
    columns: Vec<Column>,
    mut rows: mpsc::Receiver<Result<Vec<Raw>, sqlx::Error>>,
    t: &'static Texts,
    sender: mpsc::Sender<Result<Bytes, io::Error>>,
) {
    let mut buffer = String::with_capacity(CHUNK + 4096);
    buffer.push_str(CSV_BOM);
    let headings: Vec<Cell> = columns
        .iter()
        .map(|c| Cell::Text((c.heading)(t).to_owned()))
        .collect();
    write_csv_row(&headings, &mut buffer);
    while let Some(row) = rows.recv().await {
        match row {
            Ok(raw) => write_csv_row(&cells(&columns, raw, t), &mut buffer),
            Err(error) => {
                let _ = sender.send(Err(failure(error))).await;
                return;
            }
        }
        if buffer.len() >= CHUNK {
            let chunk = Bytes::from(std::mem::take(&mut buffer));
            if sender.send(Ok(chunk)).await.is_err() {
                return; // The client went away; dropping `rows` stops the query.
            }
            buffer.reserve(CHUNK + 4096);
        }
    }
    if !buffer.is_empty() {
        let _ = sender.send(Ok(Bytes::from(buffer))).await;
    }
}

/// Sends what the XLSX writer packs, in chunks, to the response.
struct ChunkWriter {
    buffer: Vec<u8>,
    sender: mpsc::Sender<Result<Bytes, io::Error>>,
}

impl ChunkWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK),
        ));
        self.sender
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

impl io::Write for ChunkWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

/// Writes the workbook on a blocking thread: rows into a constant-memory worksheet (kept in
/// a temporary file), then the packed file out through `sender`.
fn write_xlsx(
    columns: Vec<Column>,
    mut rows: mpsc::Receiver<Result<Vec<Raw>, sqlx::Error>>,
    t: &'static Texts,
    sheet: &str,
    sender: mpsc::Sender<Result<Bytes, io::Error>>,
) {
    use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook, XlsxError};
    let result = (|| -> Result<(), XlsxError> {
        let mut workbook = Workbook::new();
        let bold = CellFormat::new().set_bold();
        let day = CellFormat::new().set_num_format("yyyy-mm-dd");
        let worksheet = workbook.add_worksheet_with_constant_memory()?;
        worksheet.set_name(sheet)?;
        for (i, column) in columns.iter().enumerate() {
            let heading = (column.heading)(t);
            let width = heading.chars().count().clamp(8, 40) as f64 + 2.0;
            worksheet.set_column_width(i as u16, width)?;
            worksheet.write_string_with_format(0, i as u16, heading, &bold)?;
        }
        worksheet.set_freeze_panes(1, 0)?;
        let mut row_number: u32 = 1;
        while let Some(row) = rows.blocking_recv() {
            let raw = row.map_err(|e| XlsxError::CustomError(e.to_string()))?;
            for (i, cell) in cells(&columns, raw, t).into_iter().enumerate() {
                let col = i as u16;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(text) => {
                        worksheet.write_string(row_number, col, text)?;
                    }
                    Cell::Int(n) => {
                        worksheet.write_number(row_number, col, n as f64)?;
                    }
                    Cell::Number(x) => {
                        worksheet.write_number(row_number, col, x)?;
                    }
                    Cell::Date(d) => {
                        let date =
                            ExcelDateTime::from_ymd(d.year() as u16, u8::from(d.month()), d.day())?;
                        worksheet.write_datetime_with_format(row_number, col, &date, &day)?;
                    }
                }
            }
            row_number += 1;
        }
        let mut out = ChunkWriter {
            buffer: Vec::with_capacity(CHUNK),
            sender: sender.clone(),
        };
        workbook.save_to_writer(&mut out)?;
        out.send().map_err(XlsxError::IoError)
    })();
    match result {
        Ok(()) => {}
        // The client went away: nothing is wrong with the export.
        Err(_) if sender.is_closed() => tracing::debug!("export abandoned by the client"),
        Err(error) => {
            let _ = sender.blocking_send(Err(failure(error)));
        }
    }
}
