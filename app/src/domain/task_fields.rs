//! The closed lists a task is described with: its category, priority and the level of the
//! territory it covers. Each is stored as text and parsed back strictly.

/// A closed list stored as text: `text_enum!(texts_section, /// doc Name { Variant = "text" => label, … })`
/// gives the enum with `ALL`, `as_str`, a strict `parse`, and `label` from `t.<texts_section>`.
macro_rules! text_enum {
    ($section:ident, $(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal => $label:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s.trim())
            }

            pub fn label(self, t: &$crate::i18n::Texts) -> &'static str {
                match self { $($name::$variant => t.$section.$label),+ }
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(
    tasks,
    /// The kind of work, following the concept's areas.
    Category {
        PrimaryPrevention = "primary_prevention" => category_primary_prevention,
        SecondaryPrevention = "secondary_prevention" => category_secondary_prevention,
        TertiaryPrevention = "tertiary_prevention" => category_tertiary_prevention,
        Treatment = "treatment" => category_treatment,
        HarmReduction = "harm_reduction" => category_harm_reduction,
        Enforcement = "enforcement" => category_enforcement,
        LicitControl = "licit_control" => category_licit_control,
        Legal = "legal" => category_legal,
        International = "international" => category_international,
        CivilSociety = "civil_society" => category_civil_society,
    }
);

text_enum!(
    tasks,
    /// How urgent a task is.
    Priority {
        Low = "low" => priority_low,
        Normal = "normal" => priority_normal,
        High = "high" => priority_high,
        Urgent = "urgent" => priority_urgent,
    }
);

impl Priority {
    /// The order for sorting, most urgent highest.
    pub fn rank(self) -> i64 {
        match self {
            Priority::Low => 1,
            Priority::Normal => 2,
            Priority::High => 3,
            Priority::Urgent => 4,
        }
    }

    pub fn from_rank(rank: i64) -> Option<Priority> {
        Self::ALL.iter().copied().find(|p| p.rank() == rank)
    }
}

text_enum!(
    tasks,
    /// How much of the country a task covers.
    Coverage {
        National = "national" => coverage_national,
        Region = "region" => coverage_region,
        District = "district" => coverage_district,
        Municipality = "municipality" => coverage_municipality,
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(*c));
        }
        for p in Priority::ALL {
            assert_eq!(Priority::parse(p.as_str()), Some(*p));
            assert_eq!(Priority::from_rank(p.rank()), Some(*p));
        }
        for c in Coverage::ALL {
            assert_eq!(Coverage::parse(c.as_str()), Some(*c));
        }
        assert_eq!(Category::ALL.len(), 10);
        assert_eq!(Category::parse("other"), None);
    }
}
