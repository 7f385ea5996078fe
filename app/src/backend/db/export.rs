//! The exports' reads: for each data set, its columns (heading, what they hold, and the SQL
//! that gives them) and the query for the selection (the dashboard's, or the early-warning
//! system's years, region and organisation), run as a stream so that an
//! export of any size holds only a few rows in memory at once.

use super::dashboard::{Narrow, Selection, owing_sql, task_filters};
use super::query::Query;
use super::value::Value;
use super::{Backend, Db};
use crate::bind_all;
use crate::domain::dashboard::export::{Dataset, Kind, Raw};
use crate::domain::dashboard::figures::CONCEPT_BITS;
use crate::i18n::{Lang, Texts};
use futures::StreamExt;
use tokio::sync::mpsc;

/// A column's heading in a language.
type Heading = fn(&Texts) -> &'static str;

/// One exported column: its heading, what it holds, and its SQL expression.
#[derive(Clone)]
pub struct Column {
    pub heading: Heading,
    pub kind: Kind,
    sql: String,
}

fn col(heading: Heading, kind: Kind, sql: impl Into<String>) -> Column {
    Column {
        heading,
        kind,
        sql: sql.into(),
    }
}

/// A trilingual column of `alias` in `lang`, falling back as [`Lang::pick`] does.
fn pick(alias: &str, column: &str, lang: Lang) -> String {
    let order = match lang {
        Lang::Ky => ["ky", "ru", "en"],
        Lang::Ru => ["ru", "ky", "en"],
        Lang::En => ["en", "ru", "ky"],
    };
    let [a, b, c] = order.map(|l| format!("nullif({alias}.{column}_{l}, '')"));
    format!("coalesce({a}, {b}, {c})")
}

/// A date column as `YYYY-MM-DD` text on both databases.
fn date(expr: &str) -> String {
    format!("cast({expr} as text)")
}

/// A whole number, as the 64-bit integer both databases decode alike.
fn int(expr: &str) -> String {
    format!("cast({expr} as bigint)")
}

fn flag(condition: &str) -> String {
    format!("cast(case when {condition} then 1 else 0 end as bigint)")
}

/// A timestamp's calendar day in Bishkek (UTC+6 all year), as `YYYY-MM-DD` text.
fn bishkek_day(expr: &str, backend: Backend) -> String {
    match backend {
        Backend::Sqlite => format!("date({expr}, '+6 hours')"),
        Backend::Postgres => format!("to_char({expr} at time zone 'Asia/Bishkek', 'YYYY-MM-DD')"),
    }
}

/// A substance's name in `lang`, or the language's word for an unidentified one.
fn substance_name(lang: Lang) -> String {
    let unidentified = lang.texts().warning.unidentified.replace('\'', "''");
    format!("coalesce({}, '{unidentified}')", pick("su", "name", lang))
}

/// The eight disaggregated counts of a report or an activity, by sex and age group.
fn reach(alias: &str) -> Vec<Column> {
    let cells: [(Heading, &str); 8] = [
        (|t| t.export.female_under_18, "female_under_18"),
        (|t| t.export.female_18_29, "female_18_29"),
        (|t| t.export.female_30_49, "female_30_49"),
        (|t| t.export.female_50_plus, "female_50_plus"),
        (|t| t.export.male_under_18, "male_under_18"),
        (|t| t.export.male_18_29, "male_18_29"),
        (|t| t.export.male_30_49, "male_30_49"),
        (|t| t.export.male_50_plus, "male_50_plus"),
    ];
    cells
        .into_iter()
        .map(|(heading, name)| col(heading, Kind::Int, int(&format!("{alias}.{name}"))))
        .collect()
}

