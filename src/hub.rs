//! Per-process state: the tokio runtime, the HTTP client, the store, the
//! service cache and the log writer.
//!
//! php-fpm forks its workers after MINIT, so nothing here is built in MINIT:
//! the hub is built on first use and remembers the pid it was built in.
//!
//! A process that forks after using the hub (`pcntl_fork()`, `proc_open()`)
//! keeps its hub: connections, caches and pending log rows stay with the
//! parent. The child sees the pid change and leaks the inherited hub with
//! `mem::forget` (dropping it would join threads that do not exist in the
//! child, and its rows are the parent's to commit), then builds its own on
//! first use. `crate::fork` keeps SQLite consistent across the fork.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::bridge::filter::Filter;
use crate::bridge::rules::Rule;
use crate::bridge::template::Template;
use crate::error::{catch_panic, Error, Kind, Result};
use crate::log_writer::LogWriter;
use crate::service::Service;
use crate::settings::Settings;
use crate::store::{Store, StoredBreaker};
use crate::transport::amqp::AmqpTransport;
use crate::transport::http::HttpTransport;
use crate::transport::soap::SoapTransport;

/// The settings with a generation that moves when they change, so the hot
/// path compares a number instead of the settings.
static SETTINGS: Mutex<Option<(u64, Settings)>> = Mutex::new(None);
static HUB: Mutex<Option<Hub>> = Mutex::new(None);

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic caught at the PHP boundary must not disable the extension.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Changes the settings; the hub picks them up on its next use. Returns
/// their generation after the change.
pub fn update_settings(change: impl FnOnce(&mut Settings)) -> u64 {
    let mut guard = lock(&SETTINGS);
    let (generation, settings) = guard.get_or_insert_with(|| (1, Settings::default()));
    let before = settings.clone();
    change(settings);
    if *settings != before {
        *generation += 1;
    }
    *generation
}

/// Applies `mih::configure()`'s options. Options equal to the last ones
/// applied, with the settings unchanged since, are not read again: a Moodle
/// site configures on every request, alike each time, and reading its host
/// lists cost ~27k instructions, a third of what a call costs.
pub fn configure(options: &serde_json::Map<String, serde_json::Value>) -> Result<()> {
    static LAST_APPLIED: Mutex<Option<(u64, serde_json::Map<String, serde_json::Value>)>> =
        Mutex::new(None);
    let mut last = lock(&LAST_APPLIED);
    let unchanged = |generation: u64| {
        last.as_ref()
            .is_some_and(|(applied, known)| *applied == generation && known == options)
    };
    let generation = lock(&SETTINGS)
        .as_ref()
        .map_or(0, |(generation, _)| *generation);
    if unchanged(generation) {
        return Ok(());
    }
    let mut next = settings();
    next.apply(options)?;
    let generation = update_settings(|settings| *settings = next);
    *last = Some((generation, options.clone()));
    Ok(())
}

pub fn settings() -> Settings {
    current_settings(0).map(|(_, s)| s).unwrap_or_default()
}

/// The settings and their generation, unless the generation is `known`.
fn current_settings(known: u64) -> Option<(u64, Settings)> {
    let mut guard = lock(&SETTINGS);
    let (generation, settings) = guard.get_or_insert_with(|| (1, Settings::default()));
    (*generation != known).then(|| (*generation, settings.clone()))
}

