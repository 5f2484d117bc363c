//! The ES module records and V8's module host callbacks.
//!
//! The loader itself (module map by URL, resolution, linking order,
//! CommonJS and JSON translation) is JS, in `js/internal/modules/esm/`,
//! as Node's is; it drives V8's `Module` records through the `esm` ops
//! (`ops/esm.rs`). This file keeps those records, by id, and answers V8
//! when it asks the host something:
//!
//! - [`resolve_callback`]: during instantiation, the module a request of a
//!   module was linked to (the JS loader links every request first);
//! - [`synthetic_evaluation_steps`]: evaluating a CommonJS, JSON or core
//!   module facade calls its JS function, which sets the exports;
//! - [`initialize_import_meta`]: `import.meta` is filled by the JS
//!   `initializeImportMeta(meta, url)`;
//! - [`import_dynamically`]: `import()` calls the JS
//!   `importModuleDynamically(specifier, referrer, attributes)`, whose
//!   promise V8 hands to the caller.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::state::State;

/// One module request of a source text module: `import … from 'x' with { … }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// The specifier as written.
    pub specifier: String,
    /// The import attributes, in source order.
    pub attributes: Vec<(String, String)>,
}

/// One V8 module record.
pub(crate) struct ModuleRecord {
    /// The record.
    pub module: v8::Global<v8::Module>,
    /// Its URL (the module map key on the JS side).
    pub url: String,
    /// Its requests, in V8's order (empty for synthetic modules).
    pub requests: Vec<Request>,
    /// The record each request was linked to.
    pub links: Vec<Option<u32>>,
    /// For a synthetic module: the JS function that sets its exports.
    pub evaluate: Option<v8::Global<v8::Function>>,
}

/// Every module record of the runtime, by id (ids are indices).
#[derive(Default)]
pub(crate) struct ModuleRegistry {
    records: RefCell<Vec<ModuleRecord>>,
    /// V8 identity hash → ids with that hash (hashes may collide).
    by_hash: RefCell<HashMap<i32, Vec<u32>>>,
}

impl ModuleRegistry {
    /// Registers a new record; returns its id.
    pub(crate) fn add(
        &self,
        scope: &mut v8::PinScope,
        module: v8::Local<v8::Module>,
        url: String,
        requests: Vec<Request>,
        evaluate: Option<v8::Global<v8::Function>>,
    ) -> u32 {
        let mut records = self.records.borrow_mut();
        let id = u32::try_from(records.len()).expect("fewer than 2^32 modules");
        let links = vec![None; requests.len()];
        records.push(ModuleRecord { module: v8::Global::new(scope, module), url, requests, links, evaluate });
        self.by_hash.borrow_mut().entry(module.get_identity_hash().get()).or_default().push(id);
        id
    }

    /// The id of a record V8 hands us.
    pub(crate) fn id_of(&self, module: v8::Local<v8::Module>) -> Option<u32> {
        let hash = module.get_identity_hash().get();
        let by_hash = self.by_hash.borrow();
        let records = self.records.borrow();
        by_hash.get(&hash)?.iter().copied().find(|&id| module == records[id as usize].module)
    }

    /// The record `id`, as a handle.
    pub(crate) fn module(&self, id: u32) -> Option<v8::Global<v8::Module>> {
        self.records.borrow().get(id as usize).map(|r| r.module.clone())
    }

    /// The URL of record `id`.
    pub(crate) fn url(&self, id: u32) -> Option<String> {
        self.records.borrow().get(id as usize).map(|r| r.url.clone())
    }

    /// Links request `index` of `id` to record `target`.
    pub(crate) fn link(&self, id: u32, index: usize, target: u32) -> bool {
        let mut records = self.records.borrow_mut();
        let known = (target as usize) < records.len();
        match records.get_mut(id as usize).and_then(|r| r.links.get_mut(index)) {
            Some(slot) if known => {
                *slot = Some(target);
                true
            }
            _ => false,
        }
    }

    /// The record linked for `(specifier, attributes)` of `referrer`.
    fn linked(&self, referrer: u32, request: &Request) -> Option<v8::Global<v8::Module>> {
        let records = self.records.borrow();
        let record = records.get(referrer as usize)?;
        let index = record.requests.iter().position(|r| r == request)?;
        let target = record.links.get(index).copied().flatten()?;
        Some(records.get(target as usize)?.module.clone())
    }

    /// The evaluation function of synthetic record `id`.
    fn evaluate_fn(&self, id: u32) -> Option<v8::Global<v8::Function>> {
        self.records.borrow().get(id as usize).and_then(|r| r.evaluate.clone())
    }
}

