//! A change counter shared by every process that uses one store file.
//!
//! Checking the store for configuration changes on every call would cost a
//! read transaction (file locks, page reads) per call. Instead each process
//! maps a tiny file beside the store and every configuration write bumps the
//! counter in it: reading it costs one atomic load. (The store's own version
//! is still read now and then, for changes made by other means.)

use std::os::fd::AsRawFd;
use std::path::Path;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};
use crate::private_files;

pub enum ChangeSignal {
    /// Shared with every process that maps the same file.
    Mapped(NonNull<AtomicU64>),
    /// For stores no other process can open (in memory).
    Local(AtomicU64),
}

// SAFETY: the mapping is only accessed through the atomic.
unsafe impl Send for ChangeSignal {}

const SIZE: usize = std::mem::size_of::<AtomicU64>();

impl ChangeSignal {
    /// Maps `path` (created with mode 0600 if missing; an existing one must
    /// be this user's own file, never a link: see `crate::private_files`).
    pub fn open(path: &Path) -> Result<Self> {
        let shown = path.display();
        let file = private_files::open_own(path)
            .map_err(|e| Error::store(format!("cannot open '{shown}': {e}")))?;
        let len = file
            .metadata()
            .map_err(|e| Error::store(format!("'{shown}': {e}")))?
            .len();
        if len < SIZE as u64 {
            file.set_len(SIZE as u64)
                .map_err(|e| Error::store(format!("cannot size '{shown}': {e}")))?;
        }
        // SAFETY: a fresh shared mapping of SIZE bytes of an open file; the
        // descriptor may close afterwards, the mapping stays.
        let map = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                SIZE,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED,
                file.as_raw_fd(),
                0,
            )
        };
        if map == libc::MAP_FAILED {
            return Err(Error::store(format!(
                "cannot map '{shown}': {}",
                std::io::Error::last_os_error()
            )));
        }
        NonNull::new(map.cast::<AtomicU64>())
            .map(ChangeSignal::Mapped)
            .ok_or_else(|| Error::store(format!("cannot map '{shown}'")))
    }

    fn counter(&self) -> &AtomicU64 {
        match self {
            // SAFETY: the mapping is page-aligned, SIZE bytes long and lives
            // until drop.
            ChangeSignal::Mapped(map) => unsafe { map.as_ref() },
            ChangeSignal::Local(counter) => counter,
        }
    }

    pub fn read(&self) -> u64 {
        self.counter().load(Ordering::Acquire)
    }

    /// Tells every process that the configuration changed.
    pub fn bump(&self) {
        self.counter().fetch_add(1, Ordering::AcqRel);
    }
}

impl Drop for ChangeSignal {
    fn drop(&mut self) {
        if let ChangeSignal::Mapped(map) = self {
            // SAFETY: unmaps the mapping made in `open`, used by nothing else.
            unsafe { libc::munmap(map.as_ptr().cast(), SIZE) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_mappings_of_one_file_see_each_others_bumps() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.sqlite-changes");
        let one = ChangeSignal::open(&path).unwrap();
        let two = ChangeSignal::open(&path).unwrap();
        let start = two.read();
        one.bump();
        one.bump();
        assert_eq!(two.read(), start + 2);
        drop(one);
        two.bump();
        assert_eq!(ChangeSignal::open(&path).unwrap().read(), start + 3);
    }
}
