//! Real git repositories in temp dirs, built through `git2`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository, Signature, Time};

/// The fixed time of the first fixture commit: 2024-01-01T00:00:00Z.
const EPOCH: i64 = 1_704_067_200;

/// Who made a commit, for [`GitRepo::commit_as`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sig {
    /// Author name.
    pub name: String,
    /// Author email.
    pub email: String,
}

impl Sig {
    /// A signature from a name and an email.
    pub fn new(name: &str, email: &str) -> Sig {
        Sig { name: name.to_owned(), email: email.to_owned() }
    }
}

impl Default for Sig {
    fn default() -> Sig {
        Sig::new("Test Author", "author@example.com")
    }
}

/// A git repository in a fresh temp dir, removed when dropped.
///
/// Every commit gets a time one hour after the previous one (starting at
/// 2024-01-01T00:00:00Z) unless given one, so hashes are reproducible.
pub struct GitRepo {
    dir: tempfile::TempDir,
    repo: Repository,
    clock: i64,
}

impl GitRepo {
    /// Initialises an empty repository whose first branch is `main`.
    pub fn new() -> GitRepo {
        let dir = tempfile::Builder::new().prefix("nodus-test-").tempdir().expect("temp dir");
        let mut opts = git2::RepositoryInitOptions::new();
        opts.initial_head("main");
        let repo = Repository::init_opts(dir.path(), &opts).expect("git init");
        {
            let mut config = repo.config().expect("repo config");
            config.set_str("user.name", "Test Author").expect("config");
            config.set_str("user.email", "author@example.com").expect("config");
            config.set_bool("commit.gpgsign", false).expect("config");
            config.set_bool("tag.gpgsign", false).expect("config");
        }
        GitRepo { dir, repo, clock: EPOCH }
    }

    /// The work tree.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The `git2` handle, for anything the builder does not cover.
    pub fn repo(&self) -> &Repository {
        &self.repo
    }

