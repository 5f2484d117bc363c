//! ES module ops: resolution and formats (Node's ESM algorithm, in
//! `modules/esm_resolve.rs`), V8 module records (compile, synthetic
//! facades, link, instantiate, evaluate), file URLs and the CommonJS
//! export lexer. The loader that drives them is
//! `js/internal/modules/esm/loader.js`.

use std::path::Path;

use crate::errors;
use crate::modules::cjs_lexer;
use crate::modules::esm;
use crate::modules::esm_resolve::{self, EsmContext, EsmError};
use crate::modules::url::{file_url_to_path, path_to_file_url};
use crate::ops::{js_string, throw_type_error};
use crate::state::{Deliver, State};

fn string_list(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> Vec<String> {
    let Ok(array) = v8::Local::<v8::Array>::try_from(value) else { return Vec::new() };
    (0..array.length()).filter_map(|i| array.get_index(scope, i)).map(|v| v.to_rust_string_lossy(scope)).collect()
}

/// An error as `{ code, args, hint }` for the JS side to construct with
/// `internal/errors` (so it is Node's class, header and properties).
fn error_value<'s>(scope: &mut v8::PinScope<'s, '_>, err: &EsmError) -> v8::Local<'s, v8::Value> {
    let json = serde_json::json!({ "code": err.code, "args": err.args, "hint": err.hint });
    let text = js_string(scope, &json.to_string());
    v8::json::parse(scope, text).unwrap_or_else(|| v8::undefined(scope).into())
}

/// A module record id argument (throws ERR_INVALID_ARG_TYPE otherwise).
fn id_arg(scope: &mut v8::PinScope, args: &v8::FunctionCallbackArguments, i: i32) -> Option<u32> {
    crate::ops::args::arg::<u32>(scope, args, i, "id")
}

fn module_of<'s>(scope: &mut v8::PinScope<'s, '_>, id: u32) -> Option<v8::Local<'s, v8::Module>> {
    let state = State::get(scope);
    match state.esm.module(id) {
        Some(module) => Some(v8::Local::new(scope, module)),
        None => {
            throw_type_error(scope, "ERR_INTERNAL_ASSERTION", &format!("no ES module record {id}"));
            None
        }
    }
}

/// `op_esm_resolve_sync(specifier, parentURL, conditions, preserveSymlinks)`:
/// the resolved URL, or `{ code, args, hint }`.
pub(crate) fn op_esm_resolve_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let specifier = args.get(0).to_rust_string_lossy(scope);
    let parent = args.get(1).to_rust_string_lossy(scope);
    let mut conditions = vec!["node".to_owned(), "import".to_owned()];
    conditions.extend(string_list(scope, args.get(2)));
    let preserve_symlinks = args.get(3).is_true();
    let state = State::get(scope);
    let cx = EsmContext {
        packages: &state.packages,
        conditions: &conditions,
        preserve_symlinks,
        is_builtin: &crate::modules::builtins::is_builtin,
    };
    match esm_resolve::resolve(&cx, &specifier, &parent) {
        Ok(url) => rv.set(js_string(scope, &url).into()),
        Err(err) => rv.set(error_value(scope, &err)),
    }
}

/// `op_esm_format_sync(url)`: `"module"`, `"commonjs"`, `"json"` or
/// `"builtin"`, or `{ code, args }` (unknown extension, unsupported scheme).
pub(crate) fn op_esm_format_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let url = args.get(0).to_rust_string_lossy(scope);
    let state = State::get(scope);
    match esm_resolve::format_of(&state.packages, &url) {
        Ok(format) => rv.set(js_string(scope, format.name()).into()),
        Err(err) => rv.set(error_value(scope, &err)),
    }
}

/// `op_esm_path_to_url_sync(path)`: Node's `pathToFileURL(path).href`.
pub(crate) fn op_esm_path_to_url_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let path = args.get(0).to_rust_string_lossy(scope);
    rv.set(js_string(scope, &path_to_file_url(Path::new(&path))).into());
}

/// `op_esm_url_to_path_sync(url)`: Node's `fileURLToPath(url)`, or
/// `{ code, args }`.
pub(crate) fn op_esm_url_to_path_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let text = args.get(0).to_rust_string_lossy(scope);
    let result = crate::modules::url::Url::parse(&text)
        .map_err(|_| EsmError { code: "ERR_INVALID_URL", args: vec![serde_json::json!(text)], hint: None })
        .and_then(|u| file_url_to_path(&u).map_err(|e| esm_resolve::file_url_error(&e)));
    match result {
        Ok(path) => rv.set(js_string(scope, &path.to_string_lossy()).into()),
        Err(err) => rv.set(error_value(scope, &err)),
    }
}

