//! The limits of `changelog::input` applied to this crate's files, with
//! errors naming the file and line.

use std::path::Path;

use changelog::input::{self, InputError, MAX_CONFIG_BYTES, MAX_DEPTH, ReadError};

use crate::error::{Error, Result};

fn config_error(path: &Path, e: InputError) -> Error {
    Error::Config { file: path.to_owned(), line: e.line, message: e.message }
}

/// Reads a policy or schedule file within the size limit, as text.
pub fn read(path: &Path) -> Result<String> {
    input::read_text(path, MAX_CONFIG_BYTES).map_err(|e| match e {
        ReadError::Io(source) => Error::Io { action: "cannot read", path: path.to_owned(), source },
        ReadError::Input(e) => config_error(path, e),
    })
}

/// Checks YAML text read from `path` against the size, text and depth
/// limits before it is parsed.
pub(crate) fn check_yaml(text: &str, path: &Path) -> Result<()> {
    input::check_text(text, MAX_CONFIG_BYTES).map_err(|e| config_error(path, e))?;
    input::check_yaml_depth(text, MAX_DEPTH).map_err(|e| config_error(path, e))
}

/// The same for JSON text.
pub(crate) fn check_json(text: &str, path: &Path) -> Result<()> {
    input::check_text(text, MAX_CONFIG_BYTES).map_err(|e| config_error(path, e))?;
    input::check_json_depth(text, MAX_DEPTH).map_err(|e| config_error(path, e))
}
