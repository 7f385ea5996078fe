//! Passkeys in the browser: the "Sign in with a passkey" button of the sign-in page and the
//! "Add a passkey" form of the account page. Both are rendered hidden (without JavaScript they
//! could do nothing, and the password remains the way in) and shown by [`PasskeyBehaviour`]
//! once it finds that the browser has passkeys and the site is opened by a host name. The island
//! runs the WebAuthn ceremonies with `navigator.credentials`: it turns the server's JSON options
//! into the browser's binary ones and the browser's credential back into JSON (base64url).

use crate::i18n::Texts;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The messages the island may show, in the page's language (so the island carries no texts).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyMessages {
    pub waiting: String,
    pub cancelled: String,
    pub unsupported: String,
    pub not_accepted: String,
    pub unknown: String,
    pub taken: String,
    pub needs_host_name: String,
    pub name_too_long: String,
    pub password_required: String,
    pub wrong_password: String,
    pub failed: String,
    pub rate_limited: String,
}

impl PasskeyMessages {
    pub fn new(t: &Texts) -> PasskeyMessages {
        let s = t.security;
        PasskeyMessages {
            waiting: s.passkey_waiting.to_owned(),
            cancelled: s.err_passkey_cancelled.to_owned(),
            unsupported: s.err_passkey_unsupported.to_owned(),
            not_accepted: s.err_passkey_not_accepted.to_owned(),
            unknown: s.err_passkey_unknown.to_owned(),
            taken: s.err_passkey_taken.to_owned(),
            needs_host_name: s.err_passkey_needs_host_name.to_owned(),
            name_too_long: t.err_too_long.to_owned(),
            password_required: t.err_required.to_owned(),
            wrong_password: t.err_wrong_current_password.to_owned(),
            failed: t.err_internal.to_owned(),
            rate_limited: t.err_rate_limited.replace("{seconds}", "60"),
        }
    }
}

/// The sign-in page's passkey button, shown once JavaScript finds passkeys usable.
#[component]
pub fn PasskeySignIn(next: String) -> impl IntoView {
    let t = crate::i18n::use_texts();
    let s = t.security;
    view! {
        <div class="passkey stack" data-passkey-sign-in hidden>
            <p class="or">{s.passkey_or}</p>
            <button type="button" data-passkey-action="sign-in">{s.sign_in_with_passkey}</button>
            <p class="problem" data-passkey-status role="status" aria-live="polite"></p>
        </div>
        <PasskeyBehaviour messages=PasskeyMessages::new(t) next/>
    }
}

/// The account page's form that adds a passkey: a name and a button.
#[component]
pub fn PasskeyRegistration() -> impl IntoView {
    let t = crate::i18n::use_texts();
    let s = t.security;
    view! {
        <p data-passkey-no-js>{s.passkey_needs_js}</p>
        <div class="passkey stack" data-passkey-register hidden>
            <div class="field">
                <label for="passkey-name">{s.passkey_name_label}</label>
                <p class="hint" id="passkey-name-hint">{s.passkey_name_hint}</p>
                <input id="passkey-name" type="text" maxlength="60" autocomplete="off"
                    aria-describedby="passkey-name-hint"/>
            </div>
            <div class="field">
                <label for="passkey-password">{t.current_password}</label>
                <p class="hint" id="passkey-password-hint">{s.passkey_password_hint}</p>
                <input id="passkey-password" type="password" autocomplete="current-password"
                    aria-describedby="passkey-password-hint"/>
            </div>
            <p><button type="button" data-passkey-action="register">{s.passkey_add}</button></p>
            <p class="problem" data-passkey-status role="status" aria-live="polite"></p>
        </div>
        <PasskeyBehaviour messages=PasskeyMessages::new(t) next=String::new()/>
    }
}

