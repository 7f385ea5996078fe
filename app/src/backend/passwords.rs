//! Password hashing and checking: argon2id (m = 19456 KiB, t = 2, p = 1) on the blocking pool,
//! at most as many at once as there are cores, and a refusal of common and guessable passwords
//! (zxcvbn, with the user's own name and email and the product's name as known words). A hash
//! made with weaker parameters than today's is recognised, so that login can hash again.

use super::db::users::PasswordHash;
use crate::domain::password::length_problem;
use crate::error::{AppError, Problem};
use argon2::{
    Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version, password_hash::SaltString,
};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Today's parameters: memory in KiB, iterations, parallelism.
const M_COST: u32 = 19_456;
const T_COST: u32 = 2;
const P_COST: u32 = 1;

fn argon2() -> Argon2<'static> {
    // Parameters are constants that Params accepts; a failure here is a programming error.
    let params = Params::new(M_COST, T_COST, P_COST, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Whether `hash` was made with anything weaker than today's algorithm and parameters.
pub fn is_outdated(hash: &PasswordHash) -> bool {
    let Ok(parsed) = argon2::PasswordHash::new(&hash.0) else {
        return true;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return true;
    };
    parsed.algorithm != Algorithm::Argon2id.ident()
        || parsed.version != Some(Version::V0x13.into())
        || params.m_cost() < M_COST
        || params.t_cost() < T_COST
        || params.p_cost() < P_COST
}

/// Hashes and verifies passwords without blocking the async runtime.
#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    /// A hash of a random password, verified against when the email is unknown, so that an
    /// unknown email takes as long as a wrong password.
    dummy: Arc<PasswordHash>,
    /// How many passwords have been checked (for the throttling tests and the benchmarks).
    verified: Arc<std::sync::atomic::AtomicU64>,
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Passwords")
            .field("permits", &self.permits.available_permits())
            .finish()
    }
}

impl Passwords {
    pub fn new() -> Passwords {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        let dummy = hash_now(&generate_one_time()).unwrap_or_else(|_| PasswordHash(String::new()));
        Passwords {
            permits: Arc::new(Semaphore::new(cores)),
            dummy: Arc::new(dummy),
            verified: Arc::new(std::sync::atomic::AtomicU64::new(0)),
        }
    }

    /// How many passwords this process has checked so far.
    pub fn verifications(&self) -> u64 {
        self.verified.load(std::sync::atomic::Ordering::Relaxed)
    }

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| AppError::Internal)?;
        tokio::task::spawn_blocking(work).await.map_err(|error| {
            tracing::error!(%error, "password task failed");
            AppError::Internal
        })
    }

    pub async fn hash(&self, password: String) -> Result<PasswordHash, AppError> {
        self.blocking(move || hash_now(&password)).await?
    }

    /// Whether `password` matches `hash`; with no hash (unknown email) it does the same work
    /// against a dummy and answers `false`.
    pub async fn verify(
        &self,
        password: String,
        hash: Option<PasswordHash>,
    ) -> Result<bool, AppError> {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| (*self.dummy).clone());
        self.verified
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let matches = self.blocking(move || verify_now(&password, &hash)).await?;
        Ok(known && matches)
    }

    /// The problem with a new password, if any: its length, or that it is easy to guess.
    pub async fn problem(
        &self,
        password: String,
        user_inputs: Vec<String>,
    ) -> Result<Option<Problem>, AppError> {
        if let Some(problem) = length_problem(&password) {
            return Ok(Some(problem));
        }
        let guessable = self
            .blocking(move || is_guessable(&password, &user_inputs))
            .await?;
        Ok(guessable.then_some(Problem::PasswordGuessable))
    }
}

impl Default for Passwords {
    fn default() -> Self {
        Self::new()
    }
}

fn hash_now(password: &str) -> Result<PasswordHash, AppError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| PasswordHash(h.to_string()))
        .map_err(|error| {
            tracing::error!(%error, "hashing failed");
            AppError::Internal
        })
}

fn verify_now(password: &str, hash: &PasswordHash) -> bool {
    match argon2::PasswordHash::new(&hash.0) {
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Whether zxcvbn rates the password below "safely unguessable" (score 3 of 4), counting the
/// user's own words as known.
pub fn is_guessable(password: &str, user_inputs: &[String]) -> bool {
    let mut words: Vec<&str> = vec!["concord"];
    for input in user_inputs {
        words.push(input);
        words.extend(
            input
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 3),
        );
    }
    zxcvbn::zxcvbn(password, &words).score() < zxcvbn::Score::Three
}

/// A random one-time password: 16 letters and digits from an alphabet without look-alikes.
pub fn generate_one_time() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..16)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_and_personal_passwords_are_guessable() {
        let me = vec!["Aigul Osmonova".to_owned(), "aigul@gov.kg".to_owned()];
        for weak in [
            "password",
            "12345678",
            "qwertyuiop",
            "concord2026",
            "aigul1990",
            "osmonova!",
            "P@ssw0rd",
        ] {
            assert!(is_guessable(weak, &me), "{weak} should be refused");
        }
    }

    #[test]
    fn long_phrases_and_random_strings_are_accepted() {
        let me = vec!["Aigul Osmonova".to_owned()];
        for strong in [
            "Tulip-Harbor-Quietly-42",
            "жылкы талаада чуркап жүрөт",
            &generate_one_time(),
        ] {
            assert!(!is_guessable(strong, &me), "{strong} should be accepted");
        }
    }

    #[test]
    fn hashes_are_argon2id_with_the_agreed_cost_and_verify() {
        let hash = hash_now("Tulip-Harbor-Quietly-42").expect("hash");
        assert!(
            hash.0.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{}",
            hash.0
        );
        assert!(verify_now("Tulip-Harbor-Quietly-42", &hash));
        assert!(!verify_now("tulip-harbor-quietly-42", &hash));
        assert!(!verify_now("anything", &PasswordHash("not a hash".into())));
        assert!(!is_outdated(&hash));
    }

    #[test]
    fn weaker_hashes_are_outdated_and_still_verify() {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let weak = |m, t, p, algorithm| {
            let params = Params::new(m, t, p, None).expect("params");
            PasswordHash(
                Argon2::new(algorithm, Version::V0x13, params)
                    .hash_password(b"Tulip-Harbor-Quietly-42", &salt)
                    .expect("hash")
                    .to_string(),
            )
        };
        for hash in [
            weak(4096, 2, 1, Algorithm::Argon2id),
            weak(19_456, 1, 1, Algorithm::Argon2id),
            weak(19_456, 2, 1, Algorithm::Argon2i),
        ] {
            assert!(is_outdated(&hash), "{}", hash.0);
            assert!(verify_now("Tulip-Harbor-Quietly-42", &hash));
        }
        assert!(is_outdated(&PasswordHash("$2b$12$bcrypt-looking".into())));
    }

    #[test]
    fn one_time_passwords_are_long_and_distinct() {
        let a = generate_one_time();
        assert_eq!(a.chars().count(), 16);
        assert_ne!(a, generate_one_time());
    }
}
