//! Queries built from the filters in use: conditions and their numbered arguments, bound in
//! order on either database, so each list query names only what narrows it and can use its
//! index.

use super::value::{Params, Value};

/// SQL conditions with their arguments, numbered `$1`, `$2`… in the order they were added.
#[derive(Default)]
pub struct Query {
    pub conditions: Vec<String>,
    pub params: Params,
}

impl Query {
    /// Adds an argument and returns its placeholder.
    pub fn arg(&mut self, value: impl Into<Value>) -> String {
        self.params.push(value)
    }

    /// The arguments, in order, to bind (`bind_all!(query, q.args())`).
    pub fn args(&self) -> &[Value] {
        &self.params.values
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