/// The columns of a data set, in order.
pub fn columns(dataset: Dataset, lang: Lang, backend: Backend) -> Vec<Column> {
    let places = |alias: &str| {
        vec![
            col(|t| t.export.region, Kind::Text, pick("rg", "name", lang)),
            col(|t| t.export.district, Kind::Text, pick("ds", "name", lang)),
        ]
        .into_iter()
        .chain((alias == "t").then(|| {
            col(
                |t| t.export.municipality,
                Kind::Text,
                pick("mu", "name", lang),
            )
        }))
        .collect::<Vec<_>>()
    };
    match dataset {
        Dataset::Tasks => [
            vec![
                col(|t| t.export.id, Kind::Int, int("t.task_id")),
                col(
                    |t| t.export.title_column,
                    Kind::Text,
                    pick("t", "title", lang),
                ),
                col(|t| t.export.category, Kind::Category, "t.category"),
                col(|t| t.export.status, Kind::Status, "t.status"),
                col(|t| t.export.priority, Kind::Priority, int("t.priority")),
                col(
                    |t| t.export.organization,
                    Kind::Text,
                    pick("o", "name", lang),
                ),
                col(|t| t.export.organization_kind, Kind::OrgKind, "o.kind"),
                col(|t| t.export.coverage, Kind::Coverage, "t.coverage"),
            ],
            places("t"),
            vec![
                col(|t| t.export.start_date, Kind::Date, date("t.start_date")),
                col(|t| t.export.due_date, Kind::Date, date("t.due_date")),
                col(
                    |t| t.export.overdue,
                    Kind::Flag,
                    // `$1` is today, bound first.
                    flag(&format!("t.status in {} and t.due_date < $1", owing_sql())),
                ),
                col(
                    |t| t.export.concept_codes,
                    Kind::Concept,
                    int("t.concept_mask"),
                ),
                col(
                    |t| t.export.target_value,
                    Kind::Number,
                    "cast(t.target_value as double precision)",
                ),
                col(|t| t.export.unit, Kind::Text, "t.target_unit"),
            ],
        ]
        .concat(),
        Dataset::Reports => [
            vec![
                col(|t| t.export.id, Kind::Int, int("r.report_id")),
                col(|t| t.export.task_id, Kind::Int, int("t.task_id")),
                col(
                    |t| t.export.task_title,
                    Kind::Text,
                    pick("t", "title", lang),
                ),
                col(
                    |t| t.export.organization,
                    Kind::Text,
                    pick("o", "name", lang),
                ),
                col(|t| t.export.organization_kind, Kind::OrgKind, "o.kind"),
                col(|t| t.export.category, Kind::Category, "t.category"),
                col(
                    |t| t.export.period_start,
                    Kind::Date,
                    date("r.period_start"),
                ),
                col(|t| t.export.period_end, Kind::Date, date("r.period_end")),
                col(|t| t.export.deadline, Kind::Date, date("r.deadline")),
                col(|t| t.export.revision, Kind::Int, int("r.revision")),
                col(|t| t.export.status, Kind::ReportStatus, "r.status"),
                col(
                    |t| t.export.submitted_at,
                    Kind::Text,
                    match backend {
                        Backend::Sqlite => {
                            "substr(replace(f.submitted_at, 'T', ' '), 1, 16)".to_owned()
                        }
                        Backend::Postgres => "to_char(f.submitted_at at time zone 'UTC', \
                                              'YYYY-MM-DD HH24:MI')"
                            .to_owned(),
                    },
                ),
                col(|t| t.export.late, Kind::Flag, flag("f.is_late")),
                col(
                    |t| t.export.percent_complete,
                    Kind::Int,
                    int("r.percent_complete"),
                ),
                col(
                    |t| t.export.result_value,
                    Kind::Number,
                    "cast(r.result_value as double precision)",
                ),
                col(
                    |t| t.export.reached_total,
                    Kind::Int,
                    int("r.reached_total"),
                ),
            ],
            reach("r"),
        ]
        .concat(),
        Dataset::Activities => [
            vec![
                col(|t| t.export.id, Kind::Int, int("a.activity_id")),
                col(|t| t.export.title_column, Kind::Text, "a.title"),
                col(
                    |t| t.export.activity_type,
                    Kind::ActivityType,
                    "a.activity_type",
                ),
                col(
                    |t| t.export.organization,
                    Kind::Text,
                    pick("o", "name", lang),
                ),
                col(|t| t.export.organization_kind, Kind::OrgKind, "o.kind"),
            ],
            places("a"),
            vec![
                col(|t| t.export.start_date, Kind::Date, date("a.start_date")),
                col(|t| t.export.end_date, Kind::Date, date("a.end_date")),
                col(|t| t.export.status, Kind::ActivityStatus, "a.status"),
                col(|t| t.export.is_public, Kind::Flag, flag("a.is_public")),
                col(
                    |t| t.export.concept_codes,
                    Kind::Concept,
                    int("a.concept_mask"),
                ),
                col(
                    |t| t.export.reached_total,
                    Kind::Int,
                    int("a.reached_total"),
                ),
            ],
            reach("a"),
        ]
        .concat(),
        Dataset::Signals => vec![
            col(|t| t.export.id, Kind::Int, int("g.signal_id")),
            col(|t| t.warning.observed_on, Kind::Date, date("g.observed_on")),
            col(|t| t.warning.source, Kind::SignalSource, "g.source"),
            col(
                |t| t.export.organization,
                Kind::Text,
                pick("o", "name", lang),
            ),
            col(|t| t.export.organization_kind, Kind::OrgKind, "o.kind"),
            col(|t| t.export.region, Kind::Text, pick("rg", "name", lang)),
            col(|t| t.export.district, Kind::Text, pick("ds", "name", lang)),
            col(|t| t.warning.seen_form, Kind::SeenForm, "g.form"),
            col(
                |t| t.warning.amount,
                Kind::Number,
                "cast(g.amount as double precision)",
            ),
            col(|t| t.warning.amount_unit, Kind::AmountUnit, "g.amount_unit"),
            col(|t| t.warning.poisonings, Kind::Int, int("g.poisonings")),
            col(|t| t.warning.deaths, Kind::Int, int("g.deaths")),
            col(|t| t.warning.substance, Kind::Text, substance_name(lang)),
            col(|t| t.substances.cas_number, Kind::Text, "su.cas_number"),
            col(
                |t| t.substances.chemical_group,
                Kind::ChemicalGroup,
                "su.chemical_group",
            ),
            col(|t| t.warning.case, Kind::Int, int("g.case_id")),
            col(|t| t.warning.description, Kind::Text, "g.description"),
        ],
        Dataset::Cases => vec![
            col(|t| t.export.id, Kind::Int, int("c.case_id")),
            col(|t| t.warning.case_title, Kind::Text, "c.title"),
            col(|t| t.warning.substance, Kind::Text, substance_name(lang)),
            col(|t| t.substances.cas_number, Kind::Text, "su.cas_number"),
            col(
                |t| t.substances.chemical_group,
                Kind::ChemicalGroup,
                "su.chemical_group",
            ),
            col(|t| t.warning.stage, Kind::Stage, "c.stage"),
            col(|t| t.warning.stage_due, Kind::Date, date("c.stage_due")),
            col(
                |t| t.warning.overdue,
                Kind::Flag,
                // `$1` is today, bound first.
                flag("c.stage <> 'closed' and c.stage_due < $1"),
            ),
            col(
                |t| t.warning.opened_on,
                Kind::Date,
                bishkek_day("c.opened_at", backend),
            ),
            col(
                |t| t.warning.closed_on,
                Kind::Date,
                bishkek_day("c.closed_at", backend),
            ),
            col(
                |t| t.warning.signals_count,
                Kind::Int,
                int("coalesce(cs.signals, 0)"),
            ),
            col(
                |t| t.warning.poisonings,
                Kind::Int,
                int("coalesce(cs.poisonings, 0)"),
            ),
            col(
                |t| t.warning.deaths,
                Kind::Int,
                int("coalesce(cs.deaths, 0)"),
            ),
            col(|t| t.warning.risk, Kind::RiskLevel, "c.risk"),
            col(|t| t.warning.measure, Kind::Measure, "c.measure"),
            col(
                |t| t.warning.measure_list,
                Kind::NationalList,
                "c.measure_list",
            ),
            col(|t| t.warning.decision_body, Kind::Text, "c.decision_body"),
            col(|t| t.warning.decision_act, Kind::Text, "c.decision_act"),
            col(|t| t.warning.act_date, Kind::Date, date("c.decision_date")),
            col(
                |t| t.warning.effective_on,
                Kind::Date,
                date("c.effective_on"),
            ),
        ],
        Dataset::Indicators => vec![
            col(|t| t.export.indicator_code, Kind::Text, "i.code"),
            col(
                |t| t.export.indicator_name,
                Kind::Text,
                pick("i", "name", lang),
            ),
            col(|t| t.export.objective, Kind::Text, "i.objective_code"),
            col(|t| t.export.unit, Kind::Text, pick("i", "unit", lang)),
            col(
                |t| t.export.period_start,
                Kind::Date,
                date("v.period_start"),
            ),
            col(|t| t.export.period_end, Kind::Date, date("v.period_end")),
            col(|t| t.export.sex, Kind::Sex, "v.sex"),
            col(|t| t.export.age_group, Kind::AgeGroup, "v.age_group"),
            col(
                |t| t.export.region,
                Kind::Text,
                format!("coalesce({}, '')", pick("rg", "name", lang)),
            ),
            col(
                |t| t.export.value,
                Kind::Number,
                "cast(v.value as double precision)",
            ),
            col(|t| t.export.status, Kind::ValueStatus, "v.status"),
            col(
                |t| t.export.baseline,
                Kind::Number,
                "cast(i.baseline_value as double precision)",
            ),
            col(
                |t| t.export.target,
                Kind::Number,
                "cast(i.target_value as double precision)",
            ),
            col(
                |t| t.export.organization,
                Kind::Text,
                pick("o", "name", lang),
            ),
        ],
    }
}

