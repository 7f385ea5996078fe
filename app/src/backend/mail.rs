//! Mail: notifications delivered by email through the outbox (the `notifications` rows
//! themselves, written with the change that caused them). A sender on each instance leases due
//! rows, renders each message in its recipient's language (plain text and HTML, with a link to
//! the thing and a signed one-click unsubscribe for that kind), hands it to the SMTP server and
//! records the outcome; a refusal is retried after a growing wait and, after
//! [`MAX_ATTEMPTS`], left as failed for the administrators to see. Delivery is at least once: a
//! process that dies between the server's acceptance and the row being marked sends the message
//! again with the same `Message-ID`, which mail clients use to drop the duplicate.
//!
//! Without `CONCORD_SMTP_URL` no sender runs and the messages wait in the outbox.

use super::db::{
    self,
    mail::{Gathered, Outgoing},
    reminders::OverdueLine,
};
use super::escape_html as escape;
use super::state::AppState;
use crate::domain::notifications::{Kind, Subject, href_of};
use crate::error::AppError;
use crate::i18n::{Lang, format_date, format_datetime, format_number};
use hmac::{Hmac, Mac};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart, header::Header};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sha2::Sha256;
use time::{Duration, OffsetDateTime};

/// Refusals after which a message is given up.
pub const MAX_ATTEMPTS: i64 = 8;
/// How many messages a sender takes at once.
const BATCH: i64 = 20;
/// How long a leased message is another sender's to leave alone.
const LEASE: Duration = Duration::minutes(2);

/// How long to wait after the `attempts`th refusal: one minute, doubling, at most six hours.
pub fn backoff(attempts: i64) -> Duration {
    let doublings = attempts.clamp(1, 20) - 1;
    Duration::minutes(2_i64.pow(doublings as u32)).min(Duration::hours(6))
}

/// Where the SMTP server is and how to reach it, parsed from `CONCORD_SMTP_URL`:
/// `smtps://user:pass@host:465` (TLS from the start), `smtp://user:pass@host:587?tls=starttls`
/// (upgraded with STARTTLS, required), or `smtp://host:25` (plain, for a relay on the same
/// machine or network).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmtpUrl {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub credentials: Option<(String, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    Plain,
    StartTls,
    Tls,
}

impl SmtpUrl {
    pub fn parse(text: &str) -> Result<SmtpUrl, String> {
        let url = url::Url::parse(text).map_err(|e| format!("CONCORD_SMTP_URL: {e}"))?;
        let mut security = match url.scheme() {
            "smtps" => Security::Tls,
            "smtp" => Security::Plain,
            other => return Err(format!("CONCORD_SMTP_URL: unknown scheme {other}")),
        };
        for (key, value) in url.query_pairs() {
            match (key.as_ref(), value.as_ref(), security) {
                ("tls", "starttls" | "required", Security::Plain) => security = Security::StartTls,
                ("tls", "none", Security::Plain) => {}
                _ => return Err(format!("CONCORD_SMTP_URL: unknown setting {key}={value}")),
            }
        }
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or("CONCORD_SMTP_URL: no host")?
            .to_owned();
        let port = url.port().unwrap_or(match security {
            Security::Tls => 465,
            Security::StartTls => 587,
            Security::Plain => 25,
        });
        let credentials = (!url.username().is_empty()).then(|| {
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (decode(url.username()), decode(url.password().unwrap_or("")))
        });
        Ok(SmtpUrl {
            host,
            port,
            security,
            credentials,
        })
    }
}

/// What the sender needs: the SMTP server, the sender address, the site's public address for
/// links, and an extra certificate authority to trust (a ministry's own).
#[derive(Clone, Debug)]
pub struct MailSettings {
    pub smtp: SmtpUrl,
    pub from: Mailbox,
    pub public_url: String,
    pub extra_ca_pem: Option<Vec<u8>>,
}

/// A kept SMTP client (its connections are pooled) with what every message shares.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
}

