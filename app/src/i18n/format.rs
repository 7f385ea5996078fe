//! Dates and numbers as each language writes them. Dates are calendar dates in Asia/Bishkek
//! (UTC+6, no daylight saving), whatever the server's own time zone.

use super::Lang;
use time::{Date, OffsetDateTime, UtcOffset};

/// Asia/Bishkek has been UTC+6 all year since 2005.
pub const BISHKEK: UtcOffset = match UtcOffset::from_hms(6, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `25.11.2026` in Kyrgyz and Russian, `25 Nov 2026` in English.
pub fn format_date(lang: Lang, date: Date) -> String {
    match lang {
        Lang::Ky | Lang::Ru => format!(
            "{:02}.{:02}.{}",
            date.day(),
            u8::from(date.month()),
            date.year()
        ),
        Lang::En => format!(
            "{} {} {}",
            date.day(),
            MONTHS_EN[usize::from(u8::from(date.month())) - 1],
            date.year()
        ),
    }
}

/// A moment shown as a date and time in Bishkek.
pub fn format_datetime(lang: Lang, at: OffsetDateTime) -> String {
    let local = at.to_offset(BISHKEK);
    format!(
        "{} {:02}:{:02}",
        format_date(lang, local.date()),
        local.hour(),
        local.minute()
    )
}

/// Groups thousands: `12 345` (narrow no-break space) in Kyrgyz and Russian, `12,345` in English.
pub fn format_number(lang: Lang, n: i64) -> String {
    let separator = match lang {
        Lang::Ky | Lang::Ru => '\u{202f}',
        Lang::En => ',',
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// A decimal such as a target value: thousands grouped, up to two decimals, with a comma as
/// the decimal mark in Kyrgyz and Russian and a point in English.
pub fn format_decimal(lang: Lang, value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let whole = rounded.trunc();
    // Values come from a form capped far below i64's range.
    #[allow(clippy::cast_possible_truncation)]
    let mut out = format_number(lang, whole as i64);
    let cents = ((rounded - whole).abs() * 100.0).round();
    if cents > 0.0 {
        let mark = if lang == Lang::En { '.' } else { ',' };
        let digits = format!("{cents:02}");
        out.push(mark);
        out.push_str(digits.trim_end_matches('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn dates_follow_the_language() {
        assert_eq!(format_date(Lang::Ru, date!(2026 - 03 - 05)), "05.03.2026");
        assert_eq!(format_date(Lang::Ky, date!(2026 - 11 - 25)), "25.11.2026");
        assert_eq!(format_date(Lang::En, date!(2026 - 11 - 25)), "25 Nov 2026");
    }

    #[test]
    fn times_are_shown_in_bishkek() {
        // 20:30 UTC is 02:30 the next day in Bishkek.
        let at = datetime!(2026-11-25 20:30 UTC);
        assert_eq!(format_datetime(Lang::Ru, at), "26.11.2026 02:30");
    }

    #[test]
    fn numbers_group_thousands() {
        assert_eq!(format_number(Lang::En, 9000), "9,000");
        assert_eq!(
            format_number(Lang::Ru, 1_234_567),
            "1\u{202f}234\u{202f}567"
        );
        assert_eq!(format_number(Lang::Ky, -460), "-460");
        assert_eq!(format_number(Lang::En, 0), "0");
    }

    #[test]
    fn decimals_use_the_language_mark() {
        assert_eq!(format_decimal(Lang::Ru, 1200.5), "1\u{202f}200,5");
        assert_eq!(format_decimal(Lang::En, 1200.25), "1,200.25");
        assert_eq!(format_decimal(Lang::En, 12.0), "12");
    }
}