/// The query of a data set for the selection, selecting `columns`.
fn query(
    dataset: Dataset,
    s: &Selection,
    columns: &[Column],
    backend: Backend,
) -> (String, Vec<Value>) {
    let select = columns
        .iter()
        .map(|c| c.sql.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    match dataset {
        Dataset::Tasks => {
            // Today is `$1`, for the overdue column.
            let mut q = Query::default();
            q.arg(s.today);
            task_filters(&mut q, s, true);
            let to = q.arg(s.to);
            let from = q.arg(s.from);
            q.when(format!("t.start_date <= {to} and t.due_date >= {from}"));
            let sql = format!(
                "select {select} from tasks t \
                 join organizations o on o.organization_id = t.lead_organization_id \
                 left join regions rg on rg.region_code = t.region_code \
                 left join districts ds on ds.district_code = t.district_code \
                 left join municipalities mu on mu.municipality_code = t.municipality_code \
                 {} order by t.task_id",
                q.where_clause()
            );
            (sql, q.params.values)
        }
        Dataset::Reports => {
            let mut q = Query::default();
            q.when("f.revision = 1 and f.status <> 'draft'".to_owned());
            let from = q.arg(s.from);
            let to = q.arg(s.to);
            q.when(format!(
                "f.period_start >= {from} and f.period_start <= {to}"
            ));
            s.narrow(
                &mut q,
                &Narrow {
                    region: "t.region_code",
                    owner: "f.organization_id",
                    kind: Some("o.kind"),
                    category: Some("t.category"),
                    mask: Some("t.concept_mask"),
                },
            );
            // One row per task and period: its first submission decides lateness, its latest
            // submitted revision gives the content.
            let sql = format!(
                "select {select} from reports f \
                 join tasks t on t.task_id = f.task_id \
                 join organizations o on o.organization_id = f.organization_id \
                 join reports r on r.task_id = f.task_id and r.period_start = f.period_start \
                  and r.revision = (select max(x.revision) from reports x \
                   where x.task_id = f.task_id and x.period_start = f.period_start \
                   and x.status <> 'draft') \
                 {} order by f.period_start, f.task_id",
                q.where_clause()
            );
            (sql, q.params.values)
        }
        Dataset::Activities => {
            let mut q = Query::default();
            let from = q.arg(s.from);
            let to = q.arg(s.to);
            q.when(format!("a.start_date >= {from} and a.start_date <= {to}"));
            s.narrow(
                &mut q,
                &Narrow {
                    region: "a.region_code",
                    owner: "a.organization_id",
                    kind: Some("o.kind"),
                    category: None,
                    mask: Some("a.concept_mask"),
                },
            );
            if s.published {
                q.when("a.status = 'verified'".to_owned());
            }
            let sql = format!(
                "select {select} from activities a \
                 join organizations o on o.organization_id = a.organization_id \
                 left join regions rg on rg.region_code = a.region_code \
                 left join districts ds on ds.district_code = a.district_code \
                 {} order by a.start_date, a.activity_id",
                q.where_clause()
            );
            (sql, q.params.values)
        }
        Dataset::Signals => {
            let mut q = Query::default();
            let from = q.arg(s.from);
            let to = q.arg(s.to);
            q.when(format!("g.observed_on >= {from} and g.observed_on <= {to}"));
            if let Some(code) = &s.region_code {
                let p = q.arg(code.clone());
                q.when(format!("g.region_code = {p}"));
            }
            if let Some(org) = s.organization {
                let p = q.arg(org.0);
                q.when(format!("g.organization_id = {p}"));
            }
            let sql = format!(
                "select {select} from signals g \
                 join organizations o on o.organization_id = g.organization_id \
                 left join regions rg on rg.region_code = g.region_code \
                 left join districts ds on ds.district_code = g.district_code \
                 left join substances su on su.substance_id = g.substance_id \
                 {} order by g.observed_on, g.signal_id",
                q.where_clause()
            );
            (sql, q.params.values)
        }
        Dataset::Cases => {
            // Today is `$1`, for the overdue column.
            let mut q = Query::default();
            q.arg(s.today);
            let opened = match backend {
                Backend::Sqlite => bishkek_day("c.opened_at", backend),
                Backend::Postgres => {
                    "cast(c.opened_at at time zone 'Asia/Bishkek' as date)".to_owned()
                }
            };
            let from = q.arg(s.from);
            let to = q.arg(s.to);
            q.when(format!("{opened} >= {from} and {opened} <= {to}"));
            if let Some(code) = &s.region_code {
                let p = q.arg(code.clone());
                q.when(format!(
                    "exists (select 1 from signals r where r.case_id = c.case_id \
                     and r.region_code = {p})"
                ));
            }
            if let Some(org) = s.organization {
                let p = q.arg(org.0);
                q.when(super::cases::involves(&p));
            }
            let sql = format!(
                "select {select} from warning_cases c \
                 left join substances su on su.substance_id = c.substance_id \
                 left join (select case_id, count(*) as signals, sum(poisonings) as poisonings, \
                     sum(deaths) as deaths from signals where case_id is not null \
                     group by case_id) cs on cs.case_id = c.case_id \
                 {} order by c.case_id",
                q.where_clause()
            );
            (sql, q.params.values)
        }
        Dataset::Indicators => {
            let mut q = Query::default();
            let from = q.arg(s.from);
            let to = q.arg(s.to);
            q.when(format!(
                "v.period_start >= {from} and v.period_start <= {to}"
            ));
            if let Some(code) = &s.region_code {
                let p = q.arg(code.clone());
                q.when(format!("v.region_code = {p}"));
            }
            if let Some(kind) = s.kind {
                let p = q.arg(kind.as_str().to_owned());
                q.when(format!("o.kind = {p}"));
            }
            let objective = s
                .objective_bit
                .and_then(|bit| CONCEPT_BITS.iter().find(|(_, b)| *b == bit))
                .map(|(code, _)| *code);
            if let Some(code) = objective {
                let p = q.arg(code.to_owned());
                q.when(format!("i.objective_code = {p}"));
            }
            // Values under review are the coordinators' and their own organisation's.
            match s.organization {
                Some(org) => {
                    let p = q.arg(org.0);
                    q.when(format!(
                        "(v.status = 'accepted' or i.organization_id = {p})"
                    ));
                }
                None if s.published => q.when("v.status = 'accepted'".to_owned()),
                None => {}
            }
            let sql = format!(
                "select {select} from indicator_values v \
                 join indicators i on i.indicator_id = v.indicator_id \
                 join organizations o on o.organization_id = i.organization_id \
                 left join regions rg on rg.region_code = v.region_code \
                 {} order by i.code, v.period_start, v.region_code, v.sex, v.age_group",
                q.where_clause()
            );
            (sql, q.params.values)
        }
    }
}

/// How many rows may wait between the database and the file being written.
const BUFFERED_ROWS: usize = 256;

/// Streams the rows of `dataset` for the selection, each as the raw values of
/// [`columns`]: the query runs in its own task and waits while the receiver is behind.
pub fn rows(
    db: Db,
    dataset: Dataset,
    selection: Selection,
    lang: Lang,
) -> mpsc::Receiver<Result<Vec<Raw>, sqlx::Error>> {
    let (sender, receiver) = mpsc::channel(BUFFERED_ROWS);
    tokio::spawn(async move {
        let columns = columns(dataset, lang, db.backend());
        let kinds: Vec<Kind> = columns.iter().map(|c| c.kind).collect();
        let (sql, args) = query(dataset, &selection, &columns, db.backend());
        let mut stream: futures::stream::BoxStream<'_, Result<Vec<Raw>, sqlx::Error>> = match &db {
            Db::Sqlite(pool) => bind_all!(sqlx::query(&sql), &args)
                .fetch(pool)
                .map(|row| row.and_then(|row| decode(&row, &kinds)))
                .boxed(),
            Db::Postgres(pool) => bind_all!(sqlx::query(&sql), &args)
                .fetch(pool)
                .map(|row| row.and_then(|row| decode(&row, &kinds)))
                .boxed(),
        };
        while let Some(next) = stream.next().await {
            let failed = next.is_err();
            if sender.send(next).await.is_err() || failed {
                break;
            }
        }
    });
    receiver
}

/// A row's values, read as their kinds say.
fn decode<R>(row: &R, kinds: &[Kind]) -> Result<Vec<Raw>, sqlx::Error>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    for<'r> Option<i64>: sqlx::Decode<'r, R::Database>,
    for<'r> Option<f64>: sqlx::Decode<'r, R::Database>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database>,
    i64: sqlx::Type<R::Database>,
    f64: sqlx::Type<R::Database>,
    String: sqlx::Type<R::Database>,
{
    kinds
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            Ok(match kind {
                Kind::Int | Kind::Flag | Kind::Concept | Kind::Priority => row
                    .try_get::<Option<i64>, _>(i)?
                    .map_or(Raw::Null, Raw::Int),
                Kind::Number => row
                    .try_get::<Option<f64>, _>(i)?
                    .map_or(Raw::Null, Raw::Real),
                _ => row
                    .try_get::<Option<String>, _>(i)?
                    .map_or(Raw::Null, Raw::Text),
            })
        })
        .collect()
}
