//! A substance's chemical identifiers, each parsed strictly: a CAS Registry Number (its check
//! digit verified), an InChIKey (the 14-10-1 upper-case letters of the standard key) and a
//! molecular formula (element symbols with counts, as written in Hill order or not).

use crate::error::Problem;
use serde::{Deserialize, Serialize};

/// A CAS Registry Number, `2–7 digits-2 digits-check digit`, e.g. `1189805-46-6`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasNumber(String);

impl CasNumber {
    /// Parses a CAS number, checking its form and its check digit: the last digit is the sum
    /// of the other digits, each times its position counted from the right, modulo 10.
    pub fn parse(raw: &str) -> Result<CasNumber, Problem> {
        let text = raw.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        let [first, second, check] = parts.as_slice() else {
            return Err(Problem::InvalidCasNumber);
        };
        let well_formed = digits(first)
            && (2..=7).contains(&first.len())
            && digits(second)
            && second.len() == 2
            && digits(check)
            && check.len() == 1;
        if !well_formed {
            return Err(Problem::InvalidCasNumber);
        }
        let sum: u32 = first
            .chars()
            .chain(second.chars())
            .rev()
            .enumerate()
            .map(|(i, c)| (i as u32 + 1) * c.to_digit(10).unwrap_or(0))
            .sum();
        if check.chars().next().and_then(|c| c.to_digit(10)) != Some(sum % 10) {
            return Err(Problem::CasCheckDigit);
        }
        Ok(CasNumber(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A standard InChIKey: 14 letters, 10 letters, 1 letter, upper case, joined by hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InchiKey(String);

impl InchiKey {
    pub fn parse(raw: &str) -> Result<InchiKey, Problem> {
        let text = raw.trim();
        let lengths: Vec<usize> = text.split('-').map(str::len).collect();
        let letters = text.chars().all(|c| c == '-' || c.is_ascii_uppercase());
        if lengths == [14, 10, 1] && letters {
            Ok(InchiKey(text.to_owned()))
        } else {
            Err(Problem::InvalidInchiKey)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `text` reads as a molecular formula: element symbols (an upper-case letter and at
/// most one lower-case one), each with an optional count, e.g. `C11H15NO` or `C24H23NO`.
pub fn is_molecular_formula(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if !c.is_ascii_uppercase() {
            return false;
        }
        if chars.peek().is_some_and(|n| n.is_ascii_lowercase()) {
            chars.next();
        }
        while chars.peek().is_some_and(|n| n.is_ascii_digit()) {
            chars.next();
        }
        any = true;
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cas_numbers_are_checked_by_their_check_digit() {
        // Water, mephedrone, JWH-018, alpha-PVP.
        for good in ["7732-18-5", "1189805-46-6", "209414-07-3", "14530-33-7"] {
            assert_eq!(
                CasNumber::parse(good).map(|c| c.0),
                Ok(good.to_owned()),
                "{good}"
            );
        }
        assert_eq!(
            CasNumber::parse(" 7732-18-5 ").map(|c| c.0),
            Ok("7732-18-5".into())
        );
        assert_eq!(CasNumber::parse("7732-18-4"), Err(Problem::CasCheckDigit));
        for bad in [
            "773218-5",
            "7-18-5",
            "12345678-18-5",
            "7732-1-5",
            "7732-18-55",
            "77a2-18-5",
            "",
        ] {
            assert_eq!(
                CasNumber::parse(bad),
                Err(Problem::InvalidCasNumber),
                "{bad}"
            );
        }
    }

    #[test]
    fn inchikeys_have_fourteen_ten_and_one_capital_letters() {
        assert!(InchiKey::parse("XLYOFNOQVPJJNP-UHFFFAOYSA-N").is_ok());
        for bad in [
            "XLYOFNOQVPJJNP-UHFFFAOYSA",
            "xlyofnoqvpjjnp-uhffffaoysa-n",
            "XLYOFNOQVPJJN-UHFFFAOYSAA-N",
            "XLYOFNOQVPJJNP-UHFFFAOYS1-N",
        ] {
            assert_eq!(InchiKey::parse(bad), Err(Problem::InvalidInchiKey), "{bad}");
        }
    }

    #[test]
    fn formulas_are_element_symbols_with_counts() {
        assert!(is_molecular_formula("C11H15NO"));
        assert!(is_molecular_formula("C24H23NO"));
        assert!(is_molecular_formula("C13H18ClNO"));
        assert!(!is_molecular_formula("c11h15no"));
        assert!(!is_molecular_formula("C11 H15"));
        assert!(!is_molecular_formula(""));
    }
}
