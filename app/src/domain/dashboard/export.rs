//! Exports as spreadsheets: which data sets there are (the dashboard's four, and the
//! early-warning system's signals and cases for the report to UNODC), the two file formats, the cells a row is made of, and how a row is written as CSV (RFC 4180,
//! with cells that a spreadsheet would run as a formula made harmless).

use crate::domain::activities::kinds::{ActivityStatus, ActivityType};
use crate::domain::dashboard::figures::codes_in;
use crate::domain::early_warning::kinds::{
    AmountUnit, Measure, RiskLevel, SeenForm, SignalSource, Stage,
};
use crate::domain::indicators::catalogue::ValueStatus;
use crate::domain::policy::Action;
use crate::domain::reports::workflow::ReportStatus;
use crate::domain::roles::OrgKind;
use crate::domain::substances::kinds::{ChemicalGroup, NationalList};
use crate::domain::tasks::fields::{Category, Coverage, Priority};
use crate::domain::tasks::inputs::{date_to_iso, parse_date};
use crate::domain::tasks::workflow::Status;
use crate::i18n::Texts;
use time::Date;

/// What can be exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dataset {
    Tasks,
    Reports,
    Activities,
    Indicators,
    /// The early-warning system's signals.
    Signals,
    /// The early-warning system's cases.
    Cases,
}

impl Dataset {
    pub const ALL: [Dataset; 6] = [
        Dataset::Tasks,
        Dataset::Reports,
        Dataset::Activities,
        Dataset::Indicators,
        Dataset::Signals,
        Dataset::Cases,
    ];

    /// The data sets the dashboard offers for its selection.
    pub const DASHBOARD: [Dataset; 4] = [
        Dataset::Tasks,
        Dataset::Reports,
        Dataset::Activities,
        Dataset::Indicators,
    ];

    /// What the policy must allow the caller for this export.
    pub fn action(self) -> Action {
        match self {
            Dataset::Signals => Action::ViewSignals,
            Dataset::Cases => Action::ViewCases,
            _ => Action::ViewDashboard,
        }
    }

    /// Whether the export is the early-warning system's, which covers every year rather than
    /// the dashboard's reporting periods.
    pub fn is_early_warning(self) -> bool {
        matches!(self, Dataset::Signals | Dataset::Cases)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Dataset::Tasks => "tasks",
            Dataset::Reports => "reports",
            Dataset::Activities => "activities",
            Dataset::Indicators => "indicators",
            Dataset::Signals => "signals",
            Dataset::Cases => "cases",
        }
    }
}

/// The file format of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::Csv, Format::Xlsx];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// Reads an export's file name, such as `tasks.csv`.
pub fn parse_file(name: &str) -> Option<(Dataset, Format)> {
    let (stem, extension) = name.rsplit_once('.')?;
    let dataset = Dataset::ALL.into_iter().find(|d| d.as_str() == stem)?;
    let format = Format::ALL
        .into_iter()
        .find(|f| f.extension() == extension)?;
    Some((dataset, format))
}

/// The name a downloaded export is saved under: what it holds and the days it covers.
pub fn download_name(dataset: Dataset, format: Format, from: Date, to: Date) -> String {
    format!(
        "concord-{}-{}-{}.{}",
        dataset.as_str(),
        date_to_iso(from),
        date_to_iso(to),
        format.extension()
    )
}

/// One cell of an exported row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Number(f64),
    Date(Date),
}

/// A value as the database gave it.
#[derive(Clone, Debug, PartialEq)]
pub enum Raw {
    Null,
    Text(String),
    Int(i64),
    Real(f64),
}

/// What a column holds, and so how its database value becomes a cell: codes of closed lists
/// become their label in the export's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int,
    Number,
    /// A `YYYY-MM-DD` text.
    Date,
    /// 0 or 1, written as yes or no.
    Flag,
    /// A concept mask, written as its codes (`D2 G3 O7`).
    Concept,
    Category,
    Status,
    /// A task's priority rank (1–4).
    Priority,
    OrgKind,
    Coverage,
    ReportStatus,
    ActivityType,
    ActivityStatus,
    ValueStatus,
    /// `female`, `male` or empty.
    Sex,
    /// `under_18`, `18_29`, `30_49`, `50_plus` or empty.
    AgeGroup,
    SignalSource,
    SeenForm,
    AmountUnit,
    Stage,
    RiskLevel,
    Measure,
    NationalList,
    ChemicalGroup,
}

