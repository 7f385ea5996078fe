//! Territory onboarding: which bodies the territory calls for, with their names in the three
//! languages and the code of the place each governs — an aiyl okmotu for every rural
//! municipality, the city halls of Bishkek and Osh and, when asked, a state administration for
//! every district and oblast (a city of regional significance is governed by its city hall).
//! Pure: the backend matches these against the organisations already registered.

use super::roles::OrgKind;
use super::views::{Place, Territory, Trilingual};
use serde::{Deserialize, Serialize};

/// What the administrator asks for: the whole country or one region, with or without the
/// district and oblast administrations.
/// Posted by the onboarding form as `scope[region]` (always sent: blank is the whole
/// country, so a request that leaves it out registers nothing) and `scope[administrations]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerritoryScope {
    /// One region's code, or empty for the whole country.
    pub region: String,
    /// Also a state administration for each district and oblast.
    #[serde(default, with = "super::inputs::checkbox")]
    pub administrations: bool,
}

impl TerritoryScope {
    /// The scope from a query string's values (`region`, `administrations`).
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        TerritoryScope {
            region: get("region").unwrap_or_default().trim().to_owned(),
            administrations: get("administrations").is_some_and(|v| v == "true" || v == "on"),
        }
    }

    /// The region's code, or `None` for the whole country.
    pub fn region_code(&self) -> Option<&str> {
        Some(self.region.trim()).filter(|r| !r.is_empty())
    }

    /// The scope as a query string, for links and the audit log.
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(region) = self.region_code() {
            parts.push(format!("region={region}"));
        }
        if self.administrations {
            parts.push("administrations=true".to_owned());
        }
        parts.join("&")
    }
}

/// Which level of the territory a body governs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BodyLevel {
    /// The aiyl okmotu of a rural municipality.
    Municipality,
    /// The city hall of Bishkek or Osh.
    RepublicanCity,
    /// The state administration of a district, or the city hall of a city of regional
    /// significance.
    District,
    /// The state administration of an oblast.
    Oblast,
}

/// A body the territory calls for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerritoryBody {
    /// The official code of the place it governs; stored as the organisation's code.
    pub code: String,
    pub level: BodyLevel,
    pub kind: OrgKind,
    pub name: Trilingual,
    pub region_code: String,
    pub district_code: Option<String>,
    pub municipality_code: Option<String>,
}

/// How many bodies of each level a scope calls for, and how many of them exist already.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnboardingCounts {
    pub municipalities: LevelCount,
    pub cities: LevelCount,
    pub districts: LevelCount,
    pub oblasts: LevelCount,
}

/// Bodies of one level: called for, and already registered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelCount {
    pub wanted: i64,
    pub existing: i64,
}

impl LevelCount {
    pub fn missing(self) -> i64 {
        self.wanted - self.existing
    }
}

impl OnboardingCounts {
    pub fn count(&mut self, level: BodyLevel, exists: bool) {
        let count = match level {
            BodyLevel::Municipality => &mut self.municipalities,
            BodyLevel::RepublicanCity => &mut self.cities,
            BodyLevel::District => &mut self.districts,
            BodyLevel::Oblast => &mut self.oblasts,
        };
        count.wanted += 1;
        count.existing += i64::from(exists);
    }

    fn levels(&self) -> [LevelCount; 4] {
        [
            self.municipalities,
            self.cities,
            self.districts,
            self.oblasts,
        ]
    }

    pub fn wanted(&self) -> i64 {
        self.levels().iter().map(|l| l.wanted).sum()
    }

    pub fn existing(&self) -> i64 {
        self.levels().iter().map(|l| l.existing).sum()
    }

    pub fn missing(&self) -> i64 {
        self.wanted() - self.existing()
    }
}

/// What the administrator is shown before confirming, and after.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnboardingPreview {
    pub scope: TerritoryScope,
    pub counts: OnboardingCounts,
    /// The regions to choose from.
    pub regions: Vec<Place>,
}

/// A city of republican significance is a region with no districts (Bishkek, Osh).
fn is_republican_city(territory: &Territory, region: &Place) -> bool {
    !territory
        .districts
        .iter()
        .any(|d| d.parent_code.as_deref() == Some(region.code.as_str()))
}

/// A city of regional significance: the territory names it "… ш." / "город …" / "… (city)".
fn is_city(place: &Place) -> bool {
    place.name.ru.starts_with("город ")
}

