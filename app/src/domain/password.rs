//! Password rules that need no server: length counted in characters (any Unicode, no
//! composition rules), and the new password typed twice. The server adds the guessability
//! check (zxcvbn) in `backend::passwords`.

use crate::error::Problem;

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 128;

/// The length problem of `password`, if any.
pub fn length_problem(password: &str) -> Option<Problem> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        Some(Problem::PasswordTooShort)
    } else if chars > MAX_CHARS {
        Some(Problem::PasswordTooLong)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        assert_eq!(length_problem("1234567"), Some(Problem::PasswordTooShort));
        assert_eq!(length_problem("12345678"), None);
        // Eight Cyrillic letters are sixteen bytes but eight characters.
        assert_eq!(length_problem("сырсөзүм"), None);
        assert_eq!(length_problem("ңөү"), Some(Problem::PasswordTooShort));
        assert_eq!(length_problem(&"я".repeat(128)), None);
        assert_eq!(
            length_problem(&"я".repeat(129)),
            Some(Problem::PasswordTooLong)
        );
    }

    #[test]
    fn any_characters_are_allowed() {
        assert_eq!(length_problem("        "), None);
        assert_eq!(length_problem("🙂🙂🙂🙂🙂🙂🙂🙂"), None);
    }
}
