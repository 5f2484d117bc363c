//! The `engine:` section of `release.yaml`.

use serde::Deserialize;

/// Which engine a project ships and where its version and ABI number live.
///
/// ```yaml
/// engine:
///   name: V8                    # in titles: "deps: update V8 to 13.7.152.14"
///   crate: v8                   # a pinned crate (the default layout) …
///   manifest: Cargo.toml        # … pinned here ([workspace.dependencies] or [dependencies])
///   lock: Cargo.lock
///   vendored: deps/v8           # … or a vendored directory (wins over `crate`)
///   version_header: include/v8-version.h
///   embedder_file: common.gypi  # where `'v8_embedder_string': '-node.N'` is
///   upstream_url: https://github.com/v8/v8
///   abi:
///     registry: doc/abi_version_registry.json
///     runtime: node
///     variant: v8_{major}.{minor}
///     file: src/node_version.h  # optional: a file that spells the number
///     pattern: '#define NODE_MODULE_VERSION {abi}'
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EngineConfig {
    /// The engine's name in commit titles and reports: `V8`.
    pub name: String,
    /// The crate that embeds the engine, pinned with `=X.Y.Z`: `v8`.
    #[serde(rename = "crate")]
    pub krate: String,
    /// The manifest that pins the crate: `Cargo.toml`.
    pub manifest: String,
    /// The lock file: `Cargo.lock`.
    pub lock: String,
    /// A vendored engine directory (`deps/v8`); when set, the project ships
    /// this instead of the crate.
    pub vendored: Option<String>,
    /// The version header inside the vendored directory (or the crate's
    /// source): `include/v8-version.h`.
    pub version_header: String,
    /// The file holding the embedder string: `common.gypi`.
    pub embedder_file: String,
    /// The key of the embedder string there: `v8_embedder_string`.
    pub embedder_key: String,
    /// The embedder string's prefix, followed by the count of floating
    /// patches: `-node.`.
    pub embedder_prefix: String,
    /// The upstream repository, for `Refs:` links of backports.
    pub upstream_url: String,
    /// The ABI number.
    pub abi: AbiConfig,
}

impl Default for EngineConfig {
    fn default() -> EngineConfig {
        EngineConfig {
            name: "V8".into(),
            krate: "v8".into(),
            manifest: "Cargo.toml".into(),
            lock: "Cargo.lock".into(),
            vendored: None,
            version_header: "include/v8-version.h".into(),
            embedder_file: "common.gypi".into(),
            embedder_key: "v8_embedder_string".into(),
            embedder_prefix: "-node.".into(),
            upstream_url: "https://github.com/v8/v8".into(),
            abi: AbiConfig::default(),
        }
    }
}

/// Where the ABI number is reserved and spelt out.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AbiConfig {
    /// The registry, in Node's `abi_version_registry.json` format.
    pub registry: String,
    /// This project's `runtime` in the registry.
    pub runtime: String,
    /// The `variant` of an engine version: `v8_{major}.{minor}`.
    pub variant: String,
    /// A file that spells the number out, if any (`src/node_version.h`).
    pub file: Option<String>,
    /// The line in it, `{abi}` standing for the number.
    pub pattern: String,
    /// The first number of an empty registry.
    pub first: u32,
}

impl Default for AbiConfig {
    fn default() -> AbiConfig {
        AbiConfig {
            registry: "doc/abi_version_registry.json".into(),
            runtime: "node".into(),
            variant: "v8_{major}.{minor}".into(),
            file: None,
            pattern: "#define NODE_MODULE_VERSION {abi}".into(),
            first: 1,
        }
    }
}

impl EngineConfig {
    /// Problems with the section: `(key path, message)`.
    pub(crate) fn check(&self) -> Option<(Vec<&'static str>, String)> {
        let paths = [
            ("manifest", Some(&self.manifest)),
            ("lock", Some(&self.lock)),
            ("vendored", self.vendored.as_ref()),
            ("version_header", Some(&self.version_header)),
            ("embedder_file", Some(&self.embedder_file)),
        ];
        for (key, value) in paths {
            if let Some(v) = value
                && (v.is_empty() || v.starts_with('/') || v.split('/').any(|p| p == ".." || p == "."))
            {
                return Some((vec!["engine", key], format!("`{v}` must be a path relative to the repository root")));
            }
        }
        if self.abi.registry.is_empty() || self.abi.registry.starts_with('/') || self.abi.registry.contains("..") {
            return Some((vec!["engine", "abi", "registry"], "must be a path relative to the repository root".into()));
        }
        if !self.abi.pattern.contains("{abi}") {
            return Some((vec!["engine", "abi", "pattern"], format!("`{}` must contain {{abi}}", self.abi.pattern)));
        }
        if self.krate.is_empty() || !self.krate.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return Some((vec!["engine", "crate"], format!("`{}` is not a crate name", self.krate)));
        }
        None
    }

    /// The registry variant of an engine `major.minor`.
    pub fn variant(&self, major: u32, minor: u32) -> String {
        self.abi.variant.replace("{major}", &major.to_string()).replace("{minor}", &minor.to_string())
    }
}
