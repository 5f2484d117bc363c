//! Templates that turn a [`Changelog`] into text: the built-in formats
//! and users' handlebars files. Handlebars stays inside this module.

use std::path::Path;
use std::str::FromStr;

use handlebars::Handlebars;

use crate::error::{Error, Result};
use crate::render::{Changelog, FieldSet, Parts, Projected};

/// The built-in output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown, line for line what Node's `changelog-maker --markdown` prints.
    Node,
    /// changelog-maker's default plain-text lines.
    NodePlain,
    /// Markdown sections by Conventional Commits type (Features, Bug
    /// Fixes…, BREAKING CHANGES first).
    Conventional,
    /// The whole [`Changelog`] data as pretty JSON (schema version 1).
    Json,
}

impl Format {
    /// Every format with its name, for help texts.
    pub const ALL: &'static [(&'static str, Format)] = &[
        ("node", Format::Node),
        ("node-plain", Format::NodePlain),
        ("conventional", Format::Conventional),
        ("json", Format::Json),
    ];

    /// The format's name (`node`, `node-plain`, `conventional`, `json`).
    pub fn name(self) -> &'static str {
        Format::ALL.iter().find(|(_, f)| *f == self).map(|(n, _)| *n).expect("every format is listed")
    }
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Format> {
        Format::ALL.iter().find(|(name, _)| *name == s).map(|(_, f)| *f).ok_or_else(|| Error::InvalidValue {
            what: "format",
            value: s.to_owned(),
            reason: format!("expected one of {}", Format::ALL.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")),
        })
    }
}

const NODE: &str = "{{#each commits}}\n{{node_markdown}}\n{{/each}}";
const NODE_PLAIN: &str = "{{#each commits}}\n{{node_plain}}\n{{/each}}";
const CONVENTIONAL: &str = include_str!("templates/conventional.hbs");

enum Engine {
    Json,
    Handlebars(Box<Handlebars<'static>>),
}

/// A compiled template: a built-in [`Format`] or a user's handlebars file.
///
/// Templates render a [`Changelog`]; its fields are documented there (and
/// `git nodus changelog --format json` shows them on real data). Output is
/// not HTML-escaped.
pub struct Template {
    name: String,
    engine: Engine,
    needs_links: bool,
    needs: Parts,
    fields: FieldSet,
}

impl Template {
    /// A built-in format.
    pub fn builtin(format: Format) -> Template {
        let source = match format {
            Format::Json => {
                return Template {
                    name: "json".into(),
                    engine: Engine::Json,
                    needs_links: false,
                    needs: Parts::NONE,
                    fields: FieldSet::ALL,
                };
            }
            Format::Node => NODE,
            Format::NodePlain => NODE_PLAIN,
            Format::Conventional => CONVENTIONAL,
        };
        let mut template = Template::parse(format.name(), source).expect("built-in templates compile");
        template.needs_links = format == Format::Node;
        template
    }

    /// Compiles handlebars `source`; `name` appears in errors.
    pub fn parse(name: &str, source: &str) -> Result<Template> {
        let limit = |e: crate::input::InputError| Error::Template { name: name.to_owned(), message: e.to_string() };
        crate::input::check_text(source, crate::input::MAX_CONFIG_BYTES).map_err(limit)?;
        crate::input::check_template_depth(source, crate::input::MAX_TEMPLATE_DEPTH).map_err(limit)?;
        let mut hb = Handlebars::new();
        hb.register_escape_fn(handlebars::no_escape);
        hb.register_template_string(name, source)
            .map_err(|e| Error::Template { name: name.to_owned(), message: template_error_message(&e) })?;
        let uses = |word: &str| source.contains(word);
        let needs = Parts {
            node_lines: uses("node_markdown") || uses("node_plain"),
            notable: uses("notable"),
            groups: uses("groups"),
            sections: uses("sections"),
        };
        Ok(Template {
            name: name.to_owned(),
            engine: Engine::Handlebars(Box::new(hb)),
            needs_links: false,
            needs,
            fields: FieldSet::from_source(source),
        })
    }

    /// Reads and compiles a handlebars file.
    pub fn from_file(path: &Path) -> Result<Template> {
        let source = Error::read_input(path, crate::input::MAX_CONFIG_BYTES, "cannot read template")?;
        Template::parse(&path.display().to_string(), &source)
    }

    /// The parts of the [`Changelog`] data this template uses (found in
    /// its source), to pass to [`Changelog::with_parts`].
    pub fn needs(&self) -> Parts {
        self.needs
    }

    /// The template's name (format name or file path).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Renders `data`. The `node` format fails with [`Error::NoRepoUrl`]
    /// when `data` has no repository to link to.
    pub fn render(&self, data: &Changelog) -> Result<String> {
        if self.needs_links && data.repository.is_none() {
            return Err(Error::NoRepoUrl);
        }
        match &self.engine {
            Engine::Json => {
                let mut s = serde_json::to_string_pretty(data)
                    .map_err(|e| Error::Template { name: self.name.clone(), message: e.to_string() })?;
                s.push('\n');
                Ok(s)
            }
            Engine::Handlebars(hb) => {
                let projected = Projected { data, fields: &self.fields };
                hb.render(&self.name, &projected)
                    .map_err(|e| Error::Template { name: self.name.clone(), message: render_error_message(&e) })
            }
        }
    }
}

fn template_error_message(e: &handlebars::TemplateError) -> String {
    let reason = e.reason().to_string();
    match e.pos() {
        Some((line, col)) => format!("line {line}, column {col}: {reason}"),
        None => reason,
    }
}

fn render_error_message(e: &handlebars::RenderError) -> String {
    let reason = e.reason().to_string();
    match (e.line_no, e.column_no) {
        (Some(line), Some(col)) => format!("line {line}, column {col}: {reason}"),
        _ => reason,
    }
}
