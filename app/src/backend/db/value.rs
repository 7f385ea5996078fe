//! The one type of value bound to a statement, on either database, and the one way statements
//! number their placeholders. Built queries ([`super::query::Query`]), transactions
//! ([`super::tx::Tx`]) and bulk inserts all bind [`Value`]s.

use sqlx::{Database, Encode, Type, encode::IsNull, error::BoxDynError};
use time::{Date, OffsetDateTime};

/// A value bound to a statement.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Int(Option<i64>),
    Float(Option<f64>),
    Text(Option<String>),
    Bool(bool),
    Date(Option<Date>),
    Time(Option<OffsetDateTime>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(Some(v))
    }
}
impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Self {
        Value::Int(v)
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Float(Some(v))
    }
}
impl From<Option<f64>> for Value {
    fn from(v: Option<f64>) -> Self {
        Value::Float(v)
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(Some(v))
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(Some(v.clone()))
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(Some(v.to_owned()))
    }
}
impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        Value::Text(v)
    }
}
impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Self {
        Value::Text(v.map(str::to_owned))
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<Date> for Value {
    fn from(v: Date) -> Self {
        Value::Date(Some(v))
    }
}
impl From<Option<Date>> for Value {
    fn from(v: Option<Date>) -> Self {
        Value::Date(v)
    }
}
impl From<OffsetDateTime> for Value {
    fn from(v: OffsetDateTime) -> Self {
        Value::Time(Some(v))
    }
}
impl From<Option<OffsetDateTime>> for Value {
    fn from(v: Option<OffsetDateTime>) -> Self {
        Value::Time(v)
    }
}

/// A value binds as what it holds: each variant encodes as its inner type and says so, so
/// that PostgreSQL gets the right parameter type, a null included.
impl<'q, DB: Database> Encode<'q, DB> for Value
where
    Option<i64>: Encode<'q, DB> + Type<DB>,
    Option<f64>: Encode<'q, DB> + Type<DB>,
    Option<String>: Encode<'q, DB> + Type<DB>,
    bool: Encode<'q, DB> + Type<DB>,
    Option<Date>: Encode<'q, DB> + Type<DB>,
    Option<OffsetDateTime>: Encode<'q, DB> + Type<DB>,
{
    fn encode_by_ref(
        &self,
        buf: &mut <DB as Database>::ArgumentBuffer<'q>,
    ) -> Result<IsNull, BoxDynError> {
        match self {
            Value::Int(v) => v.encode_by_ref(buf),
            Value::Float(v) => v.encode_by_ref(buf),
            Value::Text(v) => v.encode_by_ref(buf),
            Value::Bool(v) => v.encode_by_ref(buf),
            Value::Date(v) => v.encode_by_ref(buf),
            Value::Time(v) => v.encode_by_ref(buf),
        }
    }

    fn produces(&self) -> Option<DB::TypeInfo> {
        Some(match self {
            Value::Int(_) => <Option<i64> as Type<DB>>::type_info(),
            Value::Float(_) => <Option<f64> as Type<DB>>::type_info(),
            Value::Text(_) => <Option<String> as Type<DB>>::type_info(),
            Value::Bool(_) => <bool as Type<DB>>::type_info(),
            Value::Date(_) => <Option<Date> as Type<DB>>::type_info(),
            Value::Time(_) => <Option<OffsetDateTime> as Type<DB>>::type_info(),
        })
    }
}

/// The type a value reports before it is bound is never used: [`Encode::produces`] says each
/// value's own.
impl<DB: Database> Type<DB> for Value
where
    Option<String>: Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <Option<String> as Type<DB>>::type_info()
    }

    fn compatible(_: &DB::TypeInfo) -> bool {
        true
    }
}

/// Numbers placeholders `$1`, `$2`… in the order values are added, keeping the values.
#[derive(Clone, Debug, Default)]
pub struct Params {
    pub values: Vec<Value>,
}

impl Params {
    /// Adds a value and gives its placeholder.
    pub fn push(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        format!("${}", self.values.len())
    }

    /// Adds each value and gives their placeholders as a list (`$3, $4, $5`).
    pub fn list<V: Into<Value>>(&mut self, values: impl IntoIterator<Item = V>) -> String {
        values
            .into_iter()
            .map(|v| self.push(v))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Binds `values`, in order, to an sqlx query on either database:
/// `bind_all!(sqlx::query_as(sql), &values)`. (A macro because sqlx's three kinds of query
/// share no trait for binding.)
#[macro_export]
macro_rules! bind_all {
    ($query:expr, $values:expr) => {{
        let mut q = $query;
        for value in $values {
            q = q.bind(value);
        }
        q
    }};
}
pub use bind_all;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_values() {
        let mut p = Params::default();
        assert_eq!(p.push(7), "$1");
        assert_eq!(p.list(["a", "b"]), "$2, $3");
        assert_eq!(p.push(None::<i64>), "$4");
        assert_eq!(p.values.len(), 4);
        assert_eq!(p.values[1], Value::Text(Some("a".into())));
    }
}
