//! Module resolution shared by the CommonJS and ES module loaders.
//!
//! - [`package_json`]: reads and caches `package.json` files (one cache per
//!   runtime, in `State::packages`), finds a file's package scope.
//! - [`resolve`]: `require.resolve`, `exports`/`imports` with conditions,
//!   `node_modules` lookup paths.
//! - [`builtins`]: the `node:` core modules table.
//! - [`esm_resolve`], [`url`]: the ES module resolution algorithm and file
//!   URLs; [`esm`]: the V8 module records and host callbacks;
//!   [`cjs_lexer`]: the named exports of CommonJS modules imported by ES
//!   modules.
//!
//! The JS halves of the loaders (`js/internal/modules/`) call these through
//! `ops/modules.rs`.

use std::fmt;
use std::path::PathBuf;

pub(crate) mod builtins;
pub(crate) mod cjs_lexer;
pub(crate) mod esm;
pub(crate) mod esm_resolve;
pub(crate) mod package_json;
pub(crate) mod resolve;
pub(crate) mod url;

/// Why a module specifier did not resolve; each variant is one of Node's
/// error codes, with Node's message.
#[derive(Debug, Clone)]
pub(crate) enum ResolveError {
    /// `ERR_PACKAGE_PATH_NOT_EXPORTED`.
    PathNotExported {
        /// The package's `package.json`.
        package_json: PathBuf,
        /// `"."` or `"./sub"`.
        subpath: String,
        /// The importing file, when Node names it (self-reference, ESM).
        base: Option<PathBuf>,
    },
    /// `ERR_PACKAGE_IMPORT_NOT_DEFINED`.
    ImportNotDefined {
        /// The `#specifier`.
        specifier: String,
        /// The package scope's `package.json`, if there is one.
        package_json: Option<PathBuf>,
        /// The importing file.
        base: PathBuf,
    },
    /// `ERR_INVALID_PACKAGE_TARGET`.
    InvalidPackageTarget {
        /// The package's `package.json`.
        package_json: PathBuf,
        /// The `exports`/`imports` key.
        key: String,
        /// The target as written.
        target: String,
        /// Whether it is an `imports` target.
        is_imports: bool,
    },
    /// `ERR_INVALID_MODULE_SPECIFIER`.
    InvalidModuleSpecifier {
        /// The request.
        request: String,
        /// Why it is invalid.
        reason: String,
        /// The importing file or folder.
        base: PathBuf,
    },
    /// `ERR_INVALID_PACKAGE_CONFIG`: a `package.json` that is not valid.
    InvalidPackageConfig {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// `MODULE_NOT_FOUND` for an `exports`/`imports` target that does not exist.
    TargetNotFound {
        /// The target file.
        path: PathBuf,
    },
    /// `MODULE_NOT_FOUND` for a package whose `"main"` names nothing.
    BadMain {
        /// The package folder.
        dir: PathBuf,
        /// Where `"main"` points.
        main_path: PathBuf,
    },
}

impl ResolveError {
    /// Node's error code.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            ResolveError::PathNotExported { .. } => "ERR_PACKAGE_PATH_NOT_EXPORTED",
            ResolveError::ImportNotDefined { .. } => "ERR_PACKAGE_IMPORT_NOT_DEFINED",
            ResolveError::InvalidPackageTarget { .. } => "ERR_INVALID_PACKAGE_TARGET",
            ResolveError::InvalidModuleSpecifier { .. } => "ERR_INVALID_MODULE_SPECIFIER",
            ResolveError::InvalidPackageConfig { .. } => "ERR_INVALID_PACKAGE_CONFIG",
            ResolveError::BadMain { .. } | ResolveError::TargetNotFound { .. } => "MODULE_NOT_FOUND",
        }
    }

    /// Whether Node throws it as a `TypeError` (the others are `Error`s).
    pub(crate) fn is_type_error(&self) -> bool {
        matches!(self, ResolveError::ImportNotDefined { .. } | ResolveError::InvalidModuleSpecifier { .. })
    }
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::PathNotExported { package_json, subpath, base } => {
                if subpath == "." {
                    write!(f, "No \"exports\" main defined in {}", package_json.display())?;
                } else {
                    write!(
                        f,
                        "Package subpath '{subpath}' is not defined by \"exports\" in {}",
                        package_json.display()
                    )?;
                }
                if let Some(base) = base {
                    write!(f, " imported from {}", base.display())?;
                }
                Ok(())
            }
            ResolveError::ImportNotDefined { specifier, package_json, base } => {
                write!(f, "Package import specifier \"{specifier}\" is not defined")?;
                if let Some(p) = package_json {
                    write!(f, " in package {}", p.display())?;
                }
                write!(f, " imported from {}", base.display())
            }
            ResolveError::InvalidPackageTarget { package_json, key, target, is_imports } => {
                let field = if *is_imports { "imports" } else { "exports" };
                if !is_imports && key == "." {
                    write!(
                        f,
                        "Invalid \"exports\" main target {target:?} defined in the package config {}",
                        package_json.display()
                    )?;
                } else {
                    write!(
                        f,
                        "Invalid \"{field}\" target {target:?} defined for '{key}' in the package config {}",
                        package_json.display()
                    )?;
                }
                if !is_imports && !target.starts_with("./") {
                    write!(f, "; targets must start with \"./\"")?;
                }
                Ok(())
            }
            ResolveError::InvalidModuleSpecifier { request, reason, base } => {
                write!(f, "Invalid module \"{request}\" {reason} imported from {}", base.display())
            }
            ResolveError::InvalidPackageConfig { path, reason } => {
                write!(f, "Invalid package config {}. {reason}", path.display())
            }
            ResolveError::TargetNotFound { path } => write!(f, "Cannot find module '{}'", path.display()),
            ResolveError::BadMain { main_path, .. } => write!(
                f,
                "Cannot find module '{}'. Please verify that the package.json has a valid \"main\" entry",
                main_path.display()
            ),
        }
    }
}
