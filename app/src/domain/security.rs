//! What the account's security pages show: a user's second factor and sessions, an enrolment
//! in progress, and which roles must use a second factor; and how a session's browser and
//! system are named from its user agent.

use super::roles::Role;
use super::views::Organization;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// One signed-in session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    /// What a form names the session by (random; no use outside the session's own record).
    pub handle: String,
    #[serde(with = "time::serde::timestamp")]
    pub started_at: OffsetDateTime,
    #[serde(with = "time::serde::timestamp")]
    pub last_seen_at: OffsetDateTime,
    pub browser: String,
    pub system: String,
    pub client: String,
    /// The session this page is shown in.
    pub current: bool,
}

/// A registered passkey.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyView {
    pub passkey_id: i64,
    pub name: String,
    #[serde(with = "time::serde::timestamp")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::timestamp::option")]
    pub last_used_at: Option<OffsetDateTime>,
}

/// A user's second factor, passkeys and sessions, for their account page or an administrator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Security {
    pub second_factor: bool,
    /// Their role or organisation requires one.
    pub required: bool,
    /// Recovery codes not yet used.
    pub unused_codes: i64,
    pub passkeys: Vec<PasskeyView>,
    pub sessions: Vec<SessionView>,
}

/// An authenticator app's enrolment waiting for its first code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    /// The secret in groups of four, to type in when the QR code cannot be scanned.
    pub secret: String,
    /// The QR code of the `otpauth://` address, as SVG drawn on the server.
    pub qr_svg: String,
    /// The user's role or organisation requires a second factor.
    pub required: bool,
}

/// Which roles and organisations require a second factor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorPolicy {
    pub roles: Vec<(Role, bool)>,
    /// The organisations that require it of all their users.
    pub organizations: Vec<Organization>,
    /// Every active organisation, to choose one that should.
    pub choices: Vec<Organization>,
}

/// "Chrome, Windows" from a browser's and a system's names; `None` when both are unknown.
pub fn agent_name(browser: &str, system: &str) -> Option<String> {
    let parts: Vec<&str> = [browser, system]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The browser and the operating system a user agent names, in plain words ("Firefox",
/// "Android"); empty parts when it names none that people would know.
pub fn describe_agent(agent: &str) -> (String, String) {
    let has = |needle: &str| agent.contains(needle);
    let browser = if has("Edg/") || has("Edge/") {
        "Edge"
    } else if has("OPR/") || has("Opera") {
        "Opera"
    } else if has("YaBrowser/") {
        "Yandex Browser"
    } else if has("SamsungBrowser/") {
        "Samsung Internet"
    } else if has("Firefox/") || has("FxiOS/") {
        "Firefox"
    } else if has("Chrome/") || has("CriOS/") || has("Chromium/") {
        "Chrome"
    } else if has("Safari/") {
        "Safari"
    } else if has("curl/") {
        "curl"
    } else {
        ""
    };
    let system = if has("Android") {
        "Android"
    } else if has("iPhone") || has("iPad") || has("iOS") {
        "iOS"
    } else if has("Windows") {
        "Windows"
    } else if has("Mac OS X") || has("Macintosh") {
        "macOS"
    } else if has("CrOS") {
        "ChromeOS"
    } else if has("Linux") {
        "Linux"
    } else {
        ""
    };
    (browser.to_owned(), system.to_owned())
}

#[cfg(test)]
mod tests {
    use super::describe_agent;

    #[test]
    fn agents_are_named_as_people_know_them() {
        let cases = [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0",
                ("Edge", "Windows"),
            ),
            (
                "Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0 Mobile Safari/537.36",
                ("Chrome", "Android"),
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
                ("Safari", "iOS"),
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
                ("Firefox", "Linux"),
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 YaBrowser/24.1 Safari/537.36",
                ("Yandex Browser", "macOS"),
            ),
            ("", ("", "")),
            ("reqwest/0.12", ("", "")),
        ];
        for (agent, (browser, system)) in cases {
            assert_eq!(
                describe_agent(agent),
                (browser.to_owned(), system.to_owned()),
                "{agent}"
            );
        }
    }
}
