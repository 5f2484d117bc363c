//! `fs.watch` on Linux: one inotify instance per loop serves every watcher.
//!
//! The instance is made on the first watch and kept in the area state
//! [`Watches`]; its fd is polled by tokio's reactor and one task reads it
//! and hands each event to the watchers of its watch descriptor. A watcher
//! is a handle entry ([`Kind::FsEvent`]) whose resource, a [`WatchGuard`],
//! holds its descriptor: closing the entry drops the guard, which removes
//! the watcher and, when it was the descriptor's last, the watch itself
//! (`inotify_rm_watch`). The kernel gives every watch of the same file the
//! same descriptor, so watchers of one file share it. Recursive watching
//! (built in JS from one watcher per file and folder, as Node 20 does on
//! Linux) uses descriptors of this one instance too: no thread anywhere.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ffi::CString;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::rc::Rc;

use tokio::io::unix::AsyncFd;

use crate::handles::{Entry, HandleId};
use crate::state::{Events, State};

/// What inotify reports for a watched folder or file (libuv's mask).
const WATCH_MASK: u32 = libc::IN_ATTRIB
    | libc::IN_CREATE
    | libc::IN_MODIFY
    | libc::IN_DELETE
    | libc::IN_DELETE_SELF
    | libc::IN_MOVE_SELF
    | libc::IN_MOVED_FROM
    | libc::IN_MOVED_TO;

/// The loop's watchers (an area state, see `State::areas`).
#[derive(Default)]
pub(crate) struct Watches {
    inotify: RefCell<Option<Rc<Inotify>>>,
}

/// One watcher: where its events go, and the name a file's own events
/// report.
struct Watcher {
    id: HandleId,
    events: Events,
    file_name: String,
}

/// The loop's inotify instance and its watchers by watch descriptor.
struct Inotify {
    fd: AsyncFd<OwnedFd>,
    by_wd: RefCell<HashMap<i32, Vec<Watcher>>>,
}

/// A watcher's hold on its watch descriptor (the resource of its entry).
pub(crate) struct WatchGuard {
    inotify: Rc<Inotify>,
    wd: i32,
    id: Cell<HandleId>,
}

impl Drop for WatchGuard {
    fn drop(&mut self) {
        let mut by_wd = self.inotify.by_wd.borrow_mut();
        let Some(watchers) = by_wd.get_mut(&self.wd) else { return };
        watchers.retain(|w| w.id != self.id.get());
        if watchers.is_empty() {
            by_wd.remove(&self.wd);
            // SAFETY: our inotify fd and a descriptor it gave; a watch the
            // kernel removed already just fails.
            unsafe { libc::inotify_rm_watch(self.inotify.fd.as_raw_fd(), self.wd) };
        }
    }
}

impl Watches {
    /// The loop's instance, made (and its reading task started) on first
    /// use.
    fn instance(&self) -> std::io::Result<Rc<Inotify>> {
        if let Some(inotify) = self.inotify.borrow().as_ref() {
            return Ok(inotify.clone());
        }
        // SAFETY: creates an fd we own.
        let raw = unsafe { libc::inotify_init1(libc::IN_CLOEXEC | libc::IN_NONBLOCK) };
        if raw < 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: a fresh fd from inotify_init1.
        let owned = unsafe { OwnedFd::from_raw_fd(raw) };
        // SAFETY: the AsyncFd owns the fd; nothing else closes it.
        let fd = unsafe { AsyncFd::register_with_interest(owned, tokio::io::Interest::READABLE)? };
        let inotify = Rc::new(Inotify { fd, by_wd: RefCell::new(HashMap::new()) });
        tokio::task::spawn_local(dispatch(inotify.clone()));
        *self.inotify.borrow_mut() = Some(inotify.clone());
        Ok(inotify)
    }
}

/// Watches `path` for the handle `entry` (its callback gets
/// `(eventType, filename)`); returns the entry's id.
pub(crate) fn watch(state: &State, path: &Path, entry: Entry) -> std::io::Result<HandleId> {
    let inotify = state.areas.get::<Watches>().instance()?;
    let c = CString::new(path.as_os_str().as_bytes()).map_err(|_| std::io::Error::from_raw_os_error(libc::EINVAL))?;
    // SAFETY: a NUL-terminated path and our inotify fd.
    let wd = unsafe { libc::inotify_add_watch(inotify.fd.as_raw_fd(), c.as_ptr(), WATCH_MASK) };
    if wd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    let guard = WatchGuard { inotify: inotify.clone(), wd, id: Cell::new(0) };
    let id = state.handles.insert(entry.with_resource(guard));
    if let Some(guard) = state.handles.resource::<WatchGuard>(id) {
        guard.id.set(id);
    }
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    inotify.by_wd.borrow_mut().entry(wd).or_default().push(Watcher { id, events: state.events(id), file_name });
    Ok(id)
}

/// Reads the instance whenever it is readable and delivers each event to
/// the watchers of its descriptor, in the kernel's order.
async fn dispatch(inotify: Rc<Inotify>) {
    // Room for many records; one needs at most a header and NAME_MAX + 1.
    const SCRATCH: usize = 16 * 1024;
    let header = std::mem::size_of::<libc::inotify_event>();
    loop {
        let Ok(mut ready) = inotify.fd.readable().await else { return };
        let mut scratch = [0u8; SCRATCH];
        // SAFETY: reading records into a buffer of its own length.
        let len = unsafe { libc::read(inotify.fd.as_raw_fd(), scratch.as_mut_ptr().cast(), SCRATCH) };
        if len < 0 {
            let err = std::io::Error::last_os_error();
            if err.kind() == std::io::ErrorKind::WouldBlock {
                ready.clear_ready();
            }
            continue;
        }
        let records = &scratch[..len as usize];
        let mut offset = 0usize;
        while offset + header <= records.len() {
            // SAFETY: the kernel wrote a whole record here.
            let event: libc::inotify_event = unsafe { std::ptr::read_unaligned(records.as_ptr().add(offset).cast()) };
            let end = (offset + header + event.len as usize).min(records.len());
            let name_bytes = &records[offset + header..end];
            offset = end;
            if event.mask & libc::IN_IGNORED != 0 {
                // The watch is gone (its file was removed): its watchers
                // hear nothing more.
                inotify.by_wd.borrow_mut().remove(&event.wd);
                continue;
            }
            let by_wd = inotify.by_wd.borrow();
            let Some(watchers) = by_wd.get(&event.wd) else { continue };
            let name = name_bytes.split(|b| *b == 0).next().unwrap_or_default();
            let kind = if event.mask & !(libc::IN_ATTRIB | libc::IN_MODIFY) != 0 { "rename" } else { "change" };
            for watcher in watchers {
                let reported = if name.is_empty() {
                    watcher.file_name.clone()
                } else {
                    String::from_utf8_lossy(name).into_owned()
                };
                watcher.events.send(Box::new(move |scope| {
                    vec![crate::ops::js_string(scope, kind).into(), crate::ops::js_string(scope, &reported).into()]
                }));
            }
        }
    }
}