/// `op_esm_compile_sync(source, url)`: compiles a source text module;
/// returns `[id, requests]` with `requests` as `[specifier, attributes]`
/// pairs. A syntax error is thrown with its arrow attached.
pub(crate) fn op_esm_compile_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(source) = v8::Local::<v8::String>::try_from(args.get(0)) else {
        throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "source must be a string");
        return;
    };
    let url = args.get(1).to_rust_string_lossy(scope);
    let name = js_string(scope, &url).into();
    let origin = v8::ScriptOrigin::new(scope, name, 0, 0, false, 0, None, false, false, true, None);
    let mut source = v8::script_compiler::Source::new(source, Some(&origin));
    let module = {
        v8::tc_scope!(let tc, scope);
        match v8::script_compiler::compile_module(tc, &mut source) {
            Some(module) => v8::Global::new(tc, module),
            None => {
                crate::ops::modules::rethrow_decorated(tc);
                return;
            }
        }
    };
    let module = v8::Local::new(scope, module);
    let requests = esm::requests_of(scope, module);
    let list: Vec<v8::Local<v8::Value>> = requests
        .iter()
        .map(|r| {
            let attributes = v8::Object::new(scope);
            for (key, value) in &r.attributes {
                crate::ops::set_str(scope, attributes, key, value);
            }
            let specifier = js_string(scope, &r.specifier).into();
            v8::Array::new_with_elements(scope, &[specifier, attributes.into()]).into()
        })
        .collect();
    let state = State::get(scope);
    let id = state.esm.add(scope, module, url, requests, None);
    let id = v8::Integer::new_from_unsigned(scope, id).into();
    let list = v8::Array::new_with_elements(scope, &list).into();
    rv.set(v8::Array::new_with_elements(scope, &[id, list]).into());
}

/// `op_esm_synthetic_sync(url, exportNames, evaluate)`: a module whose
/// exports `evaluate()` sets with `op_esm_set_export_sync` when V8
/// evaluates it (CommonJS, JSON and core module facades); returns its id.
pub(crate) fn op_esm_synthetic_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let url = args.get(0).to_rust_string_lossy(scope);
    let names = string_list(scope, args.get(1));
    let Ok(evaluate) = v8::Local::<v8::Function>::try_from(args.get(2)) else {
        throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "evaluate must be a function");
        return;
    };
    let mut unique: Vec<v8::Local<v8::String>> = Vec::with_capacity(names.len());
    let mut seen = std::collections::HashSet::new();
    for name in &names {
        if seen.insert(name.as_str()) {
            unique.push(js_string(scope, name));
        }
    }
    let module_name = js_string(scope, &url);
    let module = v8::Module::create_synthetic_module(scope, module_name, &unique, esm::synthetic_evaluation_steps);
    let evaluate = v8::Global::new(scope, evaluate);
    let state = State::get(scope);
    let id = state.esm.add(scope, module, url, Vec::new(), Some(evaluate));
    rv.set_uint32(id);
}

/// `op_esm_set_export_sync(id, name, value)`: sets an export of a
/// synthetic module (also after evaluation, for live core bindings).
pub(crate) fn op_esm_set_export_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(id) = id_arg(scope, &args, 0) else { return };
    let Some(module) = module_of(scope, id) else { return };
    let name = js_string(scope, &args.get(1).to_rust_string_lossy(scope));
    let value = v8::Local::new(scope, args.get(2));
    let _ = module.set_synthetic_module_export(scope, name, value);
}

/// `op_esm_link_sync(id, targets)`: links request `i` of module `id` to
/// module `targets[i]`.
pub(crate) fn op_esm_link_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, _rv: v8::ReturnValue) {
    let Some(id) = id_arg(scope, &args, 0) else { return };
    let Ok(targets) = v8::Local::<v8::Array>::try_from(args.get(1)) else { return };
    let state = State::get(scope);
    for i in 0..targets.length() {
        let target = targets.get_index(scope, i).and_then(|v| v.uint32_value(scope)).unwrap_or(u32::MAX);
        if !state.esm.link(id, i as usize, target) {
            throw_type_error(scope, "ERR_INTERNAL_ASSERTION", &format!("cannot link request {i} of module {id}"));
            return;
        }
    }
}

