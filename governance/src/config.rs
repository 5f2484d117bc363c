//! `governance.yaml`: members and their roles, subsystems and their owners,
//! the landing rules and the voting rules of a project.
//!
//! The doc comments on these structs are the reference for the file; the
//! annotated example in `governance/examples/governance.yaml` shows Node's
//! rules, which are also the defaults.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::span::{Share, Span};
use changelog::locate::Lines;

/// A role a member can hold. Five are built in; a project may add its own
/// under `roles:`.
///
/// The built-in roles nest: `tsc-voting` implies `tsc`, and `tsc` implies
/// `collaborator`, as TSC members are collaborators in Node.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Role(pub String);

impl Role {
    /// `collaborator`: may review and land pull requests.
    pub const COLLABORATOR: &'static str = "collaborator";
    /// `tsc`: member of the Technical Steering Committee.
    pub const TSC: &'static str = "tsc";
    /// `tsc-voting`: TSC member with a vote.
    pub const TSC_VOTING: &'static str = "tsc-voting";
    /// `releaser`: may cut releases.
    pub const RELEASER: &'static str = "releaser";
    /// `emeritus`: former member; grants nothing, listed for thanks.
    pub const EMERITUS: &'static str = "emeritus";

    /// The built-in role names.
    pub const BUILT_IN: [&'static str; 5] =
        [Self::TSC, Self::TSC_VOTING, Self::COLLABORATOR, Self::RELEASER, Self::EMERITUS];

    /// A role by name.
    pub fn new(name: &str) -> Role {
        Role(name.to_owned())
    }

    /// The role's name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Roles this one implies (including itself).
    pub fn implied(&self) -> Vec<&str> {
        match self.0.as_str() {
            Self::TSC_VOTING => vec![Self::TSC_VOTING, Self::TSC, Self::COLLABORATOR],
            Self::TSC => vec![Self::TSC, Self::COLLABORATOR],
            other => vec![other],
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The whole `governance.yaml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Governance {
    /// The project's name, for headings and messages.
    pub project: Option<String>,
    /// Where the project lives on GitHub.
    pub github: GitHubSettings,
    /// Roles beyond the built-in `tsc`, `tsc-voting`, `collaborator`,
    /// `releaser` and `emeritus`.
    pub roles: Vec<RoleDef>,
    /// Everyone with a role in the project.
    pub members: Vec<Member>,
    /// The project's subsystems: the valid commit subsystems (`fs: …`) and,
    /// for those with `paths`, who owns which files.
    pub subsystems: Vec<Subsystem>,
    /// What a pull request needs before it may land.
    pub landing: LandingRules,
    /// How votes and nominations are decided.
    pub votes: VoteRules,
}

/// Where the project lives on GitHub.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GitHubSettings {
    /// The repository, `owner/name` (e.g. `nodejs/node`). The command line's
    /// `--repo` or a pull request URL override it.
    pub repo: Option<String>,
    /// The REST API base URL. Default `https://api.github.com`; for GitHub
    /// Enterprise Server `https://HOST/api/v3`.
    pub api_url: Option<String>,
    /// Roles granted by GitHub team membership, as `role: org/team-slug`
    /// (e.g. `collaborator: nodejs/collaborators`). A login in that team
    /// holds the role even when `members` does not list it.
    pub role_teams: BTreeMap<Role, String>,
}

/// A project-specific role.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleDef {
    /// Its name, used in `members[].roles` and in rules.
    pub name: Role,
    /// What it is for.
    #[serde(default)]
    pub description: Option<String>,
}

/// A person with a role in the project.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// GitHub login (compared without regard to case, as GitHub does).
    pub handle: String,
    /// Full name.
    pub name: String,
    /// Email address, shown in member lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Pronouns, shown in member lists (`she/her`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pronouns: Option<String>,
    /// Roles held.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// GitHub team slugs the member belongs to (without the org), so that
    /// `@org/team` owners resolve to people offline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<String>,
}

impl Member {
    /// Whether the member holds `role`, directly or through a role that
    /// implies it.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r.implied().contains(&role))
    }
}

/// A subsystem: a valid commit subsystem and, optionally, the files it owns.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subsystem {
    /// Its name as written in commit titles (`fs: fix …`).
    pub name: String,
    /// Path globs of its files, as in CODEOWNERS: `*` stays within a folder,
    /// `**` crosses folders, a pattern without `/` matches at any depth, and
    /// a pattern ending in `/` matches everything under that folder.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    /// Who should review changes to those files: member handles or
    /// `@org/team` GitHub teams.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
}

