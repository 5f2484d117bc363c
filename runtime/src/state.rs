//! The state the op layer and the event loop share, kept in an isolate slot.
//!
//! Everything here lives on the main thread: ops reach it through
//! [`State::get`] from the scope they are called with, the event loop holds
//! its own `Rc`.

use std::any::{Any, TypeId};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::Notify;

use crate::bootstrap::Bootstrap;
use crate::handles::{Entry, HandleId, HandleTable, Kind};
use crate::modules::esm::ModuleRegistry;
use crate::modules::package_json::PackageJsonCache;

/// Turns the result of finished native work into the arguments of its JS
/// callback; runs on the main thread, in the poll phase.
pub(crate) type Deliver = Box<dyn for<'s, 'i> FnOnce(&mut v8::PinScope<'s, 'i>) -> Vec<v8::Local<'s, v8::Value>>>;

/// A finished piece of async work, waiting for the poll phase.
pub(crate) struct Completion {
    /// The request or handle it belongs to.
    pub id: HandleId,
    /// Builds the callback's arguments.
    pub deliver: Deliver,
    /// Whether the entry stays open (a handle that delivers many events).
    pub more: bool,
    /// Runs after the callback, in the same poll phase (a socket reads its
    /// next chunk here when the callback left reading on, as libuv reads
    /// on while a socket has data, without a round through the scheduler).
    pub then: Option<Box<dyn FnOnce()>>,
}

/// Where a request's or handle's native task sends its events: they run
/// the entry's callback in the poll phase, in order.
#[derive(Clone)]
pub(crate) struct Events {
    id: HandleId,
    queue: Rc<RefCell<VecDeque<Completion>>>,
    wake: Arc<Notify>,
}

impl Events {
    /// The id of the entry the events go to.
    pub(crate) fn id(&self) -> HandleId {
        self.id
    }

    /// Delivers one event; the entry stays open.
    pub(crate) fn send(&self, deliver: Deliver) {
        self.push(deliver, true);
    }

    /// Delivers the last event; the entry closes once it has run.
    pub(crate) fn finish(&self, deliver: Deliver) {
        self.push(deliver, false);
    }

    /// Delivers one event, then runs `then` once its callback has run.
    pub(crate) fn send_then(&self, deliver: Deliver, then: Box<dyn FnOnce()>) {
        self.queue.borrow_mut().push_back(Completion { id: self.id, deliver, more: true, then: Some(then) });
        self.wake.notify_one();
    }

    fn push(&self, deliver: Deliver, more: bool) {
        self.queue.borrow_mut().push_back(Completion { id: self.id, deliver, more, then: None });
        self.wake.notify_one();
    }
}

/// [`Deliver`] made on another thread: it holds only `Send` data.
pub(crate) type SendDeliver =
    Box<dyn for<'s, 'i> FnOnce(&mut v8::PinScope<'s, 'i>) -> Vec<v8::Local<'s, v8::Value>> + Send>;

/// Requests finished on other threads (the fs thread pool), in the order
/// they finished, waiting to join [`State::completions`].
type RemoteQueue = Arc<Mutex<VecDeque<(HandleId, SendDeliver)>>>;

/// Where a request worked on by another thread (`pool.rs`) reports its
/// result, from that thread: results reach the poll phase in the order the
/// work finished, as libuv delivers its thread pool's (a tokio task per
/// request would deliver them in the order tokio polls the tasks).
pub(crate) struct RemoteEvents {
    id: HandleId,
    queue: RemoteQueue,
    wake: Arc<Notify>,
}

impl RemoteEvents {
    /// Delivers the request's result; the request closes once it has run.
    pub(crate) fn finish(self, deliver: SendDeliver) {
        match self.queue.lock() {
            Ok(mut queue) => queue.push_back((self.id, deliver)),
            Err(poisoned) => poisoned.into_inner().push_back((self.id, deliver)),
        }
        self.wake.notify_one();
    }
}

/// Each area's own state, keyed by its type: an area defines a type for
/// what it keeps (the REPL's editor, the workers it started, …) and finds it
/// here, so this module names no area.
#[derive(Default)]
pub(crate) struct Areas(RefCell<HashMap<TypeId, Rc<dyn Any>>>);

impl Areas {
    /// The area state of type `T`, made with `T::default()` on first use.
    pub(crate) fn get<T: Default + 'static>(&self) -> Rc<T> {
        let mut map = self.0.borrow_mut();
        let entry = map.entry(TypeId::of::<T>()).or_insert_with(|| Rc::new(T::default()));
        entry.clone().downcast::<T>().expect("keyed by its own type")
    }
}

/// Shared counters the JS side writes and the loop reads
/// (`internal/timers`, `internal/process/task_queues`).
pub(crate) struct SharedInts {
    // Keeps the memory alive; the JS side holds an Int32Array over it.
    _store: v8::SharedRef<v8::BackingStore>,
    ptr: *mut i32,
    len: usize,
}

