//! Replaying the Dead Letter Queue in bulk: every entry a filter matches
//! (a service, an event, a time range), oldest first, each through
//! [`Hub::replay`], so a bulk replay sends and keeps exactly what single
//! replays would.

use serde_json::{Map, Value};

use crate::error::{Kind, Result};
use crate::hub::Hub;
use crate::store::DlqFilter;

/// Entry ids read per query: a large queue is paged, never held whole.
const PAGE: u32 = 500;

/// What a bulk replay did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReplayReport {
    /// Sent successfully, and so removed.
    pub replayed: u64,
    /// Failed again, and so kept with one more attempt and the new error.
    pub failed: u64,
    /// Matching entries not tried because of the limit.
    pub remaining: i64,
}

impl ReplayReport {
    pub fn to_map(&self) -> Map<String, Value> {
        let mut map = Map::new();
        map.insert("replayed".into(), self.replayed.into());
        map.insert("failed".into(), self.failed.into());
        map.insert("remaining".into(), self.remaining.into());
        map
    }
}

impl Hub {
    /// Replays at most `limit` entries matching `filter`, oldest first. An
    /// entry that failed stays in the queue but is not tried again in the
    /// same run: the run pages forward by id. A store error ends the run.
    pub fn replay_matching(&mut self, filter: &DlqFilter, limit: u64) -> Result<ReplayReport> {
        let mut report = ReplayReport::default();
        let mut after = 0;
        loop {
            let left = limit - report.replayed - report.failed;
            let page = PAGE.min(u32::try_from(left).unwrap_or(PAGE));
            if page == 0 {
                break;
            }
            let ids = self.store.dlq_matching(filter, after, page)?;
            if ids.is_empty() {
                break;
            }
            for id in ids {
                after = id;
                match self.replay(id) {
                    Ok(response) if response.success => report.replayed += 1,
                    Ok(_) => report.failed += 1,
                    // Deleted or replayed by someone else meanwhile.
                    Err(err) if err.kind() == Kind::EntryNotFound => {}
                    Err(err) if matches!(err.kind(), Kind::Store | Kind::StoreBusy) => {
                        return Err(err)
                    }
                    // An entry the transport refuses as stored (a SOAP
                    // service's: SOAP takes parameters, not JSON text) must
                    // not stop the others: it stays, saying why.
                    Err(err) => {
                        self.store.dlq_failed_again(id, err.message())?;
                        report.failed += 1;
                    }
                }
            }
        }
        report.remaining = self.store.dlq_count(filter, after)?;
        Ok(report)
    }
}
