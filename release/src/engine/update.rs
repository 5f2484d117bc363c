//! `engine update`: a new engine on a new branch, committed as Node does
//! (`deps: update V8 to X`, then `src: update NODE_MODULE_VERSION to N`
//! when the ABI changes).
//!
//! Nothing here touches the work tree, the index or an existing branch:
//! the commits are built from the base branch's tree, and one
//! [`Transaction`] creates the new branch. A crate's lock file is
//! refreshed by running `cargo update -p <crate> --precise <version>` in a
//! scratch copy of the tree.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use git2::{Oid, Repository, Tree};

use super::version::{self, EngineVersion};
use super::{EngineConfig, abi::Registry};
use crate::error::{Error, GitContext, Result};
use crate::project::Project;
use crate::repo::{self, FileEdit, read_text};
use crate::schedule::{LineId, Phase};
use crate::transaction::Transaction;

/// How the lock file of a pinned crate is refreshed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockRefresh {
    /// `cargo update -p <crate> --precise <version>` (with `--offline`
    /// when `offline`).
    Cargo {
        /// Pass `--offline` to cargo.
        offline: bool,
    },
    /// Leave the lock file as it is (the commit body says so).
    Skip,
}

/// What `engine update` is asked to do.
#[derive(Debug, Clone)]
pub struct UpdateOptions {
    /// The new version: the crate's (`137.0.0`) for a pinned crate, the
    /// engine's (`13.7.152.14`) for a vendored directory.
    pub to: String,
    /// The line to update (its staging branch, else its release branch);
    /// `None`: the main branch.
    pub line: Option<LineId>,
    /// The new branch (default `update-v8-<to>`, with `-v<N>` for a line).
    pub branch: Option<String>,
    /// A vendored engine's new source: a directory or a tarball.
    pub source: Option<PathBuf>,
    /// Allow an ABI change on an LTS line.
    pub allow_major: bool,
    /// How to refresh the lock file.
    pub lock: LockRefresh,
    /// The `versions` of a newly reserved ABI number (default: the line's
    /// major, or the main branch's name).
    pub abi_versions: Option<String>,
    /// The date that decides whether the line is LTS.
    pub date: NaiveDate,
}

/// What was made.
#[derive(Debug, Clone)]
pub struct Updated {
    /// The new branch.
    pub branch: String,
    /// The branch it starts from.
    pub base: String,
    /// The engine before (if it could be read).
    pub from: Option<EngineVersion>,
    /// The engine after.
    pub to: EngineVersion,
    /// The commits, oldest first: id and title.
    pub commits: Vec<(Oid, String)>,
    /// The ABI number after, if it changed.
    pub abi: Option<u32>,
    /// Whether the lock file was refreshed.
    pub lock_refreshed: bool,
}

