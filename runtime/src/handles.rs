//! The handle table: every native handle and request the runtime holds for
//! JavaScript, in one place (libuv's handles and requests, deno's resource
//! table).
//!
//! An entry is one of:
//!
//! - a **request**: one piece of async work whose callback runs once
//!   (`fs.readFile`'s steps, `crypto.randomBytes`);
//! - a **handle**: something that delivers events until closed (a pipe or
//!   tty being read, a child process, an `fs.watch` watcher, a worker);
//! - a **resource**: native state JavaScript refers to by id between calls,
//!   with no callback (a zlib stream, a running hash, a directory stream).
//!
//! Closing an entry ([`HandleTable::close`]) removes it, stops its native
//! task and drops its resource, whatever its kind: one close path. The
//! table counts the entries that keep the loop alive as they change, so the
//! loop asks [`HandleTable::refed_count`] in O(1) instead of scanning. Ids
//! are never reused while their entry is alive, even after the counter
//! wraps. Each entry has a [`Kind`], which names it in
//! `process.getActiveResourcesInfo()` as Node does.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// An entry's id, as JavaScript holds it.
pub(crate) type HandleId = u32;

/// What an entry is: Node's name for it, and whether it is a request (work
/// that completes once) or a handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A filesystem call on the blocking pool.
    FsRequest,
    /// Other one-shot async work (random bytes, key derivation, …).
    Request,
    /// A write to a stream (a child's stdin).
    Write,
    /// A pipe or file descriptor being read.
    Pipe,
    /// A terminal being read.
    Tty,
    /// A child process.
    Process,
    /// An `fs.watch` watcher.
    FsEvent,
    /// A signal listener.
    Signal,
    /// A worker thread, or a port's receiving side.
    MessagePort,
    /// The REPL's line reader.
    Repl,
    /// A zlib or brotli stream.
    Zlib,
    /// A running hash or HMAC.
    Hash,
    /// An open directory stream (`fs.opendir`).
    Dir,
    /// A streaming TextDecoder's state for a legacy encoding.
    Decoder,
    /// A running cipher (`createCipheriv`/`createDecipheriv`).
    Cipher,
    /// A `dns.lookup` (getaddrinfo on the blocking pool).
    GetAddrInfo,
    /// A `dns.lookupService` (getnameinfo on the blocking pool).
    GetNameInfo,
    /// A DNS query (`dns.resolve*`, `dns.reverse`).
    Query,
    /// A TCP server socket.
    TcpServer,
    /// A TCP connection.
    TcpSocket,
    /// A Unix domain socket server (a connection is a `Pipe`).
    PipeServer,
    /// A UDP socket (`node:dgram`).
    Udp,
    /// A UDP send waiting for room in the socket's buffer.
    UdpSend,
    /// A TLS connection's state machine (`node:tls`).
    Tls,
    /// A TLS secure context (`tls.createSecureContext`).
    SecureContext,
}

impl Kind {
    /// The name `process.getActiveResourcesInfo()` gives an entry of this
    /// kind that keeps the loop alive; `None` for resources Node does not
    /// list.
    pub(crate) fn resource_name(self) -> Option<&'static str> {
        Some(match self {
            Kind::FsRequest => "FSReqCallback",
            Kind::Request => "AsyncRequest",
            Kind::Write => "WriteWrap",
            Kind::Pipe => "PipeWrap",
            Kind::Tty => "TTYWrap",
            Kind::Process => "ProcessWrap",
            Kind::FsEvent => "FSEventWrap",
            Kind::Signal => "SignalWrap",
            Kind::MessagePort => "MessagePort",
            Kind::Repl => "TTYWrap",
            Kind::GetAddrInfo => "GetAddrInfoReqWrap",
            Kind::GetNameInfo => "GetNameInfoReqWrap",
            Kind::Query => "QueryReqWrap",
            Kind::TcpServer => "TCPServerWrap",
            Kind::TcpSocket => "TCPSocketWrap",
            Kind::PipeServer => "PipeWrap",
            Kind::Udp => "UDPWrap",
            Kind::UdpSend => "SendWrap",
            Kind::Zlib | Kind::Hash | Kind::Dir | Kind::Decoder | Kind::Cipher | Kind::Tls | Kind::SecureContext => {
                return None;
            }
        })
    }

    /// Whether entries of this kind are requests (completed once) rather
    /// than handles; `process._getActiveHandles()` lists only handles.
    pub(crate) fn is_request(self) -> bool {
        matches!(
            self,
            Kind::FsRequest
                | Kind::Request
                | Kind::Write
                | Kind::GetAddrInfo
                | Kind::GetNameInfo
                | Kind::Query
                | Kind::UdpSend
        )
    }
}

