//! The state the op layer and the event loop share, kept in an isolate slot.
//!
//! Everything here lives on the main thread: ops reach it through
//! [`State::get`] from the scope they are called with, the event loop holds
//! its own `Rc`.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::rc::Rc;
use std::time::Instant;

use tokio::sync::Notify;

use crate::bootstrap::Bootstrap;
use crate::modules::esm::ModuleRegistry;
use crate::modules::package_json::PackageJsonCache;

/// Turns the result of finished native work into the arguments of its JS
/// callback; runs on the main thread, in the poll phase.
pub(crate) type Deliver = Box<dyn for<'s, 'i> FnOnce(&mut v8::PinScope<'s, 'i>) -> Vec<v8::Local<'s, v8::Value>>>;

/// A finished piece of async work, waiting for the poll phase.
pub(crate) struct Completion {
    /// The pending op it belongs to.
    pub id: u32,
    /// Builds the callback's arguments.
    pub deliver: Deliver,
    /// Whether the op stays pending (a handle that delivers many events).
    pub more: bool,
}

/// An async op or handle whose JS callback has not run yet.
pub(crate) struct Pending {
    /// Called with the delivered arguments.
    pub callback: v8::Global<v8::Function>,
    /// Whether it keeps the loop alive.
    pub refed: bool,
    /// Stops the native work when the handle is closed.
    pub abort: Option<tokio::task::AbortHandle>,
    /// The async context (V8's continuation-preserved embedder data, the
    /// frame of `AsyncLocalStorage`) current when the op started; its
    /// callbacks run in it.
    pub context: Option<v8::Global<v8::Value>>,
}

impl Pending {
    /// A pending op or handle started now, in the current async context.
    pub(crate) fn new(
        scope: &mut v8::PinScope,
        callback: v8::Global<v8::Function>,
        refed: bool,
        abort: Option<tokio::task::AbortHandle>,
    ) -> Pending {
        Pending { callback, refed, abort, context: current_async_context(scope) }
    }
}

/// The current async context, or `None` when it is empty (undefined).
pub(crate) fn current_async_context(scope: &mut v8::PinScope) -> Option<v8::Global<v8::Value>> {
    let data = scope.get_continuation_preserved_embedder_data();
    (!data.is_undefined()).then(|| v8::Global::new(scope, data))
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
    /// Async ops and handles by id.
    pub pending: RefCell<HashMap<u32, Pending>>,
    next_id: Cell<u32>,
    /// Finished native work, in completion order.
    pub completions: Rc<RefCell<VecDeque<Completion>>>,
    /// Wakes the poll phase when a completion arrives.
    pub wake: Rc<Notify>,
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
    /// The REPL's terminal line editor, while one is open.
    pub repl_editor: RefCell<Option<Rc<crate::repl::Editor>>>,
    /// Stops a running REPL input on Ctrl+C, once the REPL watches SIGINT.
    pub repl_interrupt: RefCell<Option<std::sync::Arc<crate::repl::Interrupt>>>,
    /// The ES module records (V8 `Module`s) by id.
    pub esm: ModuleRegistry,
    /// When the event loop started, in ms since `started` (Node's
    /// `nodeTiming.loopStart`); `None` while the main script runs.
    pub loop_started: Cell<Option<f64>>,
    /// Time the poll phase spent waiting for events, in ms (the idle time
    /// of `performance.eventLoopUtilization()`).
    pub loop_idle_ms: Cell<f64>,
    /// Open directory streams of `fs.opendir` by id (`ops/fs.rs`); the
    /// blocking pool reads them, hence the lock.
    pub dirs: RefCell<HashMap<u32, std::sync::Arc<std::sync::Mutex<std::fs::ReadDir>>>>,
    /// The stdin pipes of running children by their handle id
    /// (`ops/child.rs`); dropping one closes the pipe.
    pub child_stdins: RefCell<HashMap<u32, Rc<tokio::sync::Mutex<tokio::process::ChildStdin>>>>,
    /// The options of this run (a worker inherits them).
    pub options: RefCell<Option<crate::cli::Options>>,
    /// In a worker thread, its link to the parent (`worker.rs`).
    pub worker: RefCell<Option<Rc<crate::worker::WorkerLink>>>,
    /// The workers this thread started, by thread id.
    pub workers: RefCell<HashMap<u32, crate::worker::WorkerControl>>,
    /// Open `node:zlib` streams by id (`ops/zlib.rs`).
    pub zlib: RefCell<crate::ops::zlib::Streams>,
    /// Running hashes and HMACs of `node:crypto` by id (`ops/crypto.rs`).
    pub hashes: RefCell<HashMap<u32, crate::ops::crypto::Running>>,
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
            pending: RefCell::new(HashMap::new()),
            next_id: Cell::new(1),
            completions: Rc::new(RefCell::new(VecDeque::new())),
            wake: Rc::new(Notify::new()),
            pending_callbacks: RefCell::new(VecDeque::new()),
            close_callbacks: RefCell::new(VecDeque::new()),
            bootstrap: RefCell::new(None),
            exiting: Cell::new(None),
            packages: PackageJsonCache::default(),
            repl_editor: RefCell::new(None),
            repl_interrupt: RefCell::new(None),
            esm: ModuleRegistry::default(),
            loop_started: Cell::new(None),
            loop_idle_ms: Cell::new(0.0),
            dirs: RefCell::new(HashMap::new()),
            child_stdins: RefCell::new(HashMap::new()),
            options: RefCell::new(None),
            worker: RefCell::new(None),
            workers: RefCell::new(HashMap::new()),
            zlib: RefCell::new(HashMap::new()),
            hashes: RefCell::new(HashMap::new()),
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
            || self.pending.borrow().values().any(|p| p.refed)
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

    /// Starts native work whose result `callback` receives on the loop: the
    /// entry point for ops whose work is one future (`op_fs_*_async`);
    /// handles that deliver many events (stdin, signals) queue their own
    /// completions.
    ///
    /// The future runs on the current-thread tokio runtime; its output is
    /// turned into JS values in the poll phase. Must be called while the
    /// loop's `LocalSet` is entered (always true for ops).
    pub(crate) fn spawn_op<F>(
        &self,
        scope: &mut v8::PinScope,
        callback: v8::Global<v8::Function>,
        refed: bool,
        work: F,
    ) -> u32
    where
        F: Future<Output = Deliver> + 'static,
    {
        let id = self.new_id();
        let wake = self.wake.clone();
        let queue = self.completions.clone();
        let handle = tokio::task::spawn_local(async move {
            let deliver = work.await;
            queue.borrow_mut().push_back(Completion { id, deliver, more: false });
            wake.notify_one();
        });
        let pending = Pending::new(scope, callback, refed, Some(handle.abort_handle()));
        self.pending.borrow_mut().insert(id, pending);
        id
    }

    /// A fresh op or handle id.
    pub(crate) fn new_id(&self) -> u32 {
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1).max(1));
        id
    }
}
