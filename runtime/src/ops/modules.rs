//! Module ops: resolution for the CommonJS loader, compiling modules and
//! scripts.

use std::path::{Path, PathBuf};

use crate::errors;
use crate::modules::ResolveError;
use crate::modules::package_json::PackageType;
use crate::modules::resolve::{self, RequireContext};
use crate::ops::{js_string, set_str};
use crate::state::State;

fn string_list(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> Vec<String> {
    let Ok(array) = v8::Local::<v8::Array>::try_from(value) else { return Vec::new() };
    (0..array.length()).filter_map(|i| array.get_index(scope, i)).map(|v| v.to_rust_string_lossy(scope)).collect()
}

/// Throws a resolution error with Node's code and message.
pub(crate) fn throw_resolve_error(scope: &mut v8::PinScope, err: &ResolveError) {
    let message = js_string(scope, &err.to_string());
    let error = if err.is_type_error() {
        v8::Exception::type_error(scope, message)
    } else {
        v8::Exception::error(scope, message)
    };
    if let Ok(object) = v8::Local::<v8::Object>::try_from(error) {
        set_str(scope, object, "code", err.code());
        if let ResolveError::BadMain { dir, .. } = err {
            set_str(scope, object, "path", &dir.join("package.json").to_string_lossy());
        }
    }
    scope.throw_exception(error);
}

/// `op_modules_resolve_require_sync(request, baseDir, lookupPaths,
/// extensions, conditions, preserveSymlinks, parentFile)`: the resolved
/// file (`[file, package.json, main]` when a package's `main` named nothing
/// and its `index` was taken), or undefined when nothing matches; throws
/// Node's package errors
/// (an unparsable `package.json` as Node 24's CommonJS loader does: an
/// Error `Invalid package config <file>.` with its code).
pub(crate) fn op_modules_resolve_require_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let request = args.get(0).to_rust_string_lossy(scope);
    let base_dir = PathBuf::from(args.get(1).to_rust_string_lossy(scope));
    let lookup_paths: Vec<PathBuf> = string_list(scope, args.get(2)).into_iter().map(PathBuf::from).collect();
    let extensions = string_list(scope, args.get(3));
    let mut conditions = vec!["node".to_owned(), "require".to_owned()];
    conditions.extend(string_list(scope, args.get(4)));
    let preserve_symlinks = args.get(5).is_true();
    let parent = args.get(6).is_string().then(|| PathBuf::from(args.get(6).to_rust_string_lossy(scope)));
    let state = State::get(scope);
    let invalid_main = std::cell::RefCell::new(Vec::new());
    let cx = RequireContext {
        base_dir: &base_dir,
        lookup_paths: &lookup_paths,
        extensions: &extensions,
        conditions: &conditions,
        preserve_symlinks,
        parent: parent.as_deref(),
        invalid_main: Some(&invalid_main),
    };
    match resolve::resolve_require(&state.packages, &request, &cx) {
        Ok(Some(path)) => {
            let path = js_string(scope, &path.to_string_lossy()).into();
            // A package whose `main` names nothing: `[path, package.json, main]`.
            match invalid_main.into_inner().into_iter().next() {
                Some((json, main)) => {
                    let json = js_string(scope, &json.to_string_lossy()).into();
                    let main = js_string(scope, &main).into();
                    rv.set(v8::Array::new_with_elements(scope, &[path, json, main]).into());
                }
                None => rv.set(path),
            }
        }
        Ok(None) => {}
        Err(ResolveError::InvalidPackageConfig { path, .. }) => throw_invalid_package_config(scope, &path),
        Err(err) => throw_resolve_error(scope, &err),
    }
}

/// Node 24's CommonJS error for a `package.json` that is not JSON: a plain
/// Error (`Invalid package config <file>.`) with `code`
/// `ERR_INVALID_PACKAGE_CONFIG`, as its native package reader throws it.
fn throw_invalid_package_config(scope: &mut v8::PinScope, path: &Path) {
    let message = js_string(scope, &format!("Invalid package config {}.", path.display()));
    let error = v8::Exception::error(scope, message);
    if let Ok(object) = v8::Local::<v8::Object>::try_from(error) {
        set_str(scope, object, "code", "ERR_INVALID_PACKAGE_CONFIG");
    }
    scope.throw_exception(error);
}

