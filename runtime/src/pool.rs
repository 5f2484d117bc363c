//! The thread pool file-system requests run on, sized as libuv's: a few
//! threads (`UV_THREADPOOL_SIZE`, 4 by default, 1 to 1024) shared by the
//! whole process, started on first use, taking jobs strictly in the order
//! they were queued.
//!
//! The bound is observable, so it is kept: in Node a request queued while
//! every thread is busy (four `fs.open`s of FIFOs nobody writes to) waits
//! for a thread to free up, and requests start in the order they were
//! made. tokio's blocking pool would start a new thread for each.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};

type Task = Box<dyn FnOnce() + Send + 'static>;

/// libuv's default and its limit.
const DEFAULT_SIZE: usize = 4;
const MAX_SIZE: usize = 1024;

struct Pool {
    queue: Mutex<VecDeque<Task>>,
    ready: Condvar,
    /// Whether at least one worker thread runs (else jobs run inline).
    running: AtomicBool,
}

fn pool() -> &'static Arc<Pool> {
    static POOL: OnceLock<Arc<Pool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let size = std::env::var("UV_THREADPOOL_SIZE").map_or(DEFAULT_SIZE, |v| size_from(&v));
        let pool = Arc::new(Pool {
            queue: Mutex::new(VecDeque::new()),
            ready: Condvar::new(),
            running: AtomicBool::new(false),
        });
        for n in 0..size {
            let shared = pool.clone();
            let spawned = std::thread::Builder::new().name(format!("nodus-pool-{n}")).spawn(move || work(&shared));
            if spawned.is_ok() {
                pool.running.store(true, Ordering::Release);
            }
        }
        pool
    })
}

/// The pool size `UV_THREADPOOL_SIZE` asks for, read as libuv reads it
/// (`atoi`): its leading integer, 0 (or no number) meaning 1, a negative
/// number or one over the limit meaning the limit.
fn size_from(value: &str) -> usize {
    let value = value.trim_start();
    let (negative, digits) = match value.as_bytes().first() {
        Some(b'-') => (true, &value[1..]),
        Some(b'+') => (false, &value[1..]),
        _ => (false, value),
    };
    let end = digits.bytes().take_while(u8::is_ascii_digit).count();
    let n = digits[..end].parse::<u128>().unwrap_or(if end > 0 { u128::MAX } else { 0 });
    if n == 0 {
        1
    } else if negative {
        MAX_SIZE
    } else {
        usize::try_from(n).map_or(MAX_SIZE, |n| n.min(MAX_SIZE))
    }
}

/// A worker: runs queued jobs, oldest first, forever.
fn work(pool: &Pool) {
    loop {
        let task = {
            let Ok(mut queue) = pool.queue.lock() else { return };
            loop {
                if let Some(task) = queue.pop_front() {
                    break task;
                }
                queue = match pool.ready.wait(queue) {
                    Ok(queue) => queue,
                    Err(_) => return,
                };
            }
        };
        // A job catches its own panics to report them; should one escape,
        // the worker goes on.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(task));
    }
}

/// Queues `job` on the pool; it reports its own result.
pub(crate) fn submit(job: impl FnOnce() + Send + 'static) {
    let task: Task = Box::new(job);
    let pool = pool();
    if !pool.running.load(Ordering::Acquire) {
        // No thread could be started: do the work now rather than never.
        task();
        return;
    }
    match pool.queue.lock() {
        Ok(mut queue) => {
            queue.push_back(task);
            pool.ready.notify_one();
        }
        Err(_) => task(),
    }
}
