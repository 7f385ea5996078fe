//! The hostile-input harness (OWASP ASVS level 2, issue 13). On SQLite and on PostgreSQL it
//! sends more than ten thousand generated malformed requests to every server function and every
//! plain route — every page of the route table, the multipart report and activity forms,
//! evidence downloads, exports, `/health`, static files and stray paths — logged out and as
//! every demo account, and asserts that no answer is a 5xx or a dropped connection, that no
//! file from outside the site is served, that `/health` still answers 200, that the server
//! logged no ERROR, and that a digest of every table (row count and largest integer key) is
//! unchanged, but for the tables refusals themselves write to (`CHANGED_BY_REFUSALS`).
//!
//! The corpus: empty, blank, overlong (100 KB) and non-UTF-8 strings, control characters and
//! NUL, path traversal, SQL and HTML injection, numbers at and past the ends of i64, floats
//! that overflow, dates at the edges of every calendar, impossible days and leap days; fields
//! missing, repeated, unknown, posted as `name[]` or `name[x][y]`; wrong content types (JSON,
//! text, multipart without a boundary, cut short), other methods, hostile headers and cookies,
//! other sites' `Origin`, and a few bodies of megabytes. Half of the server-function requests
//! are malformed every which way; the other half are well formed but for one hostile value,
//! so they get past deserialisation. Sweeps make sure of the edges whatever the seed: every
//! edge date, number and text in every value every function takes, every hostile path
//! segment in every page that takes one, every raw query string on every other page.
//!
//! The digest means something because every request sent must be refused: a write always
//! carries an id that names no row (or a version no row has), a choice no list holds, or a
//! body that does not parse, and evidence is never of a kind the server keeps. A write that
//! is accepted all the same (2xx, or a redirect to a success page) is a failure too.
//!
//! This file owns: the table of server functions with their argument types — checked against
//! the functions the server registers, so a new one cannot be left out — and whether each
//! changes data; the field names and rough types read from those types (and from the
//! multipart forms' types) with `serde-reflection`, so a renamed field renames the corpus; the
//! corpus and the request generators; and the verdicts, printed (at most 50 distinct failures,
//! by endpoint and answer) before the test fails. The run is seeded (`HOSTILE_SEED`, printed)
//! so a failure can be replayed; with `HOSTILE_DUMP` naming a folder, each failure shown is
//! also written there whole.

use crate::support::{Backend, TableDigest, TestApp, errors_logged, on_both, spawn_app};
use app::domain::{
    activities::inputs::ActivityForm,
    dashboard::export::{Dataset, Format as FileFormat},
    evidence::{Head, sniff_head},
    reports::inputs::{CELL_FIELDS, ReportForm},
};
use concord::seed::demo;
use futures::StreamExt;
use rand::{Rng, SeedableRng, rngs::StdRng, seq::SliceRandom};
use reqwest::{Client, Method, cookie::Jar, header::HeaderValue, redirect::Policy};
use serde::de::DeserializeOwned;
use serde_reflection::{ContainerFormat, Format, Registry, Tracer, TracerConfig};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

on_both!(hostile_requests_are_refused_without_a_fault);

/// The fewest requests a run sends, per database.
const AT_LEAST: usize = 10_000;
/// What the generators aim at (server functions top the rest up to it).
const TARGET: usize = 10_400;
/// Requests in flight at once.
const IN_FLIGHT: usize = 12;
/// Requests to each server function, per caller (a few reach the deliberately slow password
/// hash, and get fewer).
const PER_FUNCTION: usize = 16;
const PER_SLOW_FUNCTION: usize = 5;
/// Requests to each page of the route table, per caller.
const PER_PAGE: usize = 1;
/// Requests to each multipart form route, per caller.
const PER_FORM: usize = 18;
/// Exports, evidence downloads, `/health` and stray paths, per caller.
const PER_EXPORT: usize = 13;
const PER_DOWNLOAD: usize = 10;
const PER_HEALTH: usize = 5;
const PER_STRAY: usize = 6;
/// A long text value: longer than any field the forms take.
const LONG: usize = 100 * 1024;
/// A body of a few megabytes: past every limit on what the server reads in full.
const HUGE: usize = 3 * 1024 * 1024;
/// The longest query string sent (an URI past 64 KiB cannot even be sent).
const LONGEST_QUERY: usize = 48 * 1024;
/// The seed of the generated requests, unless `HOSTILE_SEED` names another.
const SEED: u64 = 13;

/// Tables a refused request may change, left out of the digest:
const CHANGED_BY_REFUSALS: &[&str] = &[
    // every failed login is counted against its account and its address (the throttle), and
    // every hostile login fails;
    "login_failures",
    // costly requests (logins, exports, dashboard reads) are counted whether they are refused
    // or not;
    "rate_limits",
    // the session store (tower-sessions-sqlx-store names its table `tower_sessions`, on
    // PostgreSQL `tower_sessions.session`): a refused form keeps its problems in the session
    // for the form page, and reading that page takes them out again.
    "tower_sessions",
    "tower_sessions.session",
    // the audit log records every failed sign-in, and every export and evidence download the
    // harness's accounts were allowed to make;
    "audit_log",
    // the session list records when each of the harness's sessions was last in use.
    "user_sessions",
];

const FORM: &str = "application/x-www-form-urlencoded";

// ---------------------------------------------------------------------------------------------
// Field names and rough types, read from the Rust types.

/// A field's rough type, as its Rust type says.
#[derive(Clone, Debug)]
enum Shape {
    Text,
    Integer,
    Decimal,
    Flag,
    Date,
    /// One of these (an enum's variants, as serde names them).
    Choice(Vec<String>),
    /// Any number of values, posted as `name[]`.
    List(Box<Shape>),
    /// Exactly this many values (an array).
    Fixed(usize, Box<Shape>),
    /// Named fields, posted as `name[field]`.
    Record(Vec<Field>),
}

#[derive(Clone, Debug)]
struct Field {
    name: String,
    shape: Shape,
}

/// The fields of `T` (a server function's argument struct, or a form), read from its serde
/// implementation by `serde-reflection`: a renamed or added field changes the requests.
fn fields_of<T: DeserializeOwned>() -> Vec<Field> {
    let name = std::any::type_name::<T>();
    // `time::Date` deserialises (in serde's compact form) as (year, day of the year): the
    // tracer's default day 0 would be refused, so it offers day 1.
    let mut tracer = Tracer::new(TracerConfig::default().default_u16_value(1));
    let (format, _) = tracer
        .trace_simple_type::<T>()
        .unwrap_or_else(|error| panic!("reading the fields of {name}: {error}"));
    let registry = tracer.registry_unchecked();
    match shape_of(&format, &registry, 0) {
        Shape::Record(fields) => fields,
        other => panic!("{name} is not a struct but {other:?}"),
    }
}

fn shape_of(format: &Format, registry: &Registry, depth: usize) -> Shape {
    match format {
        Format::TypeName(name) => match registry.get(name) {
            Some(ContainerFormat::Struct(fields)) if depth < 4 => Shape::Record(
                fields
                    .iter()
                    .map(|field| Field {
                        name: field.name.clone(),
                        shape: shape_of(&field.value, registry, depth + 1),
                    })
                    .collect(),
            ),
            Some(ContainerFormat::Enum(variants)) => {
                Shape::Choice(variants.values().map(|v| v.name.clone()).collect())
            }
            Some(ContainerFormat::NewTypeStruct(inner)) => shape_of(inner, registry, depth + 1),
            _ => Shape::Text,
        },
        Format::Option(inner) => shape_of(inner, registry, depth),
        Format::Seq(inner) => Shape::List(Box::new(shape_of(inner, registry, depth + 1))),
        Format::TupleArray { content, size } => {
            Shape::Fixed(*size, Box::new(shape_of(content, registry, depth + 1)))
        }
        // `time::Date` in serde's compact form.
        Format::Tuple(parts) if matches!(parts.as_slice(), [Format::I32, Format::U16]) => {
            Shape::Date
        }
        Format::Bool => Shape::Flag,
        Format::I8
        | Format::I16
        | Format::I32
        | Format::I64
        | Format::I128
        | Format::U8
        | Format::U16
        | Format::U32
        | Format::U64
        | Format::U128 => Shape::Integer,
        Format::F32 | Format::F64 => Shape::Decimal,
        _ => Shape::Text,
    }
}

/// Every field name at any depth, and every choice any field offers.
fn names_and_choices(
    fields: &[Field],
    names: &mut BTreeSet<String>,
    choices: &mut BTreeSet<String>,
) {
    fn walk(shape: &Shape, names: &mut BTreeSet<String>, choices: &mut BTreeSet<String>) {
        match shape {
            Shape::Record(fields) => names_and_choices(fields, names, choices),
            Shape::Choice(variants) => choices.extend(variants.iter().map(|v| v.to_lowercase())),
            Shape::List(item) | Shape::Fixed(_, item) => walk(item, names, choices),
            _ => {}
        }
    }
    for field in fields {
        names.insert(field.name.clone());
        walk(&field.shape, names, choices);
    }
}

// ---------------------------------------------------------------------------------------------
// The server functions.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Effect {
    /// Reads: may answer anything below 500.
    Reads,
    /// Changes data: every request sent to it must be refused.
    Writes,
    /// Ends the session: a demo account sends it only with other methods than POST (refused by
    /// the router), so that it stays logged in for the rest of the run.
    EndsSession,
}

struct ServerFnSpec {
    path: &'static str,
    effect: Effect,
    args: Vec<Field>,
    /// Every value the arguments hold, as the form posts it.
    leaves: Vec<Leaf>,
    rounds: usize,
}

/// One value of a function's arguments: its form key (`filter[from]`, `objectives[]`), its
/// shape and its field's name.
#[derive(Clone, Debug)]
struct Leaf {
    key: String,
    shape: Shape,
    name: String,
}

fn leaves(prefix: &str, fields: &[Field], out: &mut Vec<Leaf>) {
    for field in fields {
        let key = if prefix.is_empty() {
            field.name.clone()
        } else {
            format!("{prefix}[{}]", field.name)
        };
        let leaf = |key: String, shape: &Shape| Leaf {
            key,
            shape: shape.clone(),
            name: field.name.clone(),
        };
        match &field.shape {
            Shape::Record(inner) => leaves(&key, inner, out),
            Shape::List(item) => out.push(leaf(format!("{key}[]"), item)),
            Shape::Fixed(size, item) => {
                out.extend((0..*size).map(|i| leaf(format!("{key}[{i}]"), item)))
            }
            shape => out.push(leaf(key, shape)),
        }
    }
}

fn spec<T: leptos::server_fn::ServerFn + DeserializeOwned>(effect: Effect) -> ServerFnSpec {
    let args = fields_of::<T>();
    let mut all = Vec::new();
    leaves("", &args, &mut all);
    ServerFnSpec {
        path: T::PATH,
        effect,
        args,
        leaves: all,
        rounds: PER_FUNCTION,
    }
}

