//! Keeping people out of the early-warning system: free text that looks as if it holds a
//! personal identifier (a 14-digit personal number, a passport number, a phone number) is
//! refused, so that only counts are ever stored about people.

use crate::domain::substances::identifiers::CasNumber;
use crate::error::Problem;

/// The fewest digits, written together or with single spaces, hyphens, dots or brackets
/// between them, that read as a phone or personal number: a Kyrgyz mobile number has nine
/// after the country code, a personal number (ПИН) fourteen.
const LONGEST_HARMLESS_RUN: usize = 8;

/// Whether `text` holds what looks like a personal identifier. CAS numbers and dates are
/// numbers that belong in a signal: they are set aside first.
pub fn looks_personal(text: &str) -> bool {
    let masked = text
        .split(' ')
        .map(|word| {
            let core = word.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')'));
            if is_date(core) || CasNumber::parse(core).is_ok() {
                "_"
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    long_digit_run(&masked) || passport_number(&masked)
}

/// `2026-11-02`, `02.11.2026` or `02/11/2026`.
fn is_date(word: &str) -> bool {
    let parts: Vec<&str> = word.split(['-', '.', '/']).collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y, m, d] if digits(y, 4) => digits(m, 2) && digits(d, 2),
        [d, m, y] => digits(d, 2) && digits(m, 2) && digits(y, 4),
        _ => false,
    }
}

/// `Ok` with the text when it holds nothing personal, else the problem to show beside it.
pub fn refuse_personal(text: &str) -> Result<(), Problem> {
    if looks_personal(text) {
        Err(Problem::PersonalData)
    } else {
        Ok(())
    }
}

/// A run of more than [`LONGEST_HARMLESS_RUN`] digits, allowing one separator between
/// digits, brackets aside (`+996 555 12-34-56`, `(0312) 62 45 67`, `21204199000123`).
fn long_digit_run(text: &str) -> bool {
    let mut digits = 0;
    let mut separator = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            separator = false;
            if digits > LONGEST_HARMLESS_RUN {
                return true;
            }
        } else if c == '(' || c == ')' {
            // Brackets around an area code neither join nor part digits.
        } else if matches!(c, ' ' | '-' | '.') && digits > 0 && !separator {
            separator = true;
        } else {
            digits = 0;
            separator = false;
        }
    }
    false
}

/// Two letters (Latin or Cyrillic) then six or seven digits, as a word of its own: the form of
/// Kyrgyz passports and ID cards (`AN1234567`, `ID 1234567`, `АС 123456`).
fn passport_number(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let letter = |c: char| c.is_alphabetic();
    for start in 0..chars.len() {
        if start > 0 && chars[start - 1].is_alphanumeric() {
            continue;
        }
        let (Some(&a), Some(&b)) = (chars.get(start), chars.get(start + 1)) else {
            continue;
        };
        if !(letter(a) && letter(b)) {
            continue;
        }
        let mut i = start + 2;
        if chars.get(i) == Some(&' ') {
            i += 1;
        }
        let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let after = chars.get(i + digits);
        if (6..=7).contains(&digits) && !after.is_some_and(|c| c.is_alphanumeric()) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_numbers_phones_and_passports_are_refused() {
        for text in [
            "ПИН 21204199000123",
            "звонить +996 555 12-34-56",
            "тел. 0555123456",
            "(0312) 62-45-67 дежурная часть",
            "паспорт AN1234567",
            "паспорт ID 1234567",
            "паспорт АС 123456, изъято",
        ] {
            assert!(looks_personal(text), "{text}");
            assert_eq!(refuse_personal(text), Err(Problem::PersonalData));
        }
    }

    #[test]
    fn amounts_dates_codes_and_names_of_substances_pass() {
        for text in [
            "Изъято 12,5 г порошка, 40 таблеток",
            "2026-11-02 в Бишкеке, 3 отравления",
            "JWH-018, 5F-MDMB-PINACA, alpha-PVP",
            "Акт № 1234 от 12.03.2025",
            "CAS 1189805-46-6",
            "партия 1 250 000 сом",
            "с 2026-11-02 2026-11-03 по 04.11.2026",
            "",
        ] {
            assert!(!looks_personal(text), "{text}");
            assert_eq!(refuse_personal(text), Ok(()));
        }
    }
}
