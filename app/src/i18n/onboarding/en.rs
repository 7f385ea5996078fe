//! Onboarding texts in English.

use super::OnboardingTexts;

pub const EN: OnboardingTexts = OnboardingTexts {
    territory_title: "Register the territory's bodies",
    territory_link: "Register the territory's bodies",
    territory_intro: "Concord holds the country's territory: 9 regions, 53 districts and cities of regional significance, 460 rural municipalities. In one step, register an aiyl okmotu for every rural municipality and the city halls of Bishkek and Osh and, if you tick it, a state administration for every district and oblast (a city of regional significance gets its city hall), with their names in three languages and the official code of the place each governs. What is already registered is left as it is: doing this again registers only what is missing.",
    whole_country: "The whole country",
    administrations: "Also the district and oblast state administrations (and the city halls of cities of regional significance)",
    show: "Show what would be registered",
    body: "Bodies",
    wanted: "For this selection",
    existing: "Already registered",
    missing: "To register",
    total: "Total",
    level_municipalities: "Aiyl okmotu of the rural municipalities",
    level_cities: "City halls of Bishkek and Osh",
    level_districts: "District state administrations and city halls of cities of regional significance",
    level_oblasts: "Oblast state administrations",
    register: "Register {n} organisations",
    nothing_missing: "Every body this selection calls for is registered.",
    registered: "Organisations registered: {n}.",
};