/// What a pull request needs before it may land. The defaults are Node's.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LandingRules {
    /// The role whose reviews count (and whose "changes requested" blocks).
    /// Default `collaborator`.
    pub reviewer_role: Role,
    /// Approvals needed from reviewers other than the author. Default 2.
    pub approvals: u32,
    /// How long the pull request must be open before it may land. Default `48h`.
    pub wait: Span,
    /// After this long open, `approvals_after_long_wait` approvals are
    /// enough. Default `7d`.
    pub long_wait: Span,
    /// Approvals enough once the pull request has been open `long_wait`.
    /// Default 1.
    pub approvals_after_long_wait: u32,
    /// The fast-track rule: a labelled pull request skips `wait`.
    pub fast_track: FastTrack,
    /// Extra approvals a breaking change needs.
    pub semver_major: SemverMajor,
    /// Whether an outstanding "changes requested" review from a reviewer
    /// blocks landing. Default true.
    pub changes_requested_blocks: bool,
    /// Whether a commit pushed after the last approval blocks landing until
    /// someone approves again. Default true.
    pub no_commits_after_approval: bool,
    /// Which CI check runs must be green.
    pub checks: Checks,
    /// Whether every commit title must start with valid `subsystems`
    /// (`fs, stream: …`). Applies only when `subsystems` is not empty.
    /// Default true.
    pub commit_subsystems: bool,
}

impl Default for LandingRules {
    fn default() -> LandingRules {
        LandingRules {
            reviewer_role: Role::new(Role::COLLABORATOR),
            approvals: 2,
            wait: Span::hours(48),
            long_wait: Span::days(7),
            approvals_after_long_wait: 1,
            fast_track: FastTrack::default(),
            semver_major: SemverMajor::default(),
            changes_requested_blocks: true,
            no_commits_after_approval: true,
            checks: Checks::default(),
            commit_subsystems: true,
        }
    }
}

/// Fast-tracking: a pull request with `label` needs no `wait` once
/// `approvals` reviewers have approved the request, i.e. written the
/// request comment (one mentioning "fast-track") or given it a 👍.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FastTrack {
    /// The label. Default `fast-track`.
    pub label: String,
    /// Reviewers who must approve the request. Default 2.
    pub approvals: u32,
}

impl Default for FastTrack {
    fn default() -> FastTrack {
        FastTrack { label: "fast-track".to_owned(), approvals: 2 }
    }
}

/// Breaking changes: a pull request with `label` needs `approvals`
/// approvals from members with `role`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SemverMajor {
    /// The label. Default `semver-major`.
    pub label: String,
    /// Approvals needed. Default 2.
    pub approvals: u32,
    /// From whom. Default `tsc`.
    pub role: Role,
}

impl Default for SemverMajor {
    fn default() -> SemverMajor {
        SemverMajor { label: "semver-major".to_owned(), approvals: 2, role: Role::new(Role::TSC) }
    }
}

/// CI: the check runs reported on the pull request's head commit.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Checks {
    /// Names of the check runs that must succeed. Empty (the default)
    /// means every check run reported must succeed, and there must be one.
    pub required: Vec<String>,
}

/// How the project decides by vote. Defaults follow Node's TSC: a motion
/// passes when more than half of the voting members, not counting those who
/// abstain, vote in favour.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VoteRules {
    /// The role whose members vote on motions. Default `tsc-voting`.
    pub voters: Role,
    /// Share of the voters who must cast a ballot (abstaining counts) for
    /// the vote to count at all. Default `1/2`.
    pub quorum: Share,
    /// Share that "yes" ballots must exceed. Default `1/2`.
    pub majority: Share,
    /// What the majority is a share of. Default `voters`.
    pub majority_of: MajorityOf,
    /// How long a nomination stays open for objections. Default `7d`.
    pub nomination_period: Span,
    /// The role whose members may object to a nomination. Default
    /// `collaborator`.
    pub objectors: Role,
}

impl Default for VoteRules {
    fn default() -> VoteRules {
        VoteRules {
            voters: Role::new(Role::TSC_VOTING),
            quorum: Share::new(1, 2),
            majority: Share::new(1, 2),
            majority_of: MajorityOf::Voters,
            nomination_period: Span::days(7),
            objectors: Role::new(Role::COLLABORATOR),
        }
    }
}

/// What a vote's majority is a share of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MajorityOf {
    /// All voters except those who explicitly abstain: not voting counts
    /// against (Node's TSC rule).
    Voters,
    /// The "yes" and "no" ballots cast.
    Cast,
}

impl Governance {
    /// Reads and checks `path`.
    pub fn load(path: &Path) -> Result<Governance> {
        let source = Error::read_yaml(path)?;
        Governance::parse(path, &source)
    }

    /// Parses and checks `source`, naming `path` in errors.
    pub fn parse(path: &Path, source: &str) -> Result<Governance> {
        Error::check_yaml(path, source)?;
        // An empty file is an empty mapping: every default applies.
        let gov: Governance = if source.trim().is_empty() {
            Governance::default()
        } else {
            serde_yaml::from_str(source).map_err(|e| Error::yaml_in(path, source, e))?
        };
        gov.validate(path, source)?;
        Ok(gov)
    }

    /// Whether `role` is built in or declared under `roles:`.
    pub fn knows_role(&self, role: &str) -> bool {
        Role::BUILT_IN.contains(&role) || self.roles.iter().any(|r| r.name.as_str() == role)
    }