/// One entry of the table.
pub(crate) struct Entry {
    /// What it is.
    pub kind: Kind,
    /// Whether it keeps the loop alive.
    refed: bool,
    /// The JS function its events are delivered to, if any.
    pub callback: Option<v8::Global<v8::Function>>,
    /// The async context (`AsyncLocalStorage`'s frame) current when it was
    /// opened; its callbacks run in it.
    pub context: Option<v8::Global<v8::Value>>,
    /// Stops its native task.
    abort: Option<tokio::task::AbortHandle>,
    /// Native state, typed by its owner.
    resource: Option<Rc<dyn Any>>,
    /// The JS object that stands for it (`process._getActiveHandles()`).
    owner: Option<v8::Global<v8::Object>>,
}

impl Entry {
    /// A request or handle delivering to `callback`, in the async context
    /// current in `scope`.
    pub(crate) fn with_callback(
        scope: &mut v8::PinScope,
        kind: Kind,
        callback: v8::Global<v8::Function>,
        refed: bool,
    ) -> Entry {
        Entry {
            kind,
            refed,
            callback: Some(callback),
            context: current_async_context(scope),
            abort: None,
            resource: None,
            owner: None,
        }
    }

    /// A resource with no callback (it never keeps the loop alive).
    pub(crate) fn resource<T: 'static>(kind: Kind, value: T) -> Entry {
        Entry {
            kind,
            refed: false,
            callback: None,
            context: None,
            abort: None,
            resource: Some(Rc::new(value)),
            owner: None,
        }
    }

    /// Attaches native state to a request or handle.
    pub(crate) fn with_resource<T: 'static>(mut self, value: T) -> Entry {
        self.resource = Some(Rc::new(value));
        self
    }
}

/// The current async context, or `None` when it is empty (undefined).
pub(crate) fn current_async_context(scope: &mut v8::PinScope) -> Option<v8::Global<v8::Value>> {
    let data = scope.get_continuation_preserved_embedder_data();
    (!data.is_undefined()).then(|| v8::Global::new(scope, data))
}

/// Every open entry, by id.
#[derive(Default)]
pub(crate) struct HandleTable {
    entries: RefCell<HashMap<HandleId, Entry>>,
    next: Cell<HandleId>,
    /// Entries that keep the loop alive.
    refed: Cell<usize>,
    /// Entries with a callback (requests and handles, refed or not).
    waiting: Cell<usize>,
}

impl HandleTable {
    /// Adds an entry; returns its id, one no live entry has.
    pub(crate) fn insert(&self, entry: Entry) -> HandleId {
        let mut entries = self.entries.borrow_mut();
        let mut id = self.next.get().max(1);
        while entries.contains_key(&id) {
            id = id.wrapping_add(1).max(1);
        }
        self.next.set(id.wrapping_add(1).max(1));
        if entry.refed {
            self.refed.set(self.refed.get() + 1);
        }
        if entry.callback.is_some() {
            self.waiting.set(self.waiting.get() + 1);
        }
        entries.insert(id, entry);
        id
    }