/// Reads `[key, value, (offset,)] …` import attributes; `stride` is 3 for
/// module requests (with source offsets) and 2 for `import()`.
pub(crate) fn read_attributes(
    scope: &mut v8::PinScope,
    attributes: v8::Local<v8::FixedArray>,
    stride: usize,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < attributes.length() {
        let key = attributes.get(scope, i).and_then(|d| v8::Local::<v8::Value>::try_from(d).ok());
        let value = attributes.get(scope, i + 1).and_then(|d| v8::Local::<v8::Value>::try_from(d).ok());
        if let (Some(key), Some(value)) = (key, value) {
            out.push((key.to_rust_string_lossy(scope), value.to_rust_string_lossy(scope)));
        }
        i += stride;
    }
    out
}

/// The requests of a compiled source text module.
pub(crate) fn requests_of(scope: &mut v8::PinScope, module: v8::Local<v8::Module>) -> Vec<Request> {
    let requests = module.get_module_requests();
    let mut out = Vec::with_capacity(requests.length());
    for i in 0..requests.length() {
        let Some(request) = requests.get(scope, i).and_then(|d| v8::Local::<v8::ModuleRequest>::try_from(d).ok())
        else {
            continue;
        };
        let specifier = request.get_specifier().to_rust_string_lossy(scope);
        let attributes = read_attributes(scope, request.get_import_attributes(), 3);
        out.push(Request { specifier, attributes });
    }
    out
}

/// V8's `ResolveModuleCallback`: the module the JS loader linked.
pub(crate) fn resolve_callback<'s>(
    context: v8::Local<'s, v8::Context>,
    specifier: v8::Local<'s, v8::String>,
    import_attributes: v8::Local<'s, v8::FixedArray>,
    referrer: v8::Local<'s, v8::Module>,
) -> Option<v8::Local<'s, v8::Module>> {
    v8::callback_scope!(unsafe scope, context);
    let state = State::get(scope);
    let request = Request {
        specifier: specifier.to_rust_string_lossy(scope),
        attributes: read_attributes(scope, import_attributes, 3),
    };
    let found = state.esm.id_of(referrer).and_then(|id| state.esm.linked(id, &request));
    match found {
        Some(module) => Some(v8::Local::new(scope, module)),
        None => {
            let message = format!("Module request '{}' was not linked", request.specifier);
            let message = v8::String::new(scope, &message).unwrap_or_else(|| v8::String::empty(scope));
            let error = v8::Exception::error(scope, message);
            scope.throw_exception(error);
            None
        }
    }
}

/// V8's `SyntheticModuleEvaluationSteps`: calls the module's JS function
/// (which sets the exports); an exception propagates as the module's.
pub(crate) fn synthetic_evaluation_steps<'s>(
    context: v8::Local<'s, v8::Context>,
    module: v8::Local<'s, v8::Module>,
) -> Option<v8::Local<'s, v8::Value>> {
    v8::callback_scope!(unsafe scope, context);
    let state = State::get(scope);
    let evaluate = state.esm.id_of(module).and_then(|id| state.esm.evaluate_fn(id))?;
    let evaluate = v8::Local::new(scope, evaluate);
    let undefined = v8::undefined(scope).into();
    evaluate.call(scope, undefined, &[])?;
    let resolver = v8::PromiseResolver::new(scope)?;
    let undefined = v8::undefined(scope).into();
    resolver.resolve(scope, undefined);
    Some(resolver.get_promise(scope).into())
}

/// V8's `HostInitializeImportMetaObjectCallback`.
pub(crate) extern "C" fn initialize_import_meta(
    context: v8::Local<v8::Context>,
    module: v8::Local<v8::Module>,
    meta: v8::Local<v8::Object>,
) {
    v8::callback_scope!(unsafe scope, context);
    v8::scope!(let scope, scope);
    let state = State::get(scope);
    let Some(url) = state.esm.id_of(module).and_then(|id| state.esm.url(id)) else { return };
    let hook = v8::Local::new(scope, &state.bootstrap().initialize_import_meta);
    let url = crate::ops::js_string(scope, &url).into();
    let undefined = v8::undefined(scope).into();
    // An exception here surfaces at the `import.meta` access.
    let _ = hook.call(scope, undefined, &[meta.into(), url]);
}

/// V8's `HostImportModuleDynamicallyCallback`: `import(specifier)` from the
/// script or module named `resource_name`.
pub(crate) fn import_dynamically<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    _host_defined_options: v8::Local<'s, v8::Data>,
    resource_name: v8::Local<'s, v8::Value>,
    specifier: v8::Local<'s, v8::String>,
    import_attributes: v8::Local<'s, v8::FixedArray>,
) -> Option<v8::Local<'s, v8::Promise>> {
    let state = State::get(scope);
    let hook = v8::Local::new(scope, &state.bootstrap().import_dynamically);
    let attributes = read_attributes(scope, import_attributes, 2);
    let object = v8::Object::new(scope);
    for (key, value) in &attributes {
        crate::ops::set_str(scope, object, key, value);
    }
    let undefined = v8::undefined(scope).into();
    let result = hook.call(scope, undefined, &[specifier.into(), resource_name, object.into()])?;
    v8::Local::<v8::Promise>::try_from(result).ok()
}
