//! The second factor's arithmetic, with no database: authenticator-app codes (RFC 6238, six
//! digits every 30 seconds, one step of clock drift either way, never the same step twice),
//! the enrolment's `otpauth://` address and its QR code drawn as SVG on the server, and the
//! ten single-use recovery codes (shown once, kept as SHA-256 hashes).

use sha2::{Digest, Sha256};
use totp_rs::{Builder, Secret, Totp};

/// The name authenticator apps show above the code.
const ISSUER: &str = "Concord";
/// Seconds in one step of the code.
pub const STEP: u64 = 30;
/// Recovery codes issued at once.
pub const RECOVERY_CODES: usize = 10;
/// Letters of a recovery code: no 0/o, 1/l/i that could be misread from paper.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// Characters of a recovery code, grouped `xxxxx-xxxxx` when shown (about 49 bits).
const RECOVERY_LENGTH: usize = 10;

/// A new random secret of 160 bits (RFC 4226's recommendation), in base32.
pub fn new_secret() -> String {
    let bytes: [u8; 20] = rand::random();
    Secret::new(bytes.to_vec().into_boxed_slice()).to_base32()
}

fn totp(secret_base32: &str, account: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret_base32).ok()?;
    Builder::new()
        .with_secret(secret)
        .with_skew(1)
        .with_step_duration(STEP)
        .with_issuer(Some(ISSUER))
        // The account name may not hold a colon (it separates issuer and account).
        .with_account_name(account.replace(':', " "))
        .build()
        .ok()
}

/// Why a code was not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeRefusal {
    /// Not six digits, or not the code of this step or the ones beside it.
    Wrong,
    /// Right, but its step (or a later one) was already used: a replay.
    Used,
}

/// The code typed, digits only (spaces and dashes that apps show between groups are dropped).
pub fn digits_of(code: &str) -> Option<String> {
    let digits: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// Checks `code` at `now` (unix seconds) against the secret: the step it belongs to, which
/// must be later than `last_step`, the last step accepted for this user.
pub fn check(
    secret_base32: &str,
    code: &str,
    now: u64,
    last_step: i64,
) -> Result<i64, CodeRefusal> {
    let digits = digits_of(code).ok_or(CodeRefusal::Wrong)?;
    let totp = totp(secret_base32, "").ok_or(CodeRefusal::Wrong)?;
    let step = totp.check(&digits, now).ok_or(CodeRefusal::Wrong)?;
    let step = i64::try_from(step).map_err(|_| CodeRefusal::Wrong)?;
    if step <= last_step {
        return Err(CodeRefusal::Used);
    }
    Ok(step)
}

/// The code of the step holding `now`, as an authenticator app shows it (for tests and the
/// command line's demonstrations).
pub fn code_at(secret_base32: &str, now: u64) -> Option<String> {
    Some(totp(secret_base32, "")?.generate(now).to_string())
}

/// The `otpauth://totp/…` address an authenticator app reads from the QR code.
pub fn enrolment_address(secret_base32: &str, account: &str) -> Option<String> {
    totp(secret_base32, account)?.to_url().ok()
}

/// The secret as people type it: groups of four letters.
pub fn grouped(secret_base32: &str) -> String {
    secret_base32
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as a QR code in SVG, one square per dark module, drawn on the server (no image
/// service sees the secret). Scales with its container; `None` if it cannot fit a QR code.
pub fn qr_svg(text: &str, label: &str) -> Option<String> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).ok()?;
    let width = code.width();
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::with_capacity(width * width * 4);
    for (index, color) in code.to_colors().into_iter().enumerate() {
        if color == qrcode::Color::Dark {
            let (x, y) = (index % width + quiet, index / width + quiet);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    let label = label
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;");
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         role=\"img\" aria-label=\"{label}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

/// Ten new recovery codes, as shown to the user (`xxxxx-xxxxx`).
pub fn new_recovery_codes() -> Vec<String> {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let code: String = (0..RECOVERY_LENGTH)
                .map(|_| RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())] as char)
                .collect();
            format!("{}-{}", &code[..5], &code[5..])
        })
        .collect()
}

/// A recovery code as typed, in the form its hash is made of: lower case, without the dash
/// or spaces; `None` if it cannot be one.
pub fn normalized_recovery_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    (code.len() == RECOVERY_LENGTH && code.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)))
        .then_some(code)
}

