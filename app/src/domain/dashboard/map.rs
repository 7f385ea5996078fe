//! The dashboard's map: the places on it (regions and districts at their official
//! coordinates) with their figures, the measure that sizes their symbols, and the projection
//! of longitude and latitude onto the drawing.

use crate::domain::dashboard::outline::OUTLINE;
use crate::domain::public::Count;
use crate::domain::tasks::fields::text_enum;
use crate::domain::views::Trilingual;
use serde::{Deserialize, Serialize};

text_enum!(
    dashboard,
    /// What the map's symbols are sized by.
    Measure {
        Overdue = "overdue" => measure_overdue,
        Activities = "activities" => measure_activities,
        Reached = "reached" => measure_reached,
        Reporting = "reporting" => measure_reporting,
    }
);

/// A region or district with the selection's figures there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub code: String,
    pub name: Trilingual,
    /// The region a district belongs to (a region's own code for a region).
    pub region_code: String,
    pub latitude: f64,
    pub longitude: f64,
    pub tasks: i64,
    pub overdue: i64,
    pub activities: i64,
    /// People reached: always exact on the dashboard, small counts hidden on the public page.
    pub reached: Count,
    pub reports: i64,
    pub reports_on_time: i64,
}

impl Place {
    /// The place's value of `measure`; the reporting rate (a share, 0–1) only where there
    /// are reports.
    pub fn value(&self, measure: Measure) -> Option<f64> {
        match measure {
            Measure::Overdue => Some(self.overdue as f64),
            Measure::Activities => Some(self.activities as f64),
            Measure::Reached => match self.reached {
                Count::Exact(n) => Some(n as f64),
                Count::Hidden => None,
            },
            Measure::Reporting => {
                (self.reports > 0).then(|| self.reports_on_time as f64 / self.reports as f64)
            }
        }
    }
}

/// The places on the map.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MapData {
    pub regions: Vec<Place>,
    pub districts: Vec<Place>,
}

/// Figures by region and district ('' where there is none), two numbers each.
pub type ByPlace = [(String, String, i64, i64)];

/// A region or district before its figures: code, region, whether a district, name,
/// latitude, longitude.
pub type Spot = (String, String, bool, Trilingual, f64, f64);

impl MapData {
    /// Puts the figures on their places: a region adds up everything in it, its districts'
    /// included; a district only what names it.
    pub fn assemble(
        spots: Vec<Spot>,
        tasks: &ByPlace,
        reports: &ByPlace,
        activities: &ByPlace,
    ) -> MapData {
        let mut map = MapData::default();
        for (code, region_code, is_district, name, latitude, longitude) in spots {
            let mine = |rows: &ByPlace| -> (i64, i64) {
                rows.iter()
                    .filter(|(region, district, _, _)| {
                        if is_district {
                            *district == code
                        } else {
                            *region == code
                        }
                    })
                    .fold((0, 0), |(a, b), (_, _, x, y)| (a + x, b + y))
            };
            let (tasks, overdue) = mine(tasks);
            let (reports, reports_on_time) = mine(reports);
            let (activities, reached) = mine(activities);
            let place = Place {
                code,
                name,
                region_code,
                latitude,
                longitude,
                tasks,
                overdue,
                activities,
                reached: Count::Exact(reached),
                reports,
                reports_on_time,
            };
            if is_district {
                map.districts.push(place);
            } else {
                map.regions.push(place);
            }
        }
        map
    }
}

/// The drawing's size in SVG units.
pub const WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 300.0;
const MARGIN: f64 = 12.0;
/// The country's extent: west, east, south, north.
const WEST: f64 = 69.2;
const EAST: f64 = 80.3;
const SOUTH: f64 = 39.15;
const NORTH: f64 = 43.3;

/// Longitude and latitude to drawing coordinates: an equirectangular projection with the
/// longitudes shortened by the cosine of the middle latitude, fitted into the drawing.
pub fn project(longitude: f64, latitude: f64) -> (f64, f64) {
    let shrink = ((SOUTH + NORTH) / 2.0).to_radians().cos();
    let span_x = (EAST - WEST) * shrink;
    let span_y = NORTH - SOUTH;
    let scale = ((WIDTH - 2.0 * MARGIN) / span_x).min((HEIGHT - 2.0 * MARGIN) / span_y);
    let x = MARGIN + (longitude - WEST) * shrink * scale;
    let y = MARGIN + (NORTH - latitude) * scale;
    ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0)
}