impl ServerFnSpec {
    /// Fewer requests: this one reaches the password hash, which is slow on purpose.
    fn slow(self) -> ServerFnSpec {
        ServerFnSpec {
            rounds: PER_SLOW_FUNCTION,
            ..self
        }
    }
}

/// Every server function, by its argument type, and whether it changes data. The run fails
/// when the server registers a function missing here (or this lists one it does not).
fn server_functions() -> Vec<ServerFnSpec> {
    use Effect::{EndsSession, Reads, Writes};
    use app::api::{
        account, activities, audit, dashboard, early_warning, framework, indicators, notifications,
        organizations, passkeys, public, reports, scorecards, security, substances, tasks, users,
    };
    vec![
        spec::<account::GetSession>(Reads),
        spec::<audit::GetAudit>(Reads),
        spec::<account::Login>(Writes).slow(),
        spec::<account::Logout>(EndsSession),
        spec::<account::SetLanguage>(Writes),
        spec::<account::ChangePassword>(Writes).slow(),
        spec::<notifications::GetNotifications>(Reads),
        spec::<notifications::MarkNotificationsRead>(Writes),
        spec::<notifications::GetMailPreferences>(Reads),
        spec::<notifications::SaveMailPreferences>(Writes),
        spec::<notifications::SaveEscalationContact>(Writes),
        spec::<notifications::Unsubscribe>(Writes),
        spec::<activities::ListActivities>(Reads),
        spec::<activities::GetActivityPage>(Reads),
        spec::<activities::GetActivityForm>(Reads),
        spec::<activities::DecideActivity>(Writes),
        spec::<activities::RemoveActivityFile>(Writes),
        spec::<dashboard::GetDashboard>(Reads),
        spec::<framework::GetFramework>(Reads),
        spec::<framework::GetTerritory>(Reads),
        spec::<indicators::ListIndicators>(Reads),
        spec::<indicators::GetIndicatorPage>(Reads),
        spec::<indicators::GetIndicatorForm>(Reads),
        spec::<indicators::SaveIndicator>(Writes),
        spec::<indicators::EnterValue>(Writes),
        spec::<indicators::DecideValue>(Writes),
        spec::<organizations::ListOrganizations>(Reads),
        spec::<organizations::GetOrganizationPage>(Reads),
        spec::<organizations::CreateOrganization>(Writes),
        spec::<organizations::UpdateOrganization>(Writes),
        spec::<organizations::GetOnboardingPreview>(Reads),
        spec::<organizations::OnboardTerritory>(Writes),
        spec::<public::GetPublicPage>(Reads),
        spec::<reports::ListReports>(Reads),
        spec::<reports::GetReportPage>(Reads),
        spec::<reports::GetReportEdit>(Reads),
        spec::<reports::GetTaskReports>(Reads),
        spec::<reports::StartReport>(Writes),
        spec::<reports::MoveReport>(Writes),
        spec::<reports::RemoveEvidence>(Writes),
        spec::<reports::GetMissingReports>(Reads),
        spec::<reports::GetCalendar>(Reads),
        spec::<reports::SetCalendar>(Writes),
        spec::<scorecards::GetScorecards>(Reads),
        spec::<substances::ListSubstances>(Reads),
        spec::<substances::GetSubstance>(Reads),
        spec::<substances::GetSubstanceForm>(Reads),
        spec::<substances::SaveSubstance>(Writes),
        spec::<early_warning::ListSignals>(Reads),
        spec::<early_warning::GetSignalForm>(Reads),
        spec::<early_warning::SaveSignal>(Writes),
        spec::<early_warning::GetSignal>(Reads),
        spec::<early_warning::ListCases>(Reads),
        spec::<early_warning::GetCase>(Reads),
        spec::<early_warning::OpenCase>(Writes),
        spec::<early_warning::AddCaseTask>(Writes),
        spec::<early_warning::NameCaseAssessors>(Writes),
        spec::<early_warning::ScoreCase>(Writes),
        spec::<early_warning::ConfirmCaseRisk>(Writes),
        spec::<early_warning::AlertCase>(Writes),
        spec::<early_warning::DecideCase>(Writes),
        spec::<early_warning::SignOffCase>(Writes),
        spec::<early_warning::ReturnCase>(Writes),
        spec::<early_warning::CommentCase>(Writes),
        spec::<early_warning::GetSubstanceSignals>(Reads),
        spec::<early_warning::GetWarningFigures>(Reads),
        spec::<tasks::ListTasks>(Reads),
        spec::<tasks::GetTaskPage>(Reads),
        spec::<tasks::GetTaskFormChoices>(Reads),
        spec::<tasks::CreateTask>(Writes),
        spec::<tasks::UpdateTask>(Writes),
        spec::<tasks::MoveTask>(Writes),
        spec::<tasks::CommentTask>(Writes),
        spec::<tasks::GetInbox>(Reads),
        spec::<users::ListUsers>(Reads),
        spec::<users::GetUserPage>(Reads),
        spec::<users::OrganizationChoices>(Reads),
        spec::<users::CreateUser>(Writes),
        spec::<users::UpdateUser>(Writes),
        spec::<users::ResetUserPassword>(Writes),
        spec::<security::GetPendingSignIn>(Reads),
        spec::<security::SignInWithCode>(Writes),
        spec::<security::GetSecurity>(Reads),
        spec::<security::GetEnrolment>(Reads),
        spec::<security::ConfirmSecondFactor>(Writes),
        spec::<security::RenewRecoveryCodes>(Writes),
        spec::<security::TakeRecoveryCodes>(Reads),
        spec::<security::TurnOffSecondFactor>(Writes),
        spec::<security::EndMySession>(Writes),
        spec::<security::EndMyOtherSessions>(EndsSession),
        spec::<security::GetUserSecurity>(Reads),
        spec::<security::ResetSecondFactor>(Writes),
        spec::<security::EndUserSession>(Writes),
        spec::<security::EndUserSessions>(Writes),
        spec::<security::GetSecondFactorPolicy>(Reads),
        spec::<security::SetSecondFactorRoles>(Writes),
        spec::<security::SetOrganizationSecondFactor>(Writes),
        spec::<passkeys::StartPasskeyRegistration>(Reads).slow(),
        spec::<passkeys::FinishPasskeyRegistration>(Writes),
        spec::<passkeys::RemovePasskey>(Writes),
        spec::<passkeys::StartPasskeySignIn>(Reads),
        spec::<passkeys::FinishPasskeySignIn>(Writes),
    ]
}

/// The table above against the server's registry of server functions.
fn check_every_server_function_is_listed(functions: &[ServerFnSpec]) {
    let registered: BTreeSet<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    let listed: BTreeSet<&str> = functions.iter().map(|f| f.path).collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "server functions the hostile-input harness does not know (add each, by its argument \
         type, to `server_functions` in server/tests/hostile.rs): {missing:?}"
    );
    let gone: Vec<_> = listed.difference(&registered).collect();
    assert!(gone.is_empty(), "listed but not registered: {gone:?}");
    assert_eq!(
        listed.len(),
        functions.len(),
        "a server function is listed twice"
    );
}

// ---------------------------------------------------------------------------------------------
// The corpus.

/// Free text: blank, control characters and NUL, traversal, SQL and HTML injection, format
/// strings, other sites, odd Unicode, and numbers, dates and addresses written as text.
#[rustfmt::skip]
const TEXT: &[&str] = &[
    "", " ", " \t\r\n ", "\u{a0}", "\u{200b}", "\u{feff}x", "\u{202e}fdp.exe",
    "\0", "a\0b", "\x01\x02\x03\x1b[31m\x7f", "line\r\nSet-Cookie: injected=1",
    "../../etc/passwd", "..\\..\\..\\windows\\win.ini", "/etc/passwd\0.pdf",
    "....//....//etc/passwd",
    "' OR '1'='1", "'; drop table users; --", "\" or \"\"=\"", "1 union select null, null --",
    "%_%", "\\", "$1", "?", "'", "\"", "`",
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)",
    "{{7*7}}", "${jndi:ldap://127.0.0.1/x}", "<!--", "]]>",
    "%s%s%s%n", "{}", "{0}", "null", "undefined", "[]", "{\"a\":1}",
    "//evil.example", "/\\evil.example", "https://evil.example/", "/api/logout",
    "\t//evil.example",
    "😀", "e\u{301}\u{301}\u{301}\u{301}", "ǅ", "İ", "ß", "Ⅻ", "\u{fffd}", "\u{10ffff}",
    "-1", "0", "-0", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
    "1e309", "-1e309", "NaN", "inf", "1.5", "1,5", "１２３", "0x1F", "99999999999999999999999",
    "9999-12-31", "0000-01-01", "-0001-01-01", "2026-02-30", "2026-13-01", "2024-02-29",
    "a@b", "@", "x@y..z", "nobody@example.invalid", "admin@demo.concord.kg\0",
];

/// Text that is not UTF-8: a lone byte, a broken sequence, a surrogate, an overlong form, past
/// U+10FFFF, Latin-1.
const NOT_UTF8: &[&[u8]] = &[
    b"\xff\xfe",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"\xc0\xaf",
    b"\xf4\x90\x80\x80",
    b"caf\xe9",
    b"ok \xff then",
];

/// Where a number is wanted: zero, negatives, the ends of i64 and past them, floats, words.
#[rustfmt::skip]
const NUMBERS: &[&str] = &[
    "0", "-1", "-0", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
    "-9223372036854775809", "18446744073709551616", "99999999999999999999999999999",
    "1e309", "-1e309", "1e3", "NaN", "inf", "-inf", "1.5", "0.0", "0x10", "1_000", "", " ",
    "１", "٣", "+-1", "--1", "1 2", "2147483648", "-2147483649", "4294967296",
    "9007199254740993", "-9223372036854775807",
];

#[rustfmt::skip]
const DECIMALS: &[&str] = &[
    "1e309", "-1e309", "NaN", "inf", "1.7976931348623157e309", "4.9e-325", "-0.0",
    "0.1e-99999", "1,5", "1.5.5", ".",
];

/// Dates at and past the edges of what any calendar, `time` or a database takes, impossible
/// days, leap days, other spellings.
#[rustfmt::skip]
const DATES: &[&str] = &[
    "9999-12-31", "0000-01-01", "-0001-01-01", "2026-02-30", "2026-13-01", "2026-00-10",
    "2026-01-00", "2026-06-31", "2024-02-29", "2025-02-29", "2100-02-29", "2000-02-29",
    "1900-02-29", "1999-12-31", "2101-01-01", "1970-01-01", "2026-1-1", "20260101",
    "2026/01/01", "01.01.2026", "2026-12-31T23:59:60Z", "+2026-01-01", "2026-01-01\0",
    " 2026-01-01 ", "262143-12-31", "-262144-01-01", "-9999-01-01", "99999-01-01",
    "2026-W01-1", "2026-001", "2026-02-29", "0001-01-01",
];

