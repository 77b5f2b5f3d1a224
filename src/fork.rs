//! fork() in a process that uses MIH (`pcntl_fork()`, `proc_open()`).
//!
//! The parent keeps everything: its hub, connections and pending log rows
//! (tearing the hub down before each fork cost every `proc_open` an AMQP
//! reconnect, and a commit waiting on another process's lock stalled the
//! fork and lost the rows). The child sees the pid change and builds its
//! own hub on first use, leaving the inherited one untouched (see `hub`).
//!
//! What the child must not inherit is SQLite caught in the middle of a
//! transaction by another thread (the log writer): SQLite keeps in-process
//! lock bookkeeping per file, and the child would share it while owning
//! none of the locks. So the writer marks its store work with
//! [`store_section`], and the prepare handler holds new sections back and
//! waits for the one in flight to end, at most [`MOST_WAIT`]: nothing in
//! a fork handler waits on a commit or on another process's lock. A child
//! forked while a section was still running (the store locked by another
//! process) refuses to open a SQLite store, with a clear error, rather than
//! risk it; its parent goes on as before.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::time::{Duration, Instant};

/// The longest a fork waits for a store section in flight: a commit of a
/// batch takes well under a millisecond on an unlocked store.
pub const MOST_WAIT: Duration = Duration::from_millis(20);

/// A fork is being prepared: no new store section starts.
static FORKING: AtomicBool = AtomicBool::new(false);
/// Store sections running on this process's threads.
static IN_STORE: AtomicUsize = AtomicUsize::new(0);
/// The fork being prepared caught a store section running.
static CAUGHT_IN_STORE: AtomicBool = AtomicBool::new(false);
/// This process was forked while a store section ran in its parent.
static INHERITED_MID_STORE: AtomicBool = AtomicBool::new(false);

struct Leave;

impl Drop for Leave {
    fn drop(&mut self) {
        IN_STORE.fetch_sub(1, SeqCst);
    }
}

/// Runs `f`, work on a store from a thread other than PHP's, so that no
/// fork happens in the middle of it unless the fork gave up waiting.
pub fn store_section<R>(f: impl FnOnce() -> R) -> R {
    loop {
        while FORKING.load(SeqCst) {
            std::thread::sleep(Duration::from_millis(1));
        }
        IN_STORE.fetch_add(1, SeqCst);
        if !FORKING.load(SeqCst) {
            break;
        }
        // A fork began between the check and the count: let it go first.
        IN_STORE.fetch_sub(1, SeqCst);
    }
    let _leave = Leave;
    f()
}

/// Whether this process may open a SQLite store: not when it was forked in
/// the middle of its parent's store work.
pub fn sqlite_usable() -> bool {
    !INHERITED_MID_STORE.load(SeqCst)
}

extern "C" fn prepare() {
    FORKING.store(true, SeqCst);
    let deadline = Instant::now() + MOST_WAIT;
    while IN_STORE.load(SeqCst) > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_micros(50));
    }
    CAUGHT_IN_STORE.store(IN_STORE.load(SeqCst) > 0, SeqCst);
}

extern "C" fn parent() {
    FORKING.store(false, SeqCst);
}

extern "C" fn child() {
    if CAUGHT_IN_STORE.load(SeqCst) {
        INHERITED_MID_STORE.store(true, SeqCst);
    }
    // The threads that ran store sections do not exist here.
    IN_STORE.store(0, SeqCst);
    FORKING.store(false, SeqCst);
}

/// Installs the fork handlers, once per process (MINIT).
pub fn install() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        // SAFETY: registers plain functions that neither allocate nor
        // unwind: atomics, the clock and nanosleep only.
        unsafe { libc::pthread_atfork(Some(prepare), Some(parent), Some(child)) };
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fork_waits_for_a_section_in_flight_and_holds_new_ones_back() {
        // One test drives the handlers by hand: they share statics.
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (finish_tx, finish_rx) = std::sync::mpsc::channel::<()>();
        let worker = std::thread::spawn(move || {
            store_section(|| {
                started_tx.send(()).unwrap();
                finish_rx.recv().unwrap();
            })
        });
        started_rx.recv().unwrap();
        // A section that outlasts the wait: the child would be marked.
        let began = Instant::now();
        prepare();
        assert!(began.elapsed() >= MOST_WAIT);
        assert!(CAUGHT_IN_STORE.load(SeqCst));
        parent();
        assert!(sqlite_usable(), "the parent is unaffected");
        finish_tx.send(()).unwrap();
        worker.join().unwrap();

        // Nothing in flight: the fork does not wait, and a section asked
        // for meanwhile runs once the fork is done.
        prepare();
        assert!(!CAUGHT_IN_STORE.load(SeqCst));
        let held = std::thread::spawn(|| store_section(Instant::now));
        std::thread::sleep(Duration::from_millis(5));
        let released = Instant::now();
        parent();
        assert!(held.join().unwrap() >= released);
    }
}