/// The stored form of a recovery code (hex SHA-256 of its normalized form). Codes carry about
/// 49 random bits and are tried under the sign-in throttle, so a fast hash is enough.
pub fn recovery_code_hash(typed: &str) -> Option<String> {
    normalized_recovery_code(typed).map(|code| hex::encode(Sha256::digest(code.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238's test secret ("12345678901234567890") in base32, and its SHA-1 vectors cut to
    // six digits.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn codes_match_the_rfc_vectors() {
        assert_eq!(code_at(RFC_SECRET, 59).as_deref(), Some("287082"));
        assert_eq!(
            code_at(RFC_SECRET, 1_111_111_109).as_deref(),
            Some("081804")
        );
        assert_eq!(
            code_at(RFC_SECRET, 1_234_567_890).as_deref(),
            Some("005924")
        );
        assert_eq!(
            code_at(RFC_SECRET, 2_000_000_000).as_deref(),
            Some("279037")
        );
    }

    #[test]
    fn a_code_is_taken_one_step_either_side_and_no_further() {
        let now = 1_700_000_015; // within step 56_666_667
        let step = (now / STEP) as i64;
        for (at, expected) in [
            (now - STEP, Ok(step - 1)),
            (now, Ok(step)),
            (now + STEP, Ok(step + 1)),
        ] {
            let code = code_at(RFC_SECRET, at).expect("code");
            assert_eq!(check(RFC_SECRET, &code, now, 0), expected);
        }
        for at in [now - 2 * STEP, now + 2 * STEP] {
            let code = code_at(RFC_SECRET, at).expect("code");
            assert_eq!(check(RFC_SECRET, &code, now, 0), Err(CodeRefusal::Wrong));
        }
    }

    #[test]
    fn a_used_step_is_not_taken_again() {
        let now = 1_700_000_015;
        let code = code_at(RFC_SECRET, now).expect("code");
        let step = check(RFC_SECRET, &code, now, 0).expect("first use");
        assert_eq!(check(RFC_SECRET, &code, now, step), Err(CodeRefusal::Used));
        // The previous step's code, still inside the window, is older than the one used.
        let earlier = code_at(RFC_SECRET, now - STEP).expect("code");
        assert_eq!(
            check(RFC_SECRET, &earlier, now, step),
            Err(CodeRefusal::Used)
        );
        // The next step's code is newer and is taken.
        let later = code_at(RFC_SECRET, now + STEP).expect("code");
        assert_eq!(check(RFC_SECRET, &later, now, step), Ok(step + 1));
    }

    #[test]
    fn codes_are_read_as_apps_show_them() {
        let now = 1_700_000_015;
        let code = code_at(RFC_SECRET, now).expect("code");
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(check(RFC_SECRET, &spaced, now, 0).is_ok());
        for bad in ["", "12345", "1234567", "12a456", "+12345", "１２３４５６"] {
            assert_eq!(
                check(RFC_SECRET, bad, now, 0),
                Err(CodeRefusal::Wrong),
                "{bad}"
            );
        }
    }

    #[test]
    fn new_secrets_are_160_bits_and_differ() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert_eq!(
            Secret::try_from_base32(&a)
                .expect("base32")
                .as_bytes()
                .len(),
            20
        );
        assert_eq!(grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }

    #[test]
    fn the_enrolment_address_names_concord_and_the_account() {
        let address = enrolment_address(RFC_SECRET, "a@b.kg").expect("address");
        assert!(
            address.starts_with("otpauth://totp/Concord:a%40b.kg?"),
            "{address}"
        );
        assert!(
            address.contains(&format!("secret={RFC_SECRET}")),
            "{address}"
        );
        let svg = qr_svg(&address, "QR <code>").expect("svg");
        assert!(svg.starts_with("<svg ") && svg.contains("aria-label=\"QR &lt;code>\""));
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_read_loosely() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut hashes: Vec<_> = codes
            .iter()
            .map(|c| recovery_code_hash(c).expect("valid"))
            .collect();
        hashes.sort();
        hashes.dedup();
        assert_eq!(hashes.len(), RECOVERY_CODES);
        let code = &codes[0];
        let typed = format!(" {} ", code.to_uppercase().replace('-', " "));
        assert_eq!(recovery_code_hash(&typed), recovery_code_hash(code));
        for bad in ["", "abcde-fghj", "abcde-fghjkm", "abcde-fgh0k", "123456"] {
            assert_eq!(recovery_code_hash(bad), None, "{bad}");
        }
    }
}