/// Updates the engine on a new branch (see the module documentation).
pub fn update(project: &Project, opts: &UpdateOptions) -> Result<Updated> {
    let repo = project.repo()?;
    let config = &project.config.engine;
    let (base_name, base) = super::base_branch(project, opts.line)?;
    let branch = opts.branch.clone().unwrap_or_else(|| {
        let mut b = format!("update-{}-{}", config.name.to_lowercase(), opts.to);
        if let Some(line) = opts.line {
            b.push_str(&format!("-{line}"));
        }
        b
    });
    if !git2::Reference::is_valid_name(&format!("refs/heads/{branch}")) {
        return Err(Error::Invalid { what: format!("--branch {branch}"), message: "not a valid branch name".into() });
    }
    if repo::branch_head(repo, &branch)?.is_some() {
        return Err(Error::Exists { kind: "branch", name: branch });
    }
    let base_commit = repo.find_commit(base).git(|| format!("reading `{base_name}`"))?;
    let base_tree = base_commit.tree().git(|| format!("reading `{base_name}`"))?;
    let before = super::read(repo, config, &base_tree, &base_name)?;
    let engine = &config.name;

    // The engine commit's tree.
    let (tree, to, body, lock_refreshed) = match &config.vendored {
        Some(dir) => {
            let source = opts.source.as_deref().ok_or_else(|| Error::Invalid {
                what: "--source".into(),
                message: format!("`{dir}` is a vendored engine: give the new source tree or tarball"),
            })?;
            let wanted = EngineVersion::parse(&opts.to).ok_or_else(|| Error::Invalid {
                what: format!("--to {}", opts.to),
                message: format!("not an {engine} version (like 13.7.152.14)"),
            })?;
            let (tree, to) = vendored_tree(repo, config, &base_tree, dir, source, &wanted)?;
            let floats = before
                .embedder
                .as_deref()
                .and_then(|e| version::embedder_count(e, &config.embedder_prefix))
                .unwrap_or(0);
            let body = format!(
                "Replace {dir} ({}) with {engine} {to} from {}.\n\
                 Reset the embedder string to {}0, which drops the count of\n\
                 floating patches ({floats} before): re-apply any still needed with\n\
                 `git nodus engine backport`.\n",
                before.version.map(|v| v.to_string()).unwrap_or_else(|| "unknown version".into()),
                source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                config.embedder_prefix,
            );
            (tree, to, body, false)
        }
        None => {
            if let super::Layout::Crate { pin: Some(pin), locked, .. } = &before.layout
                && pin.strip_prefix('=') == Some(opts.to.as_str())
                && locked.as_deref().is_none_or(|l| l == opts.to)
            {
                return Err(Error::Release(format!(
                    "`{base_name}` already ships {engine} {} ({}): nothing to update",
                    before.version.map(|v| v.to_string()).unwrap_or_else(|| "?".into()),
                    opts.to
                )));
            }
            // Refused before cargo runs, when it would be refused after.
            if let Some((to, _)) = opts.to.parse().ok().as_ref().and_then(version::of_v8_crate)
                && !before.version.is_some_and(|v| v.same_abi(&to))
            {
                refuse_on_lts(project, opts, before.version, &to)?;
            }
            crate_tree(repo, config, &base_tree, &base_name, &opts.to, opts.lock)?
        }
    };
    if tree == base_tree.id() {
        return Err(Error::Release(format!(
            "`{base_name}` already ships {engine} {to} ({}): nothing to update",
            opts.to
        )));
    }
    let abi_change = !before.version.is_some_and(|v| v.same_abi(&to));
    if abi_change {
        refuse_on_lts(project, opts, before.version, &to)?;
    }
    let (author, committer) = repo::identities(repo)?;
    let title = format!("deps: update {engine} to {to}");
    let first = commit(repo, &author, &committer, &format!("{title}\n\n{body}"), tree, base)?;
    let mut commits = vec![(first, title)];
    let mut abi = None;
    if abi_change {
        let tree = repo.find_tree(tree).git(|| "reading the new tree".into())?;
        let versions = opts.abi_versions.clone().unwrap_or_else(|| match opts.line {
            Some(line) => line.number(),
            None => base_name.clone(),
        });
        if let Some((abi_tree, number, reserved)) = abi_tree(repo, config, &tree, &to, &versions)? {
            let title = format!("src: update NODE_MODULE_VERSION to {number}");
            let variant = config.variant(to.major, to.minor);
            let body = if reserved {
                format!(
                    "{engine} {}.{} changes the ABI of native modules: reserve {number} for\n\
                     `{}` `{variant}` in {} and use it.\n",
                    to.major, to.minor, config.abi.runtime, config.abi.registry
                )
            } else {
                format!(
                    "{engine} {}.{} has ABI number {number} in {} already: use it.\n",
                    to.major, to.minor, config.abi.registry
                )
            };
            let second = commit(repo, &author, &committer, &format!("{title}\n\n{body}"), abi_tree, first)?;
            commits.push((second, title));
            abi = Some(number);
        }
    }
    let tip = commits.last().expect("one commit at least").0;
    let mut tx = Transaction::new(repo, format!("nodus: engine update --to {} from {base_name}", opts.to));
    tx.create(format!("refs/heads/{branch}"), tip);
    tx.commit()?;
    Ok(Updated { branch, base: base_name, from: before.version, to, commits, abi, lock_refreshed })
}

/// An ABI change is semver-major: refused on an LTS line without
/// `--allow-major`.
fn refuse_on_lts(
    project: &Project,
    opts: &UpdateOptions,
    from: Option<EngineVersion>,
    to: &EngineVersion,
) -> Result<()> {
    let Some(line) = opts.line.filter(|_| !opts.allow_major) else { return Ok(()) };
    let phase = project.config.schedule.line(line).map(|l| l.phase_on(opts.date));
    if let Some(phase @ (Phase::ActiveLts | Phase::Maintenance)) = phase {
        return Err(Error::Release(format!(
            "line {line} is in {phase} on {}: {} {} → {}.{} changes the ABI (NODE_MODULE_VERSION), \
             a semver-major change, and LTS lines keep their ABI; pass --allow-major to do it anyway",
            opts.date,
            project.config.engine.name,
            from.map(|v| format!("{}.{}", v.major, v.minor)).unwrap_or_else(|| "?".into()),
            to.major,
            to.minor,
        )));
    }
    Ok(())
}

