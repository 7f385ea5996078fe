//! Short-lived copies of what nearly every page asks for and what rarely changes between two
//! clicks: the session's user, the header's inbox count, whether demo data is loaded, the
//! dashboard's figures, the early-warning figures and the scorecards for one scope and filter.
//!
//! Two rules keep a copy honest:
//! - it lives at most [`TTL`], so a change made through another instance (or the command line)
//!   shows here within five seconds;
//! - every transaction that commits, and every request that may have written (anything but `GET`
//!   and `HEAD`) when it ends, moves this instance's write generation, and a copy read under an
//!   older generation is never served again: whoever changed something through this instance,
//!   and everyone after them, sees it at once.
//!
//! A copy is stored with the generation seen *before* it was read, so a write that commits while
//! the read runs makes that copy stale too.

use super::db::users::SessionUser;
use crate::domain::dashboard::{figures::Dashboard, scorecards::Scorecards};
use crate::domain::early_warning::figures::WarningFigures;
use crate::domain::ids::UserId;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest a copy is served.
pub const TTL: Duration = Duration::from_secs(5);

/// A write generation, shared by the caches that follow it.
#[derive(Clone, Debug, Default)]
pub struct Generation(Arc<AtomicU64>);

/// This process's write generation, moved by every committed transaction and every request
/// that may have written: the one the application's caches follow.
pub fn writes() -> &'static Generation {
    static WRITES: std::sync::OnceLock<Generation> = std::sync::OnceLock::new();
    WRITES.get_or_init(Generation::default)
}

impl Generation {
    /// The current generation.
    pub fn now(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    /// Marks that something may have been written: every copy read before now is stale.
    pub fn written(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

struct Entry<V> {
    at: Instant,
    generation: u64,
    value: V,
}

/// A map of short-lived copies, holding at most `capacity` of them.
pub struct Cache<K, V> {
    entries: Mutex<HashMap<K, Entry<V>>>,
    generation: Generation,
    capacity: usize,
}

impl<K, V> std::fmt::Debug for Cache<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("capacity", &self.capacity)
            .finish_non_exhaustive()
    }
}

impl<K: Eq + Hash, V: Clone> Cache<K, V> {
    pub fn new(generation: &Generation, capacity: usize) -> Cache<K, V> {
        Cache {
            entries: Mutex::new(HashMap::new()),
            generation: generation.clone(),
            capacity,
        }
    }

    fn fresh(&self, entry: &Entry<V>, generation: u64) -> bool {
        entry.generation == generation && entry.at.elapsed() < TTL
    }

    /// The copy kept for `key`, if it is still fresh.
    pub fn get(&self, key: &K) -> Option<V> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let entry = entries.get(key)?;
        self.fresh(entry, self.generation.now())
            .then(|| entry.value.clone())
    }

    /// Keeps `value` for `key`, read under `generation` (taken before the read began). A full
    /// cache first drops its stale copies, then, if still full, all of them.
    pub fn put(&self, key: K, generation: u64, value: V) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            let now = self.generation.now();
            entries.retain(|_, entry| self.fresh(entry, now));
            if entries.len() >= self.capacity {
                entries.clear();
            }
        }
        entries.insert(
            key,
            Entry {
                at: Instant::now(),
                generation,
                value,
            },
        );
    }

    /// The fresh copy for `key`, or `read()`'s answer, kept for next time when it succeeds.
    pub async fn get_or_read<E, F, Fut>(&self, key: K, read: F) -> Result<V, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        if let Some(value) = self.get(&key) {
            return Ok(value);
        }
        let generation = self.generation.now();
        let value = read().await?;
        self.put(key, generation, value.clone());
        Ok(value)
    }
}

/// The caches an instance keeps, sharing one write generation.
#[derive(Debug)]
pub struct Caches {
    pub generation: Generation,
    /// Each session's user as the database has them (active, session epoch), by user.
    pub session_users: Cache<UserId, Option<SessionUser>>,
    /// Whether demo data is loaded (every page's header asks).
    pub demo_loaded: Cache<(), bool>,
    /// The number in the header's inbox link, by user.
    pub inbox_counts: Cache<UserId, i64>,
    /// The number in the header's notifications link, by user.
    pub unread_notifications: Cache<UserId, i64>,
    /// The dashboard, by scope and filter.
    pub dashboards: Cache<String, Dashboard>,
    /// A page of scorecards, by scope, query and language.
    pub scorecards: Cache<String, Scorecards>,
    /// The dashboard's early-warning figures (national, the same for everyone), by day.
    pub warning_figures: Cache<time::Date, WarningFigures>,
}

impl Caches {
    pub fn new() -> Caches {
        let generation = writes().clone();
        Caches {
            session_users: Cache::new(&generation, 10_000),
            demo_loaded: Cache::new(&generation, 1),
            inbox_counts: Cache::new(&generation, 10_000),
            unread_notifications: Cache::new(&generation, 10_000),
            dashboards: Cache::new(&generation, 256),
            scorecards: Cache::new(&generation, 256),
            warning_figures: Cache::new(&generation, 2),
            generation,
        }
    }
}

impl Default for Caches {
    fn default() -> Self {
        Caches::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_served_until_something_is_written() {
        let generation = Generation::default();
        let cache: Cache<i64, &str> = Cache::new(&generation, 8);
        cache.put(1, generation.now(), "kept");
        assert_eq!(cache.get(&1), Some("kept"));
        generation.written();
        assert_eq!(cache.get(&1), None);
    }

    #[test]
    fn a_copy_read_while_a_write_committed_is_never_served() {
        let generation = Generation::default();
        let cache: Cache<i64, &str> = Cache::new(&generation, 8);
        let before = generation.now();
        generation.written();
        cache.put(1, before, "read during the write");
        assert_eq!(cache.get(&1), None);
    }

    #[test]
    fn a_full_cache_forgets_rather_than_grows() {
        let generation = Generation::default();
        let cache: Cache<i64, i64> = Cache::new(&generation, 4);
        for key in 0..100 {
            cache.put(key, generation.now(), key);
        }
        assert!(cache.entries.lock().expect("lock").len() <= 4);
    }

    #[tokio::test]
    async fn a_failed_read_is_not_kept() {
        let cache: Cache<i64, i64> = Cache::new(&Generation::default(), 4);
        let failed: Result<i64, &str> = cache.get_or_read(1, || async { Err("down") }).await;
        assert!(failed.is_err());
        let read: Result<i64, &str> = cache.get_or_read(1, || async { Ok(7) }).await;
        assert_eq!(read, Ok(7));
        assert_eq!(cache.get(&1), Some(7));
    }
}