/// The bare name of a city: "Бишкек ш." → "Бишкек", "город Бишкек" → "Бишкек",
/// "Bishkek (city)" → "Bishkek".
fn city_name(place: &Place) -> Trilingual {
    Trilingual {
        ky: place.name.ky.trim_end_matches(" ш.").to_owned(),
        ru: place.name.ru.trim_start_matches("город ").to_owned(),
        en: place.name.en.trim_end_matches(" (city)").to_owned(),
    }
}

fn city_hall(place: &Place) -> Trilingual {
    let city = city_name(place);
    Trilingual {
        ky: format!("{} шаарынын мэриясы", city.ky),
        ru: format!("Мэрия города {}", city.ru),
        en: format!("{} City Hall", city.en),
    }
}

/// "Ак-Суйский район" → "Ак-Суйская районная государственная администрация"; the territory's
/// Russian district names are all adjectives in "-ский район" (a unit test holds them to it).
fn district_administration(place: &Place) -> Trilingual {
    let ru = match place.name.ru.strip_suffix("ский район") {
        Some(stem) => format!("{stem}ская районная государственная администрация"),
        None => format!("Районная государственная администрация ({})", place.name.ru),
    };
    Trilingual {
        ky: format!("{} райондук мамлекеттик администрациясы", place.name.ky),
        ru,
        en: format!("{} District State Administration", place.name.en),
    }
}

/// "Иссык-Кульская область" → "Иссык-Кульская областная государственная администрация".
fn oblast_administration(place: &Place) -> Trilingual {
    let ru = match place.name.ru.strip_suffix(" область") {
        Some(stem) => format!("{stem} областная государственная администрация"),
        None => format!(
            "Областная государственная администрация ({})",
            place.name.ru
        ),
    };
    Trilingual {
        ky: format!("{} облустук мамлекеттик администрациясы", place.name.ky),
        ru,
        en: format!("{} Oblast State Administration", place.name.en),
    }
}

fn aiyl_okmotu(place: &Place) -> Trilingual {
    Trilingual {
        ky: format!("{} айыл өкмөтү", place.name.ky),
        ru: format!("Айыл окмоту {}", place.name.ru),
        en: format!("{} Aiyl Okmotu", place.name.en),
    }
}