/// `op_esm_instantiate_sync(id)`: instantiates module `id` and its graph.
/// A link error (a missing export) is thrown with the arrow at the start
/// of its `stack`, as Node decorates it.
pub(crate) fn op_esm_instantiate_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(id) = id_arg(scope, &args, 0) else { return };
    let Some(module) = module_of(scope, id) else { return };
    v8::tc_scope!(let tc, scope);
    if module.instantiate_module(tc, esm::resolve_callback).is_some() {
        return;
    }
    let Some(exception) = tc.exception() else { return };
    if let Some(arrow) = tc.message().and_then(|m| errors::arrow_of(tc, m)) {
        if let Ok(object) = v8::Local::<v8::Object>::try_from(exception) {
            let key = js_string(tc, "stack");
            if let Some(stack) = object.get(tc, key.into()).filter(|s| s.is_string()) {
                let decorated = format!("{arrow}{}", stack.to_rust_string_lossy(tc));
                let value = js_string(tc, &decorated).into();
                object.set(tc, key.into(), value);
                // The arrow is in the stack now: none is printed apart.
                errors::decorate(tc, exception, "");
            }
        }
    }
    tc.rethrow();
}

/// `op_esm_evaluate_sync(id)`: evaluates module `id`; returns V8's
/// promise of its evaluation (settled at once when nothing awaits).
pub(crate) fn op_esm_evaluate_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = id_arg(scope, &args, 0) else { return };
    let Some(module) = module_of(scope, id) else { return };
    // V8 only evaluates a linked (or already evaluated) module; anything
    // else is a loader bug, reported instead of aborting the process.
    if matches!(
        module.get_status(),
        v8::ModuleStatus::Uninstantiated | v8::ModuleStatus::Instantiating | v8::ModuleStatus::Evaluating
    ) {
        throw_type_error(scope, "ERR_INTERNAL_ASSERTION", &format!("ES module {id} cannot be evaluated in its state"));
        return;
    }
    if let Some(result) = module.evaluate(scope) {
        rv.set(result);
    }
}

/// `op_esm_status_sync(id)`: V8's status of module `id` (`uninstantiated`,
/// `instantiating`, `instantiated`, `evaluating`, `evaluated` or
/// `errored`) and, once instantiated, whether its graph has a top-level
/// `await` (`[status, isGraphAsync]`), for `require()` of ES modules.
pub(crate) fn op_esm_status_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = id_arg(scope, &args, 0) else { return };
    let Some(module) = module_of(scope, id) else { return };
    let status = module.get_status();
    let name = match status {
        v8::ModuleStatus::Uninstantiated => "uninstantiated",
        v8::ModuleStatus::Instantiating => "instantiating",
        v8::ModuleStatus::Instantiated => "instantiated",
        v8::ModuleStatus::Evaluating => "evaluating",
        v8::ModuleStatus::Evaluated => "evaluated",
        v8::ModuleStatus::Errored => "errored",
    };
    let is_async = !matches!(status, v8::ModuleStatus::Uninstantiated | v8::ModuleStatus::Instantiating)
        && module.is_graph_async();
    let name = js_string(scope, name).into();
    let is_async = v8::Boolean::new(scope, is_async).into();
    rv.set(v8::Array::new_with_elements(scope, &[name, is_async]).into());
}

/// `op_esm_namespace_sync(id)`: the module namespace object.
pub(crate) fn op_esm_namespace_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = id_arg(scope, &args, 0) else { return };
    let Some(module) = module_of(scope, id) else { return };
    rv.set(module.get_module_namespace());
}

/// `op_esm_stalled_sync(id)`: for each top-level `await` in the graph of
/// `id` that has not settled, its arrow (`url:line`, source line, caret).
pub(crate) fn op_esm_stalled_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = id_arg(scope, &args, 0) else { return };
    let Some(module) = module_of(scope, id) else { return };
    let stalled = module.get_stalled_top_level_await_message(scope);
    let mut arrows = Vec::new();
    for (_, message) in stalled {
        if let Some(arrow) = errors::arrow_of(scope, message) {
            arrows.push(arrow);
        }
    }
    let list: Vec<v8::Local<v8::Value>> = arrows.iter().map(|a| js_string(scope, a).into()).collect();
    rv.set(v8::Array::new_with_elements(scope, &list).into());
}

/// `op_esm_lex_cjs_sync(source)`: the named exports and reexport
/// specifiers a CommonJS source shows (cjs-module-lexer's grammar), as
/// `[exports, reexports]`; throws when the source cannot be lexed.
pub(crate) fn op_esm_lex_cjs_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let source = args.get(0).to_rust_string_lossy(scope);
    match cjs_lexer::parse(&source) {
        Ok(found) => {
            let exports: Vec<v8::Local<v8::Value>> = found.exports.iter().map(|e| js_string(scope, e).into()).collect();
            let reexports: Vec<v8::Local<v8::Value>> =
                found.reexports.iter().map(|e| js_string(scope, e).into()).collect();
            let exports = v8::Array::new_with_elements(scope, &exports).into();
            let reexports = v8::Array::new_with_elements(scope, &reexports).into();
            rv.set(v8::Array::new_with_elements(scope, &[exports, reexports]).into());
        }
        Err(err) => {
            let message = js_string(scope, &err.to_string());
            let error = v8::Exception::syntax_error(scope, message);
            scope.throw_exception(error);
        }
    }
}