impl Mailer {
    pub fn new(settings: &MailSettings) -> Result<Mailer, String> {
        let smtp = &settings.smtp;
        let tls = || -> Result<TlsParameters, String> {
            let mut params = TlsParameters::builder(smtp.host.clone());
            if let Some(pem) = &settings.extra_ca_pem {
                params = params.add_root_certificate(
                    Certificate::from_pem(pem).map_err(|e| format!("CONCORD_SMTP_CA_FILE: {e}"))?,
                );
            }
            params.build_rustls().map_err(|e| format!("TLS: {e}"))
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host)
            .port(smtp.port)
            .timeout(Some(std::time::Duration::from_secs(20)));
        builder = match smtp.security {
            Security::Plain => builder.tls(Tls::None),
            Security::StartTls => builder.tls(Tls::Required(tls()?)),
            Security::Tls => builder.tls(Tls::Wrapper(tls()?)),
        };
        if let Some((user, password)) = &smtp.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Mailer {
            transport: builder.build(),
            from: settings.from.clone(),
            public_url: settings.public_url.trim_end_matches('/').to_owned(),
        })
    }
}

type HmacSha256 = Hmac<Sha256>;

/// The signature of an unsubscribe link for `user` and `kind`: only the holder of the shared
/// secret can make one, so a link cannot be forged for someone else or another kind.
pub fn unsubscribe_signature(secret: &str, user: i64, kind: Kind) -> String {
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("unsubscribe:{user}:{}", kind.as_str()).as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// Whether `signature` is the one for `user` and `kind` (compared in constant time).
pub fn unsubscribe_signed(secret: &str, user: i64, kind: Kind, signature: &str) -> bool {
    let Ok(given) = hex::decode(signature) else {
        return false;
    };
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("unsubscribe:{user}:{}", kind.as_str()).as_bytes());
    mac.verify_truncated_left(&given).is_ok() && given.len() == 16
}

/// The key that signs unsubscribe links: `CONCORD_SECRET` if set, else one generated once and
/// kept in the database, so that every instance signs alike.
pub async fn secret(state: &AppState) -> Result<String, AppError> {
    if let Some(secret) = &state.secret {
        return Ok(secret.clone());
    }
    use rand::RngCore;
    let mut fresh = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut fresh);
    Ok(db::mail::secret(&state.db, "unsubscribe", &hex::encode(fresh), super::now()).await?)
}

/// A message, rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The page that stops this kind of message (linked from the message), for the kinds a
    /// user may switch off.
    pub unsubscribe: Option<String>,
    /// Where a mail client stops it with one POST (`List-Unsubscribe`); opened, it leads to
    /// the page.
    pub one_click: Option<String>,
}

/// What a message holds beyond its own notification.
#[derive(Clone, Debug, Default)]
pub enum Body {
    /// Just the notification.
    #[default]
    One,
    /// A daily digest: the notifications it gathers.
    Digest(Vec<Gathered>),
    /// The weekly summary: open tasks overdue by region and by organisation.
    Weekly {
        by_region: Vec<OverdueLine>,
        by_organization: Vec<OverdueLine>,
    },
}

/// One language's part of a message.
struct Part {
    subject: String,
    /// Paragraphs, each a list of lines; a line may carry a link.
    blocks: Vec<Vec<(String, Option<String>)>>,
}

