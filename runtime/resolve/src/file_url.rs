//! URLs for the module loaders: a parsed WHATWG URL ([`Url`], on Ada, the
//! parser behind `URL` too), and file URLs as Node writes and reads them:
//! `pathToFileURL` and `fileURLToPath` of `node:url`, which the ES module
//! loader keys its module map by.

use std::path::{Path, PathBuf};

use crate::cjs::normalize;

/// Input the WHATWG URL parser refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidUrl;

/// A parsed URL: Ada's `url_aggregator` (the normalized href and the
/// offsets of its parts), read the way the ES module resolver needs it.
#[derive(Clone)]
pub struct Url(ada_url::Url);

impl Url {
    /// The WHATWG URL parser on `input` alone.
    pub fn parse(input: &str) -> Result<Url, InvalidUrl> {
        ada_url::Url::parse(input, None).map(Url).map_err(|_| InvalidUrl)
    }

    /// `new URL(input, self)`.
    pub fn join(&self, input: &str) -> Result<Url, InvalidUrl> {
        ada_url::Url::parse(input, Some(self.as_str())).map(Url).map_err(|_| InvalidUrl)
    }

    /// The serialized URL (`href`).
    pub fn as_str(&self) -> &str {
        self.0.href()
    }

    /// The scheme, without the `:`.
    pub fn scheme(&self) -> &str {
        let protocol = self.0.protocol();
        &protocol[..protocol.len().saturating_sub(1)]
    }

    /// The path (`pathname`).
    pub fn path(&self) -> &str {
        self.0.pathname()
    }

    /// The query without its `?`, when the URL has one (even empty).
    pub fn query(&self) -> Option<&str> {
        let parts = self.0.components();
        let start = parts.search_start? as usize + 1;
        let end = parts.hash_start.map_or(self.as_str().len(), |h| h as usize);
        self.as_str().get(start..end)
    }

    /// The fragment without its `#`, when the URL has one (even empty).
    pub fn fragment(&self) -> Option<&str> {
        let start = self.0.components().hash_start? as usize + 1;
        self.as_str().get(start..)
    }

    /// The host, when the URL has one (`file:///x` has the empty host).
    pub fn host_str(&self) -> Option<&str> {
        self.0.has_hostname().then(|| self.0.hostname())
    }
}

impl From<Url> for String {
    fn from(url: Url) -> String {
        url.as_str().to_owned()
    }
}

/// Node's `pathToFileURL(path).href` for an absolute (or cwd-relative)
/// path: the characters Node encodes by hand (`%`, tab, newlines, space,
/// `"`, `#`, `?`, `[`, `\`, `]`, `^`, `|`, `~`) plus what the URL parser
/// encodes in a path (controls, `<`, `>`, `` ` ``, `{`, `}`, non-ASCII).
pub fn path_to_file_url(path: &Path) -> String {
    let text = path.to_string_lossy();
    let trailing_slash = text.ends_with('/') && text.len() > 1;
    let absolute = if path.is_absolute() {
        normalize(path)
    } else {
        normalize(&std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")).join(path))
    };
    let mut resolved = absolute.to_string_lossy().into_owned();
    if trailing_slash && !resolved.ends_with('/') {
        resolved.push('/');
    }
    let mut out = String::with_capacity(resolved.len() + 8);
    out.push_str("file://");
    for byte in resolved.bytes() {
        let encode = matches!(
            byte,
            0..=0x20
                | b'"'
                | b'#'
                | b'%'
                | b'<'
                | b'>'
                | b'?'
                | b'['
                | b'\\'
                | b']'
                | b'^'
                | b'`'
                | b'{'
                | b'|'
                | b'}'
                | b'~'
                | 0x7f..=0xff
        );
        if encode {
            out.push_str(&format!("%{byte:02X}"));
        } else {
            out.push(byte as char);
        }
    }
    out
}

/// Why a file URL has no path (Node's `fileURLToPath` errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileUrlError {
    /// `ERR_INVALID_URL_SCHEME`: not a `file:` URL.
    NotFile,
    /// `ERR_INVALID_FILE_URL_HOST`: a host other than `localhost`.
    Host,
    /// `ERR_INVALID_FILE_URL_PATH`: an encoded `/` in the path.
    EncodedSlash,
    /// `URIError`: a `%` escape that is not UTF-8.
    Malformed,
}

/// Node's `fileURLToPath(url)` on POSIX.
pub fn file_url_to_path(url: &Url) -> Result<PathBuf, FileUrlError> {
    if url.scheme() != "file" {
        return Err(FileUrlError::NotFile);
    }
    if url.host_str().is_some_and(|h| !h.is_empty()) {
        return Err(FileUrlError::Host);
    }
    let pathname = url.path();
    let bytes = pathname.as_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'%' && bytes.get(i + 1) == Some(&b'2') && bytes.get(i + 2).is_some_and(|c| c | 0x20 == b'f') {
            return Err(FileUrlError::EncodedSlash);
        }
    }
    percent_decode(pathname).map(PathBuf::from).ok_or(FileUrlError::Malformed)
}

/// `decodeURIComponent`: `None` when an escape is not valid UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
