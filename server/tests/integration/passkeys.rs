//! Passkeys on SQLite and PostgreSQL, with a software authenticator made here (a P-256 key
//! signing as a security key would, "none" attestation): registering one, signing in with it
//! alone (its user is not asked to enrol a second factor), replayed, foreign and removed
//! credentials refused, the signature counter kept, an administrator's reset taking passkeys
//! away, and numeric addresses refused (WebAuthn needs a host name).

use crate::support::{Backend, TestApp, on_both, spawn_app_with};
use app::domain::roles::Role;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use openssl::{
    bn::BigNumContext,
    ec::{EcGroup, EcKey},
    hash::MessageDigest,
    nid::Nid,
    pkey::{PKey, Private},
    sign::Signer,
};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

on_both!(
    a_passkey_is_registered_and_signs_in_alone,
    an_administrators_reset_takes_passkeys_away,
    passkeys_need_a_host_name,
);

const REPORTER: (&str, &str) = ("reporter@demo.concord.kg", "demo-reporter-password");

async fn spawn(backend: Backend) -> TestApp {
    spawn_app_with(backend, |s| s.limits.logins_per_minute = 1000)
        .await
        .on_localhost()
}

/// A security key holding one credential.
struct Device {
    key: PKey<Private>,
    credential_id: Vec<u8>,
    /// The WebAuthn user id the credential was made for.
    user_handle: Vec<u8>,
    counter: u32,
}

fn bytes_field(value: &Value, pointer: &str) -> Vec<u8> {
    let text = value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{pointer} in {value}"));
    URL_SAFE_NO_PAD.decode(text).expect("base64url")
}

/// CBOR's head of a byte string of `len` bytes.
fn byte_string(len: usize) -> Vec<u8> {
    match len {
        0..24 => vec![0x40 | len as u8],
        24..256 => vec![0x58, len as u8],
        _ => vec![0x59, (len >> 8) as u8, len as u8],
    }
}

fn rp_hash(rp_id: &str) -> Vec<u8> {
    Sha256::digest(rp_id.as_bytes()).to_vec()
}

impl Device {
    fn new() -> Device {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).expect("curve");
        let key = PKey::from_ec_key(EcKey::generate(&group).expect("key")).expect("pkey");
        Device {
            key,
            credential_id: rand::random::<[u8; 16]>().to_vec(),
            user_handle: Vec::new(),
            counter: 0,
        }
    }

    /// The public key as a COSE_Key (EC2, ES256).
    fn cose_key(&self) -> Vec<u8> {
        let ec = self.key.ec_key().expect("ec");
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).expect("curve");
        let mut ctx = BigNumContext::new().expect("ctx");
        let point = ec
            .public_key()
            .to_bytes(
                &group,
                openssl::ec::PointConversionForm::UNCOMPRESSED,
                &mut ctx,
            )
            .expect("point");
        let (x, y) = (&point[1..33], &point[33..65]);
        let mut cose = vec![0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20];
        cose.extend_from_slice(x);
        cose.extend_from_slice(&[0x22, 0x58, 0x20]);
        cose.extend_from_slice(y);
        cose
    }

    fn client_data(kind: &str, challenge: &[u8], origin: &str) -> Vec<u8> {
        json!({
            "type": kind,
            "challenge": URL_SAFE_NO_PAD.encode(challenge),
            "origin": origin,
            "crossOrigin": false,
        })
        .to_string()
        .into_bytes()
    }

    /// The credential `navigator.credentials.create` would give for these options, as the
    /// island sends it.
    fn register(&mut self, options: &Value, origin: &str) -> String {
        let challenge = bytes_field(options, "/publicKey/challenge");
        self.user_handle = bytes_field(options, "/publicKey/user/id");
        let rp_id = options
            .pointer("/publicKey/rp/id")
            .and_then(Value::as_str)
            .expect("rp id");
        let mut auth_data = rp_hash(rp_id);
        auth_data.push(0x45); // user present, user verified, attested credential data
        auth_data.extend_from_slice(&self.counter.to_be_bytes());
        auth_data.extend_from_slice(&[0; 16]); // AAGUID
        auth_data.extend_from_slice(&(self.credential_id.len() as u16).to_be_bytes());
        auth_data.extend_from_slice(&self.credential_id);
        auth_data.extend_from_slice(&self.cose_key());
        let mut attestation = vec![0xa3, 0x63];
        attestation.extend_from_slice(b"fmt");
        attestation.push(0x64);
        attestation.extend_from_slice(b"none");
        attestation.push(0x67);
        attestation.extend_from_slice(b"attStmt");
        attestation.push(0xa0);
        attestation.push(0x68);
        attestation.extend_from_slice(b"authData");
        attestation.extend_from_slice(&byte_string(auth_data.len()));
        attestation.extend_from_slice(&auth_data);
        let id = URL_SAFE_NO_PAD.encode(&self.credential_id);
        json!({
            "id": id,
            "rawId": id,
            "type": "public-key",
            "response": {
                "attestationObject": URL_SAFE_NO_PAD.encode(&attestation),
                "clientDataJSON": URL_SAFE_NO_PAD
                    .encode(Device::client_data("webauthn.create", &challenge, origin)),
            },
            "extensions": { "credProps": { "rk": true } },
        })
        .to_string()
    }

    /// The signed challenge `navigator.credentials.get` would give for these options.
    fn sign(&mut self, options: &Value, origin: &str) -> String {
        let challenge = bytes_field(options, "/publicKey/challenge");
        let rp_id = options
            .pointer("/publicKey/rpId")
            .and_then(Value::as_str)
            .expect("rp id");
        self.counter += 1;
        let mut auth_data = rp_hash(rp_id);
        auth_data.push(0x05); // user present, user verified
        auth_data.extend_from_slice(&self.counter.to_be_bytes());
        let client_data = Device::client_data("webauthn.get", &challenge, origin);
        let mut signed = auth_data.clone();
        signed.extend_from_slice(&Sha256::digest(&client_data));
        let mut signer = Signer::new(MessageDigest::sha256(), &self.key).expect("signer");
        let signature = signer.sign_oneshot_to_vec(&signed).expect("signature");
        let id = URL_SAFE_NO_PAD.encode(&self.credential_id);
        json!({
            "id": id,
            "rawId": id,
            "type": "public-key",
            "response": {
                "authenticatorData": URL_SAFE_NO_PAD.encode(&auth_data),
                "clientDataJSON": URL_SAFE_NO_PAD.encode(&client_data),
                "signature": URL_SAFE_NO_PAD.encode(&signature),
                "userHandle": URL_SAFE_NO_PAD.encode(&self.user_handle),
            },
            "extensions": {},
        })
        .to_string()
    }
}