#[rustfmt::skip]
const FLAGS: &[&str] = &[
    "true", "false", "on", "off", "1", "0", "yes", "maybe", "", "TRUE", "t", "2", "-1",
    "on\0", "null",
];

/// Where a path wants an id, percent-encoded.
#[rustfmt::skip]
const SEGMENTS: &[&str] = &[
    "0", "-1", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
    "999999999999999999999", "1e309", "NaN", "abc", "1.5", "0x10", "%20", "%00", "%FF%FE",
    "..%2F..%2Fetc%2Fpasswd", "..%2F..%2FCargo.toml", "1%2F2", "1;drop%20table%20users", "1'--",
    "%3Cscript%3E", "%F0%9F%98%80", "1%0D%0ASet-Cookie:%20x=1", "%EF%BC%91",
];

/// Dates at the edges, each sent in every date a server function takes.
#[rustfmt::skip]
const EDGE_DATES: &[&str] = &[
    "9999-12-31", "0000-01-01", "-0001-01-01", "-9999-01-01", "2026-02-30", "2026-13-01",
    "2024-02-29", "2100-02-29", "1900-01-01", "2101-01-01", "1970-01-01", "262143-12-31",
];

/// Numbers at the edges, each sent in every number a server function takes.
#[rustfmt::skip]
const EDGE_NUMBERS: &[&str] = &[
    "0", "-1", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
    "2147483648", "-2147483649", "4294967296", "1e309", "NaN",
];

/// Text at the edges (and, besides, bytes that are not UTF-8 and 100 KB), each sent in every
/// text a server function takes.
const EDGE_TEXT: &[&str] = &["\0", "a\0b", "\u{202e}x", "%_%\\", "'", "😀"];

/// Keys nobody expects.
#[rustfmt::skip]
const UNKNOWN_KEYS: &[&str] = &[
    "zz_unknown", "__proto__", "constructor[prototype][polluted]", "filter[zz]",
    "a[b][c][d][e][f][g]", "", "[]", "x]", "[x", "=", "%",
];

/// Appended to a urlencoded body: escapes and separators that do not add up.
#[rustfmt::skip]
const BROKEN_ESCAPES: &[&str] = &[
    "&%", "&%G1=%zz", "&=&&=", "&%FF%FE=%FF%FE", "&a[=1", "&a]]=1", "&%00=%00", "&%5B%5D=1",
    "&+=+", "&&&&&&&&", "&===",
];

/// The names pages read from their query strings (filters, pages, cursors, notices), besides
/// every field name of the traced types.
#[rustfmt::skip]
const PAGE_KEYS: &[&str] = &[
    "from", "to", "region", "district", "kind", "category", "objective", "goal", "direction",
    "measure", "page", "q", "organization", "role", "status", "late", "after", "period",
    "type", "sort", "reverse", "overdue", "due_from", "due_to", "parent", "org_kind", "lang",
    "done", "next", "welcome", "mv", "__err", "__path",
];

/// Query strings as they come.
#[rustfmt::skip]
const RAW_QUERIES: &[&str] = &[
    "%", "%%", "%FF%FE", "a=%FF%FE", "&&&&", "====", "from=9999-12-31",
    "from=-0001-01-01&to=0000-01-01", "to=9999-12-31&from=9999-12-31",
    "page=9223372036854775807", "page=-9223372036854775808", "page=99999999999999999999",
    "after=9223372036854775807_9223372036854775807", "after=-9223372036854775808_1", "after=_",
    "__err=%7B%7D&__path=/api/x", "__err=AAAA&__path=", "q=%00", "lang=%FF", "sort=%27",
    "region=KG000000000000000", "x[y][z][a][b][c][d]=1", "done=%3Cscript%3E",
    "next=//evil.example", "organization=0", "period=2026-02-30", "filter[from]=9999-12-31",
];

/// Export file names that are none.
#[rustfmt::skip]
const BAD_EXPORT_NAMES: &[&str] = &[
    "tasks.pdf", "tasks", ".csv", "tasks.csv.csv", "TASKS.CSV", "tasks.", "..%2F..%2FCargo.toml",
    "%00.csv", "tasks%00.csv", "tasks.csv%00", "%FF%FE.xlsx", "users.csv", "tasks.xlsx;.exe",
    "tasks%2Ecsv",
];

#[rustfmt::skip]
const EXPORT_KEYS: &[&str] = &[
    "from", "to", "region", "kind", "category", "objective", "measure", "lang", "filter[from]",
    "filter[to]", "page",
];

/// Paths of no route, or around the static files.
#[rustfmt::skip]
const STRAY_PATHS: &[&str] = &[
    "/pkg/..%2F..%2FCargo.toml", "/pkg/%2e%2e/%2e%2e/Cargo.toml", "/..%2F..%2Fetc%2Fpasswd",
    "/%2e%2e/%2e%2e/etc/passwd", "/favicon.svg?x=%FF", "/pkg/%00", "/pkg/concord.js%00.html",
    "/api/", "/api/no_such_function", "/api/tasks/create/extra", "/api//tasks/list",
    "/api/tasks%2Flist", "/api/TASKS/LIST", "/%FF%FE", "/tasks/%2e%2e/%2e%2e/etc/passwd",
    "/export/", "/export/..%2F..%2FCargo.toml", "/files/", "/files/1/2", "/reports//save",
    "/activities/save/extra", "/health/", "/.env", "/.git/config", "/Cargo.toml",
    "/server/src/main.rs", "/%00",
];

struct Corpus {
    /// Free text (not always UTF-8).
    text: Vec<Vec<u8>>,
    /// Values of 100 KB.
    long: Vec<Vec<u8>>,
    /// Where a path wants an id.
    segments: Vec<String>,
    /// Evidence files, by name and content: none of a kind the server keeps.
    evidence: Vec<(Vec<u8>, Vec<u8>)>,
}

fn corpus() -> Corpus {
    let text = TEXT
        .iter()
        .map(|s| s.as_bytes())
        .chain(NOT_UTF8.iter().copied())
        .map(<[u8]>::to_vec)
        .collect();
    let long = vec![
        vec![b'A'; LONG],
        "я".repeat(LONG / 2).into_bytes(),
        "<".repeat(LONG).into_bytes(),
        "%".repeat(LONG).into_bytes(),
        "9".repeat(LONG).into_bytes(),
        "\0".repeat(LONG).into_bytes(),
        "😀".repeat(LONG / 4).into_bytes(),
        b"\xff".repeat(LONG),
    ];
    let segments = SEGMENTS
        .iter()
        .map(|s| s.to_string())
        .chain(["9".repeat(400), "A".repeat(2000)])
        .collect();
    let evidence: Vec<(Vec<u8>, Vec<u8>)> = [
        (
            &b"report.pdf"[..],
            &b"<html><script>alert(1)</script></html>"[..],
        ),
        (b"../../etc/passwd", b"#!/bin/sh\nrm -rf /\n"),
        (b"x.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        (b"a.png", b"GIF89a\x01\x00\x01\x00"),
        (b"", b""),
        (b"empty.pdf", b""),
        (b"\xff\xfe.pdf", b"%PDX-1.4 not quite"),
        (
            "Отчёт\u{202e}fdp.exe".as_bytes(),
            b"\x7fELF\x02\x01\x01\x00",
        ),
        (b"CON.docx", b"PK\x05\x06\x00\x00\x00\x00"),
        (b"a\"b.pdf", &[0u8; 4096][..]),
        (b"a\0b.pdf", b"\x00\x01\x02"),
    ]
    .iter()
    .map(|(name, content)| (name.to_vec(), content.to_vec()))
    .chain([(
        format!("{}.pdf", "x".repeat(5000)).into_bytes(),
        b"%P".to_vec(),
    )])
    .collect();
    for (name, content) in &evidence {
        assert_eq!(
            sniff_head(content),
            Head::Unknown,
            "evidence {:?} would be kept: the digest would change",
            String::from_utf8_lossy(name)
        );
    }
    Corpus {
        text,
        long,
        segments,
        evidence,
    }
}

/// The edge values for a value of this shape and name.
fn edges(leaf: &Leaf) -> Vec<Vec<u8>> {
    let words = |words: &[&str]| words.iter().map(|w| w.as_bytes().to_vec()).collect();
    match leaf.shape {
        Shape::Date => words(EDGE_DATES),
        Shape::Integer | Shape::Decimal => words(EDGE_NUMBERS),
        Shape::Text if looks_like_date(&leaf.name) => words(EDGE_DATES),
        Shape::Text if looks_like_number(&leaf.name) => words(EDGE_NUMBERS),
        Shape::Text => {
            let mut edges: Vec<Vec<u8>> = words(EDGE_TEXT);
            edges.push(b"\xff\xfe".to_vec());
            edges.push(vec![b'A'; LONG]);
            edges
        }
        _ => Vec::new(),
    }
}

fn looks_like_date(name: &str) -> bool {
    name.ends_with("date") || matches!(name, "from" | "to" | "period" | "due_from" | "due_to")
}

fn looks_like_number(name: &str) -> bool {
    name.ends_with("_id")
        || name.ends_with("_value")
        || name.ends_with("_year")
        || name.ends_with("_days")
        || name.ends_with("_months")
        || matches!(
            name,
            "id" | "version"
                | "page"
                | "organization"
                | "after"
                | "parent"
                | "value"
                | "percent_complete"
                | "reached_total"
        )
}

// ---------------------------------------------------------------------------------------------
// Requests.

/// What an answer must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// Anything below 500.
    Answer,
    /// A refusal from a server function that changes data: 4xx, or (to a browser's form) a
    /// redirect carrying the error (the `serverfnerror` header, and `__err` in the URL).
    Refusal,
    /// A refusal from a multipart form: 4xx, or a redirect back to the form rather than to the
    /// saved page (`?done=`).
    FormRefusal,
}

