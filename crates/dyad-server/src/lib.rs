//! `dyad serve`: a read-only HTTP API and web dashboard over an event store.
//!
//! - [`router`] builds the axum router: the JSON API under `/api/…` (see
//!   `assets/openapi.json`, served at `/api/openapi.json`) and the dashboard
//!   (HTML, CSS and JS compiled into the binary, see [`assets`]).
//! - [`Pool`] holds a few read-only SQLite connections; each query runs on a
//!   blocking thread with one of them and is interrupted past its time limit.
//! - [`run`] binds (loopback by default), serves until Ctrl-C and returns.
//!
//! # Security
//! Nothing writes to the store: connections are opened read-only, and the
//! only POST (`/api/code`) codes text without storing it. Request bodies are
//! capped ([`Limits::body_bytes`]), every request has a time limit, assets
//! come from a fixed table (no file system path is ever built from a URL),
//! responses carry a strict Content-Security-Policy (no inline script), and
//! the dashboard writes data into the page as text only. When bound to
//! loopback the server answers only requests whose `Host` names loopback,
//! so a web page cannot reach it through DNS rebinding.

pub mod api;
pub mod assets;
mod pool;

pub use pool::Pool;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use dyad_coder::Pipeline;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// Errors that stop the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("{path}: {source}")]
    Open { path: String, source: dyad_store::StoreError },
    #[error("{0}: no such database (create one with `dyad ingest`)")]
    NoDatabase(String),
    #[error("cannot bind {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

/// Request limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest request body accepted (`POST /api/code`), in bytes.
    pub body_bytes: usize,
    /// Time limit of one request, end to end.
    pub request: Duration,
    /// Time limit of one database query; it is interrupted past it.
    pub query: Duration,
    /// Largest `limit` a listing accepts.
    pub max_rows: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { body_bytes: 1 << 20, request: Duration::from_secs(30), query: Duration::from_secs(5), max_rows: 1000 }
    }
}

/// What the handlers share.
pub struct AppState {
    pub pool: Arc<Pool>,
    /// The pipeline `POST /api/code` codes with (absent: 503).
    pub pipeline: Option<Arc<Pipeline>>,
    /// At most this many codings at once.
    pub coding: tokio::sync::Semaphore,
    pub limits: Limits,
    /// When set, only requests whose `Host` header is one of these.
    pub allowed_hosts: Option<Vec<String>>,
}

impl AppState {
    pub fn new(pool: Arc<Pool>, pipeline: Option<Arc<Pipeline>>, limits: Limits) -> AppState {
        AppState { pool, pipeline, coding: tokio::sync::Semaphore::new(2), limits, allowed_hosts: None }
    }
}

/// The Content-Security-Policy of every response: scripts, styles and data
/// from this origin only; no inline script, no frames, no plugins.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The whole application: API, dashboard, limits and security headers.
pub fn router(state: Arc<AppState>) -> Router {
    let limits = state.limits;
    let hosts = Arc::clone(&state);
    Router::new()
        .merge(api::routes())
        .merge(assets::routes())
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(hosts, check_host))
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        .layer(RequestBodyLimitLayer::new(limits.body_bytes))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, limits.request))
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
}

/// Refuses requests for other hosts when the server is bound to loopback
/// (DNS rebinding would otherwise let any web page read the store).
async fn check_host(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if let Some(allowed) = &state.allowed_hosts {
        let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        if !allowed.iter().any(|a| a.eq_ignore_ascii_case(host)) {
            return (StatusCode::MISDIRECTED_REQUEST, "dyad serve: unexpected Host header\n").into_response();
        }
    }
    next.run(req).await
}

/// How to run the server.
pub struct Config {
    pub db: PathBuf,
    pub addr: SocketAddr,
    /// Read-only connections (and so queries at once).
    pub connections: usize,
    pub pipeline: Option<Arc<Pipeline>>,
    pub limits: Limits,
}

/// The `Host` values that name a loopback address and port.
fn loopback_hosts(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    let mut hosts =
        vec![format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}"), addr.to_string()];
    if port == 80 {
        hosts.extend(["localhost".into(), "127.0.0.1".into(), "[::1]".into()]);
    }
    hosts
}

/// Serves until Ctrl-C (or SIGTERM). `ready` is called with the bound
/// address (the port is chosen by the system when `addr` has port 0).
pub fn run(config: Config, ready: impl FnOnce(SocketAddr)) -> Result<(), ServerError> {
    if !config.db.exists() {
        return Err(ServerError::NoDatabase(config.db.display().to_string()));
    }
    let pool = Arc::new(Pool::open(&config.db, config.connections, config.limits.query)?);
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).max(2);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(threads).enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| ServerError::Bind { addr: config.addr, source })?;
        let local = listener.local_addr()?;
        let mut state = AppState::new(pool, config.pipeline, config.limits);
        if local.ip().is_loopback() {
            state.allowed_hosts = Some(loopback_hosts(local));
        }
        ready(local);
        axum::serve(listener, router(Arc::new(state))).with_graceful_shutdown(shutdown_signal()).await?;
        Ok(())
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

#[cfg(test)]
mod tests;