    /// The member with GitHub login `handle` (ignoring case).
    pub fn member(&self, handle: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.handle.eq_ignore_ascii_case(handle))
    }

    /// Members holding `role`, in file order.
    pub fn members_with(&self, role: &str) -> Vec<&Member> {
        self.members.iter().filter(|m| m.has_role(role)).collect()
    }

    /// Whether `name` is a valid commit subsystem.
    pub fn is_subsystem(&self, name: &str) -> bool {
        self.subsystems.iter().any(|s| s.name == name)
    }

    fn validate(&self, path: &Path, source: &str) -> Result<()> {
        let lines = Lines::of(source);
        let fail = |at: String, message: String| Err(Error::invalid(path, lines.line(&at), message));

        let mut roles = HashSet::new();
        for (i, def) in self.roles.iter().enumerate() {
            if Role::BUILT_IN.contains(&def.name.as_str()) {
                return fail(format!("roles[{i}].name"), format!("role `{}` is built in; do not declare it", def.name));
            }
            if !roles.insert(def.name.as_str()) {
                return fail(format!("roles[{i}].name"), format!("role `{}` is declared twice", def.name));
            }
        }
        if let Some(repo) = &self.github.repo {
            if crate::forge::Repo::parse(repo).is_err() {
                return fail("github.repo".into(), format!("`{repo}` is not a repository: expected `owner/name`"));
            }
        }
        for (role, team) in &self.github.role_teams {
            let at = format!("github.role_teams.{role}");
            self.check_role(role, &at, &fail)?;
            if crate::forge::Team::parse(team).is_none() {
                return fail(at, format!("`{team}` is not a GitHub team: expected `org/team-slug`"));
            }
        }

        let mut handles: HashSet<String> = HashSet::new();
        for (i, m) in self.members.iter().enumerate() {
            if m.handle.trim().is_empty() || m.handle.contains(char::is_whitespace) || m.handle.starts_with('@') {
                return fail(format!("members[{i}].handle"), format!("`{}` is not a GitHub login", m.handle));
            }
            if !handles.insert(m.handle.to_ascii_lowercase()) {
                return fail(
                    format!("members[{i}].handle"),
                    format!("duplicate handle `{}`: each member appears once", m.handle),
                );
            }
            for (j, role) in m.roles.iter().enumerate() {
                self.check_role(role, &format!("members[{i}].roles[{j}]"), &fail)?;
            }
        }

        let mut names = HashSet::new();
        for (i, s) in self.subsystems.iter().enumerate() {
            if s.name.is_empty() || s.name.contains([':', ',', ' ']) {
                return fail(
                    format!("subsystems[{i}].name"),
                    format!("`{}` is not a subsystem name (no spaces, `:` or `,`)", s.name),
                );
            }
            if !names.insert(s.name.as_str()) {
                return fail(format!("subsystems[{i}].name"), format!("subsystem `{}` appears twice", s.name));
            }
            for (j, glob) in s.paths.iter().enumerate() {
                if let Err(e) = crate::owners::compile(glob) {
                    return fail(format!("subsystems[{i}].paths[{j}]"), format!("bad path glob `{glob}`: {e}"));
                }
            }
            for (j, owner) in s.owners.iter().enumerate() {
                let at = format!("subsystems[{i}].owners[{j}]");
                if let Some(team) = owner.strip_prefix('@') {
                    if crate::forge::Team::parse(team).is_none() {
                        return fail(at, format!("owner `{owner}` is not a team: expected `@org/team-slug`"));
                    }
                } else if self.member(owner).is_none() {
                    return fail(
                        at,
                        format!("owner `{owner}` is not a member (add them under `members` or name a `@org/team`)"),
                    );
                }
            }
        }

        let landing = &self.landing;
        self.check_role(&landing.reviewer_role, "landing.reviewer_role", &fail)?;
        self.check_role(&landing.semver_major.role, "landing.semver_major.role", &fail)?;
        if landing.approvals_after_long_wait > landing.approvals {
            return fail(
                "landing.approvals_after_long_wait".into(),
                format!(
                    "approvals_after_long_wait ({}) is more than approvals ({}): waiting longer cannot need more",
                    landing.approvals_after_long_wait, landing.approvals
                ),
            );
        }
        if landing.long_wait < landing.wait {
            return fail(
                "landing.long_wait".into(),
                format!("long_wait ({}) is shorter than wait ({})", landing.long_wait, landing.wait),
            );
        }
        self.check_role(&self.votes.voters, "votes.voters", &fail)?;
        self.check_role(&self.votes.objectors, "votes.objectors", &fail)?;
        Ok(())
    }

    fn check_role(&self, role: &Role, at: &str, fail: &dyn Fn(String, String) -> Result<()>) -> Result<()> {
        if self.knows_role(role.as_str()) {
            return Ok(());
        }
        let mut known: Vec<&str> = Role::BUILT_IN.to_vec();
        known.extend(self.roles.iter().map(|r| r.name.as_str()));
        fail(
            at.to_owned(),
            format!("unknown role `{role}` (known roles: {}; declare others under `roles`)", known.join(", ")),
        )
    }
}

/// The default place of the governance file in a checkout.
pub fn default_path(root: &Path) -> PathBuf {
    root.join("governance.yaml")
}
