//! The JS entry points the Rust side calls, taken from the snapshot.
//!
//! `js/internal/bootstrap/realm.js` returns one object (kept in the snapshot
//! as context data 0); its functions are what the event loop and the error
//! path call into. See `js/internal/bootstrap/node.js` for their contracts.

/// Handles to the bootstrap object's functions.
pub(crate) struct Bootstrap {
    /// `startRuntime(info)`: fills `process` with facts of this run.
    pub start_runtime: v8::Global<v8::Function>,
    /// `runMain()`: runs `-r` preloads, then the script, `-e` code or stdin.
    pub run_main: v8::Global<v8::Function>,
    /// `processTimers(now) -> nextDue`: runs due timers; returns 0 when none
    /// is left, the next due time (refed) or its negation (unrefed).
    pub process_timers: v8::Global<v8::Function>,
    /// `processImmediates()`: runs the `setImmediate` queue.
    pub process_immediates: v8::Global<v8::Function>,
    /// `processTicksAndRejections()`: drains `process.nextTick` and microtasks.
    pub tick_callback: v8::Global<v8::Function>,
    /// `promiseRejectHandler(type, promise, reason)`: V8's reject events.
    pub promise_reject: v8::Global<v8::Function>,
    /// `onUncaughtException(err, arrow, fromPromise, inHandler) -> true | exitCode`.
    pub on_uncaught: v8::Global<v8::Function>,
    /// `emitBeforeExit()`: emits `beforeExit` with `process.exitCode`.
    pub emit_before_exit: v8::Global<v8::Function>,
    /// `emitExit() -> exitCode`: emits `exit` once and returns the code.
    pub emit_exit: v8::Global<v8::Function>,
    /// `importModuleDynamically(specifier, referrer, attributes) -> Promise`:
    /// `import()` (see `modules/esm.rs`).
    pub import_dynamically: v8::Global<v8::Function>,
    /// `initializeImportMeta(meta, url)`: fills `import.meta`.
    pub initialize_import_meta: v8::Global<v8::Function>,
    /// The `[hasTickScheduled, hasRejectionToWarn]` counters.
    pub tick_info: v8::Global<v8::Int32Array>,
    /// The `[count, refCount]` of the immediate queue.
    pub immediate_info: v8::Global<v8::Int32Array>,
}

impl Bootstrap {
    /// Reads the bootstrap object; the error names the missing member.
    pub(crate) fn load(scope: &mut v8::PinScope, object: v8::Local<v8::Object>) -> Result<Bootstrap, String> {
        let f = |scope: &mut v8::PinScope, name: &str| -> Result<v8::Global<v8::Function>, String> {
            let value = get(scope, object, name)?;
            let function = v8::Local::<v8::Function>::try_from(value)
                .map_err(|_| format!("bootstrap member `{name}` is not a function"))?;
            Ok(v8::Global::new(scope, function))
        };
        let ints = |scope: &mut v8::PinScope, name: &str| -> Result<v8::Global<v8::Int32Array>, String> {
            let value = get(scope, object, name)?;
            let array = v8::Local::<v8::Int32Array>::try_from(value)
                .map_err(|_| format!("bootstrap member `{name}` is not an Int32Array"))?;
            Ok(v8::Global::new(scope, array))
        };
        Ok(Bootstrap {
            start_runtime: f(scope, "startRuntime")?,
            run_main: f(scope, "runMain")?,
            process_timers: f(scope, "processTimers")?,
            process_immediates: f(scope, "processImmediates")?,
            tick_callback: f(scope, "processTicksAndRejections")?,
            promise_reject: f(scope, "promiseRejectHandler")?,
            on_uncaught: f(scope, "onUncaughtException")?,
            emit_before_exit: f(scope, "emitBeforeExit")?,
            emit_exit: f(scope, "emitExit")?,
            import_dynamically: f(scope, "importModuleDynamically")?,
            initialize_import_meta: f(scope, "initializeImportMeta")?,
            tick_info: ints(scope, "tickInfo")?,
            immediate_info: ints(scope, "immediateInfo")?,
        })
    }
}

/// `object[name]`, or an error naming the member.
pub(crate) fn get<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    object: v8::Local<v8::Object>,
    name: &str,
) -> Result<v8::Local<'s, v8::Value>, String> {
    let key = v8::String::new(scope, name).ok_or("out of memory")?;
    object
        .get(scope, key.into())
        .filter(|v| !v.is_undefined())
        .ok_or_else(|| format!("bootstrap object has no `{name}`"))
}
