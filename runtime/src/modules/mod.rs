//! Module loading: the V8 side here, resolution in the `nodus-resolve`
//! crate (`runtime/resolve/`, no V8, unit-tested on its own).
//!
//! - [`esm`]: the V8 module records and host callbacks.
//! - [`builtins`]: the `node:` core modules table.
//! - From `nodus-resolve`: [`package_json`] (reads and caches
//!   `package.json` files, one cache per runtime in `State::packages`),
//!   [`resolve`] (`require.resolve`, `exports`/`imports`, `node_modules`
//!   lookup), [`esm_resolve`] and [`url`] (the ES module algorithm and file
//!   URLs), [`cjs_lexer`] (the named exports of CommonJS modules imported
//!   by ES modules), and [`ResolveError`].
//!
//! The JS halves of the loaders (`js/internal/modules/`) call these through
//! `ops/modules.rs`.

pub(crate) mod builtins;
pub(crate) mod esm;

pub(crate) use nodus_resolve::cjs as resolve;
pub(crate) use nodus_resolve::esm as esm_resolve;
pub(crate) use nodus_resolve::file_url as url;
pub(crate) use nodus_resolve::{ResolveError, cjs_lexer, package_json};