struct Hostile {
    /// Index of the caller in the run's identities.
    who: usize,
    method: Method,
    /// Path and query, percent-encoded.
    target: String,
    /// What the request aims at, to group failures by (a route, not the actual path).
    endpoint: String,
    headers: Vec<(&'static str, Vec<u8>)>,
    body: Vec<u8>,
    expect: Expect,
    /// One of the few bodies of megabytes: the server may close the connection after
    /// refusing it unread.
    huge: bool,
    /// Sent on a connection of its own (a body the server may refuse unread).
    fresh: bool,
    /// The one hostile value of a request otherwise well formed.
    focus: Option<String>,
}

type Pairs = Vec<(String, Vec<u8>)>;

#[derive(Clone)]
struct Part {
    name: Vec<u8>,
    file_name: Option<Vec<u8>>,
    content_type: Option<&'static str>,
    data: Vec<u8>,
}

impl Part {
    fn text(name: impl Into<Vec<u8>>, data: Vec<u8>) -> Part {
        Part {
            name: name.into(),
            file_name: None,
            content_type: None,
            data,
        }
    }
}

struct FormRoute {
    pattern: &'static str,
    fields: Vec<Field>,
    /// Ids of rows that exist, for the path: the body is then parsed, and must be refused.
    real_ids: Vec<i64>,
}

struct Encoded {
    method: Method,
    query: String,
    content_type: Option<Vec<u8>>,
    body: Vec<u8>,
    fresh: bool,
}

fn percent(bytes: &[u8]) -> String {
    url::form_urlencoded::byte_serialize(bytes).collect()
}

fn urlencoded(pairs: &Pairs) -> Vec<u8> {
    pairs
        .iter()
        .map(|(key, value)| format!("{}={}", percent(key.as_bytes()), percent(value)))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

/// The pairs unencoded: raw bytes, separators in values and all.
fn raw(pairs: &Pairs) -> Vec<u8> {
    let mut body = Vec::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            body.push(b'&');
        }
        body.extend(key.as_bytes());
        body.push(b'=');
        body.extend(value);
    }
    body
}

fn json(pairs: &Pairs) -> Vec<u8> {
    let object: serde_json::Map<String, serde_json::Value> = pairs
        .iter()
        .map(|(key, value)| {
            let value = String::from_utf8_lossy(value).into_owned();
            (key.clone(), serde_json::Value::String(value))
        })
        .collect();
    serde_json::Value::Object(object).to_string().into_bytes()
}

fn multipart(boundary: &str, parts: &[Part]) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data").as_bytes());
        if !part.name.is_empty() {
            body.extend(b"; name=\"");
            body.extend(&part.name);
            body.push(b'"');
        }
        if let Some(file_name) = &part.file_name {
            body.extend(b"; filename=\"");
            body.extend(file_name);
            body.push(b'"');
        }
        body.extend(b"\r\n");
        if let Some(kind) = part.content_type {
            body.extend(format!("Content-Type: {kind}\r\n").as_bytes());
        }
        body.extend(b"\r\n");
        body.extend(&part.data);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    body
}

fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// The last name in a key such as `filter[from]` or `objectives[]`.
fn base_name(key: &str) -> &str {
    let key = key.trim_end_matches("[]");
    match key.rsplit_once('[') {
        Some((_, last)) => last.trim_end_matches(']'),
        None => key,
    }
}

/// Bytes a header value may hold (no control characters), at most 8 KB.
fn header_safe(bytes: Vec<u8>) -> Vec<u8> {
    bytes
        .into_iter()
        .filter(|b| *b == b'\t' || (*b >= 0x20 && *b != 0x7f))
        .take(8 * 1024)
        .collect()
}

/// A proper form post of these pairs.
fn form_post(pairs: &Pairs) -> Encoded {
    let body = urlencoded(pairs);
    Encoded {
        method: Method::POST,
        query: String::new(),
        content_type: Some(FORM.as_bytes().to_vec()),
        fresh: body.len() > 64 * 1024,
        body,
    }
}

