//! A stand-in for GitHub's REST API on 127.0.0.1, serving JSON fixture
//! files: for tests of the GitHub forge, and for dry runs
//! (`git nodus gov serve-fixture DIR`, then `--github-url` at it).
//!
//! A request for `/repos/o/r/pulls/1/reviews` is answered with the file
//! `DIR/repos/o/r/pulls/1/reviews.json`. Lists are paginated like GitHub's:
//! `per_page` (default 30, at most 100) and `page` pick the slice, and a
//! `Link` header gives `next`, `last`, `first` and `prev`. An object reply
//! with one list in it (`{"total_count": 3, "check_runs": […]}`) is
//! paginated on that list. Other query parameters filter list items on the
//! field of the same name (`?content=%2B1` keeps 👍 reactions). A missing
//! file gets GitHub's 404 reply.
//!
//! `DIR/stand-in.yaml`, when present, lowers the page size cap (so small
//! fixtures span pages) and lists canned replies for paths that should not
//! answer 200 (a rate limit, an error):
//!
//! ```yaml
//! page_size_max: 2
//! replies:
//!   - path: /repos/nodejs/node/pulls/3
//!     status: 403
//!     headers: { x-ratelimit-remaining: "0", x-ratelimit-reset: "1704070800" }
//!     body: { message: "API rate limit exceeded for 127.0.0.1.", documentation_url: "…" }
//!   - path: /repos/nodejs/node/pulls/109
//!     status: 500
//!     echo_request: true   # a text body quoting every request header
//! ```

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};

/// Canned replies (`stand-in.yaml` in the fixture folder).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Script {
    /// Serve at most this many items a page, whatever `per_page` asks
    /// (GitHub's cap is 100), so small fixtures can span pages.
    #[serde(default)]
    page_size_max: Option<usize>,
    #[serde(default)]
    replies: Vec<Canned>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Canned {
    path: String,
    status: u16,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: Option<serde_yaml::Value>,
    /// Answer with a plain-text body quoting the request line and every
    /// header, `Authorization` included, like a misconfigured proxy or
    /// server error page: to test that nothing the server sends back
    /// shows the token.
    #[serde(default)]
    echo_request: bool,
}

struct State {
    dir: PathBuf,
    script: Script,
    token: Option<String>,
    log: Mutex<Vec<String>>,
}