/// `op_esm_next_turn_async(callback)`: calls `callback` in the poll phase
/// of the loop (where a file read would complete), keeping the loop alive
/// until then. `import()` of a module not loaded yet waits for it, as
/// Node's loader waits for its asynchronous reads.
pub(crate) fn op_esm_next_turn_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(callback) = v8::Local::<v8::Function>::try_from(args.get(0)) else {
        throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "callback must be a function");
        return;
    };
    let callback = v8::Global::new(scope, callback);
    let state = State::get(scope);
    let id = state.spawn_op(scope, crate::handles::Kind::Request, callback, async {
        let deliver: Deliver = Box::new(|_| Vec::new());
        deliver
    });
    rv.set_uint32(id);
}

/// Node's messages of CommonJS compile errors that mean "this is ES module
/// syntax" (`containsModuleSyntax` in Node's contextify).
const ESM_SYNTAX_ERRORS: &[&str] = &[
    "Cannot use import statement outside a module",
    "Unexpected token 'export'",
    "Cannot use 'import.meta' outside a module",
];

/// Messages of errors that only CommonJS throws for valid ES module code
/// (a top-level `await`, a declaration of a wrapper variable).
const CJS_ONLY_ERRORS: &[&str] = &[
    "Identifier 'module' has already been declared",
    "Identifier 'exports' has already been declared",
    "Identifier 'require' has already been declared",
    "Identifier '__filename' has already been declared",
    "Identifier '__dirname' has already been declared",
    "await is only valid in async functions and the top level bodies of modules",
];

/// `op_esm_contains_module_syntax_sync(source, filename, cjsScope)`:
/// whether `source` fails to compile as CommonJS because it is ES module
/// code (Node's module syntax detection). With `cjsScope` false the code
/// is compiled without the CommonJS wrapper's parameters (`-e` code).
pub(crate) fn op_esm_contains_module_syntax_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(source) = v8::Local::<v8::String>::try_from(args.get(0)) else {
        rv.set_bool(false);
        return;
    };
    let filename = args.get(1);
    let wrapper: &[&str] =
        if args.get(2).is_false() { &[] } else { &["exports", "require", "module", "__filename", "__dirname"] };
    let params: Vec<v8::Local<v8::String>> = wrapper.iter().map(|p| js_string(scope, p)).collect();
    let message = {
        let origin = v8::ScriptOrigin::new(scope, filename, 0, 0, false, 0, None, false, false, false, None);
        let mut compiled = v8::script_compiler::Source::new(source, Some(&origin));
        v8::tc_scope!(let tc, scope);
        let function = v8::script_compiler::compile_function(
            tc,
            &mut compiled,
            &params,
            &[],
            v8::script_compiler::CompileOptions::NoCompileOptions,
            v8::script_compiler::NoCacheReason::NoReason,
        );
        if function.is_some() {
            rv.set_bool(false);
            return;
        }
        match tc.message() {
            Some(m) => m.get(tc).to_rust_string_lossy(tc),
            None => String::new(),
        }
    };
    if ESM_SYNTAX_ERRORS.iter().any(|e| message.contains(e)) {
        rv.set_bool(true);
        return;
    }
    if !CJS_ONLY_ERRORS.iter().any(|e| message.contains(e)) {
        rv.set_bool(false);
        return;
    }
    let origin = v8::ScriptOrigin::new(scope, filename, 0, 0, false, 0, None, false, false, true, None);
    let mut compiled = v8::script_compiler::Source::new(source, Some(&origin));
    v8::tc_scope!(let tc, scope);
    rv.set_bool(v8::script_compiler::compile_module(tc, &mut compiled).is_some());
}

/// `op_esm_package_json_path_sync(file)`: the `package.json` of the
/// package scope of `file`, or undefined.
pub(crate) fn op_esm_package_json_path_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let file = args.get(0).to_rust_string_lossy(scope);
    let dir = Path::new(&file).parent().unwrap_or(Path::new("/"));
    let state = State::get(scope);
    if let Ok(Some(pkg)) = state.packages.scope_of(dir) {
        rv.set(js_string(scope, &pkg.path.to_string_lossy()).into());
    }
}

/// `op_esm_set_arrow_sync(error, arrow)`: the arrow (`file:line`, source
/// line, caret) printed with `error` if it ends the process, instead of
/// the place it was thrown.
pub(crate) fn op_esm_set_arrow_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let arrow = args.get(1).to_rust_string_lossy(scope);
    errors::decorate(scope, args.get(0), &arrow);
}