    /// Sets the task that does an entry's native work, stopped on close.
    pub(crate) fn set_task(&self, id: HandleId, abort: tokio::task::AbortHandle) {
        match self.entries.borrow_mut().get_mut(&id) {
            Some(entry) => entry.abort = Some(abort),
            // Closed before its task started: stop it now.
            None => abort.abort(),
        }
    }

    /// Makes an entry keep the loop alive or not (`ref`/`unref`); false
    /// when there is no such entry.
    pub(crate) fn set_ref(&self, id: HandleId, refed: bool) -> bool {
        let mut entries = self.entries.borrow_mut();
        let Some(entry) = entries.get_mut(&id) else { return false };
        if entry.refed != refed && entry.callback.is_some() {
            entry.refed = refed;
            let count = self.refed.get();
            self.refed.set(if refed { count + 1 } else { count - 1 });
        }
        true
    }

    /// Closes an entry: removes it, stops its task, drops its resource.
    /// Returns its kind, or `None` when it was not open.
    pub(crate) fn close(&self, id: HandleId) -> Option<Kind> {
        let entry = self.entries.borrow_mut().remove(&id)?;
        if entry.refed {
            self.refed.set(self.refed.get() - 1);
        }
        if entry.callback.is_some() {
            self.waiting.set(self.waiting.get() - 1);
        }
        if let Some(abort) = &entry.abort {
            abort.abort();
        }
        let kind = entry.kind;
        // Dropped after the table is released: a resource's drop may reach
        // the table again.
        drop(entry);
        Some(kind)
    }

    /// Records the JS object that stands for a handle.
    pub(crate) fn set_owner(&self, id: HandleId, owner: v8::Global<v8::Object>) {
        if let Some(entry) = self.entries.borrow_mut().get_mut(&id) {
            entry.owner = Some(owner);
        }
    }

    /// The owners of the refed handles, oldest first
    /// (`process._getActiveHandles()`).
    pub(crate) fn active_owners(&self) -> Vec<v8::Global<v8::Object>> {
        let entries = self.entries.borrow();
        let mut owners: Vec<(HandleId, v8::Global<v8::Object>)> = entries
            .iter()
            .filter(|(_, e)| e.refed && !e.kind.is_request())
            .filter_map(|(id, e)| Some((*id, e.owner.clone()?)))
            .collect();
        owners.sort_by_key(|(id, _)| *id);
        owners.into_iter().map(|(_, owner)| owner).collect()
    }

    /// The callback and async context of an entry, for delivering an event.
    pub(crate) fn target(&self, id: HandleId) -> Option<(v8::Global<v8::Function>, Option<v8::Global<v8::Value>>)> {
        let entries = self.entries.borrow();
        let entry = entries.get(&id)?;
        Some((entry.callback.clone()?, entry.context.clone()))
    }

    /// An entry's resource as its owner typed it.
    pub(crate) fn resource<T: 'static>(&self, id: HandleId) -> Option<Rc<T>> {
        let entries = self.entries.borrow();
        let resource = entries.get(&id)?.resource.clone()?;
        resource.downcast::<T>().ok()
    }

    /// How many entries keep the loop alive (O(1)).
    pub(crate) fn refed_count(&self) -> usize {
        self.refed.get()
    }

    /// Whether any request or handle waits for events (refed or not).
    pub(crate) fn has_waiting(&self) -> bool {
        self.waiting.get() > 0
    }

    /// Node's names of the refed requests and handles, requests first,
    /// each group oldest first (`process.getActiveResourcesInfo()`); with
    /// `requests_only`, the requests alone (`process._getActiveRequests()`).
    pub(crate) fn active_names(&self, requests_only: bool) -> Vec<&'static str> {
        let entries = self.entries.borrow();
        let mut ordered: Vec<(&HandleId, &Entry)> =
            entries.iter().filter(|(_, e)| e.refed && (!requests_only || e.kind.is_request())).collect();
        ordered.sort_by_key(|(id, e)| (!e.kind.is_request(), **id));
        ordered.iter().filter_map(|(_, e)| e.kind.resource_name()).collect()
    }
}
