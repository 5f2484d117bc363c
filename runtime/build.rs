//! Builds the startup snapshot.
//!
//! Every file under `js/` is compiled into one V8 context (snapshot
//! context 0; the default context stays empty for `vm`) as an internal
//! module (see `js/README.md`), `js/internal/bootstrap/realm.js` is run to
//! set up the globals, and the heap is saved as `$OUT_DIR/SNAPSHOT.bin`,
//! which the `nodus` binary starts from.
//!
//! The binding objects (`internalBinding(area)`) hold one function per op of
//! `src/ops/table.rs`. Here those functions are stand-ins that fail the
//! build if called (module top-level code must not call ops); V8 saves them
//! as external references by position, and the binary supplies the real
//! ops at the same positions.
//!
//! Also written to `$OUT_DIR`:
//! - `build_info.rs`: the V8 version and the module ABI number,
//! - `builtins.rs`: the ids of the public core modules (`js/lib/**`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Stand-in op functions, one per entry of the op table.
macro_rules! ops_table {
    ($($area:ident: [$($op:ident),* $(,)?]),* $(,)?) => {
        $(
            #[allow(non_snake_case, dead_code)]
            mod $area {
                $(
                    pub fn $op(scope: &mut v8::PinScope, _args: v8::FunctionCallbackArguments, _rv: v8::ReturnValue) {
                        let message = concat!("op ", stringify!($op), " called while building the snapshot: module top-level code must not call ops");
                        let text = v8::String::new(scope, message).expect("message string");
                        let error = v8::Exception::error(scope, text);
                        scope.throw_exception(error);
                    }
                )*
            }
        )*
        /// Every area with its ops (name, callback), in the table's order.
        fn areas() -> Vec<(&'static str, Vec<(&'static str, v8::FunctionCallback)>)> {
            vec![$((stringify!($area), vec![$((stringify!($op), v8::MapFnTo::map_fn_to($area::$op))),*])),*]
        }
    };
}
include!("src/ops/table.rs");

/// The internal module that sets up the realm; compiled with its own
/// parameters, see its header.
const REALM_ID: &str = "internal/bootstrap/realm";

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let js_dir = manifest_dir.join("js");
    println!("cargo:rerun-if-changed=js");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/ops/table.rs");
    println!("cargo:rerun-if-changed=src/uv_errors.rs");
    println!("cargo:rerun-if-env-changed=NODUS_RELEASE_LTS");
    println!("cargo:rerun-if-changed=abi_version_registry.json");

    let mut sources = Vec::new();
    collect_js(&js_dir, &js_dir, &mut sources);
    sources.push(uv_errors_module());
    sources.sort();

    v8::V8::initialize_platform(v8::new_default_platform(0, false).make_shared());
    v8::V8::initialize();
    let v8_version = v8::V8::get_version().to_owned();
    let modules_abi = modules_abi(&manifest_dir.join("abi_version_registry.json"), &v8_version);
    let lts = std::env::var("NODUS_RELEASE_LTS").ok().filter(|s| !s.is_empty());

    let lib_ids: Vec<&str> = sources.iter().map(|m| m.id.as_str()).filter(|id| !id.starts_with("internal/")).collect();

    let build_info = serde_like_json(&[
        ("nodusVersion", Json::Str(std::env::var("CARGO_PKG_VERSION").expect("cargo sets CARGO_PKG_VERSION"))),
        ("v8Version", Json::Str(v8_version.clone())),
        // Keep in step with NODE_COMPAT_VERSION in src/lib.rs.
        ("nodeCompatVersion", Json::Str("24.21.0".to_owned())),
        ("modulesAbi", Json::Str(modules_abi.to_string())),
        ("lts", lts.clone().map(Json::Str).unwrap_or(Json::False)),
        ("builtinIds", Json::List(lib_ids.iter().map(|s| s.to_string()).collect())),
    ]);

    let blob = make_snapshot(&sources, &build_info);
    std::fs::write(out_dir.join("SNAPSHOT.bin"), &*blob).expect("write SNAPSHOT.bin");

    let mut info = String::new();
    writeln!(info, "/// The V8 version the runtime embeds.").ok();
    writeln!(info, "pub const V8_VERSION: &str = {v8_version:?};").ok();
    writeln!(info, "/// The module ABI number (`process.versions.modules`), see ARCHITECTURE.md.").ok();
    writeln!(info, "pub const MODULES_ABI: u32 = {modules_abi};").ok();
    writeln!(info, "/// The LTS codename this build was made for, if any (`NODUS_RELEASE_LTS`).").ok();
    writeln!(info, "pub const LTS: Option<&str> = {lts:?};").ok();
    std::fs::write(out_dir.join("build_info.rs"), info).expect("write build_info.rs");

    let mut builtins = String::from(
        "/// The public core modules, as `require` names them (without `node:`).\npub const LIB_IDS: &[&str] = &[\n",
    );
    for id in &lib_ids {
        writeln!(builtins, "    {id:?},").ok();
    }
    builtins.push_str("];\n");
    std::fs::write(out_dir.join("builtins.rs"), builtins).expect("write builtins.rs");
}