/// A running stand-in server; it stops when dropped.
pub struct StandIn {
    addr: SocketAddr,
    state: Arc<State>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StandIn {
    /// Serves the fixtures in `dir` on `127.0.0.1:port` (0 picks a free
    /// port) from a thread of its own. With `token`, requests must carry
    /// `Authorization: Bearer TOKEN` (else 401, like GitHub's "Bad credentials").
    pub fn start(dir: &Path, port: u16, token: Option<String>) -> Result<StandIn> {
        let script_path = dir.join("stand-in.yaml");
        let script = match Error::read_yaml(&script_path) {
            Ok(text) => serde_yaml::from_str(&text).map_err(|e| Error::yaml_in(&script_path, "", e))?,
            Err(Error::Read { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => Script::default(),
            Err(e) => return Err(e),
        };
        if !dir.is_dir() {
            return Err(Error::Read {
                path: dir.to_owned(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such fixture folder"),
            });
        }
        let io = |what: String| move |source| Error::Io { what, source };
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))
            .map_err(io(format!("cannot listen on 127.0.0.1:{port}")))?;
        listener.set_nonblocking(true).map_err(io("cannot set up the listener".into()))?;
        let addr = listener.local_addr().map_err(io("cannot read the listener's address".into()))?;
        let state = Arc::new(State { dir: dir.to_owned(), script, token, log: Mutex::new(Vec::new()) });
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(io("cannot start the stand-in's runtime".into()))?;
        let served = state.clone();
        let thread = std::thread::Builder::new()
            .name("github-stand-in".into())
            .spawn(move || rt.block_on(serve(listener, served, stopped)))
            .map_err(io("cannot start the stand-in's thread".into()))?;
        Ok(StandIn { addr, state, stop: Some(stop), thread: Some(thread) })
    }

    /// The base URL to give `--github-url`, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The requests answered so far (`GET /path?query`), in order.
    pub fn requests(&self) -> Vec<String> {
        self.state.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Serves until the process is stopped.
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

async fn serve(listener: std::net::TcpListener, state: Arc<State>, mut stopped: tokio::sync::oneshot::Receiver<()>) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let state = state.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req| {
                        let state = state.clone();
                        async move { Ok::<_, Infallible>(answer(&state, req)) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        }
    }
}

fn json_reply(status: StatusCode, body: &Value, headers: &[(&str, String)]) -> Response<Full<Bytes>> {
    let mut resp = Response::builder()
        .status(status)
        .header("content-type", "application/json; charset=utf-8")
        .header("x-github-api-version-selected", "2022-11-28");
    for (k, v) in headers {
        resp = resp.header(*k, v.as_str());
    }
    let text = serde_json::to_string_pretty(body).unwrap_or_default();
    resp.body(Full::new(Bytes::from(text))).unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn github_error(status: StatusCode, message: &str) -> Response<Full<Bytes>> {
    let body = serde_json::json!({
        "message": message,
        "documentation_url": "https://docs.github.com/rest",
        "status": status.as_u16().to_string(),
    });
    json_reply(status, &body, &[])
}

fn answer(state: &State, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let path = req.uri().path().to_owned();
    let query = req.uri().query().unwrap_or("").to_owned();
    if let Ok(mut log) = state.log.lock() {
        log.push(if query.is_empty() {
            format!("{} {path}", req.method())
        } else {
            format!("{} {path}?{query}", req.method())
        });
    }
    if req.method() != hyper::Method::GET {
        return github_error(StatusCode::NOT_FOUND, "Not Found");
    }
    if let Some(token) = &state.token {
        let sent = req.headers().get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("");
        if sent != format!("Bearer {token}") && sent != format!("token {token}") {
            return github_error(StatusCode::UNAUTHORIZED, "Bad credentials");
        }
    }
    if let Some(canned) = state.script.replies.iter().find(|c| c.path == path && c.echo_request) {
        let mut text = format!("stand-in failure handling {} {}\nrequest headers:\n", req.method(), req.uri());
        for (name, value) in req.headers() {
            text.push_str(&format!("{name}: {}\n", String::from_utf8_lossy(value.as_bytes())));
        }
        let mut reply = Response::new(Full::new(Bytes::from(text)));
        *reply.status_mut() = StatusCode::from_u16(canned.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        reply.headers_mut().insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static("text/plain"));
        return reply;
    }
    if let Some(canned) = state.script.replies.iter().find(|c| c.path == path) {
        let body = canned
            .body
            .as_ref()
            .and_then(|b| serde_json::to_value(b).ok())
            .unwrap_or_else(|| serde_json::json!({"message": "stand-in reply"}));
        let headers: Vec<(&str, String)> = canned.headers.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        return json_reply(
            StatusCode::from_u16(canned.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            &body,
            &headers,
        );
    }

    // Map the path to a fixture file, refusing anything that climbs out.
    let mut file = state.dir.clone();
    for part in Path::new(path.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) => file.push(p),
            _ => return github_error(StatusCode::NOT_FOUND, "Not Found"),
        }
    }
    file.set_extension(match file.extension() {
        Some(ext) => format!("{}.json", ext.to_string_lossy()),
        None => "json".to_owned(),
    });
    let Ok(text) = std::fs::read_to_string(&file) else {
        return github_error(StatusCode::NOT_FOUND, "Not Found");
    };
    let Ok(body) = serde_json::from_str::<Value>(&text) else {
        return github_error(StatusCode::INTERNAL_SERVER_ERROR, &format!("stand-in: {} is not JSON", file.display()));
    };

    let params: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    let param = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let cap = state.script.page_size_max.unwrap_or(100).clamp(1, 100);
    let per_page: usize = param("per_page").and_then(|v| v.parse().ok()).unwrap_or(30).clamp(1, cap);
    let page: usize = param("page").and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
    let filters: Vec<&(String, String)> = params.iter().filter(|(k, _)| k != "per_page" && k != "page").collect();

    let rate = [
        ("x-ratelimit-limit", "5000".to_owned()),
        ("x-ratelimit-remaining", "4999".to_owned()),
        ("x-ratelimit-used", "1".to_owned()),
        ("x-ratelimit-resource", "core".to_owned()),
    ];
    // Which list to paginate: the reply itself, or the one list inside an object.
    let (mut body, key) = match body {
        Value::Array(_) => (body, None),
        Value::Object(ref map) => {
            let lists: Vec<&String> = map.iter().filter(|(_, v)| v.is_array()).map(|(k, _)| k).collect();
            match lists.as_slice() {
                [one] if map.contains_key("total_count") => {
                    let k = (*one).clone();
                    (body, Some(k))
                }
                _ => return json_reply(StatusCode::OK, &body, &rate),
            }
        }
        _ => return json_reply(StatusCode::OK, &body, &rate),
    };
    let list = match &key {
        None => body.as_array_mut(),
        Some(k) => body.get_mut(k).and_then(Value::as_array_mut),
    };
    let Some(list) = list else { return json_reply(StatusCode::OK, &body, &rate) };
    list.retain(|item| {
        filters.iter().all(|(k, v)| match item.get(k) {
            Some(Value::String(s)) => s == v,
            Some(other) => &other.to_string() == v,
            None => true,
        })
    });
    let total = list.len();
    let last = total.div_ceil(per_page).max(1);
    let slice: Vec<Value> = list.iter().skip((page - 1) * per_page).take(per_page).cloned().collect();
    *list = slice;
    if let (Some(_), Some(obj)) = (&key, body.as_object_mut()) {
        obj.insert("total_count".into(), Value::from(total));
    }

    let host = req.headers().get("host").and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
    let link_to = |p: usize| {
        let mut q: Vec<String> = filters.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        q.push(format!("per_page={per_page}"));
        q.push(format!("page={p}"));
        format!("<http://{host}{path}?{}>", q.join("&"))
    };
    let mut links = Vec::new();
    if page > 1 {
        links.push(format!("{}; rel=\"prev\"", link_to(page - 1)));
    }
    if page < last {
        links.push(format!("{}; rel=\"next\"", link_to(page + 1)));
        links.push(format!("{}; rel=\"last\"", link_to(last)));
    }
    if page > 1 {
        links.push(format!("{}; rel=\"first\"", link_to(1)));
    }
    let mut headers: Vec<(&str, String)> = rate.to_vec();
    if !links.is_empty() {
        headers.push(("link", links.join(", ")));
    }
    json_reply(StatusCode::OK, &body, &headers)
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or(())
                {
                    Ok(b) => {
                        out.push(b);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
