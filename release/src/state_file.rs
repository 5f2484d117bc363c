//! The small JSON files the toolkit keeps under `.git/nodus/` between runs
//! (the sequencer's session, the merge queue's state): read whole, and
//! written whole through a temporary file that is fsynced and renamed over
//! the old one, the folder fsynced after, so a crash leaves the old file or
//! the new one.

use std::fs;
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// The file at `path`, parsed; `None` when there is none. `not_ours` words
/// a parse error (the file is named with the line).
pub(crate) fn load<T: DeserializeOwned>(
    path: &Path,
    not_ours: impl FnOnce(&serde_json::Error) -> String,
) -> Result<Option<T>> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(Error::Io { action: "cannot read", path: path.to_owned(), source }),
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|e| Error::Config {
        file: path.to_owned(),
        line: Some(e.line()),
        message: not_ours(&e),
    })
}

/// Writes `value` to `path` whole (its folder is made if missing).
pub(crate) fn save<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let dir = path.parent().expect("a state file has a folder").to_owned();
    fs::create_dir_all(&dir).map_err(|source| Error::Io { action: "cannot create", path: dir.clone(), source })?;
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!("{stem}.{}.tmp", std::process::id()));
    let io = |action, source| Error::Io { action, path: tmp.clone(), source };
    let json = serde_json::to_vec_pretty(value).map_err(|e| io("cannot write", std::io::Error::other(e)))?;
    {
        let mut file = fs::File::create(&tmp).map_err(|e| io("cannot create", e))?;
        std::io::Write::write_all(&mut file, &json)
            .and_then(|()| file.sync_all())
            .map_err(|e| io("cannot write", e))?;
    }
    fs::rename(&tmp, path).map_err(|source| Error::Io { action: "cannot write", path: path.to_owned(), source })?;
    sync_dir(&dir);
    Ok(())
}

/// Fsyncs a folder, so a rename or removal in it survives a power cut.
#[cfg(unix)]
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(not(unix))]
pub(crate) fn sync_dir(_dir: &Path) {}
