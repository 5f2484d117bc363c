//! `node:vm` ops (`internalBinding('vm')`): scripts run in this context or
//! in new contexts whose global forwards to a "contextified" sandbox
//! object, as Node's do.
//!
//! A new context starts from the snapshot's vanilla default context (only
//! JavaScript's builtins). Its global object has named-property
//! interceptors: reads find the sandbox's properties first (then the
//! builtins), writes, `var` and function declarations, deletes and
//! enumeration go to the sandbox. Contexts live until the process ends.

use crate::ops::args::arg;
use std::cell::RefCell;

use crate::errors;
use crate::ops::js_string;

thread_local! {
    static CONTEXTS: RefCell<Vec<v8::Global<v8::Context>>> = const { RefCell::new(Vec::new()) };
}

fn sandbox_of<'s>(args: &v8::PropertyCallbackArguments<'s>) -> Option<v8::Local<'s, v8::Object>> {
    v8::Local::<v8::Object>::try_from(args.data()).ok()
}

fn getter<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    key: v8::Local<'s, v8::Name>,
    args: v8::PropertyCallbackArguments<'s>,
    mut rv: v8::ReturnValue<v8::Value>,
) -> v8::Intercepted {
    let Some(sandbox) = sandbox_of(&args) else { return v8::Intercepted::kNo };
    match sandbox.get_real_named_property(scope, key) {
        Some(value) => {
            rv.set(value);
            v8::Intercepted::kYes
        }
        None => v8::Intercepted::kNo,
    }
}

fn setter<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    key: v8::Local<'s, v8::Name>,
    value: v8::Local<'s, v8::Value>,
    args: v8::PropertyCallbackArguments<'s>,
    _rv: v8::ReturnValue<v8::Boolean>,
) -> v8::Intercepted {
    let Some(sandbox) = sandbox_of(&args) else { return v8::Intercepted::kNo };
    sandbox.set(scope, key.into(), value);
    v8::Intercepted::kYes
}

fn query<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    key: v8::Local<'s, v8::Name>,
    args: v8::PropertyCallbackArguments<'s>,
    mut rv: v8::ReturnValue<v8::Integer>,
) -> v8::Intercepted {
    let Some(sandbox) = sandbox_of(&args) else { return v8::Intercepted::kNo };
    if sandbox.has_real_named_property(scope, key) == Some(true) {
        let attributes = sandbox.get_real_named_property_attributes(scope, key).unwrap_or(v8::PropertyAttribute::NONE);
        rv.set_int32(attributes.as_u32() as i32);
        return v8::Intercepted::kYes;
    }
    v8::Intercepted::kNo
}

fn deleter<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    key: v8::Local<'s, v8::Name>,
    args: v8::PropertyCallbackArguments<'s>,
    mut rv: v8::ReturnValue<v8::Boolean>,
) -> v8::Intercepted {
    let Some(sandbox) = sandbox_of(&args) else { return v8::Intercepted::kNo };
    if sandbox.has_own_property(scope, key) != Some(true) {
        return v8::Intercepted::kNo;
    }
    rv.set_bool(sandbox.delete(scope, key.into()).unwrap_or(false));
    v8::Intercepted::kYes
}

fn enumerator<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::PropertyCallbackArguments<'s>,
    mut rv: v8::ReturnValue<v8::Array>,
) {
    let Some(sandbox) = sandbox_of(&args) else { return };
    if let Some(names) = sandbox.get_own_property_names(scope, Default::default()) {
        rv.set(names);
    }
}

fn definer<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    key: v8::Local<'s, v8::Name>,
    desc: &v8::PropertyDescriptor,
    args: v8::PropertyCallbackArguments<'s>,
    _rv: v8::ReturnValue<v8::Boolean>,
) -> v8::Intercepted {
    let Some(sandbox) = sandbox_of(&args) else { return v8::Intercepted::kNo };
    if desc.has_value() && !desc.has_get() && !desc.has_set() {
        sandbox.set(scope, key.into(), desc.value());
    } else {
        sandbox.define_property(scope, key, desc);
    }
    v8::Intercepted::kYes
}

/// `op_vm_create_context_sync(sandbox)`: a new context forwarding to
/// `sandbox`; returns its id.
pub(crate) fn op_vm_create_context_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(sandbox) = v8::Local::<v8::Object>::try_from(args.get(0)) else {
        crate::ops::throw_type_error(
            scope,
            "ERR_INVALID_ARG_TYPE",
            "The \"contextObject\" argument must be of type object.",
        );
        return;
    };
    let template = v8::ObjectTemplate::new(scope);
    template.set_named_property_handler(
        v8::NamedPropertyHandlerConfiguration::new()
            .getter(getter)
            .setter(setter)
            .query(query)
            .deleter(deleter)
            .enumerator(enumerator)
            .definer(definer)
            .data(sandbox.into()),
    );
    let context = v8::Context::new(scope, v8::ContextOptions { global_template: Some(template), ..Default::default() });
    let global = v8::Global::new(scope, context);
    let id = CONTEXTS.with(|contexts| {
        let mut contexts = contexts.borrow_mut();
        contexts.push(global);
        contexts.len() - 1
    });
    rv.set_uint32(id as u32);
}

fn context_of<'s>(scope: &mut v8::PinScope<'s, '_>, id: v8::Local<v8::Value>) -> Option<v8::Local<'s, v8::Context>> {
    if id.is_null_or_undefined() {
        return Some(scope.get_current_context());
    }
    let id = id.uint32_value(scope)? as usize;
    let global = CONTEXTS.with(|contexts| contexts.borrow().get(id).cloned())?;
    Some(v8::Local::new(scope, global))
}

