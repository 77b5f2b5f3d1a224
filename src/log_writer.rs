//! The request log's background writer.
//!
//! A successful call must not wait for a SQLite commit (~25 µs, as long as a
//! loopback HTTP round trip), nor wake a thread for every row. Calls push
//! their row onto a shared batch; only the first row of a batch wakes the
//! writer thread, which lets the batch gather for a couple of milliseconds
//! and commits it on its own connection. [`LogWriter::flush`] commits what is
//! still pending on the caller's connection, after waiting for a commit in
//! flight: the extension calls it before reading the log, so reads see every
//! call this process made. The end of a PHP request waits for nothing: a
//! batch spans requests and is committed within [`BATCH_WINDOW`] of its
//! first row (measured: waiting for a commit there made 8 php-fpm workers
//! queue on SQLite's write lock, 0.60x plain curl, against 1.1x without).
//! Dropping the writer (process end, MSHUTDOWN) commits what is pending. A
//! store locked by another process holds no page either: the writer keeps
//! trying, and rows a busy store refused wait for the next commit instead
//! of being lost, up to a bound. A process killed with SIGKILL loses at most
//! the rows of its last batch window.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::error::{Error, Kind, Result};
use crate::store::{LogEntry, Store};

/// How long the writer lets a batch gather before it commits it: the
/// longest a row waits for its commit, and what a SIGKILL can lose.
pub const BATCH_WINDOW: Duration = Duration::from_millis(10);

/// The most rows kept waiting while another process holds the store (about
/// 30 MB): past it, the oldest are dropped and reported.
const MOST_WAITING: usize = 100_000;

#[derive(Default)]
struct State {
    pending: Vec<LogEntry>,
    /// A batch taken from `pending` is being committed.
    committing: bool,
    keep: u64,
    /// The last failed commit since it was last reported.
    failure: Option<String>,
    closed: bool,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    /// Signalled when the first row of a batch arrives, or on close.
    rows: Condvar,
    /// Signalled when a commit ends.
    committed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Ends a commit of `batch`. A store another process kept locked past
    /// the busy timeout loses nothing: the rows go back first in line for
    /// the next commit (the oldest beyond [`MOST_WAITING`] are dropped and
    /// reported), and the busy error is handed back. Any other failure, or
    /// a busy store once the writer is closing, loses the batch: reported.
    #[must_use = "a busy store kept the rows: say so to whoever waits on them"]
    fn settle(
        &self,
        state: &mut State,
        batch: Vec<LogEntry>,
        outcome: Result<()>,
    ) -> Option<Error> {
        state.committing = false;
        self.committed.notify_all();
        match outcome {
            Ok(()) => None,
            Err(busy) if busy.kind() == Kind::StoreBusy && !state.closed => {
                let newer = std::mem::replace(&mut state.pending, batch);
                state.pending.extend(newer);
                let excess = state.pending.len().saturating_sub(MOST_WAITING);
                if excess > 0 {
                    state.pending.drain(..excess);
                    state.failure = Some(format!("{excess} row(s): the store stayed busy: {busy}"));
                }
                Some(busy)
            }
            Err(err) => {
                state.failure = Some(format!("{} row(s): {err}", batch.len()));
                None
            }
        }
    }
}

pub struct LogWriter {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl LogWriter {
    /// Starts the writer on `store`, keeping the newest `keep` rows.
    pub fn start(store: Box<dyn Store>, keep: u64) -> Result<Self> {
        let shared = Arc::new(Shared::default());
        shared.lock().keep = keep;
        let thread_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("mih-log".into())
            .spawn(move || {
                crate::hub::block_signals();
                run(store, &thread_shared);
            })
            .map_err(|e| Error::new(Kind::Internal, format!("cannot start the log writer: {e}")))?;
        Ok(Self {
            shared,
            thread: Some(thread),
        })
    }

    pub fn append(&self, entry: LogEntry) {
        let mut state = self.shared.lock();
        state.pending.push(entry);
        if state.pending.len() == 1 {
            self.shared.rows.notify_one();
        }
    }

    pub fn set_keep(&self, keep: u64) {
        self.shared.lock().keep = keep;
    }

