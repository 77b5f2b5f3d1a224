//! The request log's background writer.
//!
//! A successful call must not wait for a SQLite commit (~25 µs, as long as a
//! loopback HTTP round trip). Calls hand their row to this thread, which
//! commits rows in batches a few milliseconds apart on its own connection.
//! [`LogWriter::flush`] waits until everything handed over is committed: the
//! extension calls it at request shutdown and before reading the log, so a
//! finished PHP request never leaves its rows behind.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::error::{Error, Kind, Result};
use crate::store::{LogEntry, Store};

/// How long the writer gathers rows before it commits them.
const BATCH_WINDOW: Duration = Duration::from_millis(2);
/// Rows per transaction at most.
const BATCH_MAX: usize = 512;

enum Message {
    Row(Box<LogEntry>),
    /// Commit what you have, then answer with the outcome of every commit
    /// since the last flush.
    Flush(Sender<Option<String>>),
    Keep(u64),
}

pub struct LogWriter {
    sender: Sender<Message>,
    thread: Option<JoinHandle<()>>,
    /// Rows were handed over since the last flush.
    pending: bool,
}

impl LogWriter {
    /// Starts the writer on `store`, keeping the newest `keep` rows.
    pub fn start(store: Box<dyn Store>, keep: u64) -> Result<Self> {
        let (sender, receiver) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("mih-log".into())
            .spawn(move || {
                crate::hub::block_signals();
                run(store, keep, receiver)
            })
            .map_err(|e| Error::new(Kind::Internal, format!("cannot start the log writer: {e}")))?;
        Ok(Self {
            sender,
            thread: Some(thread),
            pending: false,
        })
    }

    pub fn append(&mut self, entry: LogEntry) {
        self.pending = self.sender.send(Message::Row(Box::new(entry))).is_ok() || self.pending;
    }

    pub fn set_keep(&mut self, keep: u64) {
        let _ = self.sender.send(Message::Keep(keep));
    }

    /// Waits until every row handed over is committed. An error names the
    /// last failed commit since the previous flush (its rows are lost; the
    /// calls themselves were answered).
    pub fn flush(&mut self) -> Result<()> {
        if !self.pending {
            return Ok(());
        }
        self.pending = false;
        let (answer, wait) = mpsc::channel();
        if self.sender.send(Message::Flush(answer)).is_err() {
            return Err(Error::new(Kind::Internal, "request log writer has stopped"));
        }
        match wait.recv() {
            Ok(None) => Ok(()),
            Ok(Some(failure)) => Err(Error::store(format!("request log rows lost: {failure}"))),
            Err(_) => Err(Error::new(Kind::Internal, "request log writer has stopped")),
        }
    }
}

impl Drop for LogWriter {
    fn drop(&mut self) {
        let _ = self.flush();
        // Closing the channel ends the thread once it has drained it.
        let (sender, _) = mpsc::channel();
        drop(std::mem::replace(&mut self.sender, sender));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Commits `batch` (emptying it); a failure is kept for the next flush.
fn commit(
    store: &mut Box<dyn Store>,
    batch: &mut Vec<LogEntry>,
    keep: u64,
    failure: &mut Option<String>,
) {
    if batch.is_empty() {
        return;
    }
    if let Err(err) = store.append_log(batch, keep) {
        *failure = Some(format!("{} row(s): {err}", batch.len()));
    }
    batch.clear();
}

fn run(mut store: Box<dyn Store>, mut keep: u64, receiver: Receiver<Message>) {
    let mut batch: Vec<LogEntry> = Vec::new();
    let mut failure: Option<String> = None;
    while let Ok(first) = receiver.recv() {
        let mut next = Some(first);
        let window_ends = Instant::now() + BATCH_WINDOW;
        while let Some(message) = next.take() {
            match message {
                Message::Row(entry) => batch.push(*entry),
                Message::Keep(rows) => keep = rows,
                Message::Flush(answer) => {
                    commit(&mut store, &mut batch, keep, &mut failure);
                    let _ = answer.send(failure.take());
                    continue;
                }
            }
            if batch.len() >= BATCH_MAX {
                break;
            }
            next = receiver
                .recv_timeout(window_ends.saturating_duration_since(Instant::now()))
                .ok();
        }
        commit(&mut store, &mut batch, keep, &mut failure);
    }
    commit(&mut store, &mut batch, keep, &mut failure);
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
        }
    }

    #[test]
    fn flush_makes_every_row_visible_and_pruning_applies() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.sqlite");
        let mut writer =
            LogWriter::start(Box::new(SqliteStore::open(&path).unwrap()), 100).unwrap();
        for _ in 0..1000 {
            writer.append(entry(7));
        }
        writer.flush().unwrap();
        let mut reader = SqliteStore::open(&path).unwrap();
        let rows = reader.query_log(&LogFilter::default(), 1000, 0).unwrap();
        assert_eq!(rows.len(), 100);
        assert_eq!(rows[0]["id"], serde_json::json!(1000));

        writer.set_keep(0);
        for _ in 0..50 {
            writer.append(entry(7));
        }
        drop(writer); // dropping flushes too
        assert_eq!(
            reader
                .query_log(&LogFilter::default(), 1000, 0)
                .unwrap()
                .len(),
            150
        );
    }
}