/// `op_modules_node_module_paths_sync(dir)`: `Module._nodeModulePaths`.
pub(crate) fn op_modules_node_module_paths_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let dir = args.get(0).to_rust_string_lossy(scope);
    let paths: Vec<v8::Local<v8::Value>> = resolve::node_module_paths(Path::new(&dir))
        .iter()
        .map(|p| js_string(scope, &p.to_string_lossy()).into())
        .collect();
    rv.set(v8::Array::new_with_elements(scope, &paths).into());
}

/// `op_modules_package_type_sync(file)`: `"module"`, `"commonjs"` or
/// `"none"`, the `"type"` of the file's package scope.
pub(crate) fn op_modules_package_type_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let file = PathBuf::from(args.get(0).to_rust_string_lossy(scope));
    let state = State::get(scope);
    let dir = file.parent().unwrap_or(Path::new("/"));
    let kind = match state.packages.scope_of(dir) {
        Ok(Some(pkg)) => pkg.kind,
        Ok(None) => PackageType::None,
        Err(err) => {
            throw_resolve_error(scope, &err);
            return;
        }
    };
    let text = match kind {
        PackageType::Module => "module",
        PackageType::CommonJs => "commonjs",
        PackageType::None => "none",
    };
    rv.set(js_string(scope, text).into());
}

/// `op_modules_compile_function_sync(source, filename, params)`: compiles
/// `source` as the body of a function of `params` (the CommonJS wrapper
/// without a text wrapper, so line and column numbers are the file's own).
/// A syntax error is thrown with its arrow attached.
pub(crate) fn op_modules_compile_function_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(source) = v8::Local::<v8::String>::try_from(args.get(0)) else {
        crate::ops::throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "source must be a string");
        return;
    };
    let name = args.get(1);
    let params: Vec<v8::Local<v8::String>> = match v8::Local::<v8::Array>::try_from(args.get(2)) {
        Ok(array) => {
            (0..array.length()).filter_map(|i| array.get_index(scope, i)).filter_map(|v| v.to_string(scope)).collect()
        }
        Err(_) => Vec::new(),
    };
    let origin = v8::ScriptOrigin::new(scope, name, 0, 0, false, 0, None, false, false, false, None);
    let mut source = v8::script_compiler::Source::new(source, Some(&origin));
    v8::tc_scope!(let tc, scope);
    let function = v8::script_compiler::compile_function(
        tc,
        &mut source,
        &params,
        &[],
        v8::script_compiler::CompileOptions::NoCompileOptions,
        v8::script_compiler::NoCacheReason::NoReason,
    );
    match function {
        Some(f) => rv.set(f.into()),
        None => rethrow_decorated(tc),
    }
}

/// `op_modules_run_script_sync(source, filename)`: compiles and runs a
/// classic script in the global scope (`-e`, `-p`, stdin); returns its
/// completion value. An exception that escapes is decorated as Node's
/// `runInThisContext({ displayErrors: true })` does: its `stack` starts
/// with the arrow (see `errors::decorate_stack`).
pub(crate) fn op_modules_run_script_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(source) = v8::Local::<v8::String>::try_from(args.get(0)) else {
        crate::ops::throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "source must be a string");
        return;
    };
    let name = args.get(1);
    let origin = v8::ScriptOrigin::new(scope, name, 0, 0, false, 0, None, false, false, false, None);
    v8::tc_scope!(let tc, scope);
    let Some(script) = v8::Script::compile(tc, source, Some(&origin)) else {
        rethrow_decorated(tc);
        return;
    };
    match script.run(tc) {
        Some(value) => rv.set(value),
        None => {
            if tc.has_caught() && !tc.has_terminated() {
                if let (Some(exception), Some(message)) = (tc.exception(), tc.message()) {
                    if let Some(arrow) = errors::arrow_of(tc, message) {
                        errors::decorate_stack(tc, exception, &arrow);
                    }
                }
                tc.rethrow();
            }
        }
    }
}

/// Rethrows the caught exception with its arrow attached (see
/// `errors::decorate`).
pub(crate) fn rethrow_decorated(tc: &mut v8::PinnedRef<v8::TryCatch<v8::HandleScope>>) {
    if let Some(exception) = tc.exception() {
        if let Some(message) = tc.message() {
            if let Some(arrow) = errors::arrow_of(tc, message) {
                errors::decorate(tc, exception, &arrow);
            }
        }
        tc.rethrow();
    }
}