/// Blocks every signal in the calling thread. PHP uses SIGPROF/SIGALRM for
/// its own time limits; they must reach the PHP thread, never ours.
pub fn block_signals() {
    // SAFETY: sigfillset initialises the set; pthread_sigmask only changes
    // this thread's mask.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut set);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}

/// A service with its breaker as last read.
#[derive(Debug, Clone)]
pub struct Cached {
    pub service: Arc<Service>,
    pub breaker: StoredBreaker,
}

/// A rule with its template and filter, compiled once (or why they do not
/// compile).
pub struct CachedRule {
    pub rule: Rule,
    pub template: Result<Template>,
    pub filter: Result<Filter>,
}

impl CachedRule {
    /// Whether an event passes the rule's filter. A filter that does not
    /// compile (written by another version) lets the event through: an
    /// event is never dropped for a filter MIH cannot read.
    pub fn admits(&self, eventdata: &serde_json::Value) -> bool {
        self.filter.as_ref().map_or(true, |f| f.matches(eventdata))
    }
}

/// Services, breakers and rules as last read, valid while the store's
/// config version is unchanged (every write to them changes it).
#[derive(Default)]
pub struct ConfigCache {
    version: Option<i64>,
    pub by_name: HashMap<String, Cached>,
    /// Service names by alias (the names MIH 2.0 knew services by).
    pub aliases: HashMap<String, String>,
    pub names: HashMap<i64, String>,
    pub rules: HashMap<i64, Arc<CachedRule>>,
    /// Event name => ids of the active rules for it (rule and service enabled).
    pub matching: HashMap<String, Vec<i64>>,
}

impl ConfigCache {
    fn load(store: &mut dyn Store, version: i64) -> Result<Self> {
        let mut breakers = store.breakers()?;
        let mut cache = ConfigCache {
            version: Some(version),
            ..ConfigCache::default()
        };
        for service in store.services()? {
            let breaker = breakers.remove(&service.id).unwrap_or_default();
            cache.names.insert(service.id, service.name.clone());
            if !service.alias.is_empty() {
                cache
                    .aliases
                    .insert(service.alias.clone(), service.name.clone());
            }
            let cached = Cached {
                service: Arc::new(service),
                breaker,
            };
            cache.by_name.insert(cached.service.name.clone(), cached);
        }
        for rule in store.rules()? {
            let service_enabled = cache
                .names
                .get(&rule.serviceid)
                .and_then(|name| cache.by_name.get(name))
                .is_some_and(|cached| cached.service.enabled);
            if rule.enabled && service_enabled {
                cache
                    .matching
                    .entry(rule.eventname.clone())
                    .or_default()
                    .push(rule.id);
            }
            let template = Template::compile(&rule.payload_template);
            let filter = Filter::compile(&rule.filter);
            cache.rules.insert(
                rule.id,
                Arc::new(CachedRule {
                    rule,
                    template,
                    filter,
                }),
            );
        }
        Ok(cache)
    }
}

pub struct Hub {
    pid: u32,
    /// Generation of `settings` (see SETTINGS).
    generation: u64,
    pub(crate) settings: Arc<Settings>,
    pub(crate) runtime: tokio::runtime::Runtime,
    pub(crate) http: Arc<HttpTransport>,
    /// Built on the first AMQP call: REST-only sites start no AMQP thread.
    pub(crate) amqp: Option<Arc<AmqpTransport>>,
    pub(crate) soap: Arc<SoapTransport>,
    pub(crate) store: Box<dyn Store>,
    pub(crate) log: LogWriter,
    pub(crate) config: ConfigCache,
}

impl Hub {
    fn build(generation: u64, settings: Settings) -> Result<Self> {
        let location = settings.store_location();
        let store = location.open()?;
        let log = LogWriter::start(location.open()?, settings.log_max)?;
        // The PHP thread drives the call path itself (block_on on a
        // current-thread runtime): handing each I/O event to a worker thread
        // and back cost a third more than raw curl per call (measured:
        // 1.49x vs 1.14x of raw curl with a reused handle).
        let runtime = tokio::runtime::Builder::new_current_thread()
            .thread_name("mih-rt")
            .on_thread_start(block_signals)
            .enable_all()
            .build()
            .map_err(|e| Error::new(Kind::Internal, format!("cannot start the runtime: {e}")))?;
        let http = {
            // reqwest registers its connector with the runtime it runs in.
            let _entered = runtime.enter();
            Arc::new(HttpTransport::new(settings.network.clone())?)
        };
        Ok(Self {
            pid: std::process::id(),
            generation,
            settings: Arc::new(settings),
            runtime,
            http,
            amqp: None,
            soap: Arc::new(SoapTransport::new(location.cache_dir())),
            store,
            log,
            config: ConfigCache::default(),
        })
    }

    /// Services, breakers and rules, re-read only when something changed
    /// in the store since the last look: one atomic load on the hot path.
    pub fn config(&mut self) -> Result<&ConfigCache> {
        let version = self.store.config_version()?;
        if self.config.version != Some(version) {
            self.config = ConfigCache::load(self.store.as_mut(), version)?;
        }
        Ok(&self.config)
    }

    /// The enabled-or-not service named (or aliased) `name` and its breaker.
    pub fn service(&mut self, name: &str) -> Result<Cached> {
        let config = self.config()?;
        // A service's own name wins over another's alias.
        let found = config.by_name.get(name).or_else(|| {
            config
                .aliases
                .get(name)
                .and_then(|real| config.by_name.get(real))
        });
        found.cloned().ok_or_else(|| {
            Error::new(
                Kind::ServiceNotFound,
                format!("service '{}' is not registered", truncate(name, 80)),
            )
        })
    }

    /// Takes new settings that keep the same store.
    fn apply(&mut self, generation: u64, settings: Settings) -> Result<()> {
        if self.settings.log_max != settings.log_max {
            self.log.set_keep(settings.log_max);
        }
        if !self.http.serves(&settings.network) {
            let _entered = self.runtime.enter();
            self.http = Arc::new(HttpTransport::new(settings.network.clone())?);
        }
        self.generation = generation;
        self.settings = Arc::new(settings);
        Ok(())
    }

    /// The store, with this process's pending log rows committed first, so
    /// reads of the log see every call this process made.
    pub fn store_flushed(&mut self) -> Result<&mut dyn Store> {
        self.log.flush(self.store.as_mut())?;
        Ok(self.store.as_mut())
    }
}

/// A prefix of `text` for messages, so a 10 000-character name does not
/// flood a page.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

/// Runs `f` on this process's hub, building (or rebuilding, after a fork or a
/// change of store) it first. When no setting changed this costs two mutex
/// locks and a pid check.
pub fn with_hub<R>(f: impl FnOnce(&mut Hub) -> Result<R>) -> Result<R> {
    // A panic anywhere in here is a bug of ours: an `internal` error for
    // PHP, never a crash; the hub stays usable (its locks ignore poison).
    catch_panic(|| {
        let mut guard = lock(&HUB);
        if guard
            .as_ref()
            .is_some_and(|hub| hub.pid != std::process::id())
        {
            std::mem::forget(guard.take());
        }
        let known = guard.as_ref().map_or(0, |hub| hub.generation);
        if let Some((generation, settings)) = current_settings(known) {
            let reuse = guard
                .as_ref()
                .is_some_and(|hub| hub.settings.store_location() == settings.store_location());
            if reuse {
                if let Some(hub) = guard.as_mut() {
                    hub.apply(generation, settings)?;
                }
            } else {
                // Drop the old hub first: its writer commits what it holds.
                drop(guard.take());
                *guard = Some(Hub::build(generation, settings)?);
            }
        }
        match guard.as_mut() {
            Some(hub) => f(hub),
            None => Err(Error::new(Kind::Internal, "hub missing after build")),
        }
    })
}

/// At the end of every PHP request: the problems to report (a failed log
/// commit among them). It waits for nothing: the log writer commits the
/// rows within its batch window, across requests.
pub fn end_request() -> Vec<String> {
    let guard = lock(&HUB);
    if let Some(hub) = guard.as_ref().filter(|hub| hub.pid == std::process::id()) {
        if let Some(failure) = hub.log.take_failure() {
            crate::report::problem(format!("mih: store: request log rows lost: {failure}"));
        }
    }
    crate::report::take()
}

/// Tears the hub down at process exit (module shutdown), committing the
/// log first; returns the problems to report (rows a commit lost). An
/// inherited hub is left untouched.
pub fn shutdown() -> Vec<String> {
    let mut guard = lock(&HUB);
    match guard.take() {
        Some(mut hub) if hub.pid == std::process::id() => {
            if let Err(err) = hub.store_flushed() {
                crate::report::problem(format!("mih: {}", err.message()));
            }
            drop(hub);
        }
        other => std::mem::forget(other),
    }
    crate::report::take()
}
