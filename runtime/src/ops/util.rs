//! Engine facts `util.inspect` needs (`internalBinding('util')`).

use crate::ops::args::arg;

/// `op_util_get_promise_details_sync(promise)`: `[state]` when pending,
/// else `[state, result]`; state 0 pending, 1 fulfilled, 2 rejected.
pub(crate) fn op_util_get_promise_details_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(promise) = v8::Local::<v8::Promise>::try_from(args.get(0)) else { return };
    let details = match promise.state() {
        v8::PromiseState::Pending => vec![v8::Integer::new(scope, 0).into()],
        v8::PromiseState::Fulfilled => vec![v8::Integer::new(scope, 1).into(), promise.result(scope)],
        v8::PromiseState::Rejected => vec![v8::Integer::new(scope, 2).into(), promise.result(scope)],
    };
    rv.set(v8::Array::new_with_elements(scope, &details).into());
}

/// `op_util_get_proxy_details_sync(value, showProxy = true)`: undefined for
/// a non-proxy; `[target, handler]`, or only the target without `showProxy`.
pub(crate) fn op_util_get_proxy_details_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(proxy) = v8::Local::<v8::Proxy>::try_from(args.get(0)) else { return };
    let target = proxy.get_target(scope);
    if args.length() > 1 && !args.get(1).boolean_value(scope) {
        rv.set(target);
        return;
    }
    let handler = proxy.get_handler(scope);
    rv.set(v8::Array::new_with_elements(scope, &[target, handler]).into());
}

/// `op_util_preview_entries_sync(object, isIterator)`: the entries of a
/// Map/Set iterator or weak collection without side effects; with
/// `isIterator`, `[entries, isKeyValue]`.
pub(crate) fn op_util_preview_entries_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(object) = v8::Local::<v8::Object>::try_from(args.get(0)) else { return };
    let (Some(entries), is_key_value) = object.preview_entries(scope) else { return };
    if !args.get(1).is_true() {
        rv.set(entries.into());
        return;
    }
    let flag = v8::Boolean::new(scope, is_key_value).into();
    rv.set(v8::Array::new_with_elements(scope, &[entries.into(), flag]).into());
}

/// `op_util_get_own_non_index_properties_sync(object, filter)`: own keys
/// that are not array indices; `filter` is a `v8::PropertyFilter` (0 all,
/// 2 only enumerable).
pub(crate) fn op_util_get_own_non_index_properties_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(object) = v8::Local::<v8::Object>::try_from(args.get(0)) else { return };
    let Some(filter) = arg::<u32>(scope, &args, 1, "filter") else { return };
    let property_filter =
        if filter & 2 != 0 { v8::PropertyFilter::ONLY_ENUMERABLE } else { v8::PropertyFilter::ALL_PROPERTIES };
    let names = object.get_property_names(
        scope,
        v8::GetPropertyNamesArgs {
            mode: v8::KeyCollectionMode::OwnOnly,
            property_filter,
            index_filter: v8::IndexFilter::SkipIndices,
            key_conversion: v8::KeyConversionMode::KeepNumbers,
        },
    );
    if let Some(names) = names {
        rv.set(names.into());
    }
}

/// `op_util_get_constructor_name_sync(object)`: V8's constructor name.
pub(crate) fn op_util_get_constructor_name_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(object) = v8::Local::<v8::Object>::try_from(args.get(0)) else { return };
    rv.set(object.get_constructor_name().into());
    let _ = scope;
}

/// `op_util_no_side_effects_to_string_sync(value)`: V8's string for a
/// value that runs no JS (`#<Object>`, `[object Array]`, a function's
/// source), as Node's `noSideEffectsToString`.
pub(crate) fn op_util_no_side_effects_to_string_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    if let Some(text) = args.get(0).to_detail_string(scope) {
        rv.set(text.into());
    }
}

/// `op_util_call_sites_sync(frameCount)`: the frames of the current stack
/// below the JS function that called this op, as flat
/// `[functionName, scriptId, scriptName, line, column, …]` (five values a
/// frame), for `util.getCallSites`. V8's JS `CallSite` objects carry no
/// script id; its native stack trace does.
pub(crate) fn op_util_call_sites_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(count) = crate::ops::args::arg::<u32>(scope, &args, 0, "frameCount") else { return };
    // One more frame: the first is util.getCallSites itself.
    let Some(trace) = v8::StackTrace::current_stack_trace(scope, count as usize + 1) else { return };
    let mut values: Vec<v8::Local<v8::Value>> = Vec::new();
    for i in 1..trace.get_frame_count() {
        let Some(frame) = trace.get_frame(scope, i) else { continue };
        let name: v8::Local<v8::Value> = match frame.get_function_name(scope) {
            Some(name) => name.into(),
            None => v8::String::empty(scope).into(),
        };
        let script: v8::Local<v8::Value> = match frame.get_script_name_or_source_url(scope) {
            Some(script) => script.into(),
            None => v8::String::empty(scope).into(),
        };
        let id =
            v8::String::new(scope, &frame.get_script_id().to_string()).map_or_else(|| v8::String::empty(scope), |s| s);
        values.push(name);
        values.push(id.into());
        values.push(script);
        values.push(v8::Integer::new_from_unsigned(scope, frame.get_line_number() as u32).into());
        values.push(v8::Integer::new_from_unsigned(scope, frame.get_column() as u32).into());
    }
    rv.set(v8::Array::new_with_elements(scope, &values).into());
}
