//! The event loop, on a current-thread tokio runtime, in Node's phase order.
//!
//! Each iteration runs these phases (libuv's, as Node uses them):
//!
//! 1. **timers** — update the loop time, then `processTimers(now)` runs
//!    every due `setTimeout`/`setInterval` callback (JS keeps the timer
//!    lists; Rust keeps one native due time, `State::timer_due`).
//! 2. **pending callbacks** — callbacks deferred to this iteration
//!    (`State::pending_callbacks`).
//! 3. **poll** — wait for native work to finish (async ops and handles on
//!    tokio) and run each callback. The wait is zero when immediates,
//!    pending callbacks or nothing alive remain; until the next timer when
//!    one is set; unbounded otherwise. V8's foreground tasks run here too.
//! 4. **check** — `processImmediates()` runs the `setImmediate` queue.
//! 5. **close callbacks** — the callbacks given to
//!    `op_core_handle_close_sync(id, callback)` for handles closed since
//!    the last close phase.
//!
//! After every callback from any phase, the `process.nextTick` queue and
//! then the microtasks are drained (`errors::make_callback`), so JS
//! observes exactly Node's ordering.
//!
//! **When the loop ends.** The loop is alive while something refed is
//! left: a refed timer, a refed immediate, a pending callback, a refed
//! request or handle (the handle table counts them, `handles.rs`), or V8 background work that will post a task
//! (asynchronous WebAssembly compilation; Node drains these too). When nothing is, `beforeExit` is emitted; if its
//! listeners scheduled refed work the loop goes on, otherwise `exit` is
//! emitted and the process ends with `process.exitCode`. `process.exit()`
//! and an unhandled uncaught exception end the process at once.

use std::time::Duration;

/// How often a turn that must not block asks the reactor for ready I/O.
const IO_POLL_INTERVAL: Duration = Duration::from_micros(50);

use crate::errors;
use crate::isolate::{Runtime, with_context};
use crate::state::State;

impl Runtime {
    /// Runs the loop until nothing is left; returns the exit code.
    pub(crate) async fn run_event_loop(&mut self) -> i32 {
        self.state.loop_started.set(Some(self.state.hrnow_ms()));
        loop {
            while self.loop_alive() && self.state.exiting.get().is_none() {
                self.iteration().await;
            }
            if self.state.exiting.get().is_some() {
                break;
            }
            self.emit_before_exit();
            if !self.loop_alive() {
                break;
            }
        }
        self.emit_exit()
    }

    fn loop_alive(&self) -> bool {
        self.state.has_refed_work() || self.state.has_tick_work() || self.isolate.has_pending_background_tasks()
    }

    async fn iteration(&mut self) {
        // ---------------------------------------------------------------
        // Phase 1: timers
        // ---------------------------------------------------------------
        self.state.update_loop_time();
        self.run_timers();

        // ---------------------------------------------------------------
        // Phase 2: pending callbacks
        // ---------------------------------------------------------------
        self.run_pending_callbacks();

        // ---------------------------------------------------------------
        // Phase 3: poll
        // ---------------------------------------------------------------
        let timeout = self.poll_timeout();
        self.poll(timeout).await;
        self.run_platform_tasks();

        // ---------------------------------------------------------------
        // Phase 4: check (setImmediate)
        // ---------------------------------------------------------------
        self.run_immediates();

        // ---------------------------------------------------------------
        // Phase 5: close callbacks
        // ---------------------------------------------------------------
        self.run_close_callbacks();
    }

    fn run_timers(&mut self) {
        let Some(due) = self.state.timer_due.get() else { return };
        let now = self.state.loop_now.get();
        if due > now {
            return;
        }
        self.state.timer_due.set(None);
        let process_timers = self.state.bootstrap().process_timers.clone();
        let state = self.state.clone();
        with_context!(self, scope);
        let f = v8::Local::new(scope, process_timers);
        let undefined = v8::undefined(scope).into();
        let now_ms = now;
        let now = v8::Number::new(scope, now).into();
        // processTimers returns 0 (no timers left), the next due time
        // (refed) or its negation (unrefed). It is applied before the ticks
        // and microtasks drain (as Node's RunTimers does), so timers they
        // set are kept. When a timer threw and a listener handled it, the
        // rest run on the next turn.
        let applied = errors::make_callback(scope, f, undefined, &[now], |scope, v| {
            let next = v.number_value(scope).unwrap_or(0.0);
            state.timer_due.set((next != 0.0).then_some(next.abs()));
            state.timer_refed.set(next > 0.0);
        });
        if applied.is_none() {
            state.timer_due.set(Some(now_ms));
            state.timer_refed.set(true);
        }
    }

    fn run_pending_callbacks(&mut self) {
        let callbacks: Vec<_> = self.state.pending_callbacks.borrow_mut().drain(..).collect();
        self.call_each(callbacks);
    }

    /// How long the poll phase may block (libuv's `uv_backend_timeout`).
    fn poll_timeout(&self) -> Option<Duration> {
        let state = &self.state;
        // V8 work in flight (async WebAssembly compilation, …) posts a
        // foreground task when done, which nothing wakes us for: look often.
        if self.isolate.has_pending_background_tasks() && state.immediate_count() == 0 {
            let timer = state.timer_due.get().map(|due| ((due - state.hrnow_ms()).max(0.0)) / 1000.0);
            return Some(Duration::from_secs_f64(timer.unwrap_or(0.001).min(0.001)));
        }
        if !state.has_refed_work()
            || state.immediate_count() > 0
            || !state.pending_callbacks.borrow().is_empty()
            || !state.close_callbacks.borrow().is_empty()
            || !state.completions.borrow().is_empty()
            || state.has_remote_completions()
        {
            return Some(Duration::ZERO);
        }
        state.timer_due.get().map(|due| {
            let now = state.hrnow_ms();
            Duration::from_secs_f64(((due - now).max(0.0)) / 1000.0)
        })
    }