/// What `out` says in `lang`.
fn part(out: &Outgoing, body: &Body, lang: Lang, public_url: &str, at: OffsetDateTime) -> Part {
    let t = lang.texts();
    let m = t.mail;
    let what = out.kind.label(t);
    let line = |subject: &Subject| {
        let text = subject.line(lang);
        if text.is_empty() && subject.task.is_some() {
            t.tasks.untitled.to_owned()
        } else {
            text
        }
    };
    let link = |path: String| format!("{public_url}{path}");
    let name = out.name.get(lang);
    let name = if name.is_empty() { &out.name.ru } else { name };
    let mut blocks = vec![vec![(m.greeting.replace("{name}", name), None)]];
    let subject = match body {
        Body::One => {
            let title = line(&out.subject);
            let href = link(href_of(out.kind, &out.subject));
            let mut about = vec![(format!("{what}:"), None)];
            if !title.is_empty() {
                about.push((title.clone(), Some(href.clone())));
            }
            blocks.push(about);
            let mut facts = Vec::new();
            if let Some(actor) = &out.actor {
                facts.push((format!("{}: {actor}", m.by), None));
            }
            if let Some(due) = out.subject.due_date.filter(|_| out.kind.is_reminder()) {
                facts.push((format!("{}: {}", m.due, format_date(lang, due)), None));
            }
            facts.push((format!("{}: {}", m.when, format_datetime(lang, at)), None));
            if !out.note.is_empty() {
                facts.push((format!("{}: {}", m.note, out.note), None));
            }
            blocks.push(facts);
            blocks.push(vec![(m.open.to_owned(), Some(href))]);
            if title.is_empty() {
                what.to_owned()
            } else {
                format!("{what}: {title}")
            }
        }
        Body::Digest(items) => {
            blocks.push(vec![(format!("{what}:"), None)]);
            for item in items {
                let mut lines = vec![(
                    format!("{}: {}", item.kind.label(t), line(&item.subject)),
                    Some(link(href_of(item.kind, &item.subject))),
                )];
                let mut meta = format_datetime(lang, item.created_at);
                if let Some(actor) = &item.actor {
                    meta = format!("{meta} · {actor}");
                }
                if let Some(due) = item.subject.due_date.filter(|_| item.kind.is_reminder()) {
                    meta = format!("{meta} · {}: {}", m.due, format_date(lang, due));
                }
                lines.push((meta, None));
                if !item.note.is_empty() {
                    lines.push((format!("{}: {}", m.note, item.note), None));
                }
                blocks.push(lines);
            }
            blocks.push(vec![(
                m.open.to_owned(),
                Some(link("/notifications".into())),
            )]);
            format!("{what} ({})", items.len())
        }
        Body::Weekly {
            by_region,
            by_organization,
        } => {
            let day = out.subject.due_date.map(|d| format_date(lang, d));
            blocks.push(vec![(
                format!("{what}: {}", day.clone().unwrap_or_default()),
                None,
            )]);
            for (heading, rows) in [
                (m.overdue_by_region, by_region),
                (m.overdue_by_organization, by_organization),
            ] {
                let mut lines = vec![(format!("{heading}:"), None)];
                if rows.is_empty() {
                    lines.push((m.nothing_overdue.to_owned(), None));
                }
                for row in rows {
                    let name = row.name.get(lang);
                    let name = if name.is_empty() {
                        m.national_level
                    } else {
                        name
                    };
                    lines.push((
                        format!("{name}: {}", format_number(lang, row.overdue)),
                        None,
                    ));
                }
                blocks.push(lines);
            }
            blocks.push(vec![(
                m.open.to_owned(),
                Some(link(href_of(out.kind, &out.subject))),
            )]);
            format!("{what}: {}", day.unwrap_or_default())
        }
    };
    Part { subject, blocks }
}