/// The request to a server function, once its pairs are encoded.
fn finish(
    spec: &ServerFnSpec,
    who: usize,
    anonymous: bool,
    mut encoded: Encoded,
    mut headers: Vec<(&'static str, Vec<u8>)>,
    focus: Option<String>,
) -> Hostile {
    if spec.effect == Effect::EndsSession && !anonymous && encoded.method == Method::POST {
        encoded.method = Method::GET;
        encoded.body.clear();
        encoded.content_type = None;
    }
    if let Some(content_type) = encoded.content_type {
        headers.push(("content-type", content_type));
    }
    Hostile {
        who,
        method: encoded.method,
        target: with_query(spec.path, &encoded.query),
        endpoint: spec.path.to_owned(),
        headers,
        body: encoded.body,
        expect: match spec.effect {
            Effect::Writes => Expect::Refusal,
            Effect::Reads | Effect::EndsSession => Expect::Answer,
        },
        huge: false,
        fresh: encoded.fresh,
        focus,
    }
}

/// Fields a blank value (it clears them, or means "all") or an email address is valid for, so
/// neither is sent to a write as the hostile value.
const BLANK_IS_VALID: &[&str] = &["contact_email", "region"];

/// The generator: a seeded random source over the corpus.
struct Gen {
    rng: StdRng,
    corpus: Arc<Corpus>,
    /// No number from 1 (0 for `version`) to this is ever sent: it could name a row.
    largest_id: i64,
    /// Every choice the traced types offer, lower-cased: never sent as free text, so a write
    /// that takes a choice as text cannot be accepted by chance.
    valid_words: BTreeSet<String>,
    address: String,
    cookie_name: &'static str,
    /// Rows that exist (tasks, reports, activities), for what only reads.
    real_ids: Vec<i64>,
}

impl Gen {
    fn chance(&mut self, p: f64) -> bool {
        self.rng.gen_bool(p)
    }

    fn below(&mut self, n: usize) -> usize {
        self.rng.gen_range(0..n.max(1))
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.gen_range(0..items.len())]
    }

    fn text(&mut self) -> Vec<u8> {
        let corpus = Arc::clone(&self.corpus);
        if self.chance(0.03) {
            self.pick(&corpus.long).clone()
        } else {
            self.pick(&corpus.text).clone()
        }
    }

    fn word(&mut self, list: &[&str]) -> Vec<u8> {
        self.pick(list).as_bytes().to_vec()
    }

    /// A hostile value for a field of this shape and name.
    fn value(&mut self, shape: &Shape, name: &str) -> Vec<u8> {
        let value = match shape {
            Shape::Integer if self.chance(0.85) => self.word(NUMBERS),
            Shape::Decimal if self.chance(0.5) => self.word(DECIMALS),
            Shape::Decimal => self.word(NUMBERS),
            Shape::Flag if self.chance(0.8) => self.word(FLAGS),
            Shape::Date if self.chance(0.8) => self.word(DATES),
            Shape::Choice(variants) if !variants.is_empty() && self.chance(0.5) => {
                let variant = self.pick(variants).clone();
                self.near_miss(&variant)
            }
            Shape::Text if looks_like_date(name) && self.chance(0.5) => self.word(DATES),
            Shape::Text if looks_like_number(name) && self.chance(0.5) => self.word(NUMBERS),
            _ => self.text(),
        };
        self.guarded(value, name, shape)
    }

    /// A choice spelled almost right: serde wants it exact.
    fn near_miss(&mut self, variant: &str) -> Vec<u8> {
        let options: Vec<String> = [
            variant.to_uppercase(),
            format!("{variant} "),
            format!(" {variant}"),
            format!("{variant}\0"),
            format!("{variant}x"),
            variant.repeat(3),
            format!("{variant}[]"),
            variant.replace('_', "-"),
        ]
        .into_iter()
        .filter(|o| o != variant)
        .collect();
        if options.is_empty() {
            return b"?".to_vec();
        }
        self.pick(&options).clone().into_bytes()
    }

    /// Never a number that may name a row (or, for `version`, be a row's version), never a
    /// word one of the traced choices holds: so every write stays one that must be refused.
    fn guarded(&self, value: Vec<u8>, name: &str, shape: &Shape) -> Vec<u8> {
        let text = String::from_utf8_lossy(&value);
        let trimmed = text.trim();
        if let Ok(number) = trimmed.parse::<i64>() {
            let lowest = if name == "version" { 0 } else { 1 };
            if (lowest..=self.largest_id).contains(&number) {
                return b"-1".to_vec();
            }
        }
        if !matches!(shape, Shape::Choice(_)) && self.valid_words.contains(&trimmed.to_lowercase())
        {
            return b"<script>".to_vec();
        }
        // A blank contact address removes the address and an address is what it takes: valid
        // values, not hostile ones.
        if BLANK_IS_VALID.contains(&name) && (trimmed.is_empty() || trimmed.contains('@')) {
            return b"<script>".to_vec();
        }
        value
    }

    /// A path segment where an id is expected: hostile, or now and then one of `real_ids`.
    fn id_segment(&mut self, real_ids: &[i64]) -> String {
        if !real_ids.is_empty() && self.chance(0.4) {
            return self.pick(real_ids).to_string();
        }
        let corpus = Arc::clone(&self.corpus);
        let segment = self.pick(&corpus.segments).clone();
        match segment.parse::<i64>() {
            Ok(n) if (1..=self.largest_id).contains(&n) => "-1".to_owned(),
            _ => segment,
        }
    }

    /// The pairs of one field: left out now and then, nested fields as `name[field]`, lists
    /// as `name[]`.
    fn fill(&mut self, key: &str, field: &Field, pairs: &mut Pairs) {
        if self.chance(0.06) {
            return;
        }
        match &field.shape {
            Shape::Record(fields) => {
                for inner in fields {
                    self.fill(&format!("{key}[{}]", inner.name), inner, pairs);
                }
            }
            Shape::List(item) => {
                for _ in 0..self.below(4) {
                    let value = self.value(item, &field.name);
                    pairs.push((format!("{key}[]"), value));
                }
            }
            Shape::Fixed(size, item) => {
                for i in 0..*size {
                    let value = self.value(item, &field.name);
                    pairs.push((format!("{key}[{i}]"), value));
                }
            }
            shape => {
                let value = self.value(shape, &field.name);
                pairs.push((key.to_owned(), value));
            }
        }
    }

    /// Repeated, unknown, dropped fields, and fields nested where they are not.
    fn mutate(&mut self, pairs: &mut Pairs) {
        for _ in 0..self.below(3) {
            if pairs.is_empty() {
                let key = self.pick(UNKNOWN_KEYS).to_string();
                let value = self.text();
                pairs.push((key, value));
                continue;
            }
            let i = self.below(pairs.len());
            match self.below(8) {
                0 => {
                    let key = pairs[i].0.clone();
                    let value = self.value(&Shape::Text, base_name(&key));
                    pairs.push((key, value));
                }
                1 => pairs[i].0.push_str("[]"),
                2 => pairs[i].0.push_str("[x][y]"),
                3 => {
                    let flat = pairs[i].0.split('[').next().unwrap_or_default().to_owned();
                    pairs[i].0 = flat;
                }
                4 => {
                    pairs.remove(i);
                }
                5 => pairs[i].0.push_str("[99999999999999999999]"),
                6 => pairs[i].0.push_str("[a][b][c][d][e][f]"),
                _ => {
                    let key = self.pick(UNKNOWN_KEYS).to_string();
                    let value = self.value(&Shape::Text, &key);
                    pairs.push((key, value));
                }
            }
        }
    }

    /// How the pairs travel: mostly a proper form, else the wrong encoding, content type or
    /// method.
    fn encode(&mut self, pairs: &Pairs) -> Encoded {
        let form = urlencoded(pairs);
        let post = |content_type: &[u8], body: Vec<u8>, fresh: bool| Encoded {
            method: Method::POST,
            query: String::new(),
            content_type: Some(content_type.to_vec()),
            fresh: fresh || body.len() > 64 * 1024,
            body,
        };
        match self.below(100) {
            0..=54 => post(FORM.as_bytes(), form, false),
            55..=58 => post(
                b"application/x-www-form-urlencoded; charset=utf-16",
                form,
                false,
            ),
            59..=63 => post(FORM.as_bytes(), raw(pairs), true),
            64..=68 => {
                let mut body = form;
                body.extend(self.pick(BROKEN_ESCAPES).as_bytes());
                post(FORM.as_bytes(), body, false)
            }
            69..=72 => post(FORM.as_bytes(), json(pairs), false),
            73..=76 => post(b"application/json", json(pairs), false),
            77..=79 => post(b"text/plain", form, false),
            80..=82 => post(b"multipart/form-data", form, true),
            83..=85 => {
                let parts: Vec<Part> = pairs
                    .iter()
                    .map(|(key, value)| Part::text(key.as_bytes(), value.clone()))
                    .collect();
                let whole = multipart("hostile", &parts);
                let cut = self.below(whole.len());
                post(
                    b"multipart/form-data; boundary=hostile",
                    whole[..cut].to_vec(),
                    true,
                )
            }
            86..=88 => Encoded {
                content_type: None,
                ..post(b"", form, false)
            },
            89..=95 if form.len() <= LONGEST_QUERY => Encoded {
                method: Method::GET,
                query: String::from_utf8_lossy(&form).into_owned(),
                content_type: None,
                body: Vec::new(),
                fresh: false,
            },
            89..=95 => post(FORM.as_bytes(), form, false),
            _ => {
                let method = self
                    .pick(&[Method::PUT, Method::DELETE, Method::PATCH])
                    .clone();
                Encoded {
                    method,
                    ..post(FORM.as_bytes(), form, false)
                }
            }
        }
    }

    /// What a browser (or something pretending to be one) sends besides: mostly this site as
    /// `Origin`, so requests pass the cross-site check and reach the handlers; some without,
    /// some from another site.
    fn headers(&mut self, anonymous: bool) -> Vec<(&'static str, Vec<u8>)> {
        let address = self.address.clone().into_bytes();
        let mut headers = Vec::new();
        match self.below(100) {
            0..=69 => headers.push(("origin", address)),
            70..=81 => {}
            82..=89 => {
                headers.push(("origin", address));
                headers.push(("sec-fetch-site", b"same-origin".to_vec()));
            }
            90..=92 => headers.push(("sec-fetch-site", b"same-origin".to_vec())),
            93..=95 => headers.push(("origin", b"null".to_vec())),
            _ => {
                headers.push(("origin", b"http://evil.example".to_vec()));
                headers.push(("sec-fetch-site", b"cross-site".to_vec()));
            }
        }
        if self.chance(0.25) {
            headers.push((
                "accept",
                b"text/html,application/xhtml+xml;q=0.9,*/*;q=0.8".to_vec(),
            ));
            let referer = match self.below(4) {
                0 => b"not a url".to_vec(),
                1 => format!("{}/tasks?__err=zz&__path=/api/x", self.address).into_bytes(),
                _ => format!("{}/tasks", self.address).into_bytes(),
            };
            headers.push(("referer", referer));
        }
        if self.chance(0.2) {
            headers.push(("accept-encoding", b"gzip, br".to_vec()));
        }
        if self.chance(0.1) {
            let language = header_safe(self.text());
            headers.push(("accept-language", language));
        }
        if anonymous && self.chance(0.15) {
            let mut cookie = format!("{}=", self.cookie_name).into_bytes();
            cookie.extend(header_safe(self.text()));
            cookie.extend(b"; concord_lang=");
            cookie.extend(header_safe(self.text()));
            headers.push(("cookie", header_safe(cookie)));
        }
        headers
    }

    /// A value that reads as what the field wants: so a request carrying it fails (if at all)
    /// on the one hostile value beside it. For a function that changes data it still names
    /// no row and no choice, so the request is refused all the same.
    fn plausible(&mut self, leaf: &Leaf, writes: bool) -> Vec<u8> {
        let value = match &leaf.shape {
            Shape::Integer if !writes && !self.real_ids.is_empty() && self.chance(0.7) => {
                let ids = self.real_ids.clone();
                self.pick(&ids).to_string().into_bytes()
            }
            Shape::Integer => b"1".to_vec(),
            Shape::Decimal => b"1.5".to_vec(),
            Shape::Flag => b"true".to_vec(),
            Shape::Date => b"2026-01-01".to_vec(),
            Shape::Choice(variants) if !writes && !variants.is_empty() => {
                self.pick(variants).clone().into_bytes()
            }
            Shape::Choice(variants) if !variants.is_empty() => {
                let variant = self.pick(variants).clone();
                self.near_miss(&variant)
            }
            _ if looks_like_date(&leaf.name) => b"2026-01-01".to_vec(),
            _ => b"x".to_vec(),
        };
        if writes {
            self.guarded(value, &leaf.name, &leaf.shape)
        } else {
            value
        }
    }

    /// Every value well formed but the one at `target`: `value`, or one from the corpus.
    fn focused_pairs(
        &mut self,
        spec: &ServerFnSpec,
        target: usize,
        value: Option<&[u8]>,
    ) -> (Pairs, String) {
        let writes = spec.effect == Effect::Writes;
        let mut pairs = Pairs::new();
        let mut focus = String::new();
        for (i, leaf) in spec.leaves.iter().enumerate() {
            let value = match value {
                _ if i != target => self.plausible(leaf, writes),
                Some(value) if writes => self.guarded(value.to_vec(), &leaf.name, &leaf.shape),
                Some(value) => value.to_vec(),
                None => self.value(&leaf.shape, &leaf.name),
            };
            if i == target {
                focus = format!("{}={}", leaf.key, excerpt(&value));
            }
            pairs.push((leaf.key.clone(), value));
        }
        (pairs, focus)
    }

    /// A request to a server function: half of them well formed but for one hostile value,
    /// the others malformed every which way.
    fn server_fn_request(&mut self, spec: &ServerFnSpec, who: usize, anonymous: bool) -> Hostile {
        let mut focus = None;
        let encoded = if !spec.leaves.is_empty() && self.chance(0.5) {
            let target = self.below(spec.leaves.len());
            let (pairs, hostile) = self.focused_pairs(spec, target, None);
            focus = Some(hostile);
            if self.chance(0.85) {
                form_post(&pairs)
            } else {
                self.encode(&pairs)
            }
        } else {
            let mut pairs = Pairs::new();
            for field in &spec.args {
                self.fill(&field.name, field, &mut pairs);
            }
            self.mutate(&mut pairs);
            self.encode(&pairs)
        };
        let headers = self.headers(anonymous);
        finish(spec, who, anonymous, encoded, headers, focus)
    }

    /// One edge value in one of a function's values, all else well formed, from a browser of
    /// this site: so that it reaches the function.
    fn edge_request(
        &mut self,
        spec: &ServerFnSpec,
        target: usize,
        value: &[u8],
        who: usize,
    ) -> Hostile {
        let (pairs, focus) = self.focused_pairs(spec, target, Some(value));
        let headers = vec![
            ("origin", self.address.clone().into_bytes()),
            ("sec-fetch-site", b"same-origin".to_vec()),
        ];
        finish(spec, who, false, form_post(&pairs), headers, Some(focus))
    }

    /// Four texts of 100 KB at once (the first not UTF-8, so three times as long once
    /// decoded), the rest well formed: the refusal of a form that says again what was typed
    /// must still fit in its answer.
    fn long_texts_request(&mut self, spec: &ServerFnSpec, who: usize) -> Hostile {
        let writes = spec.effect == Effect::Writes;
        let mut long = 0;
        let mut pairs = Pairs::new();
        for leaf in &spec.leaves {
            let value = if matches!(leaf.shape, Shape::Text) && long < 4 {
                long += 1;
                vec![if long == 1 { 0xff } else { b'A' }; LONG]
            } else {
                self.plausible(leaf, writes)
            };
            pairs.push((leaf.key.clone(), value));
        }
        let headers = vec![
            ("origin", self.address.clone().into_bytes()),
            ("sec-fetch-site", b"same-origin".to_vec()),
        ];
        let focus = format!("{long} texts of 100 KB");
        finish(spec, who, false, form_post(&pairs), headers, Some(focus))
    }

    /// A hostile query string made of these keys (or one of the raw ones).
    fn query(&mut self, keys: &[String]) -> String {
        if self.chance(0.15) {
            return self.pick(RAW_QUERIES).to_string();
        }
        if self.chance(0.1) {
            return String::new();
        }
        let mut pairs = Pairs::new();
        for _ in 0..=self.below(4) {
            let key = self.pick(keys).clone();
            let value = self.value(&Shape::Text, base_name(&key));
            pairs.push((key, value));
        }
        self.mutate(&mut pairs);
        let mut query = String::from_utf8_lossy(&urlencoded(&pairs)).into_owned();
        query.truncate(LONGEST_QUERY);
        query
    }

    /// A page of the route table, its path parameters hostile (or rows that exist), its query
    /// string hostile.
    fn page_request(
        &mut self,
        route: &str,
        who: usize,
        anonymous: bool,
        keys: &[String],
    ) -> Hostile {
        let mut path = String::new();
        for segment in route.split('/').skip(1) {
            path.push('/');
            if segment.starts_with('{') || segment.starts_with(':') {
                let real_ids = self.real_ids.clone();
                path.push_str(&self.id_segment(&real_ids));
            } else {
                path.push_str(segment);
            }
        }
        let query = self.query(keys);
        let mut headers = self.headers(anonymous);
        let (method, body) = match self.below(100) {
            0..=89 => (Method::GET, Vec::new()),
            90..=93 => (Method::HEAD, Vec::new()),
            _ => {
                headers.push(("content-type", FORM.as_bytes().to_vec()));
                (Method::POST, b"a=1&b=%FF".to_vec())
            }
        };
        Hostile {
            who,
            method,
            target: with_query(&path, &query),
            endpoint: route.to_owned(),
            headers,
            body,
            expect: Expect::Answer,
            huge: false,
            fresh: false,
            focus: None,
        }
    }

    /// A page with this path segment in its parameters (if it has any) and this query.
    fn page_at(&mut self, route: &str, segment: &str, query: &str, who: usize) -> Hostile {
        let path: String = route
            .split('/')
            .skip(1)
            .map(|part| {
                if part.starts_with('{') || part.starts_with(':') {
                    format!("/{segment}")
                } else {
                    format!("/{part}")
                }
            })
            .collect();
        Hostile {
            who,
            method: Method::GET,
            target: with_query(&path, query),
            endpoint: route.to_owned(),
            headers: vec![("accept", b"text/html".to_vec())],
            body: Vec::new(),
            expect: Expect::Answer,
            huge: false,
            fresh: false,
            focus: None,
        }
    }

    fn export_request(&mut self, who: usize, anonymous: bool, keys: &[String]) -> Hostile {
        let file = if self.chance(0.7) {
            let dataset = *self.pick(&Dataset::ALL);
            let format = *self.pick(&FileFormat::ALL);
            format!("{}.{}", dataset.as_str(), format.extension())
        } else {
            self.pick(BAD_EXPORT_NAMES).to_string()
        };
        let query = self.query(keys);
        Hostile {
            who,
            method: if self.chance(0.95) {
                Method::GET
            } else {
                Method::POST
            },
            target: with_query(&format!("/export/{file}"), &query),
            endpoint: "/export/{file}".to_owned(),
            headers: self.headers(anonymous),
            body: Vec::new(),
            expect: Expect::Answer,
            huge: false,
            fresh: false,
            focus: None,
        }
    }

    fn download_request(&mut self, who: usize, anonymous: bool, real_ids: &[i64]) -> Hostile {
        let id = self.id_segment(real_ids);
        Hostile {
            who,
            method: Method::GET,
            target: format!("/files/{id}"),
            endpoint: "/files/{id}".to_owned(),
            headers: self.headers(anonymous),
            body: Vec::new(),
            expect: Expect::Answer,
            huge: false,
            fresh: false,
            focus: None,
        }
    }

    fn plain_request(&mut self, path: &str, who: usize, anonymous: bool) -> Hostile {
        let query = if self.chance(0.5) {
            self.pick(RAW_QUERIES).to_string()
        } else {
            String::new()
        };
        let method = self
            .pick(&[Method::GET, Method::GET, Method::HEAD, Method::POST])
            .clone();
        Hostile {
            who,
            method,
            target: with_query(path, &query),
            endpoint: path.split('?').next().unwrap_or_default().to_owned(),
            headers: self.headers(anonymous),
            body: Vec::new(),
            expect: Expect::Answer,
            huge: false,
            fresh: false,
            focus: None,
        }
    }

    /// A multipart form's parts for one field, as the browser would send them (lists as
    /// `name[]`, the people-reached cells by their own names).
    fn form_parts(&mut self, field: &Field, parts: &mut Vec<Part>) {
        if self.chance(0.08) {
            return;
        }
        match &field.shape {
            Shape::List(item) => {
                for _ in 0..self.below(4) {
                    let value = self.value(item, &field.name);
                    parts.push(Part::text(format!("{}[]", field.name), value));
                }
            }
            Shape::Fixed(size, item) if *size == CELL_FIELDS.len() => {
                for name in CELL_FIELDS {
                    let value = self.value(item, name);
                    parts.push(Part::text(name, value));
                }
            }
            Shape::Fixed(size, item) => {
                for i in 0..*size {
                    let value = self.value(item, &field.name);
                    parts.push(Part::text(format!("{}[{i}]", field.name), value));
                }
            }
            shape => {
                let value = self.value(shape, &field.name);
                parts.push(Part::text(field.name.as_bytes(), value));
            }
        }
    }

    fn evidence_part(&mut self) -> Part {
        let corpus = Arc::clone(&self.corpus);
        let (file_name, data) = if self.chance(0.7) {
            self.pick(&corpus.evidence).clone()
        } else {
            let mut data: Vec<u8> = (0..self.rng.gen_range(1..4096))
                .map(|_| self.rng.gen_range(0..=255u8))
                .collect();
            data[0] = b'#';
            (b"random.pdf".to_vec(), data)
        };
        Part {
            name: b"evidence".to_vec(),
            file_name: Some(file_name),
            content_type: Some(*self.pick(&[
                "application/pdf",
                "image/png",
                "text/html",
                "application/octet-stream",
            ])),
            data,
        }
    }

    fn mutate_parts(&mut self, parts: &mut Vec<Part>) {
        for _ in 0..self.below(3) {
            if parts.is_empty() {
                break;
            }
            let i = self.below(parts.len());
            match self.below(7) {
                0 => {
                    let mut copy = parts[i].clone();
                    let name = String::from_utf8_lossy(&copy.name).into_owned();
                    copy.data = self.value(&Shape::Text, &name);
                    parts.push(copy);
                }
                1 => {
                    parts[i].file_name = Some(b"field.txt".to_vec());
                    parts[i].content_type = Some("application/octet-stream");
                }
                2 => parts[i].name.clear(),
                3 => parts[i].data = vec![b'A'; LONG],
                4 => parts[i].data = b"\xff\xfe\xfd".to_vec(),
                5 => parts[i].name = b"na\"me\r\nX-Injected: 1".to_vec(),
                _ => {
                    let value = self.text();
                    parts.push(Part::text("zz_unknown", value));
                }
            }
        }
        // Whatever the mutations made, no evidence is of a kind the server keeps.
        for part in parts.iter_mut() {
            if part.name == b"evidence" && sniff_head(&part.data) != Head::Unknown {
                part.data = b"#".to_vec();
            }
        }
    }

    fn form_request(&mut self, route: &FormRoute, who: usize, anonymous: bool) -> Hostile {
        let target = route
            .pattern
            .replace("{id}", &self.id_segment(&route.real_ids));
        let mut parts = Vec::new();
        for field in &route.fields {
            self.form_parts(field, &mut parts);
        }
        // The version the form was shown with: missing, or one no row has.
        if self.chance(0.75) {
            let version = self.value(&Shape::Integer, "version");
            parts.push(Part::text("version", version));
        }
        let files = if self.chance(0.03) { 7 } else { self.below(3) };
        for _ in 0..files {
            let part = self.evidence_part();
            parts.push(part);
        }
        self.mutate_parts(&mut parts);
        let boundary = "----hostile7MA4YWxkTrZu0gW";
        let whole = multipart(boundary, &parts);
        let proper = format!("multipart/form-data; boundary={boundary}").into_bytes();
        let (content_type, body) = match self.below(100) {
            0..=64 => (proper, whole),
            65..=74 => {
                let cut = self.below(whole.len());
                (proper, whole[..cut].to_vec())
            }
            75..=79 => (b"multipart/form-data".to_vec(), whole),
            80..=84 => (b"multipart/form-data; boundary=other".to_vec(), whole),
            85..=87 => {
                let end = whole.len().saturating_sub(boundary.len() + 6);
                (proper, whole[..end].to_vec())
            }
            88..=90 => (proper, Vec::new()),
            91..=93 => {
                let pairs: Pairs = parts
                    .iter()
                    .map(|p| {
                        (
                            String::from_utf8_lossy(&p.name).into_owned(),
                            p.data.clone(),
                        )
                    })
                    .collect();
                (FORM.as_bytes().to_vec(), urlencoded(&pairs))
            }
            94..=96 => {
                let pairs: Pairs = parts
                    .iter()
                    .map(|p| {
                        (
                            String::from_utf8_lossy(&p.name).into_owned(),
                            p.data.clone(),
                        )
                    })
                    .collect();
                (b"application/json".to_vec(), json(&pairs))
            }
            _ => (
                format!("multipart/form-data; boundary=\"{}\"", "x".repeat(300)).into_bytes(),
                whole,
            ),
        };
        let mut headers = self.headers(anonymous);
        headers.push(("content-type", content_type));
        let method = if self.chance(0.95) {
            Method::POST
        } else {
            self.pick(&[Method::GET, Method::PUT]).clone()
        };
        Hostile {
            who,
            method,
            target,
            endpoint: route.pattern.to_owned(),
            headers,
            body,
            expect: Expect::FormRefusal,
            huge: false,
            fresh: true,
            focus: None,
        }
    }

    /// The few bodies (and one header block) of megabytes.
    fn huge_requests(&mut self, coordinator: usize, reporter: usize, ngo: usize) -> Vec<Hostile> {
        let origin = ("origin", self.address.clone().into_bytes());
        let form = ("content-type", FORM.as_bytes().to_vec());
        let boundary = "----hostile-huge";
        let multipart_type = (
            "content-type",
            format!("multipart/form-data; boundary={boundary}").into_bytes(),
        );
        let huge =
            |who: usize, method: Method, target: &str, headers, body: Vec<u8>, expect| Hostile {
                who,
                method,
                target: target.to_owned(),
                endpoint: format!("{} (huge)", target.split('?').next().unwrap_or_default()),
                headers,
                body,
                expect,
                huge: true,
                fresh: true,
                focus: None,
            };
        let mut title = b"form%5Btitle_ky%5D=".to_vec();
        title.extend(vec![b'A'; HUGE]);
        let mut password = b"email=nobody%40example.invalid&password=".to_vec();
        password.extend(vec![b'p'; HUGE]);
        let long_text = multipart(boundary, &[Part::text("title", vec![b'T'; HUGE])]);
        let big_evidence = |size: usize| {
            multipart(
                boundary,
                &[
                    Part::text("version", b"-1".to_vec()),
                    Part {
                        name: b"evidence".to_vec(),
                        file_name: Some(b"big.pdf".to_vec()),
                        content_type: Some("application/pdf"),
                        data: vec![b'#'; size],
                    },
                ],
            )
        };
        let junk: Vec<(&'static str, Vec<u8>)> =
            (0..120).map(|_| ("x-junk", vec![b'j'; 1024])).collect();
        vec![
            huge(
                coordinator,
                Method::POST,
                "/api/tasks/create",
                vec![origin.clone(), form.clone()],
                title,
                Expect::Refusal,
            ),
            huge(
                0,
                Method::POST,
                "/api/dashboard",
                vec![origin.clone(), form.clone()],
                b"filter[from]=9999-12-31&".repeat(HUGE / 24),
                Expect::Answer,
            ),
            huge(
                0,
                Method::POST,
                "/api/login",
                vec![origin.clone(), form.clone()],
                password,
                Expect::Refusal,
            ),
            huge(
                coordinator,
                Method::POST,
                "/api/session",
                vec![origin.clone()],
                vec![0u8; HUGE + HUGE / 2],
                Expect::Answer,
            ),
            huge(
                reporter,
                Method::POST,
                "/api/tasks/list",
                vec![origin.clone(), form.clone()],
                vec![b'&'; HUGE],
                Expect::Answer,
            ),
            huge(
                ngo,
                Method::POST,
                "/activities/save",
                vec![origin.clone(), multipart_type.clone()],
                long_text,
                Expect::FormRefusal,
            ),
            huge(
                ngo,
                Method::POST,
                "/activities/save",
                vec![origin.clone(), multipart_type.clone()],
                big_evidence(4 * 1024 * 1024),
                Expect::FormRefusal,
            ),
            huge(
                reporter,
                Method::POST,
                "/reports/-1/save",
                vec![origin.clone(), multipart_type],
                big_evidence(HUGE),
                Expect::FormRefusal,
            ),
            huge(
                coordinator,
                Method::GET,
                &format!("/tasks?q={}", "A".repeat(40 * 1024)),
                vec![],
                Vec::new(),
                Expect::Answer,
            ),
            huge(0, Method::GET, "/health", junk, Vec::new(), Expect::Answer),
        ]
    }
}

// ---------------------------------------------------------------------------------------------
// Sending and judging.

/// One caller: logged out, or a demo account.
struct Identity {
    label: String,
    anonymous: bool,
    /// Keeps connections alive between requests, as a browser does.
    pooled: Client,
    /// A new connection for each request: for bodies the server may refuse unread (it may
    /// then close the connection), so that one request's end never lands on another.
    fresh: Client,
}

impl Identity {
    fn new(label: String, jar: Option<Arc<Jar>>) -> Identity {
        let build = |pooled: bool| {
            let mut builder = Client::builder()
                .redirect(Policy::none())
                .timeout(Duration::from_secs(30));
            if let Some(jar) = &jar {
                builder = builder.cookie_provider(Arc::clone(jar));
            }
            if !pooled {
                builder = builder.pool_max_idle_per_host(0);
            }
            builder.build().expect("client")
        };
        Identity {
            anonymous: jar.is_none(),
            label,
            pooled: build(true),
            fresh: build(false),
        }
    }
}

enum Outcome {
    Answered {
        status: u16,
        location: String,
        /// The server function answered with an error (a browser's form is redirected back
        /// with it, in `__err` when the `Referer` is a URL).
        function_error: bool,
        excerpt: String,
        leaked: bool,
    },
    Broken {
        status: Option<u16>,
        error: String,
    },
}

/// An error with its causes.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// At most 200 characters of `bytes`, control characters escaped.
fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    let mut shown: String = text.escape_debug().take(200).collect();
    if bytes.len() > 200 {
        shown.push('…');
    }
    shown
}