    async fn poll(&mut self, timeout: Option<Duration>) {
        let wake = self.state.wake.clone();
        let has_waiting_ops = self.state.handles.has_waiting();
        match timeout {
            // Let tasks whose I/O is ready finish, without blocking. A
            // turn that must not block (immediates pending) asks the
            // reactor at most every IO_POLL_INTERVAL: asking costs a
            // syscall and a scheduler round (~0.5 µs), which made a
            // setImmediate hop 1.6x slower as soon as one handle was open;
            // I/O that became ready waits at most that long. Requests of
            // the thread pool are not delayed (they are taken below).
            Some(Duration::ZERO) => {
                let now = std::time::Instant::now();
                let due = self.state.io_polled.get().is_none_or(|last| now.duration_since(last) >= IO_POLL_INTERVAL);
                if has_waiting_ops && due {
                    tokio::task::yield_now().await;
                    self.state.io_polled.set(Some(now));
                }
            }
            Some(timeout) => {
                let waited = std::time::Instant::now();
                let _ = tokio::time::timeout(timeout, wake.notified()).await;
                self.add_idle(waited);
                self.state.io_polled.set(Some(std::time::Instant::now()));
            }
            None => {
                let waited = std::time::Instant::now();
                wake.notified().await;
                self.add_idle(waited);
                self.state.io_polled.set(Some(std::time::Instant::now()));
            }
        }
        // Requests finished on other threads join in the order they
        // finished.
        self.state.take_remote_completions();
        self.run_completions();
    }

    /// Counts time the poll phase spent blocked as idle.
    fn add_idle(&self, since: std::time::Instant) {
        let idle = &self.state.loop_idle_ms;
        idle.set(idle.get() + since.elapsed().as_secs_f64() * 1000.0);
    }

    fn run_completions(&mut self) {
        loop {
            let Some(completion) = self.state.completions.borrow_mut().pop_front() else { break };
            let found = self.state.handles.target(completion.id);
            if !completion.more {
                // A request's result, or a handle's last event: the entry
                // is done.
                self.state.handles.close(completion.id);
            }
            // A handle closed before its event arrived: drop the event.
            let Some((callback, context)) = found else { continue };
            let then = completion.then;
            with_context!(self, scope);
            // The callback runs in the async context its op started in.
            let outer = context.map(|context| {
                let outer = scope.get_continuation_preserved_embedder_data();
                let context = v8::Local::new(scope, context);
                scope.set_continuation_preserved_embedder_data(context);
                outer
            });
            let args = (completion.deliver)(scope);
            let f = v8::Local::new(scope, callback);
            let undefined = v8::undefined(scope).into();
            errors::make_callback(scope, f, undefined, &args, |_, _| ());
            if let Some(outer) = outer {
                scope.set_continuation_preserved_embedder_data(outer);
            }
            // Only for an entry the callback left open.
            if let Some(then) = then
                && self.state.handles.target(completion.id).is_some()
            {
                then();
            }
        }
    }

    fn run_platform_tasks(&mut self) {
        while v8::Platform::pump_message_loop(&self.platform, &self.isolate, false) {}
        with_context!(self, scope);
        errors::drain_ticks(scope);
    }

    fn run_immediates(&mut self) {
        if self.state.immediate_count() == 0 {
            return;
        }
        let process_immediates = self.state.bootstrap().process_immediates.clone();
        with_context!(self, scope);
        let f = v8::Local::new(scope, process_immediates);
        let undefined = v8::undefined(scope).into();
        errors::make_callback(scope, f, undefined, &[], |_, _| ());
    }

    fn run_close_callbacks(&mut self) {
        let callbacks: Vec<_> = self.state.close_callbacks.borrow_mut().drain(..).collect();
        self.call_each(callbacks);
    }

    /// Calls each callback with no arguments, as its phase takes them:
    /// what they queue meanwhile waits for the next turn.
    fn call_each(&mut self, callbacks: Vec<v8::Global<v8::Function>>) {
        if callbacks.is_empty() {
            return;
        }
        with_context!(self, scope);
        for callback in callbacks {
            let f = v8::Local::new(scope, callback);
            let undefined = v8::undefined(scope).into();
            errors::make_callback(scope, f, undefined, &[], |_, _| ());
        }
    }

    fn emit_before_exit(&mut self) {
        let f = self.state.bootstrap().emit_before_exit.clone();
        with_context!(self, scope);
        let f = v8::Local::new(scope, f);
        let undefined = v8::undefined(scope).into();
        errors::make_callback(scope, f, undefined, &[], |_, _| ());
    }

    fn emit_exit(&mut self) -> i32 {
        if let Some(code) = self.state.exiting.get() {
            return code;
        }
        let f = self.state.bootstrap().emit_exit.clone();
        let state: std::rc::Rc<State> = self.state.clone();
        with_context!(self, scope);
        let f = v8::Local::new(scope, f);
        let undefined = v8::undefined(scope).into();
        let mut code = errors::make_callback(scope, f, undefined, &[], |scope, v| v.int32_value(scope).unwrap_or(0));
        if code.is_none() && state.exiting.get().is_none() {
            // An `exit` listener threw and an `uncaughtException` listener
            // took it: the code is `process.exitCode` as it is now (a second
            // call only reads it, `exit` is emitted once).
            code = errors::make_callback(scope, f, undefined, &[], |scope, v| v.int32_value(scope).unwrap_or(0));
        }
        state.exiting.get().or(code).unwrap_or(1)
    }
}
