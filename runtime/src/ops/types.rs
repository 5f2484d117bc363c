//! Brand checks JavaScript cannot make (`internalBinding('types')`), one op
//! per `v8::Value::is_*`.

macro_rules! checks {
    ($($op:ident => |$v:ident| $check:expr;)*) => {
        $(
            /// `(value) → boolean`, V8's check of the same name.
            pub(crate) fn $op(_scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
                let $v = args.get(0);
                rv.set_bool($check);
            }
        )*
    };
}

checks! {
    op_types_is_external_sync => |v| v.is_external();
    op_types_is_date_sync => |v| v.is_date();
    op_types_is_arguments_object_sync => |v| v.is_arguments_object();
    op_types_is_big_int_object_sync => |v| v.is_big_int_object();
    op_types_is_boolean_object_sync => |v| v.is_boolean_object();
    op_types_is_number_object_sync => |v| v.is_number_object();
    op_types_is_string_object_sync => |v| v.is_string_object();
    op_types_is_symbol_object_sync => |v| v.is_symbol_object();
    op_types_is_native_error_sync => |v| v.is_native_error();
    op_types_is_reg_exp_sync => |v| v.is_reg_exp();
    op_types_is_async_function_sync => |v| v.is_async_function();
    op_types_is_generator_function_sync => |v| v.is_generator_function();
    op_types_is_generator_object_sync => |v| v.is_generator_object();
    op_types_is_promise_sync => |v| v.is_promise();
    op_types_is_map_sync => |v| v.is_map();
    op_types_is_set_sync => |v| v.is_set();
    op_types_is_map_iterator_sync => |v| v.is_map_iterator();
    op_types_is_set_iterator_sync => |v| v.is_set_iterator();
    op_types_is_weak_map_sync => |v| v.is_weak_map();
    op_types_is_weak_set_sync => |v| v.is_weak_set();
    op_types_is_array_buffer_sync => |v| v.is_array_buffer();
    op_types_is_data_view_sync => |v| v.is_data_view();
    op_types_is_shared_array_buffer_sync => |v| v.is_shared_array_buffer();
    op_types_is_proxy_sync => |v| v.is_proxy();
    op_types_is_module_namespace_object_sync => |v| v.is_module_namespace_object();
    op_types_is_any_array_buffer_sync => |v| v.is_array_buffer() || v.is_shared_array_buffer();
    op_types_is_boxed_primitive_sync => |v| v.is_number_object()
        || v.is_string_object()
        || v.is_boolean_object()
        || v.is_big_int_object()
        || v.is_symbol_object();
}