impl Kind {
    /// The cell for a database value. A code the lists do not know is written as it is.
    pub fn cell(self, raw: Raw, t: &Texts) -> Cell {
        let text = match raw {
            Raw::Null => return Cell::Empty,
            Raw::Int(n) => return self.int_cell(n, t),
            Raw::Real(x) => return Cell::Number(x),
            Raw::Text(text) => text,
        };
        let e = t.export;
        let label = match self {
            Kind::Text => None,
            Kind::Int => return text.parse().map(Cell::Int).unwrap_or(Cell::Text(text)),
            Kind::Number => return text.parse().map(Cell::Number).unwrap_or(Cell::Text(text)),
            Kind::Date => {
                return parse_date(&text)
                    .map(Cell::Date)
                    .unwrap_or(Cell::Text(text));
            }
            Kind::Flag | Kind::Concept | Kind::Priority => None,
            Kind::Category => Category::parse(&text).map(|v| v.label(t)),
            Kind::Status => Status::parse(&text).map(|v| v.label(t)),
            Kind::OrgKind => OrgKind::parse(&text).map(|v| v.label(t)),
            Kind::Coverage => Coverage::parse(&text).map(|v| v.label(t)),
            Kind::ReportStatus => ReportStatus::parse(&text).map(|v| v.label(t)),
            Kind::ActivityType => ActivityType::parse(&text).map(|v| v.label(t)),
            Kind::ActivityStatus => ActivityStatus::parse(&text).map(|v| v.label(t)),
            Kind::ValueStatus => ValueStatus::parse(&text).map(|v| v.label(t)),
            Kind::SignalSource => SignalSource::parse(&text).map(|v| v.label(t)),
            Kind::SeenForm => SeenForm::parse(&text).map(|v| v.label(t)),
            Kind::AmountUnit => AmountUnit::parse(&text).map(|v| v.label(t)),
            Kind::Stage => Stage::parse(&text).map(|v| v.label(t)),
            Kind::RiskLevel => RiskLevel::parse(&text).map(|v| v.label(t)),
            Kind::Measure => Measure::parse(&text).map(|v| v.label(t)),
            Kind::NationalList => NationalList::parse(&text).map(|v| v.label(t)),
            Kind::ChemicalGroup => ChemicalGroup::parse(&text).map(|v| v.label(t)),
            Kind::Sex => match text.as_str() {
                "female" => Some(e.female),
                "male" => Some(e.male),
                _ => None,
            },
            Kind::AgeGroup => match text.as_str() {
                "under_18" => Some(e.age_under_18),
                "18_29" => Some(e.age_18_29),
                "30_49" => Some(e.age_30_49),
                "50_plus" => Some(e.age_50_plus),
                _ => None,
            },
        };
        match label {
            Some(label) => Cell::Text(label.to_owned()),
            None if text.is_empty() => Cell::Empty,
            None => Cell::Text(text),
        }
    }

    fn int_cell(self, n: i64, t: &Texts) -> Cell {
        match self {
            Kind::Flag => Cell::Text(if n != 0 { t.export.yes } else { t.export.no }.to_owned()),
            Kind::Concept => Cell::Text(codes_in(n).collect::<Vec<_>>().join(" ")),
            Kind::Priority => match Priority::from_rank(n) {
                Some(p) => Cell::Text(p.label(t).to_owned()),
                None => Cell::Int(n),
            },
            Kind::Number => Cell::Number(n as f64),
            _ => Cell::Int(n),
        }
    }
}

/// The byte-order mark that makes spreadsheet programs read a CSV file as UTF-8.
pub const CSV_BOM: &str = "\u{feff}";

/// Appends one row as a CSV line (comma-separated, CRLF-terminated).
pub fn write_csv_row(cells: &[Cell], out: &mut String) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match cell {
            Cell::Empty => {}
            Cell::Text(text) => write_csv_text(text, out),
            Cell::Int(n) => out.push_str(&n.to_string()),
            Cell::Number(x) => out.push_str(&number_text(*x)),
            Cell::Date(d) => out.push_str(&date_to_iso(*d)),
        }
    }
    out.push_str("\r\n");
}

