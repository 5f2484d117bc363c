//! A project on disk: its repository (when there is one) and its release
//! policy, found from any folder inside it.

use std::path::{Path, PathBuf};

use crate::config::{self, ReleaseConfig};
use crate::error::{Error, Result};
use crate::schedule::Schedule;

/// A repository and its `release.yaml`.
pub struct Project {
    /// The work tree root (or the folder given, outside a repository).
    pub root: PathBuf,
    /// The repository, if `root` is in one.
    pub repo: Option<git2::Repository>,
    /// The policy (defaults when `release.yaml` is absent).
    pub config: ReleaseConfig,
    /// A bare repository found at or above the folder: it has no work
    /// tree, so it is not `repo`, but errors name it.
    bare: Option<PathBuf>,
}

impl Project {
    /// The project containing `dir`: the enclosing repository's work tree,
    /// or `dir` itself outside any repository.
    pub fn discover(dir: &Path) -> Result<Project> {
        let found = git2::Repository::discover(dir).ok();
        let bare = found.as_ref().filter(|r| r.is_bare()).map(|r| r.path().components().collect::<PathBuf>());
        let repo = found.filter(|r| r.workdir().is_some());
        let root = match repo.as_ref().and_then(|r| r.workdir()) {
            Some(workdir) => workdir.to_owned(),
            None => dir.to_owned(),
        };
        let config = ReleaseConfig::load_or_default(&root)?;
        Ok(Project { root, repo, config, bare })
    }

    /// The repository, or an error saying one is needed.
    pub fn repo(&self) -> Result<&git2::Repository> {
        if let (None, Some(bare)) = (&self.repo, &self.bare) {
            return Err(Error::Invalid {
                what: format!("repository `{}`", bare.display()),
                message: "it is a bare repository (no work tree); release commands change files and branches \
                          in a work tree: run this in a clone (`git clone` it, or `git worktree add`)"
                    .into(),
            });
        }
        self.repo.as_ref().ok_or_else(|| Error::NotFound {
            kind: "git repository",
            name: self.root.display().to_string(),
            hint: "; run this inside a repository".into(),
        })
    }

    /// From now on, objects this process writes (the blobs, trees and
    /// commits a plan builds) stay in memory instead of the repository's
    /// object store: a dry run then leaves `.git` byte for byte as it was.
    /// Nothing written afterwards can be made reachable, so call it only
    /// before planning without applying.
    pub fn keep_new_objects_in_memory(&self) -> Result<()> {
        let repo = self.repo()?;
        let odb = repo.odb().map_err(|error| Error::Git { context: "opening the object store".into(), error })?;
        // Above the loose and pack backends, so it takes every write.
        odb.add_new_mempack_backend(1000)
            .map_err(|error| Error::Git { context: "adding an in-memory object store".into(), error })?;
        Ok(())
    }

    /// The schedule, or an error saying how to get one.
    pub fn schedule(&self) -> Result<&Schedule> {
        if self.config.schedule.is_empty() {
            let message = if self.config.path.exists() {
                "no release schedule: add a `schedule:` section, or run `git nodus lts import schedule.json`"
            } else {
                "no such file, so no release schedule: copy release/examples/release.yaml here, \
                 or run `git nodus lts import schedule.json`"
            };
            return Err(Error::Config { file: self.config.path.clone(), line: None, message: message.into() });
        }
        Ok(&self.config.schedule)
    }

    /// Replaces the schedule in `release.yaml` (creating the file if needed)
    /// with `schedule`, keeping every other byte of the file. The new file
    /// is checked before it replaces the old one, atomically.
    pub fn write_schedule(&mut self, schedule: &Schedule) -> Result<()> {
        let path = self.config.path.clone();
        let old = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => return Err(Error::Io { action: "cannot read", path, source }),
        };
        let new = config::replace_schedule_section(&old, &schedule.to_yaml_section());
        let config = ReleaseConfig::parse(&new, &path)?;
        write_atomically(&path, new.as_bytes())?;
        self.config = config;
        Ok(())
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so readers see the old or the new file, never half of one.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.nodus-tmp"));
    let io = |action, source| Error::Io { action, path: path.to_owned(), source };
    std::fs::write(&tmp, bytes).map_err(|e| io("cannot write", e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io("cannot replace", e)
    })
}
