//! Node's module resolution, without an engine: the CommonJS and ES module
//! resolution algorithms, `package.json` reading and caching, file URLs,
//! and the lexer that finds a CommonJS module's named exports.
//!
//! The `nodus` runtime calls these from its loaders; they need no V8, so
//! they are tested here with plain unit tests over file trees in temp
//! dirs.
//!
//! - [`package_json`]: reads and caches `package.json` files, finds a
//!   file's package scope.
//! - [`cjs`]: `require.resolve`, `exports`/`imports` with conditions,
//!   `node_modules` lookup paths.
//! - [`esm`], [`file_url`]: the ES module resolution algorithm and file
//!   URLs.
//! - [`cjs_lexer`]: the named exports of CommonJS modules imported by ES
//!   modules.

#![warn(missing_docs)]

use std::fmt;
use std::path::PathBuf;

pub mod cjs;
pub mod cjs_lexer;
pub mod esm;
pub mod file_url;
pub mod package_json;

/// Why a module specifier did not resolve; each variant is one of Node's
/// error codes, with Node's message.
#[derive(Debug, Clone)]
pub enum ResolveError {
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
    pub fn code(&self) -> &'static str {
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
    pub fn is_type_error(&self) -> bool {
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

#[cfg(test)]
mod tests;