/// The message for `out`: in its recipient's language (Kyrgyz and Russian for an
/// organisation's contact address), plain text and HTML, with a link to the thing and, for a
/// kind the recipient may switch off, the way to stop it (`signature` signs that link).
pub fn render(
    out: &Outgoing,
    body: &Body,
    public_url: &str,
    signature: Option<&str>,
    at: OffsetDateTime,
) -> Rendered {
    let langs = match out.lang {
        Some(lang) => vec![lang],
        None => vec![Lang::Ky, Lang::Ru],
    };
    let parts: Vec<Part> = langs
        .iter()
        .map(|lang| part(out, body, *lang, public_url, at))
        .collect();
    let stop = match (out.user_id, signature) {
        (Some(user), Some(signature)) if !out.kind.choices().is_empty() => {
            let query = format!("user={}&kind={}&sig={signature}", user.0, out.kind.as_str());
            Some((
                format!("{public_url}/mail/unsubscribe?{query}"),
                format!("{public_url}/mail/one-click?{query}"),
            ))
        }
        _ => None,
    };
    let mut text = String::new();
    let mut html = String::new();
    for (i, (part, lang)) in parts.iter().zip(&langs).enumerate() {
        let m = lang.texts().mail;
        if i > 0 {
            text.push_str("\n----------------------------------------\n\n");
            html.push_str("<hr>");
        }
        html.push_str(&format!("<div lang=\"{}\">", lang.code()));
        for block in &part.blocks {
            html.push_str("<p>");
            for (j, (line, href)) in block.iter().enumerate() {
                text.push_str(line);
                if j > 0 {
                    html.push_str("<br>");
                }
                match href {
                    Some(href) => {
                        text.push_str(&format!(" <{href}>"));
                        html.push_str(&format!(
                            "<a href=\"{}\">{}</a>",
                            escape(href),
                            escape(line)
                        ));
                    }
                    None => html.push_str(&escape(line)),
                }
                text.push('\n');
            }
            html.push_str("</p>");
            text.push('\n');
        }
        let why = if out.user_id.is_some() {
            m.why
        } else {
            m.why_contact
        };
        text.push_str(&format!("-- \n{why}\n"));
        html.push_str(&format!(
            "<p style=\"color:#555;font-size:0.9em\">{}",
            escape(why)
        ));
        if let Some((unsubscribe, _)) = &stop {
            text.push_str(&format!("{}: {unsubscribe}\n", m.unsubscribe));
            html.push_str(&format!(
                "<br><a href=\"{}\">{}</a>",
                escape(unsubscribe),
                escape(m.unsubscribe)
            ));
        }
        html.push_str("</p></div>");
    }
    let subject = parts
        .iter()
        .map(|p| p.subject.as_str())
        .collect::<Vec<_>>()
        .join(" / ");
    let html = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body style=\"font-family:sans-serif;line-height:1.5\">{html}</body></html>",
        lang = langs[0].code(),
        title = escape(&subject),
    );
    Rendered {
        subject,
        text,
        html,
        unsubscribe: stop.as_ref().map(|(u, _)| u.clone()),
        one_click: stop.map(|(_, o)| o),
    }
}