    /// Commits every row appended so far, on `store` (the caller's
    /// connection), once a commit in flight has ended. An error names the
    /// last failed commit since the previous flush: those rows are lost,
    /// the calls themselves were answered.
    pub fn flush(&self, store: &mut dyn Store) -> Result<()> {
        let mut state = self.shared.lock();
        while state.committing {
            state = self
                .shared
                .committed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        if !state.pending.is_empty() {
            let batch = std::mem::take(&mut state.pending);
            let keep = state.keep;
            state.committing = true;
            drop(state);
            let outcome = store.append_log(&batch, keep);
            state = self.shared.lock();
            if let Some(busy) = self.shared.settle(&mut state, batch, outcome) {
                return Err(busy);
            }
        }
        match state.failure.take() {
            None => Ok(()),
            Some(failure) => Err(Error::store(format!("request log rows lost: {failure}"))),
        }
    }

    /// The last failed commit not yet reported (its rows are lost; the
    /// calls were answered), for the end of a PHP request: waits for nothing.
    pub fn take_failure(&self) -> Option<String> {
        self.shared.lock().failure.take()
    }
}

impl Drop for LogWriter {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.rows.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(mut store: Box<dyn Store>, shared: &Shared) {
    loop {
        let mut state = shared.lock();
        while state.pending.is_empty() && !state.closed {
            state = shared
                .rows
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        if state.pending.is_empty() && state.closed {
            return;
        }
        // Let the batch gather (calls meanwhile only push), unless closing.
        state = shared
            .rows
            .wait_timeout_while(state, BATCH_WINDOW, |s| !s.closed)
            .unwrap_or_else(PoisonError::into_inner)
            .0;
        while state.committing {
            state = shared
                .committed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        let batch = std::mem::take(&mut state.pending);
        let keep = state.keep;
        state.committing = true;
        drop(state);
        let outcome = if batch.is_empty() {
            Ok(())
        } else {
            crate::fork::store_section(|| store.append_log(&batch, keep))
        };
        let mut state = shared.lock();
        // A busy store kept the rows: the next turn of the loop tries again.
        let _kept = shared.settle(&mut state, batch, outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{LogFilter, SqliteStore};

    fn entry(serviceid: i64) -> LogEntry {
        LogEntry {
            time: crate::clock::unix_now(),
            serviceid,
            endpoint: "/".into(),
            method: "GET".into(),
            httpstatus: Some(200),
            latencyms: 0.5,
            attempts: 1,
            success: true,
            error: None,
            ruleid: None,
            eventname: None,
            direction: Default::default(),
        }
    }

    /// A store file, a reader connection on it and a writer keeping `keep` rows.
    fn fixture(
        keep: u64,
    ) -> (
        tempfile::TempDir,
        std::path::PathBuf,
        SqliteStore,
        LogWriter,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.sqlite");
        let reader = SqliteStore::open(&path).unwrap();
        let writer = LogWriter::start(Box::new(SqliteStore::open(&path).unwrap()), keep).unwrap();
        (dir, path, reader, writer)
    }

    /// Whether `rows` rows are committed within 10 s (the writer's own pace).
    fn committed(store: &mut SqliteStore, rows: usize) -> bool {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while count(store) < rows && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        count(store) == rows
    }

    fn count(store: &mut SqliteStore) -> usize {
        store
            .query_log(&LogFilter::default(), 10_000, 0)
            .unwrap()
            .len()
    }

    #[test]
    fn a_locked_store_does_not_hold_the_end_of_a_request_and_loses_nothing() {
        let (_dir, path, mut reader, writer) = fixture(0);
        let locker = rusqlite::Connection::open(&path).unwrap();
        locker.execute_batch("BEGIN EXCLUSIVE").unwrap();
        writer.append(entry(1));
        let started = std::time::Instant::now();
        assert_eq!(writer.take_failure(), None);
        assert!(started.elapsed() < Duration::from_millis(50));
        std::thread::sleep(Duration::from_millis(100));
        locker.execute_batch("COMMIT").unwrap();
        // The writer was still at it; the row lands once the lock is gone.
        assert!(committed(&mut reader, 1), "the row never landed");
        assert_eq!(writer.take_failure(), None);
    }

    /// Past the store's busy timeout (5 s) the commit fails; the rows must
    /// wait for the next one, not be lost.
    #[test]
    fn rows_a_busy_store_refused_wait_for_the_next_commit() {
        let (_dir, path, mut reader, writer) = fixture(0);
        let locker = rusqlite::Connection::open(&path).unwrap();
        locker.execute_batch("BEGIN EXCLUSIVE").unwrap();
        for _ in 0..3 {
            writer.append(entry(1));
        }
        std::thread::sleep(Duration::from_millis(5_500));
        writer.append(entry(1));
        // The PHP thread's own commit meets the lock too: an error, no loss.
        let err = writer.flush(&mut reader).unwrap_err();
        assert_eq!(err.kind(), Kind::StoreBusy, "{err}");
        locker.execute_batch("COMMIT").unwrap();
        assert!(committed(&mut reader, 4), "rows were lost");
        assert_eq!(writer.take_failure(), None);
    }

    #[test]
    fn flush_makes_every_row_visible_and_pruning_applies() {
        let (_dir, _path, mut reader, writer) = fixture(100);
        for _ in 0..1000 {
            writer.append(entry(7));
        }
        writer.flush(&mut reader).unwrap();
        let rows = reader.query_log(&LogFilter::default(), 1000, 0).unwrap();
        assert_eq!(rows.len(), 100);
        assert_eq!(rows[0]["id"], serde_json::json!(1000));

        writer.set_keep(0);
        for _ in 0..50 {
            writer.append(entry(7));
        }
        drop(writer); // closing commits what is pending
        assert_eq!(count(&mut reader), 150);
    }

    #[test]
    fn the_writer_commits_on_its_own_within_milliseconds() {
        let (_dir, _path, mut reader, writer) = fixture(0);
        for _ in 0..10 {
            writer.append(entry(1));
        }
        assert!(committed(&mut reader, 10), "rows still pending");
        drop(writer);
    }

    #[test]
    fn a_failed_commit_is_reported_by_the_next_flush() {
        let (_dir, path, mut store, writer) = fixture(0);
        writer.append(entry(1));
        writer.flush(&mut store).unwrap();
        // The table vanishing under the writer makes its commits fail.
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch("DROP TABLE request_log")
            .unwrap();
        writer.append(entry(1));
        let err = writer.flush(&mut store).unwrap_err();
        assert!(
            err.message().contains("request log rows lost: 1 row(s)"),
            "{err}"
        );
        // The next flush with nothing new is clean again.
        writer.flush(&mut store).unwrap();
    }
}
