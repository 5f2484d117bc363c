//! The offline label file.

use std::path::Path;

use changelog::{LabelFile, LabelSource};

use crate::util::commit;

#[test]
fn pulls_and_commits_sections() {
    let f = LabelFile::parse(
        Path::new("labels.yaml"),
        "pulls:\n  123: [semver-minor]\ncommits:\n  0123456: [notable-change]\n",
    )
    .unwrap();
    let c = commit("http: x\n\nPR-URL: https://github.com/nodejs/node/pull/123\n");
    assert_eq!(f.labels(&c).unwrap(), ["notable-change", "semver-minor"]);
}

#[test]
fn changelog_maker_json_works_too() {
    let f = LabelFile::parse(Path::new("labels.json"), r##"{"123": ["semver-major"], "#7": ["x"]}"##).unwrap();
    assert_eq!(f.labels(&commit("a: b\n\nPR-URL: #7")).unwrap(), ["x"]);
    assert_eq!(f.labels(&commit("a: b (#123)")).unwrap(), ["semver-major"]);
}

#[test]
fn bad_file_names_itself() {
    let err = LabelFile::parse(Path::new("l.yaml"), "pulls: [1, 2]").unwrap_err();
    assert_eq!(err.to_string(), "labels file `l.yaml`: `pulls` must be a mapping");
    let err = LabelFile::parse(Path::new("l.yaml"), "xyz: [a]").unwrap_err();
    assert!(err.to_string().contains("`xyz` is neither"), "{err}");
}
