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

/// What the fork handlers and the store sections share; one per process
/// ([`GATE`]), and others in tests.
struct Gate {
    /// A fork is being prepared: no new store section starts.
    forking: AtomicBool,
    /// Store sections running on this process's threads.
    in_store: AtomicUsize,
    /// The fork being prepared caught a store section running.
    caught_in_store: AtomicBool,
    /// This process was forked while a store section ran in its parent.
    inherited_mid_store: AtomicBool,
}

static GATE: Gate = Gate::new();

impl Gate {
    const fn new() -> Self {
        Self {
            forking: AtomicBool::new(false),
            in_store: AtomicUsize::new(0),
            caught_in_store: AtomicBool::new(false),
            inherited_mid_store: AtomicBool::new(false),
        }
    }

    fn section<R>(&self, f: impl FnOnce() -> R) -> R {
        loop {
            while self.forking.load(SeqCst) {
                std::thread::sleep(Duration::from_millis(1));
            }
            self.in_store.fetch_add(1, SeqCst);
            if !self.forking.load(SeqCst) {
                break;
            }
            // A fork began between the check and the count: let it go first.
            self.in_store.fetch_sub(1, SeqCst);
        }
        struct Leave<'a>(&'a AtomicUsize);
        impl Drop for Leave<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, SeqCst);
            }
        }
        let _leave = Leave(&self.in_store);
        f()
    }

    fn prepare(&self) {
        self.forking.store(true, SeqCst);
        let deadline = Instant::now() + MOST_WAIT;
        while self.in_store.load(SeqCst) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_micros(50));
        }
        self.caught_in_store
            .store(self.in_store.load(SeqCst) > 0, SeqCst);
    }

    fn parent(&self) {
        self.forking.store(false, SeqCst);
    }

    fn child(&self) {
        if self.caught_in_store.load(SeqCst) {
            self.inherited_mid_store.store(true, SeqCst);
        }
        // The threads that ran store sections do not exist here.
        self.in_store.store(0, SeqCst);
        self.forking.store(false, SeqCst);
    }
}

/// Runs `f`, work on a store from a thread other than PHP's, so that no
/// fork happens in the middle of it unless the fork gave up waiting.
pub fn store_section<R>(f: impl FnOnce() -> R) -> R {
    GATE.section(f)
}

/// Whether this process may open a SQLite store: not when it was forked in
/// the middle of its parent's store work.
pub fn sqlite_usable() -> bool {
    !GATE.inherited_mid_store.load(SeqCst)
}

extern "C" fn prepare() {
    GATE.prepare();
}

extern "C" fn parent() {
    GATE.parent();
}

extern "C" fn child() {
    GATE.child();
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
    use std::sync::Arc;

    #[test]
    fn a_fork_waits_for_a_section_in_flight_and_holds_new_ones_back() {
        let gate = Arc::new(Gate::new());
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (finish_tx, finish_rx) = std::sync::mpsc::channel::<()>();
        let worker = {
            let gate = Arc::clone(&gate);
            std::thread::spawn(move || {
                gate.section(|| {
                    started_tx.send(()).unwrap();
                    finish_rx.recv().unwrap();
                })
            })
        };
        started_rx.recv().unwrap();
        // A section that outlasts the wait: a child would be marked.
        let began = Instant::now();
        gate.prepare();
        assert!(began.elapsed() >= MOST_WAIT);
        assert!(gate.caught_in_store.load(SeqCst));
        gate.parent();
        assert!(
            !gate.inherited_mid_store.load(SeqCst),
            "the parent is unaffected"
        );
        finish_tx.send(()).unwrap();
        worker.join().unwrap();

        // Nothing in flight: the fork does not wait, and a section asked
        // for meanwhile runs only once the fork is done.
        gate.prepare();
        assert!(!gate.caught_in_store.load(SeqCst));
        let held = {
            let gate = Arc::clone(&gate);
            std::thread::spawn(move || gate.section(Instant::now))
        };
        std::thread::sleep(Duration::from_millis(5));
        let released = Instant::now();
        gate.parent();
        assert!(held.join().unwrap() >= released);
    }

    #[test]
    fn a_child_forked_mid_section_is_marked_and_starts_clean() {
        let gate = Gate::new();
        gate.in_store.store(1, SeqCst); // a writer thread in the parent
        gate.caught_in_store.store(true, SeqCst);
        gate.forking.store(true, SeqCst);
        gate.child();
        assert!(gate.inherited_mid_store.load(SeqCst));
        assert_eq!(gate.in_store.load(SeqCst), 0);
        assert_eq!(gate.section(|| 7), 7, "no section waits in the child");
    }
}
