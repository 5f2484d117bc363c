//! Who owns which files: subsystem path globs matched like CODEOWNERS.

use globset::{Glob, GlobBuilder, GlobMatcher};
use serde::Serialize;

use crate::config::Governance;

/// Compiles one subsystem path glob with CODEOWNERS conventions: no `/`
/// means any depth, a trailing `/` means everything below, a leading `/`
/// anchors at the root (as every pattern with a `/` is anchored anyway).
pub(crate) fn compile(pattern: &str) -> Result<GlobMatcher, globset::Error> {
    let mut p = pattern.trim().to_owned();
    if p.ends_with('/') {
        p.push_str("**");
    }
    let p = if let Some(rooted) = p.strip_prefix('/') {
        rooted.to_owned()
    } else if !p.contains('/') {
        format!("**/{p}")
    } else {
        p
    };
    let glob: Glob = GlobBuilder::new(&p).literal_separator(true).build()?;
    Ok(glob.compile_matcher())
}

/// The owners of one path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathOwners {
    /// The path, as given.
    pub path: String,
    /// Subsystems whose globs match it, in file order.
    pub subsystems: Vec<String>,
    /// Their owners (handles and `@org/team`s), without repeats.
    pub owners: Vec<String>,
}

/// Path globs of every subsystem, compiled once.
pub struct Owners<'a> {
    gov: &'a Governance,
    matchers: Vec<(usize, GlobMatcher)>,
}

impl<'a> Owners<'a> {
    /// Compiles the globs of `gov` (already validated on load).
    pub fn new(gov: &'a Governance) -> Owners<'a> {
        let mut matchers = Vec::new();
        for (i, s) in gov.subsystems.iter().enumerate() {
            for glob in &s.paths {
                if let Ok(m) = compile(glob) {
                    matchers.push((i, m));
                }
            }
        }
        Owners { gov, matchers }
    }

    /// The subsystems and owners of `path`. Every matching subsystem counts
    /// (unlike CODEOWNERS, where the last match wins): a file can belong to
    /// several subsystems, and all their owners should hear about it.
    pub fn of(&self, path: &str) -> PathOwners {
        let clean = path.trim_start_matches("./").trim_start_matches('/');
        let mut subsystems = Vec::new();
        let mut owners: Vec<String> = Vec::new();
        for (i, m) in &self.matchers {
            let s = &self.gov.subsystems[*i];
            if m.is_match(clean) && !subsystems.contains(&s.name) {
                subsystems.push(s.name.clone());
                for o in &s.owners {
                    if !owners.iter().any(|x| x.eq_ignore_ascii_case(o)) {
                        owners.push(o.clone());
                    }
                }
            }
        }
        PathOwners { path: path.to_owned(), subsystems, owners }
    }

    /// Owners of any of `paths`, without repeats, in order of first match.
    pub fn of_all<S: AsRef<str>>(&self, paths: &[S]) -> Vec<String> {
        let mut all: Vec<String> = Vec::new();
        for p in paths {
            for o in self.of(p.as_ref()).owners {
                if !all.iter().any(|x| x.eq_ignore_ascii_case(&o)) {
                    all.push(o);
                }
            }
        }
        all
    }

    /// The members of `@org/team` as listed in governance.yaml (`teams`).
    pub fn team_members(&self, owner: &str) -> Vec<&'a str> {
        let Some(team) = owner.strip_prefix('@').and_then(crate::forge::Team::parse) else {
            return Vec::new();
        };
        self.gov
            .members
            .iter()
            .filter(|m| m.teams.iter().any(|t| t == &team.slug || t == &team.to_string()))
            .map(|m| m.handle.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codeowners_conventions() {
        let m = compile("*.md").unwrap();
        assert!(m.is_match("README.md"));
        assert!(m.is_match("doc/api/fs.md"));
        let m = compile("lib/*.js").unwrap();
        assert!(m.is_match("lib/fs.js"));
        assert!(!m.is_match("lib/internal/fs.js"));
        let m = compile("lib/internal/fs/").unwrap();
        assert!(m.is_match("lib/internal/fs/utils.js"));
        assert!(m.is_match("lib/internal/fs/a/b.js"));
        let m = compile("/src/node_file.cc").unwrap();
        assert!(m.is_match("src/node_file.cc"));
        assert!(!m.is_match("deps/src/node_file.cc"));
    }
}
