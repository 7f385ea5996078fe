//! The three interface languages (Kyrgyz, Russian, English): which one a request gets, every
//! user-visible text, and formatting of dates and numbers for each.
//!
//! Texts live in one struct, [`Texts`], with one constant per language; the compiler refuses a
//! text that is missing in any of them.

pub mod activities;
pub mod audit;
pub mod dashboard;
mod en;
pub mod export;
mod format;
pub mod glossary;
pub mod indicators;
mod ky;
pub mod mail;
pub mod notifications;
pub mod onboarding;
pub mod reports;
mod ru;
pub mod security;
pub mod substances;
pub mod tasks;
mod texts;
pub mod warning;

pub use format::{BISHKEK, format_date, format_datetime, format_decimal, format_number};
pub use texts::Texts;

use serde::{Deserialize, Serialize};

/// The name of the cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "concord_lang";

/// An interface language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ky,
    #[default]
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Ky, Lang::Ru, Lang::En];

    /// The BCP 47 code, as used in `<html lang>`, cookies and the database.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ky => "ky",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// Parses a language code such as `ky`, `ru-RU` or `EN`.
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "ky" | "kir" => Some(Lang::Ky),
            "ru" | "rus" => Some(Lang::Ru),
            "en" | "eng" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's name in itself, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Ky => "Кыргызча",
            Lang::Ru => "Русский",
            Lang::En => "English",
        }
    }

    /// Picks the best supported language from an `Accept-Language` header, honouring q-values;
    /// `None` when the header names none of ours.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, usize, Lang)> = None;
        for (index, part) in header.split(',').enumerate() {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Lang::parse) else {
                continue;
            };
            let quality = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if quality <= 0.0 {
                continue;
            }
            // Higher quality wins; on a tie, the earlier entry wins.
            let better = match best {
                None => true,
                Some((q, i, _)) => quality > q || (quality == q && index < i),
            };
            if better {
                best = Some((quality, index, lang));
            }
        }
        best.map(|(_, _, lang)| lang)
    }

    /// All the interface texts in this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Ky => &ky::KY,
            Lang::Ru => &ru::RU,
            Lang::En => &en::EN,
        }
    }

    /// Picks the text for this language from a trilingual record, falling back to Russian and
    /// then Kyrgyz when a translation is empty.
    pub fn pick<'a>(self, ky: &'a str, ru: &'a str, en: &'a str) -> &'a str {
        let chosen = match self {
            Lang::Ky => ky,
            Lang::Ru => ru,
            Lang::En => en,
        };
        [chosen, ru, ky, en]
            .into_iter()
            .find(|s| !s.trim().is_empty())
            .unwrap_or("")
    }
}

/// Reads the language from a `Cookie` header value.
pub fn lang_from_cookie_header(header: &str) -> Option<Lang> {
    header.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == LANG_COOKIE).then(|| Lang::parse(value)).flatten()
    })
}

/// The language a request asks for: the cookie, else the browser's Accept-Language, else
/// Russian.
#[cfg(feature = "ssr")]
pub fn lang_of_headers(headers: &http::HeaderMap) -> Lang {
    let values = |name| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
    };
    values(http::header::COOKIE)
        .into_iter()
        .find_map(lang_from_cookie_header)
        .or_else(|| {
            values(http::header::ACCEPT_LANGUAGE)
                .into_iter()
                .find_map(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

/// The language for the current render, as provided in context by `<App/>`.
pub fn use_lang() -> Lang {
    leptos::prelude::use_context::<Lang>().unwrap_or_default()
}

/// The texts for the current render.
pub fn use_texts() -> &'static Texts {
    use_lang().texts()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_with_regions_and_case() {
        assert_eq!(Lang::parse("ky"), Some(Lang::Ky));
        assert_eq!(Lang::parse("ru-RU"), Some(Lang::Ru));
        assert_eq!(Lang::parse("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn accept_language_honours_quality_and_order() {
        assert_eq!(
            Lang::from_accept_language("en-US,en;q=0.9,ru;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("de-DE,ky;q=0.5,ru;q=0.7"),
            Some(Lang::Ru)
        );
        assert_eq!(Lang::from_accept_language("ky-KG, ru"), Some(Lang::Ky));
        assert_eq!(Lang::from_accept_language("fr, de;q=0.3"), None);
        assert_eq!(
            Lang::from_accept_language("en;q=0, ru;q=0.1"),
            Some(Lang::Ru)
        );
        assert_eq!(Lang::from_accept_language(""), None);
    }

    #[test]
    fn cookie_header_is_read_among_other_cookies() {
        assert_eq!(
            lang_from_cookie_header("a=1; concord_lang=ky; b=2"),
            Some(Lang::Ky)
        );
        assert_eq!(lang_from_cookie_header("concord_lang=xx"), None);
        assert_eq!(lang_from_cookie_header("other=en"), None);
    }

    #[test]
    fn pick_falls_back_when_a_translation_is_empty() {
        assert_eq!(Lang::En.pick("Ош", "Ош (рус)", ""), "Ош (рус)");
        assert_eq!(Lang::Ky.pick("Ош", "Ош (рус)", "Osh"), "Ош");
        assert_eq!(Lang::Ru.pick("", "", "Osh"), "Osh");
    }
}
