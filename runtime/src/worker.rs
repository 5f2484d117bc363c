//! Worker threads (`node:worker_threads`): each `Worker` is an OS thread
//! with its own isolate (from the same startup snapshot), its own tokio
//! runtime and event loop, running a script file or `eval` code.
//!
//! The two sides talk through two unbounded channels of serialized values
//! (V8's structured clone, `op_core_serialize_sync`):
//!
//! ```text
//! parent: Worker ── ToWorker::Message/Terminate ──▶ worker: inbox task → parentPort handle
//! parent: Worker handle ◀── ToParent::Online/Message/Error/Exit ── worker: ops, end of run
//! ```
//!
//! On the parent the channel's receiving end is a local task that turns
//! each event into a completion of the Worker's handle; in the worker an
//! inbox task keeps messages until `parentPort` listens
//! (`op_worker_port_start_async`), and `Terminate` ends its loop. The
//! parent also stops running JavaScript in the worker at once through the
//! worker's `IsolateHandle`. In a worker, `process.exit()` and uncaught
//! errors end the worker's loop, not the process (`errors::exit`).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::cli::{Entry, Options};
use crate::isolate::Runtime;
use crate::state::State;

/// What a worker tells its parent.
pub(crate) enum ToParent {
    /// The worker started running its code.
    Online,
    /// `parentPort.postMessage(value)`: the serialized value.
    Message(Vec<u8>),
    /// An uncaught error: serialized, or its text when it cannot be.
    Error(Result<Vec<u8>, String>),
    /// The worker's loop ended with this exit code.
    Exit(i32),
}

/// What a parent tells its worker.
pub(crate) enum ToWorker {
    /// `worker.postMessage(value)`: the serialized value.
    Message(Vec<u8>),
    /// `worker.terminate()`.
    Terminate,
}

/// The parent's end of a running worker (`State::workers`).
pub(crate) struct WorkerControl {
    /// Messages and termination for the worker.
    pub to_worker: UnboundedSender<ToWorker>,
    /// The worker's isolate once it exists, to stop its JavaScript.
    pub isolate: Arc<Mutex<Option<v8::IsolateHandle>>>,
    /// Set by `terminate()` (a worker not started yet does not start).
    pub terminated: Arc<AtomicBool>,
}

/// A worker's end of the link to its parent (`State::worker`).
pub(crate) struct WorkerLink {
    /// Node's `threadId`.
    pub thread_id: u32,
    /// Events for the parent.
    pub to_parent: UnboundedSender<ToParent>,
    /// `workerData`, serialized (empty when none was given).
    pub data: Vec<u8>,
    /// The `name` option (`worker_threads.threadName`; empty when none).
    pub name: String,
    /// Messages from the parent not delivered yet.
    pub inbox: RefCell<VecDeque<Vec<u8>>>,
    /// The handle of `parentPort` once it listens.
    pub port: RefCell<Option<u32>>,
    /// This worker's own isolate, to stop its JavaScript on exit.
    pub isolate: v8::IsolateHandle,
}

impl WorkerLink {
    /// Hands the inbox to `parentPort` when it listens.
    pub(crate) fn deliver(&self, state: &State) {
        let Some(id) = *self.port.borrow() else { return };
        let mut inbox = self.inbox.borrow_mut();
        if inbox.is_empty() {
            return;
        }
        let events = state.events(id);
        while let Some(bytes) = inbox.pop_front() {
            events.send(Box::new(move |scope| vec![crate::ops::io::bytes_to_js(scope, bytes).into()]));
        }
    }
}

/// The worker area's state in an isolate (`State::areas`).
#[derive(Default)]
pub(crate) struct WorkerState {
    /// In a worker thread, its link to the parent.
    pub link: RefCell<Option<Rc<WorkerLink>>>,
    /// The workers this thread started, by thread id.
    pub workers: RefCell<std::collections::HashMap<u32, WorkerControl>>,
}

/// Thread ids: 0 is the main thread.
static NEXT_THREAD_ID: AtomicU32 = AtomicU32::new(1);

