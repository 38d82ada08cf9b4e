//! Router-level tests on an empty store: assets, traversal, limits, headers,
//! host checks and the OpenAPI document. The API on real data is tested
//! through the binary (`crates/dyad-cli/tests/serve.rs`).

use super::*;
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use tower::ServiceExt;

fn app(dir: &tempfile::TempDir, hosts: Option<Vec<String>>) -> Router {
    let db = dir.path().join("t.db");
    drop(dyad_store::Store::open(&db).expect("create store"));
    let pool = Arc::new(Pool::open(&db, 2, Duration::from_secs(5)).expect("pool"));
    let limits = Limits { body_bytes: 4096, ..Limits::default() };
    let mut state = AppState::new(pool, None, limits);
    state.allowed_hosts = hosts;
    router(Arc::new(state))
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = app.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.expect("body").to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).header("host", "127.0.0.1:8080").body(Body::empty()).expect("request")
}

#[tokio::test]
async fn dashboard_and_assets_are_served_with_a_strict_policy() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let (status, headers, body) = send(&app, get("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<script src=\"/assets/app.js\""), "{body}");
    let csp = headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(headers.get(header::X_CONTENT_TYPE_OPTIONS).map(|v| v.as_bytes()), Some(&b"nosniff"[..]));
    for a in assets::ASSETS {
        let (status, headers, _) = send(&app, get(&format!("/assets/{}", a.name))).await;
        assert_eq!(status, StatusCode::OK, "{}", a.name);
        assert_eq!(headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()), Some(a.content_type));
    }
}

#[tokio::test]
async fn asset_paths_cannot_traverse() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    for uri in [
        "/assets/../Cargo.toml",
        "/assets/..%2FCargo.toml",
        "/assets/%2e%2e%2fsrc%2flib.rs",
        "/assets/..%5c..%5cCargo.toml",
        "/assets/%2Fetc%2Fpasswd",
        "/assets/",
        "/../../etc/passwd",
        "/assets/app.js%00.txt",
    ] {
        let (status, _, body) = send(&app, get(uri)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {body}");
        assert!(!body.contains("[package]") && !body.contains("root:"), "{uri}: {body}");
    }
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let big = serde_json::json!({ "text": "a".repeat(10_000) }).to_string();
    let req = Request::post("/api/code")
        .header("content-type", "application/json")
        .header("host", "127.0.0.1:8080")
        .body(Body::from(big))
        .unwrap();
    let (status, _, body) = send(&app, req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
}

#[tokio::test]
async fn the_api_is_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    for (method, uri) in [("POST", "/api/events"), ("DELETE", "/api/events/1"), ("PUT", "/api/articles/x")] {
        let req = Request::builder().method(method).uri(uri).header("host", "x").body(Body::empty()).unwrap();
        let (status, _, _) = send(&app, req).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
    }
}

#[tokio::test]
async fn bad_parameters_are_400_with_a_json_error() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    for uri in [
        "/api/events?quad=9",
        "/api/events?status=rumoured",
        "/api/events?from=yesterday",
        "/api/events?limit=-1",
        "/api/events?after=abc",
        "/api/events?colour=red",
        "/api/timeline?interval=year",
        "/api/events/abc",
    ] {
        let (status, _, body) = send(&app, get(uri)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_else(|_| panic!("{uri}: not JSON: {body}"));
        assert!(v["error"].is_string(), "{uri}: {body}");
    }
    let (status, _, _) = send(&app, get("/api/events/12345")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = send(&app, get("/api/nothing")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn coding_without_a_pipeline_is_unavailable() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let req = Request::post("/api/code")
        .header("content-type", "application/json")
        .header("host", "x")
        .body(Body::from(r#"{"text": "Russia attacked Ukraine."}"#))
        .unwrap();
    let (status, _, _) = send(&app, req).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn other_hosts_are_refused_on_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, Some(loopback_hosts("127.0.0.1:8080".parse().unwrap())));
    let (status, _, _) = send(&app, get("/api/health")).await;
    assert_eq!(status, StatusCode::OK);
    let req = Request::get("/api/health").header("host", "evil.example:8080").body(Body::empty()).unwrap();
    let (status, _, _) = send(&app, req).await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
}

#[tokio::test]
async fn health_counts_an_empty_store() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let (status, _, body) = send(&app, get("/api/health")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["counts"]["events"], 0);
    let (_, _, body) = send(&app, get("/api/events")).await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["events"].as_array().map(Vec::len), Some(0));
    assert!(v["next"].is_null());
}

#[test]
fn the_openapi_document_describes_every_route() {
    let doc: serde_json::Value = serde_json::from_str(api::OPENAPI).expect("openapi.json is JSON");
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().expect("paths");
    for (path, method) in api::ROUTES {
        assert!(paths.get(*path).and_then(|p| p.get(*method)).is_some(), "{method} {path} is not in openapi.json");
    }
    assert_eq!(paths.len(), api::ROUTES.len(), "openapi.json has routes the server does not serve");
    // Every parameter reference resolves.
    let text = api::OPENAPI;
    for (i, _) in text.match_indices("#/components/parameters/") {
        let name: String = text[i + 24..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        assert!(doc["components"]["parameters"].get(&name).is_some(), "dangling parameter {name}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_query_past_its_time_limit_is_interrupted_and_the_pool_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    drop(dyad_store::Store::open(&db).expect("create store"));
    let pool = Arc::new(Pool::open(&db, 1, Duration::from_millis(200)).expect("pool"));
    let started = std::time::Instant::now();
    let endless = pool
        .run(|s| {
            let sql = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
            s.connection().query_row(sql, [], |r| r.get::<_, i64>(0)).map_err(dyad_store::StoreError::from)
        })
        .await;
    assert!(matches!(endless, Err(api::ApiError::Timeout)), "{endless:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // The one connection comes back once the interrupted query stops.
    let counts = pool.run(|s| s.counts()).await.expect("the pool answers again");
    assert_eq!(counts.events, 0);
}