/// Every body `scope` calls for, oblast by oblast in the territory's order: the oblast's
/// administration, then each district's body and its municipalities' aiyl okmotu.
pub fn bodies(territory: &Territory, scope: &TerritoryScope) -> Vec<TerritoryBody> {
    let mut out = Vec::new();
    let regions = territory
        .regions
        .iter()
        .filter(|r| scope.region_code().is_none_or(|code| code == r.code));
    for region in regions {
        if is_republican_city(territory, region) {
            out.push(TerritoryBody {
                code: region.code.clone(),
                level: BodyLevel::RepublicanCity,
                kind: OrgKind::LocalGovernment,
                name: city_hall(region),
                region_code: region.code.clone(),
                district_code: None,
                municipality_code: None,
            });
            continue;
        }
        if scope.administrations {
            out.push(TerritoryBody {
                code: region.code.clone(),
                level: BodyLevel::Oblast,
                kind: OrgKind::StateBody,
                name: oblast_administration(region),
                region_code: region.code.clone(),
                district_code: None,
                municipality_code: None,
            });
        }
        let districts = territory
            .districts
            .iter()
            .filter(|d| d.parent_code.as_deref() == Some(region.code.as_str()));
        for district in districts {
            if scope.administrations {
                let (kind, name) = if is_city(district) {
                    (OrgKind::LocalGovernment, city_hall(district))
                } else {
                    (OrgKind::StateBody, district_administration(district))
                };
                out.push(TerritoryBody {
                    code: district.code.clone(),
                    level: BodyLevel::District,
                    kind,
                    name,
                    region_code: region.code.clone(),
                    district_code: Some(district.code.clone()),
                    municipality_code: None,
                });
            }
            let municipalities = territory
                .municipalities
                .iter()
                .filter(|m| m.parent_code.as_deref() == Some(district.code.as_str()));
            for municipality in municipalities {
                out.push(TerritoryBody {
                    code: municipality.code.clone(),
                    level: BodyLevel::Municipality,
                    kind: OrgKind::LocalGovernment,
                    name: aiyl_okmotu(municipality),
                    region_code: region.code.clone(),
                    district_code: Some(district.code.clone()),
                    municipality_code: Some(municipality.code.clone()),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(code: &str, parent: Option<&str>, ky: &str, ru: &str, en: &str) -> Place {
        Place {
            code: code.into(),
            parent_code: parent.map(Into::into),
            name: Trilingual {
                ky: ky.into(),
                ru: ru.into(),
                en: en.into(),
            },
        }
    }

    fn territory() -> Territory {
        Territory {
            regions: vec![
                place(
                    "KG02000000000",
                    None,
                    "Ысык-Көл",
                    "Иссык-Кульская область",
                    "Issyk-Kul",
                ),
                place(
                    "KG11000000000",
                    None,
                    "Бишкек ш.",
                    "город Бишкек",
                    "Bishkek (city)",
                ),
            ],
            districts: vec![
                place(
                    "KG02205000000",
                    Some("KG02000000000"),
                    "Ак-Суу",
                    "Ак-Суйский район",
                    "Ak-Suu",
                ),
                place(
                    "KG02410000010",
                    Some("KG02000000000"),
                    "Каракол ш.",
                    "город Каракол",
                    "Karakol (city)",
                ),
            ],
            municipalities: vec![
                place(
                    "KG02205805000",
                    Some("KG02205000000"),
                    "Ак-Булуң",
                    "Ак-Булун",
                    "Ak-Bulun",
                ),
                place(
                    "KG02205810000",
                    Some("KG02205000000"),
                    "Ак-Суу",
                    "Ак-Суу",
                    "Ak-Suu",
                ),
            ],
        }
    }

    #[test]
    fn the_country_calls_for_an_aiyl_okmotu_per_municipality_and_the_republican_city_halls() {
        let bodies = bodies(&territory(), &TerritoryScope::default());
        let codes: Vec<_> = bodies.iter().map(|b| b.code.as_str()).collect();
        assert_eq!(
            codes,
            ["KG02205805000", "KG02205810000", "KG11000000000"],
            "no administrations unless asked"
        );
        assert_eq!(bodies[0].name.ky, "Ак-Булуң айыл өкмөтү");
        assert_eq!(bodies[0].name.ru, "Айыл окмоту Ак-Булун");
        assert_eq!(bodies[0].name.en, "Ak-Bulun Aiyl Okmotu");
        assert_eq!(bodies[0].kind, OrgKind::LocalGovernment);
        assert_eq!(bodies[0].district_code.as_deref(), Some("KG02205000000"));
        assert_eq!(bodies[2].name.ru, "Мэрия города Бишкек");
        assert_eq!(bodies[2].name.ky, "Бишкек шаарынын мэриясы");
        assert_eq!(bodies[2].name.en, "Bishkek City Hall");
        assert_eq!(bodies[2].level, BodyLevel::RepublicanCity);
    }

    #[test]
    fn administrations_govern_oblasts_and_districts_and_cities_have_city_halls() {
        let scope = TerritoryScope {
            region: "KG02000000000".into(),
            administrations: true,
        };
        let bodies = bodies(&territory(), &scope);
        let names: Vec<_> = bodies.iter().map(|b| b.name.ru.as_str()).collect();
        assert_eq!(
            names,
            [
                "Иссык-Кульская областная государственная администрация",
                "Ак-Суйская районная государственная администрация",
                "Айыл окмоту Ак-Булун",
                "Айыл окмоту Ак-Суу",
                "Мэрия города Каракол",
            ]
        );
        assert_eq!(bodies[0].kind, OrgKind::StateBody);
        assert_eq!(bodies[0].district_code, None);
        assert_eq!(bodies[1].name.en, "Ak-Suu District State Administration");
        assert_eq!(bodies[4].kind, OrgKind::LocalGovernment);
        assert_eq!(bodies[4].level, BodyLevel::District);
    }

    #[test]
    fn counts_add_up() {
        let mut counts = OnboardingCounts::default();
        counts.count(BodyLevel::Municipality, true);
        counts.count(BodyLevel::Municipality, false);
        counts.count(BodyLevel::Oblast, false);
        assert_eq!((counts.wanted(), counts.existing()), (3, 1));
        assert_eq!(counts.missing(), 2);
        assert_eq!(counts.municipalities.missing(), 1);
    }

    #[test]
    fn the_scope_reads_from_a_query_and_back() {
        let scope = TerritoryScope::parse(|k| match k {
            "region" => Some("KG07000000000".into()),
            "administrations" => Some("on".into()),
            _ => None,
        });
        assert_eq!(scope.region_code(), Some("KG07000000000"));
        assert!(scope.administrations);
        assert_eq!(scope.query(), "region=KG07000000000&administrations=true");
        assert_eq!(
            TerritoryScope::parse(|k| (k == "region").then(String::new)),
            TerritoryScope::default()
        );
    }
}
