//! The task list's filter, sort and keyset cursor, parsed from the URL's query and written
//! back to it, so a filtered list (at any page) can be bookmarked and shared. Unknown or
//! malformed values are dropped, never refused: a stale link still opens.

use crate::domain::filters::encode;
use crate::domain::ids::{OrganizationId, TaskId};
use crate::domain::roles::OrgKind;
use crate::domain::tasks::fields::Category;
use crate::domain::tasks::inputs::{date_to_iso, parse_date, plausible_date};
use crate::domain::tasks::workflow::Status;
use serde::{Deserialize, Serialize};
use time::Date;

/// How many tasks a list page shows.
pub const TASK_PAGE_SIZE: i64 = 50;

/// The orders the task list can be sorted in. Each is a total order ending in the task id, so
/// a cursor names an exact place in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskSort {
    /// Earliest due date first.
    #[default]
    Due,
    /// Latest due date first.
    DueDesc,
    /// Most recently created first.
    Newest,
    /// Most urgent first, then newest.
    Priority,
}

impl TaskSort {
    pub const ALL: [TaskSort; 4] = [
        TaskSort::Due,
        TaskSort::DueDesc,
        TaskSort::Newest,
        TaskSort::Priority,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskSort::Due => "due",
            TaskSort::DueDesc => "due_desc",
            TaskSort::Newest => "newest",
            TaskSort::Priority => "priority",
        }
    }

    pub fn parse(s: &str) -> Option<TaskSort> {
        TaskSort::ALL.into_iter().find(|v| v.as_str() == s.trim())
    }
}

/// Where the next page starts: just after the row with this sort key and task id. The key is
/// the due date as a Julian day for the due-date orders, the priority rank for priority, and
/// unused (0) for newest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub key: i64,
    pub id: i64,
}

impl Cursor {
    pub fn parse(raw: &str) -> Option<Cursor> {
        let (key, id) = raw.trim().split_once('_')?;
        Some(Cursor {
            key: key.parse().ok()?,
            id: id.parse().ok().filter(|id: &i64| *id > 0)?,
        })
    }

    /// The cursor after a row with this due date, priority rank and id, in `sort`'s order.
    pub fn after(sort: TaskSort, due: Date, priority_rank: i64, id: i64) -> Cursor {
        let key = match sort {
            TaskSort::Due | TaskSort::DueDesc => i64::from(due.to_julian_day()),
            TaskSort::Priority => priority_rank,
            TaskSort::Newest => 0,
        };
        Cursor { key, id }
    }

    /// Whether this cursor could have come from a page in `sort`'s order: a due date in the
    /// years a task may have, a priority rank, and a real id.
    pub fn fits(self, sort: TaskSort) -> bool {
        self.id > 0
            && match sort {
                TaskSort::Due | TaskSort::DueDesc => {
                    self.due_date().and_then(plausible_date).is_some()
                }
                TaskSort::Priority => (1..=4).contains(&self.key),
                TaskSort::Newest => self.key == 0,
            }
    }

    /// The due date a due-order cursor stands at.
    pub fn due_date(self) -> Option<Date> {
        i32::try_from(self.key)
            .ok()
            .and_then(|day| Date::from_julian_day(day).ok())
    }

    pub fn to_param(self) -> String {
        format!("{}_{}", self.key, self.id)
    }
}

/// The filter of the task list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskFilter {
    pub status: Option<Status>,
    pub category: Option<Category>,
    pub objective: Option<String>,
    pub goal: Option<String>,
    pub direction: Option<String>,
    pub organization_id: Option<OrganizationId>,
    pub org_kind: Option<OrgKind>,
    pub region_code: Option<String>,
    pub district_code: Option<String>,
    pub overdue: bool,
    pub due_from: Option<Date>,
    pub due_to: Option<Date>,
    pub q: Option<String>,
    /// Only the tasks of this bulk assignment.
    pub parent: Option<TaskId>,
    pub sort: TaskSort,
    pub after: Option<Cursor>,
}

/// Search text without control characters (which no title holds, and which a database may
/// refuse), at most 100 characters.
fn search_text(raw: &str) -> Option<String> {
    let text: String = raw
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect::<String>()
        .trim()
        .to_owned();
    (!text.is_empty()).then_some(text)
}