/// Whether an answer holds a file from outside the site.
fn leaks(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    text.contains("root:x:0:0") || text.contains("[workspace]") || text.contains("fn main()")
}

async fn send(identity: &Identity, address: &str, request: &Hostile) -> Outcome {
    let client = if request.fresh {
        &identity.fresh
    } else {
        &identity.pooled
    };
    let mut builder = client.request(
        request.method.clone(),
        format!("{address}{}", request.target),
    );
    for (name, value) in &request.headers {
        if let Ok(value) = HeaderValue::from_bytes(value) {
            builder = builder.header(*name, value);
        }
    }
    if !request.body.is_empty() {
        builder = builder.body(request.body.clone());
    }
    let response = match builder.send().await {
        Ok(response) => response,
        Err(error) => {
            return Outcome::Broken {
                status: None,
                error: chain(&error),
            };
        }
    };
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    let function_error = response
        .headers()
        .contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER);
    match response.bytes().await {
        Ok(body) => Outcome::Answered {
            status,
            location,
            function_error,
            excerpt: excerpt(&body),
            leaked: leaks(&body),
        },
        Err(error) => Outcome::Broken {
            status: Some(status),
            error: chain(&error),
        },
    }
}

/// What is wrong with this answer, if anything, named as failures are grouped.
fn verdict(request: &Hostile, outcome: &Outcome) -> Option<String> {
    match outcome {
        // A body of megabytes refused unread may be cut off by the server closing the
        // connection: counted apart, not a failure.
        Outcome::Broken { .. } if request.huge => None,
        Outcome::Broken { status: None, .. } => Some("no answer (connection dropped)".to_owned()),
        Outcome::Broken {
            status: Some(status),
            ..
        } => Some(format!("{status}, then the body broke off")),
        Outcome::Answered { status, .. } if *status >= 500 => Some(status.to_string()),
        Outcome::Answered { leaked: true, .. } => {
            Some("a file from outside the site was served".to_owned())
        }
        Outcome::Answered {
            status,
            location,
            function_error,
            ..
        } => {
            let redirect = (300..400).contains(status);
            let accepted = match request.expect {
                Expect::Answer => false,
                Expect::Refusal => *status < 400 && !function_error && !location.contains("__err="),
                Expect::FormRefusal => *status < 400 && (!redirect || location.contains("done=")),
            };
            accepted.then(|| format!("hostile write accepted ({status})"))
        }
    }
}