impl SharedInts {
    pub(crate) fn new(store: v8::SharedRef<v8::BackingStore>) -> SharedInts {
        let len = store.byte_length() / 4;
        let ptr = store.data().map_or(std::ptr::null_mut(), |p| p.as_ptr().cast::<i32>());
        SharedInts { _store: store, ptr, len }
    }

    /// Reads slot `i` (0 when out of range).
    pub(crate) fn get(&self, i: usize) -> i32 {
        if i >= self.len || self.ptr.is_null() {
            return 0;
        }
        // SAFETY: in bounds of a live backing store; only this thread uses it.
        unsafe { self.ptr.add(i).read_volatile() }
    }
}

/// Per-isolate runtime state.
pub(crate) struct State {
    /// When the process started, for `process.uptime()` and `performance`.
    pub started: Instant,
    /// The loop's cached "now" in ms since `started` (libuv's `uv_now`).
    pub loop_now: Cell<f64>,
    /// The single native timer that drives all JS timers: its due time in
    /// loop ms.
    pub timer_due: Cell<Option<f64>>,
    /// Whether that timer keeps the loop alive.
    pub timer_refed: Cell<bool>,
    /// `[count, refCount]` of pending `setImmediate` callbacks.
    pub immediate_info: RefCell<Option<SharedInts>>,
    /// `[hasTickScheduled, hasRejectionToWarn]`.
    pub tick_info: RefCell<Option<SharedInts>>,
    /// Every native handle, request and resource JS holds (`handles.rs`).
    pub handles: HandleTable,
    /// Each area's own state (`Areas`).
    pub areas: Areas,
    /// Finished native work, in completion order.
    pub completions: Rc<RefCell<VecDeque<Completion>>>,
    /// Results of requests finished on other threads, in that order.
    remote: RemoteQueue,
    /// Wakes the poll phase when a completion arrives (from any thread).
    pub wake: Arc<Notify>,
    /// Callbacks deferred to the next loop iteration's pending phase (none
    /// of today's ops defer; libuv uses it for some I/O errors).
    pub pending_callbacks: RefCell<VecDeque<v8::Global<v8::Function>>>,
    /// Close callbacks of handles closed since the last close phase.
    pub close_callbacks: RefCell<VecDeque<v8::Global<v8::Function>>>,
    /// The JS entry points from the snapshot.
    pub bootstrap: RefCell<Option<Rc<Bootstrap>>>,
    /// Set when the process is exiting: the loop stops at once.
    pub exiting: Cell<Option<i32>>,
    /// Every `package.json` read, for both module loaders.
    pub packages: PackageJsonCache,
    /// The ES module records (V8 `Module`s) by id.
    pub esm: ModuleRegistry,
    /// When the event loop started, in ms since `started` (Node's
    /// `nodeTiming.loopStart`); `None` while the main script runs.
    pub loop_started: Cell<Option<f64>>,
    /// When the poll phase last asked the reactor for ready I/O.
    pub io_polled: Cell<Option<Instant>>,
    /// Time the poll phase spent waiting for events, in ms (the idle time
    /// of `performance.eventLoopUtilization()`).
    pub loop_idle_ms: Cell<f64>,
}

impl State {
    pub(crate) fn new() -> State {
        State {
            started: Instant::now(),
            loop_now: Cell::new(0.0),
            timer_due: Cell::new(None),
            timer_refed: Cell::new(true),
            immediate_info: RefCell::new(None),
            tick_info: RefCell::new(None),
            handles: HandleTable::default(),
            areas: Areas::default(),
            completions: Rc::new(RefCell::new(VecDeque::new())),
            remote: Arc::new(Mutex::new(VecDeque::new())),
            wake: Arc::new(Notify::new()),
            pending_callbacks: RefCell::new(VecDeque::new()),
            close_callbacks: RefCell::new(VecDeque::new()),
            bootstrap: RefCell::new(None),
            exiting: Cell::new(None),
            packages: PackageJsonCache::default(),
            esm: ModuleRegistry::default(),
            loop_started: Cell::new(None),
            loop_idle_ms: Cell::new(0.0),
            io_polled: Cell::new(None),
        }
    }

    /// The state of the isolate a scope belongs to.
    pub(crate) fn get(isolate: &v8::Isolate) -> Rc<State> {
        isolate.get_slot::<Rc<State>>().expect("the runtime puts its state in a slot first").clone()
    }

    /// The JS entry points.
    pub(crate) fn bootstrap(&self) -> Rc<Bootstrap> {
        self.bootstrap.borrow().clone().expect("bootstrap loaded before any JS runs")
    }

    /// Milliseconds since start, fresh (not the loop's cached time).
    pub(crate) fn hrnow_ms(&self) -> f64 {
        self.started.elapsed().as_secs_f64() * 1000.0
    }

    /// Refreshes the loop's cached time (`uv_update_time`).
    pub(crate) fn update_loop_time(&self) {
        self.loop_now.set(self.hrnow_ms().floor());
    }

