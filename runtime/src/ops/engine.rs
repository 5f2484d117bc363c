//! Engine ops (`internalBinding('engine')`), for `node:v8`.

use crate::ops::{js_string, set_value};

fn number(scope: &mut v8::PinScope, object: v8::Local<v8::Object>, key: &str, value: usize) {
    let value = v8::Number::new(scope, value as f64).into();
    set_value(scope, object, key, value);
}

/// `op_engine_heap_statistics_sync()`: Node's `v8.getHeapStatistics()` object.
pub(crate) fn op_engine_heap_statistics_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let s = scope.get_heap_statistics();
    let object = v8::Object::new(scope);
    for (key, value) in [
        ("total_heap_size", s.total_heap_size()),
        ("total_heap_size_executable", s.total_heap_size_executable()),
        ("total_physical_size", s.total_physical_size()),
        ("total_available_size", s.total_available_size()),
        ("used_heap_size", s.used_heap_size()),
        ("heap_size_limit", s.heap_size_limit()),
        ("malloced_memory", s.malloced_memory()),
        ("peak_malloced_memory", s.peak_malloced_memory()),
        ("does_zap_garbage", 0),
        ("number_of_native_contexts", s.number_of_native_contexts()),
        ("number_of_detached_contexts", s.number_of_detached_contexts()),
        ("total_global_handles_size", s.total_global_handles_size()),
        ("used_global_handles_size", s.used_global_handles_size()),
        ("external_memory", s.external_memory()),
    ] {
        number(scope, object, key, value);
    }
    rv.set(object.into());
}

/// `op_engine_heap_space_statistics_sync()`: one object per heap space, as
/// `v8.getHeapSpaceStatistics()`.
pub(crate) fn op_engine_heap_space_statistics_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let count = scope.number_of_heap_spaces();
    let mut spaces = Vec::with_capacity(count);
    for i in 0..count {
        let Some(space) = scope.get_heap_space_statistics(i) else { continue };
        let object = v8::Object::new(scope);
        let name = js_string(scope, &space.space_name().to_string_lossy()).into();
        set_value(scope, object, "space_name", name);
        number(scope, object, "space_size", space.space_size());
        number(scope, object, "space_used_size", space.space_used_size());
        number(scope, object, "space_available_size", space.space_available_size());
        number(scope, object, "physical_space_size", space.physical_space_size());
        spaces.push(object.into());
    }
    rv.set(v8::Array::new_with_elements(scope, &spaces).into());
}

/// `op_engine_set_flags_sync(flags)`: `v8.setFlagsFromString`.
pub(crate) fn op_engine_set_flags_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let flags = args.get(0).to_rust_string_lossy(scope);
    v8::V8::set_flags_from_string(&flags);
}

/// `op_engine_cached_data_version_tag_sync()`.
pub(crate) fn op_engine_cached_data_version_tag_sync(
    _scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    rv.set_uint32(v8::script_compiler::cached_data_version_tag());
}