fn histogram_key(request: &Hostile, outcome: &Outcome) -> String {
    match outcome {
        Outcome::Answered { status, .. } => status.to_string(),
        Outcome::Broken { status: None, .. } if request.huge => {
            "no answer (huge body, tolerated)".to_owned()
        }
        Outcome::Broken { status: None, .. } => "no answer".to_owned(),
        Outcome::Broken {
            status: Some(status),
            ..
        } => format!("{status}, body broke off"),
    }
}

/// A failure as it is printed: the request and what came back.
fn describe(request: &Hostile, identity: &Identity, outcome: &Outcome) -> String {
    let answer = match outcome {
        Outcome::Answered {
            status,
            location,
            excerpt,
            ..
        } => {
            if location.is_empty() {
                format!("{status} {excerpt}")
            } else {
                format!("{status} → {location} {excerpt}")
            }
        }
        Outcome::Broken { status, error } => match status {
            Some(status) => format!("{status}, then: {error}"),
            None => error.clone(),
        },
    };
    let content_type = request
        .headers
        .iter()
        .find(|(name, _)| *name == "content-type")
        .map(|(_, value)| String::from_utf8_lossy(value).into_owned())
        .unwrap_or_else(|| "none".to_owned());
    let focus = match &request.focus {
        Some(focus) => format!("\n      the hostile value: {focus}"),
        None => String::new(),
    };
    format!(
        "{} {} as {}{focus}\n      content type: {}\n      body: {}\n      answer: {}",
        request.method,
        excerpt(request.target.as_bytes()),
        identity.label,
        content_type,
        excerpt(&request.body),
        excerpt(answer.as_bytes()),
    )
}

/// Which demo accounts each function that changes data lets past its policy (to its checks):
/// each account tries each such function once, every value well formed — and the request
/// still one that must be refused.
async fn past_the_policy(
    app: &TestApp,
    identities: &[Identity],
    functions: &[ServerFnSpec],
    generator: &mut Gen,
) -> BTreeMap<&'static str, Vec<usize>> {
    let mut allowed = BTreeMap::new();
    for spec in functions.iter().filter(|f| f.effect == Effect::Writes) {
        let mut accounts = Vec::new();
        for (who, identity) in identities.iter().enumerate().filter(|(_, i)| !i.anonymous) {
            let (pairs, _) = generator.focused_pairs(spec, usize::MAX, None);
            let response = identity
                .pooled
                .post(app.url(spec.path))
                .header("origin", app.address.as_str())
                .header("content-type", FORM)
                .body(urlencoded(&pairs))
                .send()
                .await;
            if response.is_ok_and(|r| r.status() != 403) {
                accounts.push(who);
            }
        }
        allowed.insert(spec.path, accounts);
    }
    allowed
}

/// With `HOSTILE_DUMP` naming a folder, a failing request is written there whole (request
/// line, headers, body), to replay it.
fn dump(request: &Hostile, identity: &Identity) {
    let Some(folder) = std::env::var_os("HOSTILE_DUMP") else {
        return;
    };
    let mut text = format!(
        "{} {}\n# as {}\n",
        request.method, request.target, identity.label
    )
    .into_bytes();
    for (name, value) in &request.headers {
        text.extend(format!("{name}: ").as_bytes());
        text.extend(value);
        text.push(b'\n');
    }
    text.push(b'\n');
    text.extend(&request.body);
    let name = format!("{:016x}.http", rand::random::<u64>());
    let _ = std::fs::create_dir_all(&folder);
    let _ = std::fs::write(std::path::Path::new(&folder).join(name), text);
}

/// Whether the session endpoint still knows this caller.
async fn still_logged_in(app: &TestApp, identity: &Identity) -> bool {
    let origin = [("origin", app.address.as_str())];
    let response = app
        .call_with(&identity.pooled, "session", &[], &origin)
        .await;
    let info: serde_json::Value = response.json().await.unwrap_or_default();
    !info["me"].is_null()
}

async fn ids(app: &TestApp, sql: &str) -> Vec<i64> {
    app::on_db!(&app.state.db, pool => sqlx::query_scalar(sql).fetch_all(pool).await).expect("ids")
}

