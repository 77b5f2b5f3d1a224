//! Files MIH keeps on the local disk (the SQLite store, its change signal,
//! the WSDL cache) hold tokens or decide where tokens are sent, so they are
//! trusted only when this process's user made them.
//!
//! By default they live in a directory of their own under the shared temp
//! directory, `<tmp>/mih-<euid>`, which MIH creates 0700. Another local user
//! can plant names in a world-writable directory before we come, so:
//! a private directory that exists with another owner or with group/other
//! write bits is refused, never used; files are opened with `O_NOFOLLOW`
//! (a planted symbolic link is refused, never followed), new ones are
//! created with `O_EXCL`, existing ones must belong to this user; cache
//! files are written to a temporary name and renamed into place.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, ErrorKind, Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The user whose files these are: the effective uid, the one that owns
/// what this process creates.
pub fn effective_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// `<tmp>/mih-<euid>`: where the files MIH creates by default live.
pub fn default_dir() -> PathBuf {
    std::env::temp_dir().join(format!("mih-{}", effective_uid()))
}

/// A refusal of ours carries only its reason (`ErrorKind::Other`, which
/// no system call gives).
fn refused(reason: String) -> io::Error {
    io::Error::other(reason)
}

/// An error about `path` for a message: "'path' is a symbolic link" for a
/// refusal, "'path': No such file or directory (os error 2)" otherwise.
pub fn explain(path: &Path, err: &io::Error) -> String {
    if err.kind() == ErrorKind::Other {
        format!("'{}' {err}", path.display())
    } else {
        format!("'{}': {err}", path.display())
    }
}

/// Why an existing file or directory cannot be trusted, if it cannot.
fn untrusted(meta: &Metadata, want_dir: bool) -> Option<String> {
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Some("is a symbolic link".into());
    }
    if want_dir && !kind.is_dir() {
        return Some("is not a directory".into());
    }
    if !want_dir && !kind.is_file() {
        return Some(if kind.is_dir() {
            "is a directory, not a file".into()
        } else {
            "is not a regular file".into()
        });
    }
    let me = effective_uid();
    if meta.uid() != me {
        return Some(format!(
            "is owned by uid {}, not by this process's uid {me}",
            meta.uid()
        ));
    }
    if meta.mode() & 0o022 != 0 {
        return Some(format!(
            "is writable by other users (mode {:o})",
            meta.mode() & 0o7777
        ));
    }
    None
}

/// Creates `dir` (0700, its missing parents too) or checks the one there:
/// a directory, not a link, owned by this user, writable by no one else.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    create_dirs(dir)?;
    let meta = std::fs::symlink_metadata(dir)?;
    match untrusted(&meta, true) {
        Some(reason) => Err(refused(reason)),
        None => Ok(()),
    }
}

/// Creates `dir` and its missing parents with mode 0700; one that exists
/// is left as it is.
pub fn create_dirs(dir: &Path) -> io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// Checks a file the admin named (the store) and its sidecars: when one
/// exists it must be a regular file of this user that no one else may
/// write, not a link. Its directory is the admin's choice (Moodle's
/// dataroot is often group-writable), so only the files are checked.
pub fn check_own_file(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
        Ok(meta) => untrusted(&meta, false).map_or(Ok(()), |reason| Err(refused(reason))),
    }
}

fn no_follow() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    options
}

/// A new file of this user's only (0600), made by this call (`O_EXCL`):
/// nothing already at the name, a link included, is opened.
fn new_file() -> OpenOptions {
    let mut options = no_follow();
    options.read(true).write(true).create_new(true).mode(0o600);
    options
}