fn options(text: &Value) -> Value {
    serde_json::from_str(text.as_str().expect("options as a JSON string")).expect("options")
}

/// Registers `device` on the signed-in `client`'s account under `name`.
async fn register(app: &TestApp, client: &Client, device: &mut Device, name: &str) -> StatusCode {
    let started = options(
        &app.call_json(
            client,
            "account/passkeys/start",
            &[("password", REPORTER.1)],
        )
        .await,
    );
    let credential = device.register(&started, &app.address);
    app.call(
        client,
        "account/passkeys/finish",
        &[("name", name), ("credential", &credential)],
    )
    .await
    .status()
}

/// Signs in with `device` from a new browser: the answer's status and body.
async fn sign_in(app: &TestApp, device: &mut Device) -> (Client, StatusCode, String) {
    let client = app.client();
    let started = options(&app.call_json(&client, "login/passkey/start", &[]).await);
    let credential = device.sign(&started, &app.address);
    let response = app
        .call(
            &client,
            "login/passkey/finish",
            &[("credential", &credential), ("next", "/tasks")],
        )
        .await;
    let status = response.status();
    (client, status, response.text().await.unwrap_or_default())
}

async fn last_entry(app: &TestApp) -> (String, String) {
    app::on_db!(&app.state.db, pool => sqlx::query_as(
        "select kind, detail from audit_log order by entry_id desc limit 1").fetch_one(pool).await)
    .expect("an entry")
}

