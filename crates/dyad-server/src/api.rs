//! The JSON API. Every route is described in `assets/openapi.json`
//! (`GET /api/openapi.json`); a test checks that the two agree.

use crate::AppState;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use dyad_events::Status;
use dyad_store::{EventFilter, Interval, StoreError};
use rusqlite::ErrorCode;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// The OpenAPI 3.1 description of this API.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

/// Every API route (path template, method), as the router serves them.
pub const ROUTES: &[(&str, &str)] = &[
    ("/api/health", "get"),
    ("/api/openapi.json", "get"),
    ("/api/events", "get"),
    ("/api/events/{id}", "get"),
    ("/api/actors", "get"),
    ("/api/dyads", "get"),
    ("/api/timeline", "get"),
    ("/api/issues", "get"),
    ("/api/articles", "get"),
    ("/api/articles/{id}", "get"),
    ("/api/codebook", "get"),
    ("/api/code", "post"),
];

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/openapi.json", get(openapi))
        .route("/api/events", get(events))
        .route("/api/events/{id}", get(event))
        .route("/api/actors", get(actors))
        .route("/api/dyads", get(dyads))
        .route("/api/timeline", get(timeline))
        .route("/api/issues", get(issues))
        .route("/api/articles", get(articles))
        .route("/api/articles/{id}", get(article))
        .route("/api/codebook", get(codebook))
        .route("/api/code", post(code))
        .fallback(not_found)
}

/// An error answered as `{"error": "..."}` with a status code.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("the request took too long")]
    Timeout,
    #[error("the server is busy")]
    Busy,
    #[error("{0}")]
    Unavailable(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("internal error: {0}")]
    Internal(String),
    /// SQLite refused a statement as such (`SQLITE_ERROR`, not I/O, locking
    /// or corruption). On a filter with a full-text query that is the FTS5
    /// parser refusing the user's text (see [`text_error`]); otherwise a bug.
    #[error("internal error: {0}")]
    Statement(String),
}

impl From<StoreError> for ApiError {
    /// Classified by SQLite's result code, not by the wording of its message.
    fn from(e: StoreError) -> ApiError {
        match &e {
            StoreError::Sqlite(err) => match err.sqlite_error_code() {
                Some(ErrorCode::OperationInterrupted) => ApiError::Timeout,
                Some(ErrorCode::Unknown) => ApiError::Statement(err.to_string()),
                _ => ApiError::Internal(e.to_string()),
            },
            _ => ApiError::Internal(e.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Timeout | ApiError::Busy | ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Internal(_) | ApiError::Statement(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, Json(json!({ "error": self.to_string() }))).into_response()
    }
}

type ApiResult = Result<Json<Value>, ApiError>;

/// A statement SQLite refused, on a filter with a full-text query, is the
/// FTS5 parser refusing the query (an unterminated string, an unknown
/// column, bad syntax): the user's to fix, so 400.
fn text_error(has_text: bool) -> impl Fn(ApiError) -> ApiError {
    move |e| match e {
        ApiError::Statement(msg) if has_text => ApiError::BadRequest(format!("bad text query: {msg}")),
        e => e,
    }
}

fn bad_query(e: QueryRejection) -> ApiError {
    ApiError::BadRequest(e.body_text())
}

async fn not_found() -> ApiError {
    ApiError::NotFound("no such route".into())
}

/// The filters of `dyad query`, plus paging. Empty values do not filter.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilterParams {
    actor: Option<String>,
    country: Option<String>,
    source: Option<String>,
    target: Option<String>,
    cameo: Option<String>,
    root: Option<String>,
    quad: Option<String>,
    plover: Option<String>,
    status: Option<String>,
    issue: Option<String>,
    from: Option<String>,
    to: Option<String>,
    place: Option<String>,
    text: Option<String>,
    /// Only events mentioned in this article.
    doc: Option<String>,
    /// Cursor: only events with a greater id (the previous page's `next`).
    after: Option<String>,
    limit: Option<String>,
    /// `true`: also count every matching event.
    total: Option<String>,
    /// `day`, `week` or `month` (timeline, dyads, issues).
    interval: Option<String>,
}

fn some(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn parse_status(s: &str) -> Result<Status, ApiError> {
    Status::from_name(s).ok_or_else(|| ApiError::BadRequest(format!("unknown status {s:?}")))
}

fn parse_date(name: &str, s: &str) -> Result<String, ApiError> {
    dyad_input::parse_date(s).map_err(|e| ApiError::BadRequest(format!("{name}: {e}")))
}

impl FilterParams {
    fn filter(&self) -> Result<EventFilter, ApiError> {
        let quad = match some(&self.quad) {
            Some(q) => match q.parse::<u8>() {
                Ok(n @ 1..=4) => Some(n),
                _ => return Err(ApiError::BadRequest(format!("quad must be 1–4, not {q:?}"))),
            },
            None => None,
        };
        let after_id = match some(&self.after) {
            Some(a) => Some(a.parse::<i64>().map_err(|_| ApiError::BadRequest(format!("bad cursor {a:?}")))?),
            None => None,
        };
        Ok(EventFilter {
            actor: some(&self.actor),
            country: some(&self.country),
            source: some(&self.source),
            target: some(&self.target),
            cameo: some(&self.cameo),
            root: some(&self.root),
            quad,
            plover: some(&self.plover),
            status: some(&self.status).map(|s| parse_status(&s)).transpose()?,
            issue: some(&self.issue).map(|s| s.to_uppercase()),
            from: some(&self.from).map(|d| parse_date("from", &d)).transpose()?,
            to: some(&self.to).map(|d| parse_date("to", &d)).transpose()?,
            place: some(&self.place),
            text: some(&self.text),
            after_id,
            doc_id: some(&self.doc),
        })
    }

    fn limit(&self, default: usize, max: usize) -> Result<usize, ApiError> {
        match some(&self.limit) {
            Some(l) => match l.parse::<usize>() {
                Ok(n) if n >= 1 => Ok(n.min(max)),
                _ => Err(ApiError::BadRequest(format!("limit must be a positive number, not {l:?}"))),
            },
            None => Ok(default),
        }
    }

    fn interval(&self) -> Result<Interval, ApiError> {
        match some(&self.interval) {
            Some(i) => Interval::parse(&i)
                .ok_or_else(|| ApiError::BadRequest(format!("interval must be day, week or month, not {i:?}"))),
            None => Ok(Interval::Week),
        }
    }
}

async fn health(State(state): State<Arc<AppState>>) -> ApiResult {
    let counts = state.pool.run(|s| s.counts()).await?;
    Ok(Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "counts": counts,
        "coding": state.pipeline.is_some(),
    })))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