/// `List-Unsubscribe`: where a mail client unsubscribes (RFC 2369).
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post`: the link works with one POST, no page to confirm (RFC 8058).
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// The message's stable `Message-ID`: the same for every attempt at the same notification.
pub fn message_id(id: i64, public_url: &str) -> String {
    let host = url::Url::parse(public_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "concord.invalid".to_owned());
    format!("<notification-{id}@{host}>")
}

/// How many organisations (and regions) the weekly summary names at most.
const SUMMARY_LINES: i64 = 20;

/// What `out`'s message holds beyond its notification: a digest's gathered notifications, or
/// the weekly summary as of its day.
pub async fn body(state: &AppState, out: &Outgoing) -> Result<Body, AppError> {
    Ok(match out.kind {
        Kind::DailyDigest => Body::Digest(db::mail::gathered(&state.db, out.id).await?),
        Kind::WeeklyDigest => {
            let day = out.subject.due_date.unwrap_or_else(super::today);
            let (by_region, by_organization) =
                db::reminders::overdue_summary(&state.db, day, SUMMARY_LINES).await?;
            Body::Weekly {
                by_region,
                by_organization,
            }
        }
        _ => Body::One,
    })
}

impl Mailer {
    fn message(&self, out: &Outgoing, rendered: &Rendered) -> Result<Message, String> {
        let name = out.name.get(out.lang.unwrap_or(Lang::Ru));
        let to = Mailbox::new(
            (!name.is_empty()).then(|| name.to_owned()),
            out.email.parse().map_err(|e| format!("address: {e}"))?,
        );
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(rendered.subject.clone())
            .message_id(Some(message_id(out.id, &self.public_url)));
        if let Some(one_click) = &rendered.one_click {
            builder = builder
                .header(ListUnsubscribe(one_click.clone()))
                .header(ListUnsubscribePost);
        }
        builder
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(rendered.text.clone()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(rendered.html.clone()),
                    ),
            )
            .map_err(|e| format!("message: {e}"))
    }

    /// Delivers what is due, once; how many messages the server accepted.
    pub async fn deliver_due(&self, state: &AppState) -> Result<usize, AppError> {
        let now = super::now();
        let ids = db::mail::lease(&state.db, now, LEASE, BATCH).await?;
        if ids.is_empty() {
            return Ok(0);
        }
        let secret = secret(state).await?;
        let mut sent = 0;
        for out in db::mail::outgoing(&state.db, &ids).await? {
            let id = out.id;
            let signature = out
                .user_id
                .map(|user| unsubscribe_signature(&secret, user.0, out.kind));
            let body = body(state, &out).await?;
            let rendered = render(&out, &body, &self.public_url, signature.as_deref(), now);
            let outcome = match self.message(&out, &rendered) {
                Ok(message) => self
                    .transport
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e),
            };
            match outcome {
                Ok(()) => {
                    db::mail::sent(&state.db, id, super::now()).await?;
                    sent += 1;
                }
                Err(error) => {
                    let attempts = out.attempts + 1;
                    let retry_at =
                        (attempts < MAX_ATTEMPTS).then(|| super::now() + backoff(attempts));
                    tracing::warn!(notification = id, attempts, %error, "mail refused");
                    let now = super::now();
                    db::mail::refused(&state.db, id, &error, retry_at, super::today(), now).await?;
                }
            }
        }
        Ok(sent)
    }

    /// Delivers due messages every `every`, for as long as the server runs.
    pub async fn run(self, state: AppState, every: std::time::Duration) {
        loop {
            if let Err(error) = self.deliver_due(&state).await {
                tracing::warn!(%error, "mail delivery pass failed");
            }
            tokio::time::sleep(every).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::views::Trilingual;
    use crate::i18n::Lang;

    #[test]
    fn smtp_urls_say_how_to_connect() {
        assert_eq!(
            SmtpUrl::parse("smtps://mailer:p%40ss@mail.gov.kg").expect("smtps"),
            SmtpUrl {
                host: "mail.gov.kg".into(),
                port: 465,
                security: Security::Tls,
                credentials: Some(("mailer".into(), "p@ss".into())),
            }
        );
        let starttls = SmtpUrl::parse("smtp://mail.gov.kg?tls=starttls").expect("starttls");
        assert_eq!(
            (starttls.port, starttls.security),
            (587, Security::StartTls)
        );
        let plain = SmtpUrl::parse("smtp://127.0.0.1:2525").expect("plain");
        assert_eq!(
            (plain.port, plain.security, plain.credentials),
            (2525, Security::Plain, None)
        );
        assert!(SmtpUrl::parse("http://mail.gov.kg").is_err());
        assert!(SmtpUrl::parse("smtps://mail.gov.kg?tls=none").is_err());
        assert!(SmtpUrl::parse("smtp://").is_err());
    }

    #[test]
    fn waits_double_from_a_minute_to_six_hours() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert_eq!(backoff(2), Duration::minutes(2));
        assert_eq!(backoff(5), Duration::minutes(16));
        assert_eq!(backoff(40), Duration::hours(6));
    }

    #[test]
    fn unsubscribe_links_cannot_be_forged() {
        let signature = unsubscribe_signature("key", 7, Kind::TaskAssigned);
        assert!(unsubscribe_signed("key", 7, Kind::TaskAssigned, &signature));
        assert!(!unsubscribe_signed(
            "key",
            8,
            Kind::TaskAssigned,
            &signature
        ));
        assert!(!unsubscribe_signed(
            "key",
            7,
            Kind::TaskReturned,
            &signature
        ));
        assert!(!unsubscribe_signed(
            "other",
            7,
            Kind::TaskAssigned,
            &signature
        ));
        assert!(!unsubscribe_signed(
            "key",
            7,
            Kind::TaskAssigned,
            &signature[..16]
        ));
        assert!(!unsubscribe_signed("key", 7, Kind::TaskAssigned, "zz"));
    }

    #[test]
    fn messages_are_written_in_the_recipients_language_and_escaped() {
        let name = "Бакыт <Жумабеков>".to_owned();
        let out = Outgoing {
            id: 5,
            user_id: Some(crate::domain::ids::UserId(3)),
            email: "reporter@example.kg".into(),
            name: Trilingual {
                ky: name.clone(),
                ru: name.clone(),
                en: name,
            },
            lang: Some(Lang::Ky),
            kind: Kind::TaskReturned,
            subject: Subject {
                task: Some(crate::domain::ids::TaskId(42)),
                title: Trilingual {
                    ky: "Мектептердеги профилактика".into(),
                    ru: "Профилактика в школах".into(),
                    en: String::new(),
                },
                ..Subject::default()
            },
            actor: Some("Айгүл Осмонова".into()),
            note: "Тизмени тиркеңиз".into(),
            attempts: 0,
        };
        let at = time::macros::datetime!(2026-11-28 06:00 UTC);
        let m = render(&out, &Body::One, "https://concord.gov.kg", Some("ab"), at);
        assert_eq!(
            m.subject,
            "Тапшырма кайра иштөөгө кайтарылды: Мектептердеги профилактика"
        );
        assert!(m.text.contains("https://concord.gov.kg/tasks/42"));
        assert!(m.text.contains("Тизмени тиркеңиз"));
        assert!(m.html.contains("Бакыт &lt;Жумабеков&gt;"));
        assert!(!m.html.contains("<Жумабеков>"));
        assert_eq!(
            m.unsubscribe.as_deref(),
            Some("https://concord.gov.kg/mail/unsubscribe?user=3&kind=task_returned&sig=ab")
        );
        assert_eq!(
            message_id(5, "https://concord.gov.kg"),
            "<notification-5@concord.gov.kg>"
        );
    }

    #[test]
    fn an_escalation_to_a_contact_address_is_in_kyrgyz_and_russian_and_cannot_be_stopped() {
        let period = crate::domain::reports::periods::Calendar::default()
            .period_of(time::macros::date!(2026 - 08 - 01));
        let out = Outgoing {
            id: 9,
            user_id: None,
            email: "head@aiyl.kg".into(),
            name: Trilingual {
                ky: "Кара-Суу айыл өкмөтү".into(),
                ru: "Айыл окмоту Кара-Суу".into(),
                en: "Kara-Suu aiyl okmotu".into(),
            },
            lang: None,
            kind: Kind::ReportEscalated,
            subject: Subject {
                organization: Some(crate::domain::ids::OrganizationId(4)),
                title: Trilingual {
                    ky: "Кара-Суу айыл өкмөтү".into(),
                    ru: "Айыл окмоту Кара-Суу".into(),
                    en: "Kara-Suu aiyl okmotu".into(),
                },
                period: Some(period),
                due_date: Some(period.deadline),
                ..Subject::default()
            },
            actor: None,
            note: String::new(),
            attempts: 0,
        };
        let at = time::macros::datetime!(2026-10-22 06:00 UTC);
        let m = render(&out, &Body::One, "https://concord.gov.kg", Some("ab"), at);
        assert_eq!(
            m.subject,
            "Отчеттордун мөөнөтү бир жума мурун өттү: Кара-Суу айыл өкмөтү, 2026 Q3 / \
             Срок отчётов истёк неделю назад: Айыл окмоту Кара-Суу, 2026 Q3"
        );
        assert!(
            m.text
                .contains("/reports/missing?period=2026-07-01&organization=4")
        );
        assert!(m.html.contains("lang=\"ru\""));
        assert_eq!((m.unsubscribe, m.one_click), (None, None));
    }
}
