//! The dashboard's files, compiled into the binary. They are served from
//! this fixed table only: a URL never becomes a file system path, so there
//! is nothing to traverse.

use crate::AppState;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

/// One embedded file.
pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    pub body: &'static str,
}

/// Every file the dashboard needs. No CDN, no external fonts: charts are
/// SVG drawn by `app.js`.
pub const ASSETS: &[Asset] = &[
    Asset { name: "index.html", content_type: "text/html; charset=utf-8", body: include_str!("../assets/index.html") },
    Asset { name: "app.js", content_type: "text/javascript; charset=utf-8", body: include_str!("../assets/app.js") },
    Asset { name: "style.css", content_type: "text/css; charset=utf-8", body: include_str!("../assets/style.css") },
    Asset { name: "favicon.svg", content_type: "image/svg+xml", body: include_str!("../assets/favicon.svg") },
];

/// The asset called `name`, if there is one.
pub fn find(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.name == name)
}

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(index))
        .route("/index.html", get(index))
        .route("/favicon.ico", get(|| async { asset("favicon.svg") }))
        .route("/assets/{name}", get(|Path(name): Path<String>| async move { asset(&name) }))
}

async fn index() -> Response {
    asset("index.html")
}

fn asset(name: &str) -> Response {
    match find(name) {
        Some(a) => {
            ([(header::CONTENT_TYPE, a.content_type), (header::CACHE_CONTROL, "no-cache")], a.body).into_response()
        }
        None => (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "not found\n")
            .into_response(),
    }
}