fn commit(
    repo: &Repository,
    author: &git2::Signature<'_>,
    committer: &git2::Signature<'_>,
    message: &str,
    tree: Oid,
    parent: Oid,
) -> Result<Oid> {
    let tree = repo.find_tree(tree).git(|| "reading the new tree".into())?;
    let parent = repo.find_commit(parent).git(|| format!("reading {parent}"))?;
    repo.commit(None, author, committer, message, &tree, &[&parent]).git(|| "writing the commit".into())
}

/// The crate layout: the pin changed and the lock refreshed.
fn crate_tree(
    repo: &Repository,
    config: &EngineConfig,
    base: &Tree<'_>,
    at: &str,
    to: &str,
    lock: LockRefresh,
) -> Result<(Oid, EngineVersion, String, bool)> {
    let krate = &config.krate;
    let new: semver::Version = to.parse().map_err(|e| Error::Invalid {
        what: format!("--to {to}"),
        message: format!("not a version of the `{krate}` crate ({e})"),
    })?;
    let manifest = read_text(repo, base, &config.manifest)?.ok_or_else(|| Error::NotFound {
        kind: "file",
        name: config.manifest.clone(),
        hint: format!(" on `{at}`"),
    })?;
    let pin = super::cargo::find_pin(&manifest, krate).ok_or_else(|| Error::Invalid {
        what: format!("{} on `{at}`", config.manifest),
        message: format!("no `{krate} = \"=X.Y.Z\"` in [workspace.dependencies] or [dependencies]"),
    })?;
    let requirement = format!("={new}");
    let (engine, _) = version::of_v8_crate(&new).ok_or_else(|| Error::Invalid {
        what: format!("--to {to}"),
        message: format!(
            "the `{krate}` crate {new} names no {} version (crate versions before 129 do not)",
            config.name
        ),
    })?;
    let manifest_new = super::cargo::set_pin(&manifest, &pin, &requirement);
    let mut edits = vec![FileEdit {
        path: config.manifest.clone(),
        created: false,
        content: manifest_new.clone().into_bytes(),
        summary: Vec::new(),
    }];
    let refreshed = match lock {
        LockRefresh::Skip => false,
        LockRefresh::Cargo { offline } => {
            let lock_text = refresh_lock(repo, config, base, &manifest_new, &new, offline)?;
            let locked = super::cargo::locked_versions(&lock_text, krate);
            if !locked.contains(&new.to_string()) {
                return Err(Error::Release(format!(
                    "`cargo update -p {krate} --precise {new}` left {} at {}",
                    config.lock,
                    locked.join(", ")
                )));
            }
            edits.push(FileEdit {
                path: config.lock.clone(),
                created: false,
                content: lock_text.into_bytes(),
                summary: Vec::new(),
            });
            true
        }
    };
    let tree = repo::write_tree(repo, base, &edits)?;
    let mut body = format!("Pin the `{krate}` crate to {requirement} (was {}) in {}", pin.requirement, config.manifest);
    if refreshed {
        body.push_str(&format!(",\nlocked with `cargo update -p {krate} --precise {new}`.\n"));
    } else {
        body.push_str(&format!(
            ".\n{} is not refreshed: run `cargo update -p {krate} --precise {new}`.\n",
            config.lock
        ));
    }
    Ok((tree, engine, body, refreshed))
}