    /// Whether something refed keeps the loop alive (`uv_loop_alive`).
    pub(crate) fn has_refed_work(&self) -> bool {
        (self.timer_due.get().is_some() && self.timer_refed.get())
            || self.immediate_ref_count() > 0
            || !self.pending_callbacks.borrow().is_empty()
            || !self.close_callbacks.borrow().is_empty()
            || self.handles.refed_count() > 0
    }

    /// Pending `setImmediate` callbacks (refed or not).
    pub(crate) fn immediate_count(&self) -> i32 {
        self.immediate_info.borrow().as_ref().map_or(0, |i| i.get(0))
    }

    fn immediate_ref_count(&self) -> i32 {
        self.immediate_info.borrow().as_ref().map_or(0, |i| i.get(1))
    }

    /// Whether `process.nextTick` callbacks or unhandled rejections wait.
    pub(crate) fn has_tick_work(&self) -> bool {
        self.tick_info.borrow().as_ref().is_some_and(|t| t.get(0) != 0 || t.get(1) != 0)
    }

    /// Starts one piece of native work whose result `callback` receives
    /// on the loop (a request: `op_fs_*_async`, random bytes, …). The
    /// future runs on the current-thread tokio runtime; its output is turned
    /// into JS values in the poll phase. Must be called while the loop's
    /// `LocalSet` is entered (always true for ops).
    pub(crate) fn spawn_op<F>(
        &self,
        scope: &mut v8::PinScope,
        kind: Kind,
        callback: v8::Global<v8::Function>,
        work: F,
    ) -> HandleId
    where
        F: Future<Output = Deliver> + 'static,
    {
        let entry = Entry::with_callback(scope, kind, callback, true);
        self.open(entry, move |events| async move { events.finish(work.await) })
    }

    /// Opens a request or handle: adds `entry` to the table, then runs
    /// `task` on tokio with the [`Events`] that reach the entry's callback.
    /// Closing the entry stops the task. Returns the entry's id.
    pub(crate) fn open<T, F>(&self, entry: Entry, task: T) -> HandleId
    where
        T: FnOnce(Events) -> F,
        F: Future<Output = ()> + 'static,
    {
        let id = self.handles.insert(entry);
        let events = self.events(id);
        let handle = tokio::task::spawn_local(task(events));
        self.handles.set_task(id, handle.abort_handle());
        id
    }

    /// The [`Events`] of an open entry, for work that runs outside a task
    /// of its own (another thread, a callback of tokio's).
    pub(crate) fn events(&self, id: HandleId) -> Events {
        Events { id, queue: self.completions.clone(), wake: self.wake.clone() }
    }

    /// Opens a request whose work runs on another thread: adds `entry` to
    /// the table and returns its id and where the work reports its result.
    /// Closing the entry drops the result when it comes.
    pub(crate) fn open_remote(&self, entry: Entry) -> (HandleId, RemoteEvents) {
        let id = self.handles.insert(entry);
        (id, RemoteEvents { id, queue: self.remote.clone(), wake: self.wake.clone() })
    }

    /// Runs `work` on the thread pool (`pool.rs`, libuv's threadpool) as a
    /// request whose result `work` turns into the callback's arguments; a
    /// panic in `work` reaches the callback as `Error: <what> failed`.
    pub(crate) fn spawn_pool_op<W>(
        &self,
        scope: &mut v8::PinScope,
        kind: Kind,
        callback: v8::Global<v8::Function>,
        what: &'static str,
        work: W,
    ) -> HandleId
    where
        W: FnOnce() -> SendDeliver + Send + 'static,
    {
        let entry = Entry::with_callback(scope, kind, callback, true);
        let (id, events) = self.open_remote(entry);
        crate::pool::submit(move || {
            let deliver = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|_| {
                Box::new(move |scope| {
                    let message =
                        v8::String::new(scope, &format!("{what} failed")).unwrap_or_else(|| v8::String::empty(scope));
                    vec![v8::Exception::error(scope, message)]
                })
            });
            events.finish(deliver);
        });
        id
    }

    /// Whether requests finished on other threads wait to be delivered.
    pub(crate) fn has_remote_completions(&self) -> bool {
        self.remote.lock().map_or_else(|p| !p.into_inner().is_empty(), |q| !q.is_empty())
    }

    /// Moves the results of requests finished on other threads to
    /// [`State::completions`], in the order they finished.
    pub(crate) fn take_remote_completions(&self) {
        let finished: Vec<(HandleId, SendDeliver)> = match self.remote.lock() {
            Ok(mut queue) => queue.drain(..).collect(),
            Err(poisoned) => poisoned.into_inner().drain(..).collect(),
        };
        let mut completions = self.completions.borrow_mut();
        for (id, deliver) in finished {
            completions.push_back(Completion { id, deliver, more: false, then: None });
        }
    }
}