/// The digest's differences, table by table.
fn differences(before: &TableDigest, after: &TableDigest) -> Vec<String> {
    let tables: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    tables
        .into_iter()
        .filter(|table| !CHANGED_BY_REFUSALS.contains(&table.as_str()))
        .filter_map(|table| {
            let (was, is) = (before.get(table), after.get(table));
            (was != is).then(|| format!("{table}: (rows, largest id) {was:?} before, {is:?} after"))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The scenario.

/// What the requests of a run go to, besides the server functions.
struct Targets {
    functions: Vec<ServerFnSpec>,
    /// The route table's pages.
    routes: BTreeSet<String>,
    forms: Vec<FormRoute>,
    page_keys: Vec<String>,
    export_keys: Vec<String>,
    /// Reports that exist, for evidence downloads.
    reports: Vec<i64>,
    /// The demo accounts (by index) each function that changes data lets past its policy.
    past_the_policy: BTreeMap<&'static str, Vec<usize>>,
}

impl Targets {
    /// Every request of a run, shuffled: for each caller a share of each kind, then the
    /// sweeps, the bodies of megabytes, and server functions again up to [`TARGET`].
    fn requests(&self, generator: &mut Gen, identities: &[Identity]) -> (Vec<Hostile>, usize) {
        let mut requests = Vec::new();
        for (who, identity) in identities.iter().enumerate() {
            let anonymous = identity.anonymous;
            for spec in &self.functions {
                for _ in 0..spec.rounds {
                    requests.push(generator.server_fn_request(spec, who, anonymous));
                }
            }
            for route in &self.routes {
                for _ in 0..PER_PAGE {
                    requests.push(generator.page_request(route, who, anonymous, &self.page_keys));
                }
            }
            for form in &self.forms {
                for _ in 0..PER_FORM {
                    requests.push(generator.form_request(form, who, anonymous));
                }
            }
            for _ in 0..PER_EXPORT {
                requests.push(generator.export_request(who, anonymous, &self.export_keys));
            }
            for _ in 0..PER_DOWNLOAD {
                requests.push(generator.download_request(who, anonymous, &self.reports));
            }
            for _ in 0..PER_HEALTH {
                requests.push(generator.plain_request("/health", who, anonymous));
            }
            for _ in 0..PER_STRAY {
                let path = *generator.pick(STRAY_PATHS);
                requests.push(generator.plain_request(path, who, anonymous));
            }
        }
        let sweeps = self.sweeps(generator, identities.len());
        let swept = sweeps.len();
        requests.extend(sweeps);
        let by_email = |email: &str| {
            demo::accounts()
                .iter()
                .position(|a| a.email == email)
                .map(|i| i + 1)
                .expect("demo account")
        };
        requests.extend(generator.huge_requests(
            by_email("coordinator@demo.concord.kg"),
            by_email("reporter@demo.concord.kg"),
            by_email("ngo@demo.concord.kg"),
        ));
        let mut round = 0;
        while requests.len() < TARGET {
            let spec = &self.functions[round % self.functions.len()];
            let who = (round / self.functions.len()) % identities.len();
            requests.push(generator.server_fn_request(spec, who, identities[who].anonymous));
            round += 1;
        }
        requests.shuffle(&mut generator.rng);
        (requests, swept)
    }

    /// The sweeps, so that the edges are always tried: every edge date, number and text in
    /// every value a server function takes (the rest well formed), and four texts of 100 KB
    /// at once in every function that takes as many — for a function that changes data from
    /// every demo account that gets past its policy to its checks, else from the next account
    /// in turn; every hostile path segment in every page that takes one, every raw query
    /// string on every page that takes none, every edge date in each export's filter.
    fn sweeps(&self, generator: &mut Gen, callers: usize) -> Vec<Hostile> {
        let mut turn = 0;
        let mut next_account = || {
            turn += 1;
            1 + turn % (callers - 1)
        };
        let mut requests = Vec::new();
        for spec in &self.functions {
            let rounds: Vec<Option<usize>> = match self.past_the_policy.get(spec.path) {
                Some(accounts) if !accounts.is_empty() => {
                    accounts.iter().copied().map(Some).collect()
                }
                _ => vec![None],
            };
            let texts = spec
                .leaves
                .iter()
                .filter(|l| matches!(l.shape, Shape::Text));
            let long_texts = texts.count() >= 4;
            for account in rounds {
                for (target, leaf) in spec.leaves.iter().enumerate() {
                    for edge in edges(leaf) {
                        let who = account.unwrap_or_else(&mut next_account);
                        requests.push(generator.edge_request(spec, target, &edge, who));
                    }
                }
                if long_texts {
                    let who = account.unwrap_or_else(&mut next_account);
                    requests.push(generator.long_texts_request(spec, who));
                }
            }
        }
        let corpus = Arc::clone(&generator.corpus);
        for route in &self.routes {
            if route.contains('{') || route.contains(':') {
                for segment in &corpus.segments {
                    requests.push(generator.page_at(route, segment, "", next_account()));
                }
            } else {
                for query in RAW_QUERIES {
                    requests.push(generator.page_at(route, "", query, next_account()));
                }
            }
        }
        for dataset in Dataset::ALL {
            for date in EDGE_DATES {
                for key in ["from", "to"] {
                    let file = format!("/export/{}.csv?{key}={date}", dataset.as_str());
                    let mut request = generator.page_at(&file, "", "", next_account());
                    request.endpoint = "/export/{file}".to_owned();
                    requests.push(request);
                }
            }
        }
        requests
    }

    fn kind_of(&self, request: &Hostile) -> &'static str {
        match request.expect {
            _ if request.huge => "huge",
            Expect::FormRefusal => "multipart forms",
            _ if request.endpoint.starts_with("/api/") => "server functions",
            _ if request.endpoint.starts_with("/export/") => "exports",
            _ if request.endpoint.starts_with("/files/") => "evidence downloads",
            _ if self.routes.contains(&request.endpoint) => "pages",
            _ => "health and stray paths",
        }
    }
}

#[derive(Default)]
struct Failures {
    count: usize,
    keys: BTreeSet<String>,
    examples: Vec<String>,
}

/// The run's answers, counted, and its failures grouped by endpoint and what went wrong.
#[derive(Default)]
struct Tally {
    answers: BTreeMap<String, usize>,
    kinds: BTreeMap<&'static str, usize>,
    endpoints: BTreeSet<String>,
    /// (endpoint, what went wrong) → how many, and the first few that differ in their hostile
    /// value's key.
    failures: BTreeMap<(String, String), Failures>,
    failed: usize,
    huge: Vec<String>,
}

impl Tally {
    fn of(targets: &Targets, identities: &[Identity], answered: &[(Hostile, Outcome)]) -> Tally {
        let mut tally = Tally::default();
        for (request, outcome) in answered {
            *tally
                .answers
                .entry(histogram_key(request, outcome))
                .or_default() += 1;
            *tally.kinds.entry(targets.kind_of(request)).or_default() += 1;
            tally.endpoints.insert(request.endpoint.clone());
            if request.huge {
                tally.huge.push(format!(
                    "{}: {}",
                    request.endpoint,
                    histogram_key(request, outcome)
                ));
            }
            if let Some(class) = verdict(request, outcome) {
                tally.failed += 1;
                let failures = tally
                    .failures
                    .entry((request.endpoint.clone(), class))
                    .or_default();
                failures.count += 1;
                let key = request.focus.as_deref().unwrap_or_default();
                let key = key.split('=').next().unwrap_or_default().to_owned();
                if failures.examples.len() < 3 && failures.keys.insert(key) {
                    let identity = &identities[request.who];
                    failures.examples.push(describe(request, identity, outcome));
                    dump(request, identity);
                }
            }
        }
        tally
    }

    fn print(&self) {
        println!("  by kind: {:?}", self.kinds);
        println!("  bodies of megabytes: {:?}", self.huge);
        println!("  answers: {:?}", self.answers);
        if self.failures.is_empty() {
            return;
        }
        println!(
            "{} requests failed, {} distinct (by endpoint and answer); the first 50:",
            self.failed,
            self.failures.len()
        );
        for ((endpoint, class), failures) in self.failures.iter().take(50) {
            println!("  {endpoint}: {class} ×{}", failures.count);
            for example in &failures.examples {
                println!("    - {example}");
            }
        }
    }
}

async fn hostile_requests_are_refused_without_a_fault(backend: Backend) {
    let started = Instant::now();
    let seed = std::env::var("HOSTILE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SEED);

    // What requests are made from: every server function's argument type (checked against the
    // server's registry), the multipart forms' types, the route table.
    let functions = server_functions();
    check_every_server_function_is_listed(&functions);
    let report_form = fields_of::<ReportForm>();
    let activity_form = fields_of::<ActivityForm>();
    let mut field_names = BTreeSet::new();
    let mut valid_words = BTreeSet::new();
    for fields in functions
        .iter()
        .map(|f| &f.args)
        .chain([&report_form, &activity_form])
    {
        names_and_choices(fields, &mut field_names, &mut valid_words);
    }

    let app = spawn_app(backend).await;
    app.load_demo().await;

    // The callers: logged out, and every demo account.
    let mut identities = vec![Identity::new("nobody (logged out)".to_owned(), None)];
    for account in demo::accounts() {
        let identity = Identity::new(
            format!("{} ({:?})", account.email, account.role),
            Some(Arc::new(Jar::default())),
        );
        let response = app
            .call_with(
                &identity.pooled,
                "login",
                &[("email", account.email), ("password", account.password)],
                &[("origin", app.address.as_str())],
            )
            .await;
        assert_eq!(response.status(), 200, "login as {}", account.email);
        identities.push(identity);
    }

    let before = app.table_digest().await;
    let reports = ids(
        &app,
        "select report_id from reports order by report_id desc limit 8",
    )
    .await;
    let activities = ids(
        &app,
        "select activity_id from activities order by 1 desc limit 8",
    )
    .await;
    let tasks = ids(&app, "select task_id from tasks order by task_id limit 4").await;
    let mut generator = Gen {
        rng: StdRng::seed_from_u64(seed),
        corpus: Arc::new(corpus()),
        largest_id: before
            .values()
            .map(|(_, largest)| *largest)
            .max()
            .unwrap_or_default()
            .max(10_000),
        valid_words,
        address: app.address.clone(),
        cookie_name: app.state.rules.cookie_name(),
        real_ids: [&tasks[..], &reports, &activities].concat(),
    };
    // Probed after the digest was taken: whatever the probes changed, it would show.
    let past_the_policy = past_the_policy(&app, &identities, &functions, &mut generator).await;
    let targets = Targets {
        routes: leptos_axum::generate_route_list(app::app::App)
            .iter()
            .map(|route| route.path().to_owned())
            .collect(),
        forms: vec![
            FormRoute {
                pattern: "/reports/{id}/save",
                fields: report_form,
                real_ids: reports.clone(),
            },
            FormRoute {
                pattern: "/activities/save",
                fields: activity_form.clone(),
                real_ids: Vec::new(),
            },
            FormRoute {
                pattern: "/activities/{id}/save",
                fields: activity_form,
                real_ids: activities,
            },
        ],
        page_keys: PAGE_KEYS
            .iter()
            .map(|k| k.to_string())
            .chain(field_names)
            .collect(),
        export_keys: EXPORT_KEYS.iter().map(|k| k.to_string()).collect(),
        reports,
        past_the_policy,
        functions,
    };
    let (requests, swept) = targets.requests(&mut generator, &identities);

    // Send them, a dozen at a time.
    let errors_before = errors_logged();
    let sending = Instant::now();
    let outcomes: Vec<Outcome> = futures::stream::iter(
        requests
            .iter()
            .map(|request| send(&identities[request.who], &app.address, request)),
    )
    .buffered(IN_FLIGHT)
    .collect()
    .await;
    let sent_in = sending.elapsed();

    // What is left.
    let health = app
        .client()
        .get(app.url("/health"))
        .send()
        .await
        .map(|r| r.status().as_u16());
    let mut logged_out = Vec::new();
    for identity in identities.iter().filter(|i| !i.anonymous) {
        if !still_logged_in(&app, identity).await {
            logged_out.push(identity.label.clone());
        }
    }
    let after = app.table_digest().await;
    let errors = errors_logged() - errors_before;
    app.stop().await;

    let sent = requests.len();
    let answered: Vec<(Hostile, Outcome)> = requests.into_iter().zip(outcomes).collect();
    let tally = Tally::of(&targets, &identities, &answered);
    println!(
        "hostile input on {backend:?} (seed {seed}): {sent} requests ({swept} of them in \
         sweeps) to {} endpoints in {:.1} s ({:.0} a second), {:.1} s in all",
        tally.endpoints.len(),
        sent_in.as_secs_f64(),
        sent as f64 / sent_in.as_secs_f64(),
        started.elapsed().as_secs_f64(),
    );
    tally.print();
    if !logged_out.is_empty() {
        println!("  logged out during the run (later requests went as nobody): {logged_out:?}");
    }

    let mut problems = Vec::new();
    if sent < AT_LEAST {
        problems.push(format!("only {sent} requests were sent"));
    }
    if !tally.failures.is_empty() {
        problems.push(format!(
            "{} requests failed ({} distinct by endpoint and answer, listed above)",
            tally.failed,
            tally.failures.len()
        ));
    }
    if !matches!(health, Ok(200)) {
        problems.push(format!("/health after the run: {health:?}"));
    }
    if errors > 0 {
        problems.push(format!("the server logged {errors} ERROR events"));
    }
    let changed = differences(&before, &after);
    if !changed.is_empty() {
        problems.push(format!(
            "refused requests changed the data:\n  {}",
            changed.join("\n  ")
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