/// Runs cargo in a scratch copy of `base` (with the new manifest) and
/// returns the lock file it leaves.
fn refresh_lock(
    repo: &Repository,
    config: &EngineConfig,
    base: &Tree<'_>,
    manifest: &str,
    to: &semver::Version,
    offline: bool,
) -> Result<String> {
    let scratch = tempfile::Builder::new().prefix("nodus-engine-").tempdir().map_err(|source| Error::Io {
        action: "cannot create",
        path: std::env::temp_dir(),
        source,
    })?;
    export_tree(repo, base, scratch.path())?;
    let manifest_path = scratch.path().join(&config.manifest);
    std::fs::write(&manifest_path, manifest).map_err(|source| Error::Io {
        action: "cannot write",
        path: manifest_path.clone(),
        source,
    })?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(&cargo);
    command.current_dir(manifest_path.parent().unwrap_or(scratch.path())).args([
        "update",
        "-p",
        &config.krate,
        "--precise",
        &to.to_string(),
    ]);
    if offline {
        command.arg("--offline");
    }
    let line = format!(
        "{} update -p {} --precise {to}{}",
        Path::new(&cargo).display(),
        config.krate,
        if offline { " --offline" } else { "" }
    );
    let out =
        command.output().map_err(|e| Error::Command { command: line.clone(), status: None, stderr: e.to_string() })?;
    if !out.status.success() {
        return Err(Error::Command {
            command: line,
            status: out.status.code(),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    let lock_path = scratch.path().join(&config.lock);
    std::fs::read_to_string(&lock_path).map_err(|source| Error::Io { action: "cannot read", path: lock_path, source })
}

/// Writes every file of `tree` under `dir` (symbolic links as links).
pub(crate) fn export_tree(repo: &Repository, tree: &Tree<'_>, dir: &Path) -> Result<()> {
    let mut failure = None;
    tree.walk(git2::TreeWalkMode::PreOrder, |parent, entry| {
        let Ok(name) = entry.name() else { return git2::TreeWalkResult::Skip };
        let path = dir.join(parent).join(name);
        let result = (|| -> Result<()> {
            let io = |action, source| Error::Io { action, path: path.clone(), source };
            match entry.kind() {
                Some(git2::ObjectType::Tree) => std::fs::create_dir_all(&path).map_err(|e| io("cannot create", e)),
                Some(git2::ObjectType::Blob) => {
                    let blob = repo.find_blob(entry.id()).git(|| format!("reading `{}`", path.display()))?;
                    if entry.filemode() == 0o120000 {
                        #[cfg(unix)]
                        {
                            let target = String::from_utf8_lossy(blob.content()).into_owned();
                            std::os::unix::fs::symlink(target, &path).map_err(|e| io("cannot create", e))?;
                        }
                        Ok(())
                    } else {
                        std::fs::write(&path, blob.content()).map_err(|e| io("cannot write", e))
                    }
                }
                _ => Ok(()),
            }
        })();
        match result {
            Ok(()) => git2::TreeWalkResult::Ok,
            Err(e) => {
                failure = Some(e);
                git2::TreeWalkResult::Abort
            }
        }
    })
    .or_else(|e| if failure.is_some() { Ok(()) } else { Err(e) })
    .git(|| "copying the tree to a scratch folder".into())?;
    failure.map_or(Ok(()), Err)
}

/// The vendored layout: `dir` replaced by the source, the embedder string
/// reset. Checks the source's version header against `wanted`.
fn vendored_tree(
    repo: &Repository,
    config: &EngineConfig,
    base: &Tree<'_>,
    dir: &str,
    source: &Path,
    wanted: &EngineVersion,
) -> Result<(Oid, EngineVersion)> {
    let unpacked;
    let root = if source.is_dir() {
        source.to_owned()
    } else if source.is_file() {
        unpacked = tempfile::Builder::new().prefix("nodus-engine-").tempdir().map_err(|e| Error::Io {
            action: "cannot create",
            path: std::env::temp_dir(),
            source: e,
        })?;
        let out = Command::new("tar")
            .arg("-xf")
            .arg(source)
            .arg("-C")
            .arg(unpacked.path())
            .output()
            .map_err(|e| Error::Command { command: "tar".into(), status: None, stderr: e.to_string() })?;
        if !out.status.success() {
            return Err(Error::Command {
                command: format!("tar -xf {}", source.display()),
                status: out.status.code(),
                stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
            });
        }
        // A tarball of one top folder (`v8-13.7.152.14/`) is that folder.
        let entries: Vec<PathBuf> = std::fs::read_dir(unpacked.path())
            .map_err(|e| Error::Io { action: "cannot read", path: unpacked.path().to_owned(), source: e })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        match &entries[..] {
            [only] if only.is_dir() => only.clone(),
            _ => unpacked.path().to_owned(),
        }
    } else {
        return Err(Error::Invalid {
            what: format!("--source {}", source.display()),
            message: "no such directory or file".into(),
        });
    };
    let header = root.join(&config.version_header);
    let text = std::fs::read_to_string(&header).map_err(|e| Error::Io {
        action: "cannot read",
        path: header.clone(),
        source: e,
    })?;
    let found =
        version::parse_header(&text).map_err(|m| Error::Invalid { what: header.display().to_string(), message: m })?;
    let matches = (found.major, found.minor) == (wanted.major, wanted.minor)
        && wanted.build.is_none_or(|b| Some(b) == found.build)
        && (wanted.build.is_none() || wanted.patch == found.patch);
    if !matches {
        return Err(Error::Invalid {
            what: format!("--to {wanted}"),
            message: format!("the source is {} {found} (its {})", config.name, config.version_header),
        });
    }
    let subtree = tree_of_dir(repo, &root)?;
    let replaced = super::patches::replace_subtree(repo, base, dir, subtree)?;
    let replaced = repo.find_tree(replaced).git(|| "reading the new tree".into())?;
    let gypi = read_text(repo, &replaced, &config.embedder_file)?.ok_or_else(|| Error::NotFound {
        kind: "file",
        name: config.embedder_file.clone(),
        hint: " (it holds the embedder string)".into(),
    })?;
    let (_, range) = version::find_embedder(&gypi, &config.embedder_key).ok_or_else(|| Error::Invalid {
        what: config.embedder_file.clone(),
        message: format!("no `'{}': '…'`", config.embedder_key),
    })?;
    let reset = format!("{}{}0{}", &gypi[..range.start], config.embedder_prefix, &gypi[range.end..]);
    let edit = FileEdit {
        path: config.embedder_file.clone(),
        created: false,
        content: reset.into_bytes(),
        summary: Vec::new(),
    };
    Ok((repo::write_tree(repo, &replaced, &[edit])?, found))
}

/// A tree of every file under `dir` (`.git` left out), written to the
/// object database.
fn tree_of_dir(repo: &Repository, dir: &Path) -> Result<Oid> {
    let io = |action, path: &Path, source| Error::Io { action, path: path.to_owned(), source };
    let mut builder = repo.treebuilder(None).git(|| "building a tree".into())?;
    let mut entries: Vec<_> =
        std::fs::read_dir(dir).map_err(|e| io("cannot read", dir, e))?.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        if name == ".git" {
            continue;
        }
        let Some(name) = name.to_str() else {
            return Err(Error::Invalid { what: path.display().to_string(), message: "the name is not UTF-8".into() });
        };
        let meta = std::fs::symlink_metadata(&path).map_err(|e| io("cannot read", &path, e))?;
        let (oid, mode) = if meta.file_type().is_symlink() {
            let target = std::fs::read_link(&path).map_err(|e| io("cannot read", &path, e))?;
            (repo.blob(target.to_string_lossy().as_bytes()).git(|| format!("storing `{}`", path.display()))?, 0o120000)
        } else if meta.is_dir() {
            (tree_of_dir(repo, &path)?, 0o040000)
        } else {
            let bytes = std::fs::read(&path).map_err(|e| io("cannot read", &path, e))?;
            #[cfg(unix)]
            let executable = std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o111 != 0;
            #[cfg(not(unix))]
            let executable = false;
            (
                repo.blob(&bytes).git(|| format!("storing `{}`", path.display()))?,
                if executable { 0o100755 } else { 0o100644 },
            )
        };
        builder.insert(name, oid, mode).git(|| format!("adding `{}`", path.display()))?;
    }
    builder.write().git(|| format!("writing the tree of `{}`", dir.display()))
}

/// The ABI commit's tree: the registry with a number for `to` (reserved
/// when it has none) and the ABI file, if any, set to it. `None` when
/// nothing changes. Returns the tree, the number and whether it was
/// reserved now.
fn abi_tree(
    repo: &Repository,
    config: &EngineConfig,
    tree: &Tree<'_>,
    to: &EngineVersion,
    versions: &str,
) -> Result<Option<(Oid, u32, bool)>> {
    let mut registry = super::read_registry(repo, config, tree)?.unwrap_or_else(Registry::empty);
    let variant = config.variant(to.major, to.minor);
    let mut edits = Vec::new();
    let (number, reserved) = match registry.find(&config.abi.runtime, &variant) {
        Some(e) => (e.modules, false),
        None => {
            let e = registry.reserve(&config.abi.runtime, &variant, versions, config.abi.first)?;
            edits.push(FileEdit {
                path: config.abi.registry.clone(),
                created: false,
                content: registry.render().into_bytes(),
                summary: Vec::new(),
            });
            (e.modules, true)
        }
    };
    if let Some(file) = &config.abi.file {
        let text = read_text(repo, tree, file)?.ok_or_else(|| Error::NotFound {
            kind: "file",
            name: file.clone(),
            hint: " (engine.abi.file)".into(),
        })?;
        let re = super::abi_regex(&config.abi.pattern);
        if !re.is_match(&text) {
            return Err(Error::VersionFile {
                path: file.clone(),
                message: format!("pattern `{}` (engine.abi.pattern) matches no line", config.abi.pattern),
            });
        }
        let new = re.replace(&text, format!("${{1}}{number}")).into_owned();
        if new != text {
            edits.push(FileEdit { path: file.clone(), created: false, content: new.into_bytes(), summary: Vec::new() });
        }
    }
    if edits.is_empty() {
        return Ok(None);
    }
    Ok(Some((repo::write_tree(repo, tree, &edits)?, number, reserved)))
}