/// The country's outline as an SVG path (the enclaves as holes, for `fill-rule: evenodd`).
pub fn outline_path() -> String {
    let mut path = String::new();
    for ring in OUTLINE {
        for (i, (lon, lat)) in ring.iter().enumerate() {
            let (x, y) = project(f64::from(*lon), f64::from(*lat));
            path.push_str(&format!("{}{x} {y} ", if i == 0 { "M" } else { "L" }));
        }
        path.push_str("Z ");
    }
    path.trim_end().to_owned()
}

/// A symbol's radius: its area in proportion to the value, the largest value `largest`
/// wide; a place with nothing gets the smallest dot, so it is still seen and can be chosen.
pub fn radius(value: Option<f64>, max: f64, largest: f64) -> f64 {
    const SMALLEST: f64 = 2.5;
    match value {
        Some(v) if v > 0.0 && max > 0.0 => (largest * (v / max).sqrt()).max(SMALLEST + 1.0),
        _ => SMALLEST,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_country_fits_the_drawing() {
        for ring in OUTLINE {
            for (lon, lat) in ring.iter() {
                let (x, y) = project(f64::from(*lon), f64::from(*lat));
                assert!((0.0..=WIDTH).contains(&x) && (0.0..=HEIGHT).contains(&y));
            }
        }
        // West is left, north is up.
        let bishkek = project(74.6, 42.87);
        let osh = project(72.8, 40.53);
        let karakol = project(78.39, 42.49);
        assert!(osh.0 < bishkek.0 && bishkek.0 < karakol.0);
        assert!(bishkek.1 < osh.1);
    }

    #[test]
    fn symbols_grow_with_the_square_root_of_the_value() {
        assert_eq!(radius(Some(100.0), 100.0, 20.0), 20.0);
        assert_eq!(radius(Some(25.0), 100.0, 20.0), 10.0);
        assert_eq!(radius(Some(0.0), 100.0, 20.0), 2.5);
        assert_eq!(radius(None, 100.0, 20.0), 2.5);
        assert_eq!(radius(Some(0.0001), 100.0, 20.0), 3.5);
    }

    #[test]
    fn a_region_adds_up_its_districts() {
        let name = Trilingual::default;
        let spots = vec![
            ("R1".to_owned(), "R1".to_owned(), false, name(), 42.0, 72.0),
            ("D1".to_owned(), "R1".to_owned(), true, name(), 42.1, 72.1),
            ("R2".to_owned(), "R2".to_owned(), false, name(), 41.0, 75.0),
        ];
        let row = |r: &str, d: &str, a, b| (r.to_owned(), d.to_owned(), a, b);
        let tasks = [
            row("R1", "", 3, 1),
            row("R1", "D1", 2, 2),
            row("R2", "", 1, 0),
        ];
        let map = MapData::assemble(spots, &tasks, &[], &[row("R1", "D1", 5, 50)]);
        assert_eq!((map.regions[0].tasks, map.regions[0].overdue), (5, 3));
        assert_eq!((map.districts[0].tasks, map.districts[0].overdue), (2, 2));
        assert_eq!(map.regions[0].reached, Count::Exact(50));
        assert_eq!((map.regions[1].tasks, map.regions[1].activities), (1, 0));
        assert_eq!(map.regions[1].value(Measure::Reporting), None);
    }

    #[test]
    fn the_reporting_rate_needs_reports() {
        let mut place = Place {
            code: "KG07000000000".into(),
            name: Trilingual::default(),
            region_code: "KG07000000000".into(),
            latitude: 42.5,
            longitude: 72.2,
            tasks: 4,
            overdue: 1,
            activities: 2,
            reached: Count::Exact(35),
            reports: 0,
            reports_on_time: 0,
        };
        assert_eq!(place.value(Measure::Reporting), None);
        place.reports = 4;
        place.reports_on_time = 3;
        assert_eq!(place.value(Measure::Reporting), Some(0.75));
        assert_eq!(place.value(Measure::Reached), Some(35.0));
    }
}
