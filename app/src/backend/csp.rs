//! The Content-Security-Policy of pages and its per-request nonce.
//!
//! The server's header middleware mints a fresh nonce for every request and puts it in the
//! request's extensions; the HTML shell hands that same nonce to Leptos, which stamps it on the
//! scripts it writes; the middleware then sends the policy naming it on every HTML response.
//! Minting the nonce outside the render means the header never depends on how or when the
//! page was rendered, and every other response gets the strictest policy, allowing nothing.

use rand::RngCore;
use std::sync::Arc;

/// A request's CSP nonce: 128 random bits, hex-encoded.
#[derive(Clone, Debug)]
pub struct CspNonce(pub Arc<str>);

impl CspNonce {
    /// A fresh nonce from the operating system's generator.
    pub fn mint() -> Self {
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(hex::encode(bytes).into())
    }

    /// The policy for an HTML page whose scripts carry this nonce.
    pub fn page_policy(&self) -> String {
        format!(
            "default-src 'self'; script-src 'nonce-{}' 'strict-dynamic' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            self.0
        )
    }
}

/// The policy of every response that is not a page: nothing may load or frame it.
pub const NON_PAGE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// Hands the request's nonce to Leptos for the scripts of the page being rendered.
pub fn provide_request_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(value)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(value));
    }
}

#[cfg(test)]
mod tests {
    use super::CspNonce;

    #[test]
    fn nonces_are_fresh_and_named_in_the_policy() {
        let (a, b) = (CspNonce::mint(), CspNonce::mint());
        assert_eq!(a.0.len(), 32);
        assert_ne!(a.0, b.0);
        assert!(a.page_policy().contains(&format!("'nonce-{}'", a.0)));
        assert!(a.page_policy().contains("frame-ancestors 'none'"));
    }
}