/// `internal/uv_errors_table`: libuv's errors as a JS array of `[errno,
/// code, message]`, made from the one table in `src/uv_errors.rs` (which
/// the ops include too), so the two sides cannot drift apart.
fn uv_errors_module() -> JsModule {
    macro_rules! uv_errors {
        ($(($errno:expr, $name:expr, $message:expr)),* $(,)?) => {
            &[$(($errno, $name, $message)),*]
        };
    }
    let table: &[(i32, &str, &str)] = include!("src/uv_errors.rs");
    let mut source = String::from(
        "'use strict';\n// Generated by build.rs from src/uv_errors.rs: [errno, code, message].\nmodule.exports = [\n",
    );
    for (errno, name, message) in table {
        writeln!(source, "  [{errno}, {name:?}, {message:?}],").ok();
    }
    source.push_str("];\n");
    JsModule { id: "internal/uv_errors_table".to_owned(), source }
}

/// One file of `js/`.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct JsModule {
    /// `internal/util/inspect` for `js/internal/util/inspect.js`, `util` for `js/lib/util.js`.
    id: String,
    source: String,
}

fn collect_js(root: &Path, dir: &Path, out: &mut Vec<JsModule>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            collect_js(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "js") {
            let rel = path.strip_prefix(root).expect("under js/").with_extension("");
            let rel = rel.to_str().expect("UTF-8 file names under js/").replace('\\', "/");
            let id = match rel.strip_prefix("lib/") {
                Some(lib) => lib.to_owned(),
                None => rel,
            };
            let source =
                std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            out.push(JsModule { id, source });
        }
    }
}

