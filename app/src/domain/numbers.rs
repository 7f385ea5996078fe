//! The one parser for numbers people type: targets, quantities, counts of people, indicator
//! values. It accepts what the pages print in the user's language (`1 234,5` with a narrow
//! no-break space in Kyrgyz and Russian, `1,234.5` in English) and the plain form that
//! `type="number"` fields and copied figures send (`1234.5`). A comma is the decimal mark in
//! Kyrgyz and Russian and a thousands separator in English, where it must group by three.

use crate::error::Problem;
use crate::i18n::Lang;

/// A decimal number as typed in `lang`; blank is `None`.
pub fn parse_decimal(raw: &str, lang: Lang) -> Result<Option<f64>, Problem> {
    let Some(plain) = normalize(raw, lang)? else {
        return Ok(None);
    };
    plain
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .map(Some)
        .ok_or(Problem::InvalidNumber)
}

/// A whole number as typed in `lang` (`1 200`, `1,200`, `1200`, and `1200,0` too); blank is
/// `None`. A fraction is refused.
pub fn parse_whole(raw: &str, lang: Lang) -> Result<Option<i64>, Problem> {
    let Some(plain) = normalize(raw, lang)? else {
        return Ok(None);
    };
    let whole = match plain.split_once('.') {
        Some((whole, fraction)) if fraction.bytes().all(|b| b == b'0') => whole,
        Some(_) => return Err(Problem::InvalidNumber),
        None => plain.as_str(),
    };
    whole
        .parse::<i64>()
        .map(Some)
        .map_err(|_| Problem::InvalidNumber)
}

/// The number as Rust parses it (`-1234.5`), or `None` for blank input.
fn normalize(raw: &str, lang: Lang) -> Result<Option<String>, Problem> {
    // Spaces of any kind group thousands in Kyrgyz and Russian (and are harmless elsewhere).
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Ok(None);
    }
    let (sign, body) = match compact.strip_prefix(['-', '+', '\u{2212}']) {
        Some(rest) if compact.starts_with('+') => ("", rest),
        Some(rest) => ("-", rest),
        None => ("", compact.as_str()),
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err(Problem::InvalidNumber);
    }
    let (whole, fraction) = match lang {
        Lang::En => {
            let (whole, fraction) = match body.split_once('.') {
                Some((w, f)) => (w, Some(f)),
                None => (body, None),
            };
            (ungroup(whole)?, fraction)
        }
        Lang::Ky | Lang::Ru => {
            let marks = body.matches([',', '.']).count();
            if marks > 1 {
                return Err(Problem::InvalidNumber);
            }
            match body.split_once([',', '.']) {
                Some((w, f)) => (w.to_owned(), Some(f)),
                None => (body.to_owned(), None),
            }
        }
    };
    let fraction = match fraction {
        Some(f) if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(Problem::InvalidNumber);
        }
        other => other,
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::InvalidNumber);
    }
    Ok(Some(match fraction {
        Some(f) => format!("{sign}{whole}.{f}"),
        None => format!("{sign}{whole}"),
    }))
}

/// English digits with optional comma grouping (`1,234,567`): the first group one to three
/// digits, every later group exactly three.
fn ungroup(whole: &str) -> Result<String, Problem> {
    if !whole.contains(',') {
        return Ok(whole.to_owned());
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    if first_ok && groups[1..].iter().all(|g| g.len() == 3) {
        Ok(groups.concat())
    } else {
        Err(Problem::InvalidNumber)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{format_decimal, format_number};

    #[test]
    fn what_each_language_prints_reads_back() {
        for lang in Lang::ALL {
            for n in [0, 7, 999, 1_234, 9_000, 1_234_567] {
                assert_eq!(
                    parse_whole(&format_number(lang, n), lang),
                    Ok(Some(n)),
                    "{lang:?} {n}"
                );
            }
            for v in [0.5, 12.25, 1_200.5, 1_234_567.75] {
                assert_eq!(
                    parse_decimal(&format_decimal(lang, v), lang),
                    Ok(Some(v)),
                    "{lang:?} {v}"
                );
            }
        }
    }

    #[test]
    fn english_commas_group_thousands() {
        assert_eq!(parse_decimal("1,234", Lang::En), Ok(Some(1234.0)));
        assert_eq!(parse_decimal("1,234.5", Lang::En), Ok(Some(1234.5)));
        assert_eq!(parse_whole("12,345,678", Lang::En), Ok(Some(12_345_678)));
        assert_eq!(parse_decimal("1,23", Lang::En), Err(Problem::InvalidNumber));
        assert_eq!(
            parse_decimal("1,2345", Lang::En),
            Err(Problem::InvalidNumber)
        );
        assert_eq!(parse_decimal(",123", Lang::En), Err(Problem::InvalidNumber));
    }

    #[test]
    fn kyrgyz_and_russian_take_a_decimal_comma_and_spaces() {
        assert_eq!(parse_decimal("12,5", Lang::Ru), Ok(Some(12.5)));
        assert_eq!(parse_decimal("12.5", Lang::Ky), Ok(Some(12.5)));
        assert_eq!(
            parse_decimal("1\u{202f}200,5", Lang::Ru),
            Ok(Some(1200.5)),
            "the narrow no-break space the pages print"
        );
        assert_eq!(parse_whole("1\u{a0}200", Lang::Ky), Ok(Some(1200)));
        assert_eq!(parse_whole("1 200", Lang::Ru), Ok(Some(1200)));
        assert_eq!(
            parse_decimal("1.234,5", Lang::Ru),
            Err(Problem::InvalidNumber)
        );
    }

    #[test]
    fn the_plain_form_reads_in_every_language() {
        for lang in Lang::ALL {
            assert_eq!(parse_decimal("1234.5", lang), Ok(Some(1234.5)));
            assert_eq!(parse_whole("1200", lang), Ok(Some(1200)));
            assert_eq!(parse_decimal("-3", lang), Ok(Some(-3.0)));
            assert_eq!(parse_decimal("  ", lang), Ok(None));
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for raw in [
            "NaN", "inf", "1e9", "12a", "1..2", "1.", ".", "-", "0x10", "١٢",
        ] {
            assert_eq!(
                parse_decimal(raw, Lang::Ru),
                Err(Problem::InvalidNumber),
                "{raw}"
            );
            assert_eq!(
                parse_decimal(raw, Lang::En),
                Err(Problem::InvalidNumber),
                "{raw}"
            );
        }
        assert_eq!(parse_whole("1,5", Lang::Ru), Err(Problem::InvalidNumber));
        assert_eq!(parse_whole("1.5", Lang::En), Err(Problem::InvalidNumber));
        assert_eq!(parse_whole("1200,0", Lang::Ru), Ok(Some(1200)));
        assert_eq!(
            parse_whole("99999999999999999999", Lang::En),
            Err(Problem::InvalidNumber)
        );
    }
}