#[derive(serde::Serialize)]
struct EventPage<'a> {
    events: &'a [dyad_store::StoredEvent],
    next: Option<i64>,
    total: Option<u64>,
}

/// `GET /api/events`: one page of canonical events, oldest id first, with
/// the cursor of the next page (`next`, null on the last page).
async fn events(
    State(state): State<Arc<AppState>>,
    params: Result<Query<FilterParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) = params.map_err(bad_query)?;
    let filter = params.filter()?;
    let limit = params.limit(50, state.limits.max_rows)?;
    let total = matches!(some(&params.total).as_deref(), Some("true" | "1"));
    let has_text = filter.text.is_some();
    let body = state
        .pool
        .run(move |s| {
            let events = s.query(&filter, limit)?;
            let next = if events.len() == limit { events.last().map(|e| e.id) } else { None };
            let total = if total {
                let mut all = filter.clone();
                all.after_id = None;
                Some(s.count(&all)?)
            } else {
                None
            };
            // Serialized on the blocking thread, straight into one buffer.
            serde_json::to_vec(&EventPage { events: &events, next, total }).map_err(StoreError::from)
        })
        .await
        .map_err(text_error(has_text))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// `GET /api/events/{id}`: one canonical event and every mention of it with
/// its provenance (article, sentence, spans, rule, status).
async fn event(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> ApiResult {
    let id: i64 = id.parse().map_err(|_| ApiError::BadRequest(format!("bad event id {id:?}")))?;
    let found = state
        .pool
        .run(move |s| match s.event(id)? {
            Some(e) => Ok(Some((e, s.mentions(id)?))),
            None => Ok(None),
        })
        .await?;
    match found {
        Some((event, mentions)) => Ok(Json(json!({ "event": event, "mentions": mentions }))),
        None => Err(ApiError::NotFound(format!("no event {id}"))),
    }
}

async fn actors(State(state): State<Arc<AppState>>, params: Result<Query<FilterParams>, QueryRejection>) -> ApiResult {
    let Query(params) = params.map_err(bad_query)?;
    let limit = params.limit(200, state.limits.max_rows)?;
    let actors = state.pool.run(move |s| s.actors(limit)).await?;
    Ok(Json(json!({ "actors": actors })))
}

/// `GET /api/dyads`: source → target pairs with counts and mean Goldstein,
/// in total and per period.
async fn dyads(State(state): State<Arc<AppState>>, params: Result<Query<FilterParams>, QueryRejection>) -> ApiResult {
    let Query(params) = params.map_err(bad_query)?;
    let filter = params.filter()?;
    let has_text = filter.text.is_some();
    let interval = params.interval()?;
    let limit = params.limit(200, state.limits.max_rows)?;
    let dyads = state.pool.run(move |s| s.dyads(&filter, interval, limit)).await.map_err(text_error(has_text))?;
    Ok(Json(json!({ "dyads": dyads })))
}

/// `GET /api/timeline`: matching events by period and QuadClass.
async fn timeline(
    State(state): State<Arc<AppState>>,
    params: Result<Query<FilterParams>, QueryRejection>,
) -> ApiResult {
    let Query(params) = params.map_err(bad_query)?;
    let filter = params.filter()?;
    let has_text = filter.text.is_some();
    let interval = params.interval()?;
    let rows = state.pool.run(move |s| s.timeline(&filter, interval)).await.map_err(text_error(has_text))?;
    Ok(Json(json!({ "interval": some(&params.interval).unwrap_or_else(|| "week".into()), "periods": rows })))
}

/// `GET /api/issues`: who proposed, demanded, accepted or rejected what.
async fn issues(State(state): State<Arc<AppState>>, params: Result<Query<FilterParams>, QueryRejection>) -> ApiResult {
    let Query(params) = params.map_err(bad_query)?;
    let filter = params.filter()?;
    let has_text = filter.text.is_some();
    let interval = params.interval()?;
    let points = state.pool.run(move |s| s.stances(&filter, interval)).await.map_err(text_error(has_text))?;
    Ok(Json(json!({ "points": points })))
}

async fn articles(
    State(state): State<Arc<AppState>>,
    params: Result<Query<FilterParams>, QueryRejection>,
) -> ApiResult {
    let Query(params) = params.map_err(bad_query)?;
    let limit = params.limit(200, state.limits.max_rows)?;
    let articles = state.pool.run(move |s| s.articles(limit)).await?;
    Ok(Json(json!({ "articles": articles })))
}

/// `GET /api/articles/{id}`: the text, its sentence offsets and every event
/// mention in it (actor and verb spans are code-point offsets into `text`).
async fn article(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> ApiResult {
    let doc = id.clone();
    let found = state
        .pool
        .run(move |s| match s.article(&doc)? {
            Some(a) => Ok(Some((a, s.article_mentions(&doc)?))),
            None => Ok(None),
        })
        .await?;
    match found {
        Some((article, mentions)) => Ok(Json(json!({ "article": article, "mentions": mentions }))),
        None => Err(ApiError::NotFound(format!("no article {id:?}"))),
    }
}

/// `GET /api/codebook`: CAMEO codes with names, QuadClass and Goldstein.
async fn codebook() -> ApiResult {
    let codes: Vec<Value> = dyad_codebook::Codebook::builtin()
        .codes()
        .iter()
        .map(|c| json!({ "code": c.code, "name": c.name, "quad_class": c.quad_class(), "goldstein": c.goldstein }))
        .collect();
    Ok(Json(json!({ "codes": codes })))
}

/// The body of `POST /api/code`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    text: String,
    /// Publication date (YYYY-MM-DD).
    date: Option<String>,
    title: Option<String>,
}

/// `POST /api/code`: codes the posted text and returns its events; stores
/// nothing.
async fn code(State(state): State<Arc<AppState>>, body: Result<Json<CodeRequest>, JsonRejection>) -> ApiResult {
    let Json(req) = body.map_err(|e| match e {
        JsonRejection::BytesRejection(b) if b.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::PayloadTooLarge(format!("the body is larger than {} bytes", state.limits.body_bytes))
        }
        e => ApiError::BadRequest(e.body_text()),
    })?;
    let Some(pipeline) = state.pipeline.clone() else {
        return Err(ApiError::Unavailable("this server was started without a coding pipeline".into()));
    };
    if req.text.trim().is_empty() {
        return Err(ApiError::BadRequest("text is empty".into()));
    }
    let date = some(&req.date).map(|d| parse_date("date", &d)).transpose()?;
    let _permit = state.coding.acquire().await.map_err(|_| ApiError::Busy)?;
    let task = tokio::task::spawn_blocking(move || {
        let mut doc = dyad_text::Document::new("posted", req.text);
        doc.meta = dyad_text::DocMeta { title: req.title, date: date.clone(), url: None, source: None };
        let events = pipeline.code(&doc, date.as_deref());
        (doc.sentences.len(), events)
    });
    let (sentences, events) = tokio::time::timeout(state.limits.request, task)
        .await
        .map_err(|_| ApiError::Timeout)?
        .map_err(|_| ApiError::Internal("coding failed unexpectedly".into()))?;
    Ok(Json(json!({ "sentences": sentences, "events": events })))
}