/// The ABI number of native modules built against this runtime: the entry
/// of `abi_version_registry.json` (Node's registry format, newest first)
/// for runtime `nodus` and variant `v8_<major>.<minor>` of the V8 this
/// build embeds. `git nodus engine update` reserves a new number there when
/// the engine's major or minor changes; `git nodus engine abi next` does it
/// by hand. A V8 without an entry stops the build.
fn modules_abi(registry: &Path, v8_version: &str) -> u32 {
    let mut parts = v8_version.split(['.', '-']).map(|p| p.parse::<u32>().unwrap_or(0));
    let variant = format!("v8_{}.{}", parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    let text = std::fs::read_to_string(registry).unwrap_or_else(|e| panic!("cannot read {}: {e}", registry.display()));
    // Each entry is a flat object of numbers and strings without braces:
    // `{ "modules": 1502, "runtime": "nodus", "variant": "v8_15.2", ... }`.
    let field = |entry: &str, key: &str| -> Option<String> {
        let rest = entry.split_once(&format!("\"{key}\":"))?.1.trim_start();
        let value = match rest.strip_prefix('"') {
            Some(quoted) => quoted.split_once('"')?.0,
            None => rest.split([',', ' ', '}']).next()?,
        };
        Some(value.to_owned())
    };
    let body = text.split_once('[').map(|(_, b)| b).unwrap_or("");
    for entry in body.split('{').skip(1) {
        let entry = entry.split('}').next().unwrap_or("");
        if field(entry, "runtime").as_deref() == Some("nodus") && field(entry, "variant").as_deref() == Some(&variant) {
            let modules = field(entry, "modules").unwrap_or_default();
            return modules
                .parse()
                .unwrap_or_else(|_| panic!("{}: `{modules}` is not an ABI number", registry.display()));
        }
    }
    panic!(
        "{}: no ABI number for runtime `nodus`, variant `{variant}` (V8 {v8_version}); reserve one with \
         `git nodus engine abi next --file runtime/abi_version_registry.json --runtime nodus --variant {variant} --versions <nodus version>`",
        registry.display()
    )
}

fn make_snapshot(sources: &[JsModule], build_info: &str) -> v8::StartupData {
    let refs: Vec<v8::ExternalReference> = areas()
        .into_iter()
        .flat_map(|(_, ops)| ops)
        .map(|(_, callback)| v8::ExternalReference { function: callback })
        .collect();
    let mut creator = v8::Isolate::snapshot_creator(Some(refs.into()), None);
    {
        v8::scope!(let scope, &mut creator);
        // The default context stays vanilla: `Context::new` at run time
        // (vm contexts) starts from it. The bootstrapped main context is
        // added as context 0 and made with `Context::from_snapshot`.
        let vanilla = v8::Context::new(scope, Default::default());
        scope.set_default_context(vanilla);
        let context = v8::Context::new(scope, Default::default());
        let scope = &mut v8::ContextScope::new(scope, context);
        let bootstrap = {
            v8::tc_scope!(let tc, scope);
            let modules = v8::Object::new(tc);
            let mut realm = None;
            for module in sources {
                let params: &[&str] = if module.id == REALM_ID {
                    &["modules", "bindings", "buildInfo"]
                } else {
                    &["exports", "require", "module", "internalBinding"]
                };
                let Some(function) = compile(tc, module, params) else {
                    fail(tc, &format!("compiling js/{}.js", file_of(&module.id)));
                };
                if module.id == REALM_ID {
                    realm = Some(function);
                } else {
                    let key = v8::String::new(tc, &module.id).expect("module id string");
                    modules.set(tc, key.into(), function.into());
                }
            }
            let realm = realm.unwrap_or_else(|| panic!("js/{REALM_ID}.js is missing"));
            let bindings = v8::Object::new(tc);
            for (area, ops) in areas() {
                let binding = v8::Object::new(tc);
                for (name, callback) in ops {
                    let name = v8::String::new(tc, name).expect("op name");
                    let function = v8::Function::builder_raw(callback).build(tc).expect("op function");
                    function.set_name(name);
                    binding.set(tc, name.into(), function.into());
                }
                let area = v8::String::new(tc, area).expect("area name");
                bindings.set(tc, area.into(), binding.into());
            }
            let info_json = v8::String::new(tc, build_info).expect("build info string");
            let info = v8::json::parse(tc, info_json).expect("build info is JSON");
            let undefined = v8::undefined(tc).into();
            let Some(result) = realm.call(tc, undefined, &[modules.into(), bindings.into(), info]) else {
                fail(tc, "running the bootstrap");
            };
            // Promise jobs queued by the bootstrap run now, so none is left in the snapshot.
            tc.perform_microtask_checkpoint();
            if tc.has_caught() {
                fail(tc, "running the bootstrap's microtasks");
            }
            let Ok(object) = v8::Local::<v8::Object>::try_from(result) else {
                panic!("js/{REALM_ID}.js must return the bootstrap object");
            };
            let key = v8::String::new(tc, "deferredModules").expect("key");
            if let Some(list) = object.get(tc, key.into()).and_then(|v| v8::Local::<v8::Array>::try_from(v).ok()) {
                for i in 0..list.length() {
                    if let Some(id) = list.get_index(tc, i) {
                        let id = id.to_rust_string_lossy(tc);
                        println!(
                            "cargo:warning=js module `{id}` could not load at build time; it loads when first required"
                        );
                    }
                }
            }
            v8::Global::new(tc, result)
        };
        let bootstrap = v8::Local::new(scope, bootstrap);
        let index = scope.add_context(context);
        assert_eq!(index, 0, "the main context is snapshot context 0");
        let index = scope.add_context_data(context, bootstrap);
        assert_eq!(index, 0, "the bootstrap object is context data 0");
    }
    creator.create_blob(v8::FunctionCodeHandling::Keep).expect("V8 creates the snapshot blob")
}

fn file_of(id: &str) -> String {
    if id.starts_with("internal/") { id.to_owned() } else { format!("lib/{id}") }
}

fn compile<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    module: &JsModule,
    params: &[&str],
) -> Option<v8::Local<'s, v8::Function>> {
    let source = v8::String::new(scope, &module.source)?;
    let name = v8::String::new(scope, &format!("node:{}", module.id))?;
    let origin = v8::ScriptOrigin::new(scope, name.into(), 0, 0, false, 0, None, false, false, false, None);
    let mut source = v8::script_compiler::Source::new(source, Some(&origin));
    let params: Vec<v8::Local<v8::String>> =
        params.iter().map(|p| v8::String::new(scope, p).expect("parameter name")).collect();
    v8::script_compiler::compile_function(
        scope,
        &mut source,
        &params,
        &[],
        v8::script_compiler::CompileOptions::NoCompileOptions,
        v8::script_compiler::NoCacheReason::NoReason,
    )
}

/// Stops the build with the pending exception, its location and stack.
fn fail(tc: &mut v8::PinnedRef<v8::TryCatch<v8::HandleScope>>, doing: &str) -> ! {
    let mut text = format!("nodus build: error {doing}");
    if let Some(message) = tc.message() {
        let file = message.get_script_resource_name(tc).map(|n| n.to_rust_string_lossy(tc)).unwrap_or_default();
        let line = message.get_line_number(tc).unwrap_or(0);
        let msg = message.get(tc).to_rust_string_lossy(tc);
        write!(text, "\n{file}:{line}: {msg}").ok();
    }
    if let Some(stack) = tc.stack_trace() {
        write!(text, "\n{}", stack.to_rust_string_lossy(tc)).ok();
    }
    panic!("{text}");
}

enum Json {
    Str(String),
    False,
    List(Vec<String>),
}

/// A flat JSON object (the build script has no serde).
fn serde_like_json(fields: &[(&str, Json)]) -> String {
    fn quote(s: &str) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| {
            let value = match v {
                Json::Str(s) => quote(s),
                Json::False => "false".to_owned(),
                Json::List(items) => format!("[{}]", items.iter().map(|s| quote(s)).collect::<Vec<_>>().join(",")),
            };
            format!("{}:{}", quote(k), value)
        })
        .collect();
    format!("{{{}}}", body.join(","))
}
