//! Waiting for another kensa's lock on the database file.
//!
//! SQLite's default busy timeout waits silently and then fails with "database is locked".
//! kensa instead waits up to a bound that the caller sets (an import of a large ledger can
//! hold the write lock for a while), tells the user once that it is waiting, and then fails
//! with [`super::StoreError::Locked`], which says what to do.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// How long to wait for a lock unless the caller says otherwise.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(60);

/// The bound in milliseconds (an atomic because SQLite's busy handler is a plain function).
static LIMIT_MS: AtomicU64 = AtomicU64::new(60_000);
/// What to do once, when a wait has lasted long enough for a person to notice it.
static NOTICE: OnceLock<Box<dyn Fn() + Send + Sync>> = OnceLock::new();
static NOTICE_GIVEN: AtomicBool = AtomicBool::new(false);

/// A wait shorter than this is ordinary contention (another kensa committing) and is not
/// worth a message.
const NOTICE_AFTER_MS: u64 = 250;

/// Set how long this process waits for a lock, and what it says (once) while waiting. The
/// notice can be set once per process; later calls only change the bound.
pub fn configure(limit: Duration, notice: Option<Box<dyn Fn() + Send + Sync>>) {
    LIMIT_MS.store(
        u64::try_from(limit.as_millis()).unwrap_or(u64::MAX),
        Ordering::Relaxed,
    );
    if let Some(n) = notice {
        // A second notice is ignored: the first caller (the command line) owns the terminal.
        let _ = NOTICE.set(n);
    }
}

/// The bound in whole seconds, for messages.
pub fn limit_secs() -> u64 {
    LIMIT_MS.load(Ordering::Relaxed).div_ceil(1000)
}

/// Milliseconds slept before the `count`-th call: 5, 10, 20, 40, 80, then 100 each.
fn step_ms(count: u64) -> u64 {
    if count < 5 { 5 << count } else { 100 }
}

fn waited_ms(count: u64) -> u64 {
    if count <= 5 {
        (0..count).map(step_ms).sum()
    } else {
        155 + (count - 5) * 100
    }
}

/// SQLite's busy handler: `count` is how many times it was called for this lock.
pub(super) fn wait(count: i32) -> bool {
    let count = u64::try_from(count).unwrap_or(0);
    let waited = waited_ms(count);
    if waited >= LIMIT_MS.load(Ordering::Relaxed) {
        return false;
    }
    if waited >= NOTICE_AFTER_MS
        && !NOTICE_GIVEN.swap(true, Ordering::Relaxed)
        && let Some(notice) = NOTICE.get()
    {
        notice();
    }
    std::thread::sleep(Duration::from_millis(step_ms(count)));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_adds_up() {
        for count in 0..40 {
            assert_eq!(waited_ms(count), (0..count).map(step_ms).sum::<u64>());
        }
    }
}