/// Creates `path` empty with mode 0600 (`O_EXCL`) when nothing is there;
/// what is there already (a link included) is left alone, never followed.
pub fn create_missing(path: &Path) -> io::Result<()> {
    match new_file().open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Opens `path` for reading and writing, creating it (0600, `O_EXCL`)
/// when missing; an existing one must be this user's regular file.
pub fn open_own(path: &Path) -> io::Result<File> {
    let file = match new_file().open(path) {
        Ok(file) => return Ok(file),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => no_follow()
            .read(true)
            .write(true)
            .open(path)
            .map_err(link_refused)?,
        Err(e) => return Err(e),
    };
    trusted(file)
}

/// `ELOOP` from `O_NOFOLLOW` means the name is a symbolic link.
fn link_refused(e: io::Error) -> io::Error {
    if e.raw_os_error() == Some(libc::ELOOP) {
        refused("is a symbolic link".into())
    } else {
        e
    }
}

/// The opened file, once it shows to be this user's and no one else's to
/// write (checked on the descriptor: what was opened is what is checked).
fn trusted(file: File) -> io::Result<File> {
    match untrusted(&file.metadata()?, false) {
        Some(reason) => Err(refused(reason)),
        None => Ok(file),
    }
}

/// The text of this user's file `path` and when it was written; `None`
/// when there is none.
pub fn read_own(path: &Path) -> io::Result<Option<(String, SystemTime)>> {
    let file = match no_follow().read(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(link_refused(e)),
    };
    let mut file = trusted(file)?;
    let modified = file.metadata()?.modified()?;
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    Ok(Some((text, modified)))
}

/// Writes `name` in the private directory `dir` whole or not at all: into a
/// new temporary file there, then renamed over the name, so a reader never
/// sees half a file and a planted name is replaced, never written through.
pub fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    private_dir(dir)?;
    let temporary = dir.join(format!(".{name}.{:016x}.tmp", fastrand::u64(..)));
    let written = new_file()
        .open(&temporary)
        .and_then(|mut file| file.write_all(bytes))
        .and_then(|()| std::fs::rename(&temporary, dir.join(name)));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Sets mode 0600 on this user's file by path (never by opening it: closing
/// any descriptor of a SQLite file drops this process's locks on it).
pub fn owner_only(path: &Path) -> io::Result<()> {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn message(err: io::Error) -> String {
        err.to_string()
    }

    #[test]
    fn a_private_dir_is_created_0700_and_a_loose_one_refused() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/b");
        private_dir(&dir).unwrap();
        let mode = std::fs::metadata(&dir).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o700);
        private_dir(&dir).unwrap(); // again: it is ours

        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        let err = message(private_dir(&dir).unwrap_err());
        assert_eq!(err, "is writable by other users (mode 777)");

        let link = root.path().join("link");
        symlink(root.path(), &link).unwrap();
        assert_eq!(
            message(private_dir(&link).unwrap_err()),
            "is a symbolic link"
        );
    }

    #[test]
    fn a_planted_link_is_never_followed() {
        let root = tempfile::tempdir().unwrap();
        let victim = root.path().join("victim");
        std::fs::write(&victim, b"precious").unwrap();
        let planted = root.path().join("hub.sqlite-changes");
        symlink(&victim, &planted).unwrap();

        assert_eq!(
            message(open_own(&planted).unwrap_err()),
            "is a symbolic link"
        );
        assert_eq!(
            message(read_own(&planted).unwrap_err()),
            "is a symbolic link"
        );
        assert_eq!(
            message(check_own_file(&planted).unwrap_err()),
            "is a symbolic link"
        );
        create_missing(&planted).unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    }

    #[test]
    fn an_own_file_is_created_once_and_reopened() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("f");
        create_missing(&path).unwrap();
        create_missing(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o600);
        open_own(&path).unwrap();
        check_own_file(&path).unwrap();
        check_own_file(&root.path().join("missing")).unwrap();
    }

    #[test]
    fn atomic_writes_replace_the_name_and_leave_no_temporary() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("cache");
        write_atomically(&dir, "x.xml", b"one").unwrap();
        // A link planted under the name is replaced, its target untouched.
        let victim = root.path().join("victim");
        std::fs::write(&victim, b"precious").unwrap();
        std::fs::remove_file(dir.join("x.xml")).unwrap();
        symlink(&victim, dir.join("x.xml")).unwrap();
        write_atomically(&dir, "x.xml", b"two").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        let (text, _) = read_own(&dir.join("x.xml")).unwrap().unwrap();
        assert_eq!(text, "two");
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn files_of_another_user_are_refused() {
        if effective_uid() != 0 {
            return; // only root can give a file away
        }
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("planted");
        std::fs::write(&path, b"x").unwrap();
        std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
        let expected = "is owned by uid 65534, not by this process's uid 0";
        assert_eq!(message(check_own_file(&path).unwrap_err()), expected);
        assert_eq!(message(open_own(&path).unwrap_err()), expected);
        assert_eq!(message(read_own(&path).unwrap_err()), expected);
        let dir = root.path().join("dir");
        std::fs::create_dir(&dir).unwrap();
        std::os::unix::fs::chown(&dir, Some(65534), Some(65534)).unwrap();
        assert_eq!(message(private_dir(&dir).unwrap_err()), expected);
    }
}