/// `op_vm_run_sync(contextId, source, filename, lineOffset, columnOffset)`:
/// compiles and runs a script in the context (undefined: this one);
/// returns its completion value. A syntax error carries its arrow.
pub(crate) fn op_vm_run_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let Some(context) = context_of(scope, args.get(0)) else {
        crate::ops::throw_type_error(
            scope,
            "ERR_INVALID_ARG_TYPE",
            "The \"contextifiedObject\" argument must be an vm.Context",
        );
        return;
    };
    let source = args.get(1).to_string(scope).unwrap_or_else(|| v8::String::empty(scope));
    let name = args.get(2);
    let Some(line) = arg::<Option<i32>>(scope, &args, 3, "lineOffset") else { return };
    let line = line.unwrap_or(0);
    let Some(column) = arg::<Option<i32>>(scope, &args, 4, "columnOffset") else { return };
    let column = column.unwrap_or(0);
    let scope = &mut v8::ContextScope::new(scope, context);
    let origin = v8::ScriptOrigin::new(scope, name, line, column, false, 0, None, false, false, false, None);
    v8::tc_scope!(let tc, scope);
    let Some(script) = v8::Script::compile(tc, source, Some(&origin)) else {
        rethrow_decorated(tc);
        return;
    };
    match script.run(tc) {
        Some(value) => rv.set(value),
        None => {
            if tc.has_caught() && !tc.has_terminated() {
                tc.rethrow();
            }
        }
    }
}

/// `op_vm_compile_sync(source, filename, lineOffset, columnOffset)`:
/// compiles a script without running it (`new vm.Script` throws its syntax
/// errors at once).
pub(crate) fn op_vm_compile_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, _rv: v8::ReturnValue) {
    let source = args.get(0).to_string(scope).unwrap_or_else(|| v8::String::empty(scope));
    let name = args.get(1);
    let Some(line) = arg::<Option<i32>>(scope, &args, 2, "lineOffset") else { return };
    let line = line.unwrap_or(0);
    let Some(column) = arg::<Option<i32>>(scope, &args, 3, "columnOffset") else { return };
    let column = column.unwrap_or(0);
    let origin = v8::ScriptOrigin::new(scope, name, line, column, false, 0, None, false, false, false, None);
    v8::tc_scope!(let tc, scope);
    if v8::Script::compile(tc, source, Some(&origin)).is_none() {
        rethrow_decorated(tc);
    }
}

/// `op_vm_compile_function_sync(source, filename, params, contextId,
/// extensions, lineOffset, columnOffset)`: `vm.compileFunction`.
pub(crate) fn op_vm_compile_function_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(context) = context_of(scope, args.get(3)) else {
        crate::ops::throw_type_error(
            scope,
            "ERR_INVALID_ARG_TYPE",
            "The \"options.parsingContext\" property must be an vm.Context",
        );
        return;
    };
    let source = args.get(0).to_string(scope).unwrap_or_else(|| v8::String::empty(scope));
    let name = args.get(1);
    let mut params: Vec<v8::Local<v8::String>> = Vec::new();
    if let Ok(array) = v8::Local::<v8::Array>::try_from(args.get(2)) {
        for i in 0..array.length() {
            if let Some(p) = array.get_index(scope, i).and_then(|v| v.to_string(scope)) {
                params.push(p);
            }
        }
    }
    let mut extensions: Vec<v8::Local<v8::Object>> = Vec::new();
    if let Ok(array) = v8::Local::<v8::Array>::try_from(args.get(4)) {
        for i in 0..array.length() {
            if let Some(o) = array.get_index(scope, i).and_then(|v| v8::Local::<v8::Object>::try_from(v).ok()) {
                extensions.push(o);
            }
        }
    }
    let Some(line) = arg::<Option<i32>>(scope, &args, 5, "lineOffset") else { return };
    let line = line.unwrap_or(0);
    let Some(column) = arg::<Option<i32>>(scope, &args, 6, "columnOffset") else { return };
    let column = column.unwrap_or(0);
    let scope = &mut v8::ContextScope::new(scope, context);
    let origin = v8::ScriptOrigin::new(scope, name, line, column, false, 0, None, false, false, false, None);
    let mut source = v8::script_compiler::Source::new(source, Some(&origin));
    v8::tc_scope!(let tc, scope);
    match v8::script_compiler::compile_function(
        tc,
        &mut source,
        &params,
        &extensions,
        v8::script_compiler::CompileOptions::NoCompileOptions,
        v8::script_compiler::NoCacheReason::NoReason,
    ) {
        Some(f) => rv.set(f.into()),
        None => rethrow_decorated(tc),
    }
}

/// `op_vm_global_sync(contextId)`: the context's global object (for
/// `runInContext('this')`-style checks).
pub(crate) fn op_vm_global_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    if let Some(context) = context_of(scope, args.get(0)) {
        let global = context.global(scope);
        rv.set(global.into());
    } else {
        rv.set(js_string(scope, "").into());
    }
}

fn rethrow_decorated(tc: &mut v8::PinnedRef<v8::TryCatch<v8::HandleScope>>) {
    if let Some(exception) = tc.exception() {
        if let Some(message) = tc.message() {
            if let Some(arrow) = errors::arrow_of(tc, message) {
                errors::decorate(tc, exception, &arrow);
            }
        }
        tc.rethrow();
    }
}
