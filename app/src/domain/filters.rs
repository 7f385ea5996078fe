//! List filters, parsed from the URL's query so a filtered list can be bookmarked and shared.
//! Unknown or malformed values are dropped rather than refused: a stale link still opens.

use super::ids::OrganizationId;
use super::roles::{OrgKind, Role};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};

/// How many rows a list page shows.
pub const PAGE_SIZE: i64 = 50;

/// Text without control characters (which no name holds, and which PostgreSQL refuses), at most
/// 100 characters, or `None` when nothing is left.
fn non_empty(raw: Option<&str>) -> Option<String> {
    let text: String = raw?.chars().filter(|c| !c.is_control()).take(100).collect();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The last page a list may be asked for (beyond any real list, far from overflowing).
pub const MAX_PAGE: i64 = 10_000;

fn page(raw: Option<&str>) -> i64 {
    raw.and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| (1..=MAX_PAGE).contains(p))
        .unwrap_or(1)
}

/// The filter of the organisation list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationFilter {
    pub kind: Option<OrgKind>,
    pub region_code: Option<String>,
    pub q: Option<String>,
    pub page: i64,
}

impl OrganizationFilter {
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        OrganizationFilter {
            kind: get("kind").and_then(|k| OrgKind::parse(&k)),
            region_code: non_empty(get("region").as_deref())
                .filter(|c| c.len() == 13 && c.starts_with("KG")),
            q: non_empty(get("q").as_deref()),
            page: page(get("page").as_deref()),
        }
    }

    /// The same filter checked again, as `parse` checks the URL's: for a filter that arrived
    /// in a server function's arguments.
    pub fn normalized(self) -> Self {
        OrganizationFilter {
            region_code: non_empty(self.region_code.as_deref())
                .filter(|c| c.len() == 13 && c.starts_with("KG")),
            q: non_empty(self.q.as_deref()),
            page: self.page.clamp(1, MAX_PAGE),
            ..self
        }
    }

    /// The lower-cased search pattern for `like`, with the wildcards of the text escaped.
    pub fn pattern(&self) -> Option<String> {
        self.q.as_deref().map(like_pattern)
    }
}

/// The filter of the user list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserFilter {
    pub organization_id: Option<OrganizationId>,
    pub role: Option<Role>,
    pub q: Option<String>,
    pub page: i64,
}

impl UserFilter {
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        UserFilter {
            organization_id: get("organization").and_then(|o| o.parse().ok()),
            role: get("role").and_then(|r| Role::parse(&r)),
            q: non_empty(get("q").as_deref()),
            page: page(get("page").as_deref()),
        }
    }

    /// The same filter checked again (see [`OrganizationFilter::normalized`]).
    pub fn normalized(self) -> Self {
        UserFilter {
            organization_id: self.organization_id.filter(|o| o.0 > 0),
            q: non_empty(self.q.as_deref()),
            page: self.page.clamp(1, MAX_PAGE),
            ..self
        }
    }

    pub fn pattern(&self) -> Option<String> {
        self.q.as_deref().map(like_pattern)
    }
}

/// `%text%`, lower-cased, with `%`, `_` and `\` escaped (queries say `escape '\'`).
pub fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// One page of a list, and how many rows match in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub total: i64,
    pub page: i64,
}

impl<T> Page<T> {
    pub fn page_count(&self) -> i64 {
        ((self.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)
    }
}

/// What a query value keeps as it is: RFC 3986's unreserved characters; the rest is
/// percent-encoded (also right for an RFC 5987 header parameter).
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `text` for a URL query value or an RFC 5987 header parameter.
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED).to_string()
}

/// Percent-encodes a path with its query as a query value (`?next=/tasks%3Fq%3D…`), keeping
/// its slashes readable.
pub fn encode_path(text: &str) -> String {
    const PATH: &AsciiSet = &UNRESERVED.remove(b'/');
    utf8_percent_encode(text, PATH).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn query(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn organisation_filters_parse_and_drop_junk() {
        let f = OrganizationFilter::parse(query(&[
            ("kind", "ngo"),
            ("region", "KG08000000000"),
            ("q", " Ош "),
            ("page", "3"),
        ]));
        assert_eq!(f.kind, Some(OrgKind::Ngo));
        assert_eq!(f.region_code.as_deref(), Some("KG08000000000"));
        assert_eq!(f.q.as_deref(), Some("Ош"));
        assert_eq!(f.page, 3);

        let f = OrganizationFilter::parse(query(&[
            ("kind", "bank"),
            ("region", "x"),
            ("q", "  "),
            ("page", "-1"),
        ]));
        assert_eq!(
            f,
            OrganizationFilter {
                page: 1,
                ..Default::default()
            }
        );
    }

    #[test]
    fn user_filters_parse() {
        let f = UserFilter::parse(query(&[
            ("organization", "12"),
            ("role", "observer"),
            ("page", "999999"),
        ]));
        assert_eq!(f.organization_id, Some(OrganizationId(12)));
        assert_eq!(f.role, Some(Role::Observer));
        assert_eq!(f.page, 1);
    }

    #[test]
    fn like_patterns_escape_wildcards_and_lowercase() {
        assert_eq!(like_pattern("Ош_100%"), "%ош\\_100\\%%");
        assert_eq!(like_pattern("ЖАЛАЛ"), "%жалал%");
    }

    #[test]
    fn page_count_rounds_up() {
        let page = Page::<()> {
            rows: vec![],
            total: 101,
            page: 1,
        };
        assert_eq!(page.page_count(), 3);
        assert_eq!(
            Page::<()> {
                rows: vec![],
                total: 0,
                page: 1
            }
            .page_count(),
            1
        );
    }
}
