//! Reading an uploaded table — an XLSX workbook's first sheet (through `calamine`) or a CSV
//! file (UTF-8, comma or semicolon, as Excel and LibreOffice save it) — into rows of text cells,
//! each row keeping its number in the file so that a problem can name its cell (`C7`).
//! Dates become ISO dates and whole numbers lose their `.0`, so a cell reads the same whether
//! the file was typed in Excel, LibreOffice or a text editor.

use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

/// The most rows (headings included) one file may hold.
pub const MAX_ROWS: usize = 20_000;
/// The most columns a row may hold.
pub const MAX_COLUMNS: usize = 64;

/// A table read from a file: its headings and its rows below them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub headings: Vec<String>,
    pub rows: Vec<TableRow>,
}

/// A row below the headings, with its 1-based row number in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRow {
    pub number: usize,
    pub cells: Vec<String>,
}

impl TableRow {
    /// The trimmed text of column `index`, empty when the row is shorter.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map(|c| c.trim()).unwrap_or_default()
    }
}

/// Why a file could not be read as a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableError {
    /// Neither an XLSX workbook nor UTF-8 text.
    Unreadable,
    /// No headings row, or no row below it.
    Empty,
    /// More rows or columns than an import takes.
    TooLarge,
}

/// A cell's reference as a spreadsheet names it: column `index` (0-based) of row `number`
/// (1-based), e.g. `(2, 7)` → `C7`.
pub fn cell_reference(index: usize, number: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &number.to_string()
}

/// Reads `bytes` as XLSX when it is a zip archive, else as CSV.
pub fn read(bytes: &[u8]) -> Result<Table, TableError> {
    let rows = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)?
    } else {
        read_csv(bytes)?
    };
    into_table(rows)
}

fn into_table(rows: Vec<Vec<String>>) -> Result<Table, TableError> {
    if rows.len() > MAX_ROWS || rows.iter().any(|r| r.len() > MAX_COLUMNS) {
        return Err(TableError::TooLarge);
    }
    let mut numbered = rows
        .into_iter()
        .enumerate()
        .map(|(i, cells)| TableRow {
            number: i + 1,
            cells,
        })
        .filter(|row| row.cells.iter().any(|c| !c.trim().is_empty()));
    let headings = numbered.next().ok_or(TableError::Empty)?;
    let rows: Vec<TableRow> = numbered.collect();
    if rows.is_empty() {
        return Err(TableError::Empty);
    }
    Ok(Table {
        headings: headings
            .cells
            .into_iter()
            .map(|h| h.trim().to_owned())
            .collect(),
        rows,
    })
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, TableError> {
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|_| TableError::Unreadable)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(TableError::Empty)?
        .map_err(|_| TableError::Unreadable)?;
    // The range starts at the first used cell; rows above it and columns left of it are
    // empty, and the row numbers the user sees count them.
    let (top, left) = range.start().unwrap_or((0, 0));
    if range.height() > MAX_ROWS || range.width() + left as usize > MAX_COLUMNS {
        return Err(TableError::TooLarge);
    }
    let mut rows = vec![Vec::new(); top as usize];
    for row in range.rows() {
        let mut cells = vec![String::new(); left as usize];
        cells.extend(row.iter().map(cell_text));
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        rows.push(cells);
    }
    Ok(rows)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(at) => excel_date(at.as_f64()).unwrap_or_else(|| at.as_f64().to_string()),
    }
}

