//! Member lists, README sections and file owners.

use std::path::Path;

use governance::Owners;
use governance::members::{markdown, update_readme};

use crate::support::gov;

#[test]
fn markdown_list_in_nodes_style() {
    let g =
        governance::Governance::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/governance.yaml")).unwrap();
    let tsc = markdown(&g.members_with("tsc"));
    assert_eq!(
        tsc,
        "* [ada](https://github.com/ada) - **Ada Lovelace** <<ada@example.com>> (she/her)\n\
         * [brendan](https://github.com/brendan) - **Brendan Example** <<brendan@example.com>>\n\
         * [grace](https://github.com/grace) - **Grace Hopper**\n"
    );
}

#[test]
fn readme_sections_are_rewritten_between_markers_only() {
    let g = gov();
    let readme = "# Project\n\n## TSC\n<!-- gov:members role=tsc -->\n* stale entry\n<!-- gov:end -->\n\nText stays.\n";
    let up = update_readme(&g, Path::new("README.md"), readme).unwrap();
    assert!(up.changed);
    assert_eq!(up.sections, vec!["tsc"]);
    assert_eq!(
        up.text,
        "# Project\n\n## TSC\n<!-- gov:members role=tsc -->\n\
         * [tina](https://github.com/tina) - **Tina**\n\
         * [tom](https://github.com/tom) - **Tom**\n\
         <!-- gov:end -->\n\nText stays.\n"
    );
    let again = update_readme(&g, Path::new("README.md"), &up.text).unwrap();
    assert!(!again.changed, "a second run changes nothing");
}

#[test]
fn readme_marker_errors_name_the_line() {
    let g = gov();
    let e = update_readme(&g, Path::new("README.md"), "a\n<!-- gov:members role=tsc -->\nb\n").unwrap_err().to_string();
    assert_eq!(e, "README.md: line 2: section is not closed (`<!-- gov:end -->`)");
    let e = update_readme(&g, Path::new("README.md"), "<!-- gov:members role=boss -->\n<!-- gov:end -->\n")
        .unwrap_err()
        .to_string();
    assert_eq!(e, "README.md: line 1: unknown role `boss`");
    let e = update_readme(&g, Path::new("README.md"), "no markers\n").unwrap_err().to_string();
    assert!(e.starts_with("README.md: no member sections"), "{e}");
}

#[test]
fn owners_of_paths() {
    let g = gov();
    let owners = Owners::new(&g);
    let o = owners.of("lib/internal/fs/utils.js");
    assert_eq!(o.subsystems, vec!["fs"]);
    assert_eq!(o.owners, vec!["@nodejs/fs", "carol"]);
    assert!(owners.of("src/node.cc").owners.is_empty());
    assert_eq!(owners.of_all(&["doc/api/fs.md", "./lib/fs.js"]), vec!["dave", "@nodejs/fs", "carol"]);
    assert_eq!(owners.team_members("@nodejs/fs"), vec!["bob"]);
}