/// A number as plain decimal text, without a needless `.0`.
pub fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Text quoted when it must be. Text a spreadsheet would take for a formula (`=`, `+`, `-`,
/// `@`, tab or carriage return first) gets a leading apostrophe, so opening an export never
/// runs what someone typed into a title.
fn write_csv_text(text: &str, out: &mut String) {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&guarded.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&guarded);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn line(cells: &[Cell]) -> String {
        let mut out = String::new();
        write_csv_row(cells, &mut out);
        out
    }

    #[test]
    fn plain_cells_are_written_as_they_are() {
        assert_eq!(
            line(&[
                Cell::Int(42),
                Cell::Text("Бишкек".into()),
                Cell::Empty,
                Cell::Number(2.5),
                Cell::Number(3.0),
                Cell::Date(date!(2026 - 03 - 31)),
            ]),
            "42,Бишкек,,2.5,3,2026-03-31\r\n"
        );
    }

    #[test]
    fn separators_quotes_and_line_breaks_are_quoted() {
        assert_eq!(
            line(&[Cell::Text("a, b".into()), Cell::Text("say \"hi\"".into())]),
            "\"a, b\",\"say \"\"hi\"\"\"\r\n"
        );
        assert_eq!(line(&[Cell::Text("one\ntwo".into())]), "\"one\ntwo\"\r\n");
    }

    #[test]
    fn text_that_looks_like_a_formula_is_disarmed() {
        assert_eq!(
            line(&[Cell::Text("=HYPERLINK(\"x\")".into())]),
            "\"'=HYPERLINK(\"\"x\"\")\"\r\n"
        );
        assert_eq!(line(&[Cell::Text("-1".into())]), "'-1\r\n");
        assert_eq!(line(&[Cell::Int(-1)]), "-1\r\n");
    }

    #[test]
    fn database_values_become_labelled_cells() {
        let t = crate::i18n::Lang::En.texts();
        assert_eq!(Kind::Flag.cell(Raw::Int(1), t), Cell::Text("yes".into()));
        assert_eq!(Kind::Flag.cell(Raw::Int(0), t), Cell::Text("no".into()));
        assert_eq!(
            Kind::Concept.cell(Raw::Int(8192 + 1024 + 64), t),
            Cell::Text("D2 G2 O7".into())
        );
        assert_eq!(
            Kind::Date.cell(Raw::Text("2026-03-31".into()), t),
            Cell::Date(date!(2026 - 03 - 31))
        );
        assert_eq!(
            Kind::Status.cell(Raw::Text("verified".into()), t),
            Cell::Text(
                crate::domain::tasks::workflow::Status::Verified
                    .label(t)
                    .into()
            )
        );
        assert_eq!(Kind::Sex.cell(Raw::Text(String::new()), t), Cell::Empty);
        assert_eq!(Kind::Text.cell(Raw::Null, t), Cell::Empty);
        assert_eq!(Kind::Number.cell(Raw::Int(3), t), Cell::Number(3.0));
        let ru = crate::i18n::Lang::Ru.texts();
        assert_eq!(
            Kind::AgeGroup.cell(Raw::Text("50_plus".into()), ru),
            Cell::Text("50 и старше".into())
        );
    }

    #[test]
    fn file_names_parse_strictly() {
        assert_eq!(parse_file("tasks.csv"), Some((Dataset::Tasks, Format::Csv)));
        assert_eq!(
            parse_file("indicators.xlsx"),
            Some((Dataset::Indicators, Format::Xlsx))
        );
        assert_eq!(parse_file("tasks.pdf"), None);
        assert_eq!(parse_file("users.csv"), None);
        assert_eq!(parse_file("cases.csv"), Some((Dataset::Cases, Format::Csv)));
        assert_eq!(Dataset::Signals.action(), Action::ViewSignals);
        assert!(!Dataset::DASHBOARD.iter().any(|d| d.is_early_warning()));
        assert_eq!(parse_file("tasks"), None);
        assert_eq!(
            download_name(
                Dataset::Reports,
                Format::Xlsx,
                date!(2026 - 01 - 01),
                date!(2026 - 06 - 30)
            ),
            "concord-reports-2026-01-01-2026-06-30.xlsx"
        );
    }
}