fn code(raw: Option<String>, prefix: char, max: u32) -> Option<String> {
    let raw = raw?;
    let n = raw.trim().strip_prefix(prefix)?.parse::<u32>().ok()?;
    (1..=max).contains(&n).then(|| format!("{prefix}{n}"))
}

fn territory(raw: Option<String>) -> Option<String> {
    raw.map(|c| c.trim().to_owned()).filter(|c| {
        c.len() == 13 && c.starts_with("KG") && c[2..].bytes().all(|b| b.is_ascii_digit())
    })
}

impl TaskFilter {
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        let q = get("q").and_then(|q| search_text(&q));
        TaskFilter {
            status: get("status").and_then(|s| Status::parse(&s)),
            category: get("category").and_then(|s| Category::parse(&s)),
            objective: code(get("objective"), 'O', 9),
            goal: code(get("goal"), 'G', 3),
            direction: code(get("direction"), 'D', 2),
            organization_id: get("organization")
                .and_then(|o| o.parse().ok())
                .filter(|o: &OrganizationId| o.0 > 0),
            org_kind: get("kind").and_then(|k| OrgKind::parse(&k)),
            region_code: territory(get("region")),
            district_code: territory(get("district")),
            overdue: get("overdue").is_some_and(|v| matches!(v.trim(), "1" | "on" | "true")),
            due_from: get("due_from").and_then(|d| parse_date(&d).ok()),
            due_to: get("due_to").and_then(|d| parse_date(&d).ok()),
            q,
            parent: get("parent")
                .and_then(|p| p.parse().ok())
                .filter(|p: &TaskId| p.0 > 0),
            sort: get("sort")
                .and_then(|s| TaskSort::parse(&s))
                .unwrap_or_default(),
            after: get("after").and_then(|c| Cursor::parse(&c)),
        }
        .normalized()
    }

    /// The query string for this filter (without `?`), cursor included.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let mut push = |k, v: Option<String>| {
            if let Some(v) = v {
                pairs.push((k, v));
            }
        };
        push("q", self.q.clone());
        push("status", self.status.map(|s| s.as_str().to_owned()));
        push("category", self.category.map(|s| s.as_str().to_owned()));
        push("objective", self.objective.clone());
        push("goal", self.goal.clone());
        push("direction", self.direction.clone());
        push("organization", self.organization_id.map(|o| o.to_string()));
        push("kind", self.org_kind.map(|k| k.as_str().to_owned()));
        push("region", self.region_code.clone());
        push("district", self.district_code.clone());
        push("overdue", self.overdue.then(|| "1".to_owned()));
        push("due_from", self.due_from.map(date_to_iso));
        push("due_to", self.due_to.map(date_to_iso));
        push("parent", self.parent.map(|p| p.to_string()));
        push(
            "sort",
            (self.sort != TaskSort::Due).then(|| self.sort.as_str().to_owned()),
        );
        push("after", self.after.map(Cursor::to_param));
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The same filter with every value checked again, as `parse` checks the URL's: for a
    /// filter that arrived in a server function's arguments rather than from the URL.
    pub fn normalized(self) -> TaskFilter {
        TaskFilter {
            objective: code(self.objective, 'O', 9),
            goal: code(self.goal, 'G', 3),
            direction: code(self.direction, 'D', 2),
            organization_id: self.organization_id.filter(|o| o.0 > 0),
            region_code: territory(self.region_code),
            district_code: territory(self.district_code),
            q: self.q.as_deref().and_then(search_text),
            parent: self.parent.filter(|p| p.0 > 0),
            due_from: self.due_from.and_then(plausible_date),
            due_to: self.due_to.and_then(plausible_date),
            after: self.after.filter(|c| c.fits(self.sort)),
            ..self
        }
    }

    /// Whether anything narrows the list (the order and the page aside).
    pub fn is_filtered(&self) -> bool {
        self.first_page()
            != TaskFilter {
                sort: self.sort,
                ..TaskFilter::default()
            }
    }

    /// This filter at its first page.
    pub fn first_page(&self) -> TaskFilter {
        TaskFilter {
            after: None,
            ..self.clone()
        }
    }

    /// The lower-cased search text.
    pub fn search(&self) -> Option<String> {
        self.q.as_deref().map(str::to_lowercase)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use time::macros::date;

    fn query(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn every_filter_parses() {
        let f = TaskFilter::parse(query(&[
            ("status", "in_progress"),
            ("category", "harm_reduction"),
            ("objective", "O4"),
            ("goal", "G2"),
            ("direction", "D1"),
            ("organization", "15"),
            ("kind", "local_government"),
            ("region", "KG02000000000"),
            ("district", "KG02213000000"),
            ("overdue", "1"),
            ("due_from", "2026-01-01"),
            ("due_to", "2026-12-31"),
            ("q", "  школа "),
            ("parent", "31"),
            ("sort", "priority"),
            ("after", "3_1024"),
        ]));
        assert_eq!(f.status, Some(Status::InProgress));
        assert_eq!(f.category, Some(Category::HarmReduction));
        assert_eq!(f.objective.as_deref(), Some("O4"));
        assert_eq!(f.goal.as_deref(), Some("G2"));
        assert_eq!(f.direction.as_deref(), Some("D1"));
        assert_eq!(f.organization_id, Some(OrganizationId(15)));
        assert_eq!(f.org_kind, Some(OrgKind::LocalGovernment));
        assert_eq!(f.region_code.as_deref(), Some("KG02000000000"));
        assert_eq!(f.district_code.as_deref(), Some("KG02213000000"));
        assert!(f.overdue);
        assert_eq!(f.due_from, Some(date!(2026 - 01 - 01)));
        assert_eq!(f.due_to, Some(date!(2026 - 12 - 31)));
        assert_eq!(f.q.as_deref(), Some("школа"));
        assert_eq!(f.parent, Some(TaskId(31)));
        assert_eq!(f.sort, TaskSort::Priority);
        assert_eq!(f.after, Some(Cursor { key: 3, id: 1024 }));
        assert!(f.is_filtered());
        // Written back and read again, it is the same filter.
        let again = TaskFilter::parse(|k| {
            f.to_query()
                .split('&')
                .find_map(|pair| pair.strip_prefix(&format!("{k}=")).map(decode))
        });
        assert_eq!(again, f);
    }

    fn decode(value: &str) -> String {
        let bytes = value.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&value[i + 1..i + 3], 16).expect("valid"));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).expect("valid")
    }

    #[test]
    fn junk_is_dropped() {
        let f = TaskFilter::parse(query(&[
            ("status", "done"),
            ("objective", "O10"),
            ("goal", "X1"),
            ("organization", "-4"),
            ("region", "Chuy"),
            ("due_from", "yesterday"),
            ("sort", "random"),
            ("after", "abc"),
            ("q", "   "),
        ]));
        assert_eq!(f, TaskFilter::default());
        assert_eq!(f.to_query(), "");
        assert!(!f.is_filtered());
        let sorted = TaskFilter {
            sort: TaskSort::Newest,
            ..TaskFilter::default()
        };
        assert!(!sorted.is_filtered(), "an order alone filters nothing");
    }

    #[test]
    fn filters_from_arguments_are_checked_like_the_url() {
        let raw = TaskFilter {
            objective: Some("O99".into()),
            region_code: Some("\0".into()),
            q: Some("\0шк\u{7}ола ".into()),
            ..TaskFilter::default()
        };
        let f = raw.normalized();
        assert_eq!(f.objective, None);
        assert_eq!(f.region_code, None);
        assert_eq!(f.q.as_deref(), Some("школа"));
    }

    #[test]
    fn cursors_carry_the_sort_key() {
        let due = date!(2026 - 05 - 01);
        let c = Cursor::after(TaskSort::Due, due, 2, 77);
        assert_eq!(c.due_date(), Some(due));
        assert_eq!(Cursor::parse(&c.to_param()), Some(c));
        assert_eq!(Cursor::after(TaskSort::Priority, due, 4, 9).key, 4);
        assert_eq!(Cursor::after(TaskSort::Newest, due, 4, 9).key, 0);
        assert_eq!(Cursor::parse("5_0"), None);
    }
}