/// Shows the page's passkey controls where passkeys can work, and runs their ceremonies.
#[island]
fn PasskeyBehaviour(messages: PasskeyMessages, next: String) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    browser::attach(messages, next);
    #[cfg(not(feature = "hydrate"))]
    let _ = (messages, next);
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::PasskeyMessages;
    use crate::error::{AppError, Problem};
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    use js_sys::{Array, JSON, Reflect, Uint8Array};
    use std::rc::Rc;
    use wasm_bindgen::{JsCast, JsValue, closure::Closure};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Document, HtmlElement, HtmlInputElement, Window};

    /// Whether passkeys can work here: the browser has them, and the page was opened by a host
    /// name (WebAuthn refuses numeric addresses).
    enum Usable {
        Yes,
        NoApi,
        NumericAddress,
    }

    fn usable(window: &Window) -> Usable {
        let api = Reflect::has(window, &"PublicKeyCredential".into()).unwrap_or(false);
        let host = window.location().hostname().unwrap_or_default();
        let numeric =
            host.is_empty() || host.starts_with('[') || host.parse::<std::net::IpAddr>().is_ok();
        match (api, numeric) {
            (false, _) => Usable::NoApi,
            (true, true) => Usable::NumericAddress,
            (true, false) => Usable::Yes,
        }
    }

    fn element(document: &Document, selector: &str) -> Option<HtmlElement> {
        document
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    }

    pub fn attach(messages: PasskeyMessages, next: String) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Some(document) = window.document() else {
            return;
        };
        let note = element(&document, "[data-passkey-no-js]");
        match usable(&window) {
            Usable::Yes => {}
            Usable::NoApi => return,
            Usable::NumericAddress => {
                if let Some(note) = note {
                    note.set_text_content(Some(&messages.needs_host_name));
                }
                return;
            }
        }
        if let Some(note) = note {
            note.set_hidden(true);
        }
        let messages = Rc::new(messages);
        for (container, action) in [
            ("[data-passkey-sign-in]", "sign-in"),
            ("[data-passkey-register]", "register"),
        ] {
            let Some(container) = element(&document, container) else {
                continue;
            };
            container.set_hidden(false);
            let selector = format!("button[data-passkey-action=\"{action}\"]");
            let Some(button) = element(&document, &selector) else {
                continue;
            };
            let status = element(&document, "[data-passkey-status]");
            let (messages, next, target) = (messages.clone(), next.clone(), button.clone());
            let click = Closure::<dyn Fn()>::new(move || {
                let (messages, next, button, status) = (
                    messages.clone(),
                    next.clone(),
                    target.clone(),
                    status.clone(),
                );
                button.set_attribute("disabled", "").ok();
                say(&status, &messages.waiting);
                leptos::task::spawn_local(async move {
                    let outcome = if action == "register" {
                        register().await
                    } else {
                        sign_in(next).await
                    };
                    match outcome {
                        Ok(target) => {
                            if let Some(window) = web_sys::window() {
                                let _ = window.location().assign(&target);
                            }
                        }
                        Err(failure) => {
                            say(&status, &failure.message(&messages));
                            button.remove_attribute("disabled").ok();
                        }
                    }
                });
            });
            let _ =
                button.add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
            click.forget();
        }
    }

    fn say(status: &Option<HtmlElement>, text: &str) {
        if let Some(status) = status {
            status.set_text_content(Some(text));
        }
    }

    /// Why a ceremony did not finish.
    enum Failure {
        /// The browser refused or the user cancelled (a `DOMException`'s name).
        Browser(String),
        Server(AppError),
    }

    impl Failure {
        fn message(&self, m: &PasskeyMessages) -> String {
            match self {
                Failure::Browser(name) => match name.as_str() {
                    "NotAllowedError" | "AbortError" => &m.cancelled,
                    "InvalidStateError" => &m.taken,
                    "SecurityError" => &m.needs_host_name,
                    _ => &m.unsupported,
                },
                Failure::Server(AppError::Invalid(errors)) => {
                    match errors.problems.first().map(|(_, p)| *p) {
                        Some(Problem::PasskeyNotAccepted) => &m.not_accepted,
                        Some(Problem::PasskeyUnknown) => &m.unknown,
                        Some(Problem::PasskeyTaken) => &m.taken,
                        Some(Problem::PasskeyNeedsHostName) => &m.needs_host_name,
                        Some(Problem::TooLong) => &m.name_too_long,
                        Some(Problem::Required) => &m.password_required,
                        Some(Problem::WrongCurrentPassword) => &m.wrong_password,
                        _ => &m.failed,
                    }
                }
                Failure::Server(AppError::Conflict) => &m.cancelled,
                Failure::Server(AppError::RateLimited { .. } | AppError::Throttled { .. }) => {
                    &m.rate_limited
                }
                Failure::Server(_) => &m.failed,
            }
            .clone()
        }
    }

    impl From<AppError> for Failure {
        fn from(error: AppError) -> Failure {
            Failure::Server(error)
        }
    }

    impl From<JsValue> for Failure {
        fn from(error: JsValue) -> Failure {
            let name = Reflect::get(&error, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .unwrap_or_default();
            Failure::Browser(name)
        }
    }

    /// Replaces the base64url text at `key` of `object` with its bytes.
    fn to_bytes(object: &JsValue, key: &str) -> Result<(), JsValue> {
        let value = Reflect::get(object, &key.into())?;
        if let Some(text) = value.as_string() {
            let bytes = URL_SAFE_NO_PAD
                .decode(text.trim_end_matches('='))
                .map_err(|_| JsValue::from_str("bad base64url"))?;
            Reflect::set(object, &key.into(), &Uint8Array::from(bytes.as_slice()))?;
        }
        Ok(())
    }

    /// The server's options (JSON) as the browser takes them: challenge, user id and
    /// credential ids as bytes.
    fn options(json: &str, list: &str) -> Result<JsValue, JsValue> {
        let root = JSON::parse(json)?;
        let public_key = Reflect::get(&root, &"publicKey".into())?;
        to_bytes(&public_key, "challenge")?;
        if let Ok(user) = Reflect::get(&public_key, &"user".into())
            && user.is_object()
        {
            to_bytes(&user, "id")?;
        }
        if let Ok(credentials) = Reflect::get(&public_key, &list.into())
            && let Some(credentials) = credentials.dyn_ref::<Array>()
        {
            for credential in credentials.iter() {
                to_bytes(&credential, "id")?;
            }
        }
        Ok(root)
    }

    fn base64(object: &JsValue, key: &str) -> Result<String, JsValue> {
        let value = Reflect::get(object, &key.into())?;
        Ok(URL_SAFE_NO_PAD.encode(Uint8Array::new(&value).to_vec()))
    }

    /// The one client extension result the server reads, `credProps.rk` (whether the
    /// credential is discoverable), as a boolean; others are left out, since browsers and
    /// password managers differ in their types.
    fn extensions(credential: &JsValue) -> serde_json::Value {
        let rk = Reflect::get(credential, &"getClientExtensionResults".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.call0(credential).ok())
            .and_then(|results| Reflect::get(&results, &"credProps".into()).ok())
            .filter(JsValue::is_object)
            .and_then(|props| Reflect::get(&props, &"rk".into()).ok())
            .and_then(|rk| rk.as_bool());
        match rk {
            Some(rk) => serde_json::json!({ "credProps": { "rk": rk } }),
            None => serde_json::json!({}),
        }
    }

    fn credentials() -> Result<web_sys::CredentialsContainer, JsValue> {
        web_sys::window()
            .map(|w| w.navigator().credentials())
            .ok_or_else(|| JsValue::from_str("no window"))
    }

    /// The value of the input with this id.
    fn typed(id: &str) -> String {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            .map(|input| input.value())
            .unwrap_or_default()
    }

    /// Registers a passkey; where to go next.
    async fn register() -> Result<String, Failure> {
        let name = typed("passkey-name");
        let json =
            crate::api::passkeys::start_passkey_registration(typed("passkey-password")).await?;
        let options = options(&json, "excludeCredentials")?;
        let promise = credentials()?.create_with_options(options.unchecked_ref())?;
        let credential = JsFuture::from(promise).await?;
        let response = Reflect::get(&credential, &"response".into())?;
        let body = serde_json::json!({
            "id": Reflect::get(&credential, &"id".into())?.as_string().unwrap_or_default(),
            "rawId": base64(&credential, "rawId")?,
            "type": "public-key",
            "response": {
                "attestationObject": base64(&response, "attestationObject")?,
                "clientDataJSON": base64(&response, "clientDataJSON")?,
            },
            "extensions": extensions(&credential),
        });
        crate::api::passkeys::finish_passkey_registration(name, body.to_string()).await?;
        Ok("/account?done=passkey#passkeys".to_owned())
    }

    /// Signs in with a passkey; where to go next.
    async fn sign_in(next: String) -> Result<String, Failure> {
        let json = crate::api::passkeys::start_passkey_sign_in().await?;
        let options = options(&json, "allowCredentials")?;
        let promise = credentials()?.get_with_options(options.unchecked_ref())?;
        let credential = JsFuture::from(promise).await?;
        let response = Reflect::get(&credential, &"response".into())?;
        let user_handle = Reflect::get(&response, &"userHandle".into())?;
        let user_handle = (!user_handle.is_null() && !user_handle.is_undefined())
            .then(|| URL_SAFE_NO_PAD.encode(Uint8Array::new(&user_handle).to_vec()));
        let body = serde_json::json!({
            "id": Reflect::get(&credential, &"id".into())?.as_string().unwrap_or_default(),
            "rawId": base64(&credential, "rawId")?,
            "type": "public-key",
            "response": {
                "authenticatorData": base64(&response, "authenticatorData")?,
                "clientDataJSON": base64(&response, "clientDataJSON")?,
                "signature": base64(&response, "signature")?,
                "userHandle": user_handle,
            },
            "extensions": {},
        });
        let next = (!next.is_empty()).then_some(next);
        Ok(crate::api::passkeys::finish_passkey_sign_in(body.to_string(), next).await?)
    }
}