/// What a new worker runs.
pub(crate) struct WorkerSpec {
    /// The script file (absolute path) or, with `eval`, the code.
    pub entry: Entry,
    /// `process.argv` after the script.
    pub argv: Vec<String>,
    /// The worker's `process.env` as `KEY=value` pairs.
    pub env: Vec<String>,
    /// `workerData`, serialized.
    pub data: Vec<u8>,
    /// The options of the parent (conditions, warnings, …).
    pub options: Options,
    /// `name` (for the thread).
    pub name: String,
}

/// Starts a worker thread; returns its thread id, the parent's control
/// and the receiver of its events.
pub(crate) fn spawn(spec: WorkerSpec) -> std::io::Result<(u32, WorkerControl, UnboundedReceiver<ToParent>)> {
    let thread_id = NEXT_THREAD_ID.fetch_add(1, Ordering::Relaxed);
    let (to_parent, from_worker) = tokio::sync::mpsc::unbounded_channel();
    let (to_worker, inbox) = tokio::sync::mpsc::unbounded_channel();
    let control =
        WorkerControl { to_worker, isolate: Arc::new(Mutex::new(None)), terminated: Arc::new(AtomicBool::new(false)) };
    let slot = control.isolate.clone();
    let terminated = control.terminated.clone();
    let thread_name = if spec.name.is_empty() { format!("worker {thread_id}") } else { spec.name.clone() };
    std::thread::Builder::new().name(thread_name).spawn(move || {
        let exit = to_parent.clone();
        let code = run(thread_id, spec, to_parent, inbox, slot, terminated);
        let _ = exit.send(ToParent::Exit(code));
    })?;
    Ok((thread_id, control, from_worker))
}

/// The worker thread: a runtime of its own, its entry, its loop.
fn run(
    thread_id: u32,
    spec: WorkerSpec,
    to_parent: UnboundedSender<ToParent>,
    mut inbox: UnboundedReceiver<ToWorker>,
    slot: Arc<Mutex<Option<v8::IsolateHandle>>>,
    terminated: Arc<AtomicBool>,
) -> i32 {
    let platform = crate::init_v8();
    let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return 1 };
    let local = tokio::task::LocalSet::new();
    local.block_on(&rt, async move {
        let mut runtime = match Runtime::new(platform) {
            Ok(r) => r,
            Err(e) => {
                let _ = to_parent.send(ToParent::Error(Err(format!("cannot start the worker: {e}"))));
                return 1;
            }
        };
        let handle = runtime.isolate.thread_safe_handle();
        *slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(handle.clone());
        if terminated.load(Ordering::SeqCst) {
            return 1;
        }
        let link = Rc::new(WorkerLink {
            thread_id,
            to_parent: to_parent.clone(),
            data: spec.data,
            name: spec.name.clone(),
            inbox: RefCell::new(VecDeque::new()),
            port: RefCell::new(None),
            isolate: handle,
        });
        *runtime.state.areas.get::<WorkerState>().link.borrow_mut() = Some(link.clone());
        let state = runtime.state.clone();
        tokio::task::spawn_local(async move {
            while let Some(event) = inbox.recv().await {
                match event {
                    ToWorker::Message(bytes) => {
                        link.inbox.borrow_mut().push_back(bytes);
                        link.deliver(&state);
                    }
                    ToWorker::Terminate => {
                        state.exiting.set(Some(1));
                        state.wake.notify_one();
                        break;
                    }
                }
            }
        });
        let kind = if matches!(spec.entry, Entry::Eval { .. }) { "worker-eval" } else { "file" };
        let mut options = spec.options;
        options.entry = spec.entry;
        options.args = spec.argv;
        options.requires = Vec::new();
        options.interactive = false;
        options.check = false;
        runtime.start_worker(&options, kind, thread_id, &spec.env);
        let _ = to_parent.send(ToParent::Online);
        runtime.state.update_loop_time();
        runtime.run_main();
        let code = runtime.run_event_loop().await;
        std::mem::drop(runtime);
        // A terminated worker ends with 1 whatever its loop saw last.
        if terminated.load(Ordering::SeqCst) { 1 } else { code }
    })
}
