//! The `node:` core modules table.

include!(concat!(env!("OUT_DIR"), "/builtins.rs"));

/// Core modules that exist only with the `node:` scheme.
pub(crate) const SCHEME_ONLY: &[&str] = &["test", "test/reporters", "sea", "sqlite"];

/// Whether `specifier` (`fs`, `node:fs`) names a core module.
#[allow(dead_code)]
pub(crate) fn is_builtin(specifier: &str) -> bool {
    match specifier.strip_prefix("node:") {
        Some(id) => LIB_IDS.contains(&id),
        None => LIB_IDS.contains(&specifier) && !SCHEME_ONLY.contains(&specifier),
    }
}
