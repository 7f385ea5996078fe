//! Queries built from the filters in use: conditions and their numbered arguments, bound in
//! order on either database, so each list query names only what narrows it and can use its
//! index.

use time::Date;

/// A value bound to a built query.
#[derive(Clone, Debug)]
pub enum Arg {
    Int(i64),
    Text(String),
    Date(Date),
}

/// SQL text with its arguments, numbered `$1`, `$2`… in the order they were added.
#[derive(Default)]
pub struct Query {
    pub conditions: Vec<String>,
    pub args: Vec<Arg>,
}

impl Query {
    /// Adds an argument and returns its placeholder.
    pub fn arg(&mut self, arg: Arg) -> String {
        self.args.push(arg);
        format!("${}", self.args.len())
    }

    pub fn when(&mut self, condition: String) {
        self.conditions.push(condition);
    }

    pub fn where_clause(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!("where {}", self.conditions.join(" and "))
        }
    }
}

/// Binds a [`Query`]'s arguments, in order, to an sqlx query.
macro_rules! bind_all {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for arg in $args {
            q = match arg {
                $crate::server::db::query::Arg::Int(v) => q.bind(*v),
                $crate::server::db::query::Arg::Text(v) => q.bind(v.clone()),
                $crate::server::db::query::Arg::Date(v) => q.bind(*v),
            };
        }
        q
    }};
}
pub(crate) use bind_all;