/// An Excel serial day (1900 system, 1 = 1900-01-01, with its phantom 29 February 1900)
/// as an ISO date; the time of day is dropped.
fn excel_date(serial: f64) -> Option<String> {
    let days = serial.floor() as i64;
    if !(1..=2_958_465).contains(&days) {
        return None;
    }
    // Serial 60 is the phantom 1900-02-29; from 61 on, day 0 is 1899-12-30.
    let base = time::macros::date!(1899 - 12 - 30);
    let date = if days < 60 {
        base.checked_add(time::Duration::days(days + 1))?
    } else {
        base.checked_add(time::Duration::days(days))?
    };
    Some(crate::domain::tasks::inputs::date_to_iso(date))
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, TableError> {
    let text = std::str::from_utf8(bytes).map_err(|_| TableError::Unreadable)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\0') {
        return Err(TableError::Unreadable);
    }
    // Excel in Kyrgyz and Russian saves with semicolons: the first line says which.
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    // A row is numbered by the line it starts on, as a text editor shows it (the reader skips
    // blank lines, which a spreadsheet shows as empty rows): counted from its byte offset.
    let (mut line, mut counted) = (1, 0);
    for record in reader.records() {
        let record = record.map_err(|_| TableError::Unreadable)?;
        // The position is where the reader began, before the blank lines it skipped.
        let mut start = record.position().map_or(counted, |p| p.byte() as usize);
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        line += text.as_bytes()[counted..start.max(counted)]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        counted = start.max(counted);
        if line > MAX_ROWS {
            return Err(TableError::TooLarge);
        }
        rows.resize(line - 1, Vec::new());
        rows.push(record.iter().map(str::to_owned).collect());
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        assert_eq!(cell_reference(0, 1), "A1");
        assert_eq!(cell_reference(2, 7), "C7");
        assert_eq!(cell_reference(25, 2), "Z2");
        assert_eq!(cell_reference(26, 2), "AA2");
        assert_eq!(cell_reference(51, 3), "AZ3");
        assert_eq!(cell_reference(52, 3), "BA3");
    }

    #[test]
    fn csv_with_commas_semicolons_quotes_and_a_byte_order_mark() {
        let comma = read("\u{feff}name,email\n\"Асанова, Айгүл\",a@example.kg\n".as_bytes())
            .expect("table");
        assert_eq!(comma.headings, ["name", "email"]);
        assert_eq!(comma.rows[0].cells, ["Асанова, Айгүл", "a@example.kg"]);
        assert_eq!(comma.rows[0].number, 2);
        let semicolon = read("name;email\n\nАсан;b@example.kg\n".as_bytes()).expect("table");
        assert_eq!(semicolon.rows[0].cells, ["Асан", "b@example.kg"]);
        assert_eq!(semicolon.rows[0].number, 3, "a blank line still counts");
        assert_eq!(semicolon.rows[0].cell(5), "", "a short row reads empty");
    }

    #[test]
    fn what_is_not_a_table_is_refused() {
        assert_eq!(read(b"\xff\xfe\x00n"), Err(TableError::Unreadable));
        assert_eq!(read(b"name,email\n"), Err(TableError::Empty));
        assert_eq!(read(b""), Err(TableError::Empty));
        assert_eq!(read(b"PK\x03\x04broken"), Err(TableError::Unreadable));
        let wide = format!("{}\n1\n", vec!["h"; MAX_COLUMNS + 1].join(","));
        assert_eq!(read(wide.as_bytes()), Err(TableError::TooLarge));
    }

    #[test]
    fn excel_days_are_iso_dates() {
        assert_eq!(excel_date(1.0).as_deref(), Some("1900-01-01"));
        assert_eq!(excel_date(61.0).as_deref(), Some("1900-03-01"));
        assert_eq!(excel_date(46_387.75).as_deref(), Some("2026-12-31"));
        assert_eq!(excel_date(0.0), None);
    }

    /// The same table typed as CSV and saved by LibreOffice as XLSX
    /// (`server/tests/fixtures/imports/README.md` says how).
    #[test]
    fn libreoffice_reads_as_the_csv_it_was_made_from() {
        let csv = read(include_bytes!(
            "../../../server/tests/fixtures/imports/organizations.csv"
        ))
        .expect("csv");
        let xlsx = read(include_bytes!(
            "../../../server/tests/fixtures/imports/organizations-libreoffice.xlsx"
        ))
        .expect("xlsx");
        assert_eq!(
            csv.headings,
            ["code", "name_ky", "name_ru", "deadline", "target"]
        );
        assert_eq!(xlsx.headings, csv.headings);
        assert_eq!(
            csv.rows[0].cells,
            [
                "KG02205805000",
                "Ак-Булуң айыл өкмөтү",
                "Айыл окмоту Ак-Булун; Ысык-Көл",
                "31.12.2026",
                "12"
            ]
        );
        assert_eq!(xlsx.rows[0].cells, csv.rows[0].cells);
        assert_eq!(
            (csv.rows[1].number, xlsx.rows[1].number),
            (4, 4),
            "the blank line is row 3"
        );
        assert_eq!(
            csv.rows[1].cells,
            ["", "Жаштар", "Молодёжь", "2027-01-15", "2,5"]
        );
        assert_eq!(
            xlsx.rows[1].cells, csv.rows[1].cells,
            "a date cell reads as ISO"
        );
    }

    #[test]
    fn an_xlsx_workbook_reads_like_its_csv() {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        let date = Format::new().set_num_format("dd.mm.yyyy");
        sheet.write_string(0, 1, "number").expect("cell");
        sheet.write_string(0, 2, "deadline").expect("cell");
        sheet.write_string(0, 3, "name").expect("cell");
        sheet.write_number(2, 1, 12.0).expect("cell");
        sheet
            .write_datetime_with_format(
                2,
                2,
                ExcelDateTime::from_ymd(2026, 12, 31).expect("date"),
                &date,
            )
            .expect("cell");
        sheet.write_string(2, 3, "Ак-Булуң").expect("cell");
        sheet.write_number(3, 1, 2.5).expect("cell");
        let bytes = workbook.save_to_buffer().expect("xlsx");
        let table = read(&bytes).expect("table");
        assert_eq!(table.headings, ["", "number", "deadline", "name"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].number, 3);
        assert_eq!(table.rows[0].cells, ["", "12", "2026-12-31", "Ак-Булуң"]);
        assert_eq!(table.rows[1].cells, ["", "2.5"]);
    }
}
