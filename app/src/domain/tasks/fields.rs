//! The closed lists a task is described with: its category, priority and the level of the
//! territory it covers. Each is stored as text and parsed back strictly.

/// A closed list stored as text: `text_enum!(texts_section, /// doc Name { Variant = "text" => label, … })`
/// gives the enum with `ALL`, `as_str`, a strict `parse`, and `label` from `t.<texts_section>`.
/// (A macro because it declares a type and its constant list: no function can.)
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

impl Category {
    /// The strategic objectives this kind of work normally serves, from the concept: prevention
    /// serves O1 (tertiary prevention, being rehabilitation, O5 too), treatment O5, harm
    /// reduction O6, enforcement O2 and O4, licit control O3, legal and organisational work O7,
    /// international cooperation O9 and work with civil society O8. The task form ticks them
    /// when a category is chosen, and a task none of whose objectives is among them is saved
    /// only once the coordinator confirms.
    pub fn objectives(self) -> &'static [&'static str] {
        match self {
            Category::PrimaryPrevention | Category::SecondaryPrevention => &["O1"],
            Category::TertiaryPrevention => &["O1", "O5"],
            Category::Treatment => &["O5"],
            Category::HarmReduction => &["O6"],
            Category::Enforcement => &["O2", "O4"],
            Category::LicitControl => &["O3"],
            Category::Legal => &["O7"],
            Category::International => &["O9"],
            Category::CivilSociety => &["O8"],
        }
    }

    /// Whether at least one of `objectives` is among those this category normally serves.
    pub fn fits(self, objectives: &[String]) -> bool {
        objectives
            .iter()
            .any(|code| self.objectives().contains(&code.as_str()))
    }
}

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
    /// What enforcement work is aimed at. The concept's critique is that almost all effort goes
    /// against people who use drugs and little against dealers: enforcement tasks and their
    /// reports record their focus so that the dashboard can show where the effort goes.
    EnforcementFocus {
        Trafficking = "trafficking" => focus_trafficking,
        Production = "production" => focus_production,
        Precursors = "precursors" => focus_precursors,
        Possession = "possession" => focus_possession,
        Other = "other" => focus_other,
    }
);

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
        for f in EnforcementFocus::ALL {
            assert_eq!(EnforcementFocus::parse(f.as_str()), Some(*f));
        }
        assert_eq!(Category::ALL.len(), 10);
        assert_eq!(Category::parse("other"), None);
    }

    /// The objectives' English names as the concept seeds them (migration 0002).
    fn seeded_objectives() -> Vec<(String, String)> {
        let seed = include_str!("../../../../migrations/sqlite/0002_concept.sql");
        seed.lines()
            .filter_map(|line| {
                let line = line.trim().strip_prefix("('O")?;
                let (number, rest) = line.split_once('\'')?;
                let english = rest.trim_end_matches([',', ';']).trim_end_matches(')');
                let english = english.rsplit(", '").next()?.trim_end_matches('\'');
                Some((format!("O{number}"), english.to_lowercase()))
            })
            // The same prefix opens the objective-to-goal links; those rows name no text.
            .filter(|(code, name)| code.len() == 2 && name.len() > 10)
            .collect()
    }

    #[test]
    fn each_category_serves_the_objectives_the_concept_names_for_it() {
        let seeded = seeded_objectives();
        assert_eq!(seeded.len(), 9, "{seeded:?}");
        // What the concept's own wording of an objective says, for each kind of work.
        let words: &[(Category, &[&str])] = &[
            (Category::PrimaryPrevention, &["primary"]),
            (Category::SecondaryPrevention, &["secondary"]),
            (Category::TertiaryPrevention, &["tertiary", "treatment"]),
            (Category::Treatment, &["treatment"]),
            (
                Category::HarmReduction,
                &["negative consequences of drug use"],
            ),
            (Category::Enforcement, &["drug crime", "law-enforcement"]),
            (Category::LicitControl, &["licit circulation"]),
            (Category::Legal, &["regulatory-legal"]),
            (Category::International, &["international cooperation"]),
            (Category::CivilSociety, &["civil society"]),
        ];
        assert_eq!(words.len(), Category::ALL.len());
        for (category, words) in words {
            assert!(!category.objectives().is_empty());
            for code in category.objectives() {
                let name = &seeded
                    .iter()
                    .find(|(c, _)| c == code)
                    .unwrap_or_else(|| panic!("{code} is not seeded"))
                    .1;
                assert!(
                    words.iter().any(|w| name.contains(w)),
                    "{category:?} lists {code} ({name}), which is not about {words:?}"
                );
            }
            // And every objective whose wording names this work is in the set.
            for (code, name) in &seeded {
                if words.iter().any(|w| name.contains(w)) {
                    assert!(
                        category.objectives().contains(&code.as_str()),
                        "{category:?} should serve {code} ({name})"
                    );
                }
            }
        }
    }

    #[test]
    fn a_task_fits_its_category_when_one_objective_does() {
        let codes = |c: &[&str]| c.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert!(Category::Enforcement.fits(&codes(&["O8", "O4"])));
        assert!(!Category::Enforcement.fits(&codes(&["O8", "O6"])));
        assert!(!Category::Treatment.fits(&[]));
    }
}