    /// Writes `contents` to `rel` in the work tree (creating folders).
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &GitRepo {
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create fixture folder");
        }
        std::fs::write(&path, contents).expect("write fixture file");
        self
    }

    /// Reads `rel` from the work tree.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(rel)).expect("read fixture file")
    }

    /// Stages everything and commits it on HEAD with the default author.
    pub fn commit(&mut self, message: &str) -> Oid {
        self.commit_as(&Sig::default(), message)
    }

    /// Stages everything and commits it on HEAD as `who`.
    pub fn commit_as(&mut self, who: &Sig, message: &str) -> Oid {
        self.clock += 3600;
        let time = self.clock;
        self.commit_at(who, time, message)
    }

    /// Stages everything and commits it on HEAD as `who` at `unix_time` (UTC).
    pub fn commit_at(&mut self, who: &Sig, unix_time: i64, message: &str) -> Oid {
        let mut index = self.repo.index().expect("index");
        index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).expect("git add");
        index.update_all(["*"], None).expect("git add -u");
        index.write().expect("write index");
        let tree_id = index.write_tree().expect("write tree");
        let tree = self.repo.find_tree(tree_id).expect("tree");
        let sig = Signature::new(&who.name, &who.email, &Time::new(unix_time, 0)).expect("signature");
        let parents = match self.repo.head() {
            Ok(head) => vec![head.peel_to_commit().expect("HEAD commit")],
            Err(_) => Vec::new(),
        };
        let parent_refs: Vec<&git2::Commit> = parents.iter().collect();
        self.repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parent_refs).expect("commit")
    }

    /// Commits the staged work tree with a raw message of any bytes (for
    /// messages that are not UTF-8), written straight into the object
    /// database; moves HEAD's branch to it.
    pub fn commit_bytes(&mut self, message: &[u8]) -> Oid {
        let mut index = self.repo.index().expect("index");
        index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).expect("git add");
        index.write().expect("write index");
        let tree_id = index.write_tree().expect("write tree");
        self.clock += 3600;
        let mut raw = format!("tree {tree_id}\n");
        if let Ok(head) = self.repo.head() {
            raw.push_str(&format!("parent {}\n", head.target().expect("direct HEAD")));
        }
        let who = format!("Test Author <author@example.com> {} +0000", self.clock);
        raw.push_str(&format!("author {who}\ncommitter {who}\n\n"));
        let mut bytes = raw.into_bytes();
        bytes.extend_from_slice(message);
        let oid = self.repo.odb().expect("odb").write(git2::ObjectType::Commit, &bytes).expect("write commit");
        let head = self.repo.find_reference("HEAD").expect("HEAD");
        let branch = head.symbolic_target().expect("UTF-8 HEAD").expect("HEAD is a branch").to_owned();
        self.repo.reference(&branch, oid, true, "commit_bytes").expect("move branch");
        oid
    }

    /// Makes an annotated tag `name` on commit `target`.
    pub fn tag_at(&self, name: &str, target: Oid) -> Oid {
        let object = self.repo.find_object(target, None).expect("tag target exists");
        let sig = Signature::new("Test Author", "author@example.com", &Time::new(self.clock, 0)).expect("signature");
        self.repo.tag(name, &object, &sig, name, false).expect("tag")
    }

    /// Makes an annotated tag `name` on HEAD.
    pub fn tag(&self, name: &str) -> Oid {
        let head = self.head_object();
        let sig = Signature::new("Test Author", "author@example.com", &Time::new(self.clock, 0)).expect("signature");
        self.repo.tag(name, &head, &sig, name, false).expect("tag")
    }

    /// Makes a lightweight tag `name` on HEAD.
    pub fn lightweight_tag(&self, name: &str) -> Oid {
        let head = self.head_object();
        self.repo.tag_lightweight(name, &head, false).expect("tag")
    }

    /// Creates branch `name` at HEAD (without switching to it).
    pub fn branch(&self, name: &str) {
        let head = self.repo.head().expect("HEAD").peel_to_commit().expect("HEAD commit");
        self.repo.branch(name, &head, false).expect("branch");
    }

    /// Switches HEAD and the work tree to branch `name`.
    pub fn checkout(&self, name: &str) {
        let refname = format!("refs/heads/{name}");
        let obj = self.repo.revparse_single(&refname).expect("branch exists");
        self.repo.checkout_tree(&obj, Some(git2::build::CheckoutBuilder::new().force())).expect("checkout");
        self.repo.set_head(&refname).expect("set HEAD");
    }

    /// Merges branch `name` into HEAD with a merge commit titled `message`.
    /// Panics on conflicts: fixtures should not have any.
    pub fn merge(&mut self, name: &str, message: &str) -> Oid {
        let ours = self.repo.head().expect("HEAD").peel_to_commit().expect("HEAD commit");
        let theirs = self
            .repo
            .revparse_single(&format!("refs/heads/{name}"))
            .expect("branch exists")
            .peel_to_commit()
            .expect("branch commit");
        let mut index = self.repo.merge_commits(&ours, &theirs, None).expect("merge");
        assert!(!index.has_conflicts(), "fixture merge of {name} has conflicts");
        let tree_id = index.write_tree_to(&self.repo).expect("write tree");
        let tree = self.repo.find_tree(tree_id).expect("tree");
        self.clock += 3600;
        let sig = Signature::new("Test Author", "author@example.com", &Time::new(self.clock, 0)).expect("signature");
        let oid = self.repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &[&ours, &theirs]).expect("merge commit");
        self.repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force())).expect("checkout merge");
        oid
    }

    /// The current HEAD commit.
    pub fn head(&self) -> Oid {
        self.repo.head().expect("HEAD").target().expect("direct HEAD")
    }

    /// Adds remote `name` with `url`.
    pub fn remote(&self, name: &str, url: &str) {
        self.repo.remote(name, url).expect("add remote");
    }

    /// A path inside the work tree.
    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Everything a user can see of the repository: every ref and where it
    /// points, HEAD, the index file's bytes and every work-tree file. Two
    /// equal snapshots mean an operation left the repository as it was.
    pub fn snapshot(&self) -> Snapshot {
        let mut refs = BTreeMap::new();
        for r in self.repo.references().expect("list refs") {
            let r = r.expect("ref");
            let name = r.name().expect("UTF-8 ref name").to_owned();
            let target = match r.symbolic_target().ok().flatten() {
                Some(t) => format!("-> {t}"),
                None => r.target().map(|o| o.to_string()).unwrap_or_default(),
            };
            refs.insert(name, target);
        }
        let head = std::fs::read_to_string(self.repo.path().join("HEAD")).expect("read HEAD");
        let index = std::fs::read(self.repo.path().join("index")).unwrap_or_default();
        let mut files = BTreeMap::new();
        let mut stack = vec![self.dir.path().to_owned()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read dir") {
                let entry = entry.expect("dir entry");
                let path = entry.path();
                if path.file_name().is_some_and(|n| n == ".git") {
                    continue;
                }
                if entry.file_type().expect("file type").is_dir() {
                    stack.push(path);
                } else {
                    let rel = path.strip_prefix(self.dir.path()).expect("inside").to_string_lossy().into_owned();
                    files.insert(rel, std::fs::read(&path).expect("read file"));
                }
            }
        }
        Snapshot { refs, head, index, files }
    }

    /// The commit `rev` names (a branch, tag or sha).
    pub fn rev(&self, rev: &str) -> Oid {
        self.repo.revparse_single(rev).expect("revision exists").peel_to_commit().expect("a commit").id()
    }

    /// The message of the commit `rev` names.
    pub fn message(&self, rev: &str) -> String {
        self.repo.find_commit(self.rev(rev)).expect("commit").message().expect("UTF-8 message").to_owned()
    }

    /// The content of `path` in the commit `rev` names.
    pub fn show(&self, rev: &str, path: &str) -> String {
        let tree = self.repo.find_commit(self.rev(rev)).expect("commit").tree().expect("tree");
        let entry = tree.get_path(Path::new(path)).unwrap_or_else(|_| panic!("{path} in {rev}"));
        let blob = self.repo.find_blob(entry.id()).expect("blob");
        String::from_utf8(blob.content().to_vec()).expect("UTF-8 file")
    }

    fn head_object(&self) -> git2::Object<'_> {
        self.repo.head().expect("HEAD").peel(git2::ObjectType::Commit).expect("HEAD commit")
    }
}

/// What [`GitRepo::snapshot`] saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Every ref: its oid, or `-> target` for a symbolic ref.
    pub refs: BTreeMap<String, String>,
    /// The HEAD file.
    pub head: String,
    /// The index file's bytes.
    pub index: Vec<u8>,
    /// Work-tree files (outside `.git`) by relative path.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Default for GitRepo {
    fn default() -> GitRepo {
        GitRepo::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commits_are_reproducible() {
        let mut a = GitRepo::new();
        let mut b = GitRepo::new();
        assert_eq!(a.commit("one"), b.commit("one"));
        assert_eq!(a.commit("two"), b.commit("two"));
    }

    #[test]
    fn merge_makes_two_parent_commit() {
        let mut r = GitRepo::new();
        r.commit("base");
        r.branch("topic");
        r.checkout("topic");
        r.write("topic.txt", "t");
        r.commit("topic work");
        r.checkout("main");
        r.write("main.txt", "m");
        r.commit("main work");
        let merge = r.merge("topic", "Merge topic");
        assert_eq!(r.repo().find_commit(merge).unwrap().parent_count(), 2);
        assert!(r.join("topic.txt").exists());
    }
}