async fn a_passkey_is_registered_and_signs_in_alone(backend: Backend) {
    let app = spawn(backend).await;
    app.load_demo().await;
    let reporter = app.login(REPORTER.0, REPORTER.1).await;

    // Adding a passkey takes the current password: a session left open is not enough.
    for (password, problem) in [
        ("", "Required"),
        ("not-the-password", "WrongCurrentPassword"),
    ] {
        let response = app
            .call(
                &reporter,
                "account/passkeys/start",
                &[("password", password)],
            )
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let text = response.text().await.unwrap_or_default();
        assert!(text.contains(problem), "{text}");
    }

    // The options ask for a discoverable credential with user verification, bound to the
    // host name the page was opened by.
    let started = options(
        &app.call_json(
            &reporter,
            "account/passkeys/start",
            &[("password", REPORTER.1)],
        )
        .await,
    );
    assert_eq!(started["publicKey"]["rp"]["id"], "localhost");
    assert_eq!(
        started["publicKey"]["authenticatorSelection"]["residentKey"],
        "required"
    );
    assert_eq!(
        started["publicKey"]["authenticatorSelection"]["userVerification"],
        "required"
    );
    assert_eq!(started["publicKey"]["user"]["name"], REPORTER.0);

    // A credential for another challenge (or none waiting) is refused.
    let mut device = Device::new();
    let mut stale = started.clone();
    stale["publicKey"]["challenge"] = json!(URL_SAFE_NO_PAD.encode([7u8; 32]));
    let forged = device.register(&stale, &app.address);
    let response = app
        .call(
            &reporter,
            "account/passkeys/finish",
            &[("name", "x"), ("credential", &forged)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(
        response
            .text()
            .await
            .unwrap_or_default()
            .contains("PasskeyNotAccepted")
    );
    let response = app
        .call(
            &reporter,
            "account/passkeys/finish",
            &[("name", "x"), ("credential", &forged)],
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::CONFLICT,
        "the challenge was used"
    );

    // Registered with a name: one audit entry, listed on the account page.
    assert_eq!(
        register(&app, &reporter, &mut device, "Office laptop").await,
        StatusCode::OK
    );
    assert_eq!(
        last_entry(&app).await,
        ("passkey_registered".to_owned(), "Office laptop".to_owned())
    );
    let security = app.call_json(&reporter, "account/security", &[]).await;
    assert_eq!(security["passkeys"][0]["name"], "Office laptop");
    assert_eq!(security["passkeys"][0]["last_used_at"], Value::Null);
    assert_eq!(security["second_factor"], false);
    // The same credential again is refused; the next registration excludes it.
    let again = options(
        &app.call_json(
            &reporter,
            "account/passkeys/start",
            &[("password", REPORTER.1)],
        )
        .await,
    );
    assert_eq!(
        again["publicKey"]["excludeCredentials"][0]["id"],
        URL_SAFE_NO_PAD.encode(&device.credential_id)
    );
    let credential = device.register(&again, &app.address);
    let response = app
        .call(
            &reporter,
            "account/passkeys/finish",
            &[("name", ""), ("credential", &credential)],
        )
        .await;
    // (webauthn-rs refuses a credential the options excluded).
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let text = response.text().await.unwrap_or_default();
    assert!(text.contains("PasskeyNotAccepted"), "{text}");
    assert_eq!(app.count("passkeys").await, 1);

    // Reporters must now use a second factor: a passkey is one, so no enrolment is asked.
    let admin = app.login_as(Role::Administrator).await;
    app.call_ok(
        &admin,
        "security/roles",
        &[("save", "roles"), ("reporter", "on")],
    )
    .await;
    // The passkey alone signs in, to the page asked for, without an email typed.
    let (signed_in, status, target) = sign_in(&app, &mut device).await;
    assert_eq!(status, StatusCode::OK, "{target}");
    assert_eq!(target, "\"/tasks\"");
    let me = app.me(&signed_in).await.expect("signed in");
    assert_eq!(me["email"], REPORTER.0);
    assert_eq!(me["must_enrol"], false);
    assert_eq!(
        last_entry(&app).await,
        ("sign_in".to_owned(), "passkey".to_owned())
    );
    let security = app.call_json(&signed_in, "account/security", &[]).await;
    assert!(security["passkeys"][0]["last_used_at"].is_i64());

    // A signed answer replayed for a new challenge is refused, and so is a counter that did
    // not move on (a cloned key); the next real use works.
    let client = app.client();
    let fresh = options(&app.call_json(&client, "login/passkey/start", &[]).await);
    let mut replayed =
        serde_json::from_str::<Value>(&device.sign(&fresh, &app.address)).expect("credential");
    let mut other = fresh.clone();
    other["publicKey"]["challenge"] = json!(URL_SAFE_NO_PAD.encode([9u8; 32]));
    replayed["response"]["clientDataJSON"] = serde_json::from_str::<Value>(
        &device.sign(&other, &app.address),
    )
    .expect("credential")["response"]["clientDataJSON"]
        .clone();
    let response = app
        .call(
            &client,
            "login/passkey/finish",
            &[("credential", &replayed.to_string())],
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(app.me(&client).await.is_none());
    assert_eq!(
        last_entry(&app).await,
        ("sign_in_failed".to_owned(), "passkey: signature".to_owned())
    );
    device.counter = 0;
    let (_, status, _) = sign_in(&app, &mut device).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a counter that went back");
    device.counter = 100;
    let (_, status, _) = sign_in(&app, &mut device).await;
    assert_eq!(status, StatusCode::OK);

    // A key registered nowhere, and an answer with no challenge waiting, are refused.
    let mut stranger = Device::new();
    stranger.user_handle = device.user_handle.clone();
    let (_, status, text) = sign_in(&app, &mut stranger).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("PasskeyUnknown"), "{text}");
    assert_eq!(
        last_entry(&app).await,
        ("sign_in_failed".to_owned(), "passkey: unknown".to_owned())
    );
    let response = app
        .call(
            &app.client(),
            "login/passkey/finish",
            &[("credential", "{}")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);

    // Another user cannot remove it; its owner can, and then it signs nobody in.
    let id = security["passkeys"][0]["passkey_id"]
        .as_i64()
        .expect("id")
        .to_string();
    let coordinator = app.login_as(Role::Coordinator).await;
    assert_eq!(
        app.call(
            &coordinator,
            "account/passkeys/remove",
            &[("passkey_id", &id)]
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    let removed = app
        .call(
            &signed_in,
            "account/passkeys/remove",
            &[("passkey_id", &id)],
        )
        .await;
    assert_eq!(
        removed
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/account?done=passkey-removed#passkeys")
    );
    assert_eq!(
        last_entry(&app).await,
        (
            "second_factor_removed".to_owned(),
            "passkey: Office laptop".to_owned()
        )
    );
    let (_, status, _) = sign_in(&app, &mut device).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(app.count("passkeys").await, 0);
    app.stop().await;
}

async fn an_administrators_reset_takes_passkeys_away(backend: Backend) {
    let app = spawn(backend).await;
    app.load_demo().await;
    let reporter = app.login(REPORTER.0, REPORTER.1).await;
    let mut device = Device::new();
    assert_eq!(
        register(&app, &reporter, &mut device, "").await,
        StatusCode::OK
    );
    let security = app.call_json(&reporter, "account/security", &[]).await;
    // Unnamed, it is named after the browser (reqwest's agent names none).
    assert_eq!(security["passkeys"][0]["name"], "Passkey");
    let admin = app.login_as(Role::Administrator).await;
    let user_id = app.user_id_of(REPORTER.0).await.to_string();
    let seen = app
        .call_json(&admin, "users/security", &[("user_id", &user_id)])
        .await;
    assert_eq!(seen["passkeys"].as_array().map(Vec::len), Some(1));
    app.call(
        &admin,
        "users/second-factor/reset",
        &[("user_id", &user_id)],
    )
    .await;
    assert_eq!(
        last_entry(&app).await,
        (
            "second_factor_reset".to_owned(),
            "no authenticator app; passkeys removed: 1; sessions ended: 1".to_owned()
        )
    );
    let (_, status, _) = sign_in(&app, &mut device).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Coordinators and reporters cannot reset anyone.
    let coordinator = app.login_as(Role::Coordinator).await;
    assert_eq!(
        app.call(
            &coordinator,
            "users/second-factor/reset",
            &[("user_id", &user_id)],
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    // Signed out, one cannot begin a registration.
    assert_eq!(
        app.call(
            &app.client(),
            "account/passkeys/start",
            &[("password", REPORTER.1)]
        )
        .await
        .status(),
        StatusCode::UNAUTHORIZED
    );
    app.stop().await;
}

async fn passkeys_need_a_host_name(backend: Backend) {
    let mut app = spawn(backend).await;
    app.address = app.address.replace("localhost", "127.0.0.1");
    app.load_demo().await;
    let reporter = app.login(REPORTER.0, REPORTER.1).await;
    for (client, endpoint, args) in [
        (
            &reporter,
            "account/passkeys/start",
            vec![("password", REPORTER.1)],
        ),
        (&app.client(), "login/passkey/start", vec![]),
    ] {
        let response = app.call(client, endpoint, &args).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{endpoint}");
        let text = response.text().await.unwrap_or_default();
        assert!(text.contains("PasskeyNeedsHostName"), "{endpoint}: {text}");
    }
    app.stop().await;
}
