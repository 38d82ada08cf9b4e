//! `dyad serve` through the real binary, on a database built by `dyad
//! ingest` from the sample corpus plus an article full of markup: the API's
//! filters, cursor paging, event provenance, articles with spans, the
//! aggregates, coding posted text without storing it, and the limits.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Server {
    child: Child,
    addr: String,
    db: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

/// Ingests the corpus and the markup article, then starts `dyad serve` on
/// a free port.
fn start() -> Server {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("serve.db").display().to_string();
    let o = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["ingest", "--quiet", "--db", &db])
        .arg(repo("data/samples/corpus.jsonl"))
        .arg(repo("tests/browser/xss-article.jsonl"))
        .output()
        .expect("run dyad ingest");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["serve", "--db", &db, "--addr", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start dyad serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("read the URL line");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_string();
    Server { child, addr, db, _dir: dir }
}

struct Response {
    status: u16,
    headers: String,
    body: String,
}

impl Response {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// One HTTP/1.1 request on its own connection.
fn request(addr: &str, method: &str, path: &str, host: Option<&str>, body: Option<&[u8]>) -> Response {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).ok();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", host.unwrap_or(addr));
    if let Some(b) = body {
        head.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", b.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).expect("write");
    if let Some(b) = body {
        // Past the limit the server answers 413 from Content-Length alone
        // and closes; sending only a little avoids a reset of the answer.
        let _ = s.write_all(&b[..b.len().min(1 << 16)]);
    }
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (headers, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = headers.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = if headers.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        dechunk(rest)
    } else {
        rest.to_string()
    };
    Response { status, headers: headers.to_string(), body }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

fn get(srv: &Server, path: &str) -> Value {
    let r = request(&srv.addr, "GET", path, None, None);
    assert_eq!(r.status, 200, "GET {path}: {}", r.body);
    assert!(r.headers.to_ascii_lowercase().contains("content-type: application/json"), "{}", r.headers);
    r.json()
}

fn codes(e: &Value) -> String {
    format!("{} {}", e["source"].as_str().unwrap_or(""), e["target"].as_str().unwrap_or(""))
}

/// The substring of `text` at code-point span `[start, end)`.
fn slice(text: &str, span: &Value) -> String {
    let (a, b) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
    text.chars().skip(a).take(b - a).collect()
}

#[test]
fn the_api_serves_a_store_built_by_ingest() {
    let srv = start();
    let health = get(&srv, "/api/health");
    assert_eq!(health["status"], "ok");
    assert_eq!(health["counts"]["articles"], 38);
    let n_events = health["counts"]["events"].as_u64().unwrap();
    assert!(n_events > 50, "{health}");

    // Cursor paging visits every event once, in id order.
    let mut seen = Vec::new();
    let mut after: Option<i64> = None;
    let mut total = None;
    loop {
        let path = match after {
            Some(a) => format!("/api/events?limit=40&after={a}"),
            None => "/api/events?limit=40&total=true".to_string(),
        };
        let page = get(&srv, &path);
        if total.is_none() {
            total = page["total"].as_u64();
        }
        let events = page["events"].as_array().unwrap();
        assert!(events.len() <= 40);
        seen.extend(events.iter().map(|e| e["id"].as_i64().unwrap()));
        match page["next"].as_i64() {
            Some(n) => {
                assert_eq!(Some(n), events.last().and_then(|e| e["id"].as_i64()));
                after = Some(n);
            }
            None => break,
        }
    }
    assert_eq!(seen.len() as u64, n_events);
    assert_eq!(total, Some(n_events));
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "ids increase across pages");

    // Filters are those of `dyad query`.
    let tjk = get(&srv, "/api/events?actor=TJK&limit=1000&total=true");
    let events = tjk["events"].as_array().unwrap();
    assert!(!events.is_empty());
    assert_eq!(tjk["total"].as_u64(), Some(events.len() as u64));
    for e in events {
        assert!(codes(e).contains("TJK"), "{}", codes(e));
    }
    let claimed = get(&srv, "/api/events?status=claimed&limit=1000");
    let claimed = claimed["events"].as_array().unwrap();
    assert!(!claimed.is_empty(), "the corpus has claims");
    assert!(claimed.iter().all(|e| e["status"] == "claimed"));
    let fts = get(&srv, "/api/events?text=ceasefire&limit=1000");
    for e in fts["events"].as_array().unwrap() {
        assert!(e["first_mention"]["text"].as_str().unwrap().to_lowercase().contains("ceasefire"));
    }
    let in_doc = get(&srv, "/api/events?doc=kgtj-011&limit=1000");
    assert!(!in_doc["events"].as_array().unwrap().is_empty());
    for bad in ["%22unclosed", "a%3Ab", "AND", "NEAR(", "*"] {
        for route in ["events", "timeline", "dyads", "issues"] {
            let r = request(&srv.addr, "GET", &format!("/api/{route}?text={bad}"), None, None);
            assert_eq!(r.status, 400, "{route} text={bad}: {}", r.body);
            assert!(r.json()["error"].as_str().unwrap().contains("text query"), "{}", r.body);
        }
    }

    // One event with its mentions and their provenance.
    let id = seen[0];
    let one = get(&srv, &format!("/api/events/{id}"));
    assert_eq!(one["event"]["id"], id);
    let mentions = one["mentions"].as_array().unwrap();
    assert_eq!(mentions.len() as u64, one["event"]["num_mentions"].as_u64().unwrap());
    for m in mentions {
        assert!(m["doc_id"].is_string() && m["event"]["evidence"]["rule"].is_string(), "{m}");
    }
    assert_eq!(request(&srv.addr, "GET", "/api/events/999999", None, None).status, 404);

    // An article: its text, and spans that point at the words.
    let art = get(&srv, "/api/articles/kgtj-001");
    let text = art["article"]["text"].as_str().unwrap();
    assert!(text.starts_with("BISHKEK"));
    let ms = art["mentions"].as_array().unwrap();
    assert!(!ms.is_empty());
    for m in ms {
        let e = &m["event"];
        assert!(!slice(text, &e["evidence"]["verb_span"]).trim().is_empty());
        for a in e["source"].as_array().unwrap().iter().chain(e["target"].as_array().unwrap()) {
            assert_eq!(slice(text, &a["span"]), a["text"].as_str().unwrap(), "{a}");
        }
    }
    assert_eq!(request(&srv.addr, "GET", "/api/articles/no-such-article", None, None).status, 404);
    let list = get(&srv, "/api/articles");
    assert_eq!(list["articles"].as_array().unwrap().len(), 38);

    // The markup article comes back as JSON text, unchanged; the API never
    // answers it as HTML.
    let r = request(&srv.addr, "GET", "/api/articles/xss-test", None, None);
    assert_eq!(r.status, 200);
    assert!(r.json()["article"]["text"].as_str().unwrap().contains("<script>window.__xss = 'body'</script>"));
    assert!(!r.headers.to_ascii_lowercase().contains("text/html"));

    // Timeline of one dyad: counts by QuadClass add up to the events.
    let tl = get(&srv, "/api/timeline?source=KGZ&target=TJK&interval=week");
    let periods = tl["periods"].as_array().unwrap();
    assert!(!periods.is_empty());
    let mut sum = 0;
    for p in periods {
        let quad: u64 = p["quad"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).sum();
        assert_eq!(quad, p["events"].as_u64().unwrap());
        let g = p["mean_goldstein"].as_f64().unwrap();
        assert!((-10.0..=10.0).contains(&g));
        sum += quad;
    }
    let names: Vec<&str> = periods.iter().map(|p| p["period"].as_str().unwrap()).collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
    let dyad_events = get(&srv, "/api/events?source=KGZ&target=TJK&limit=1&total=true");
    assert_eq!(Some(sum), dyad_events["total"].as_u64(), "the corpus's events are all dated");
    let months = get(&srv, "/api/timeline?interval=month");
    let months: Vec<&str> =
        months["periods"].as_array().unwrap().iter().map(|p| p["period"].as_str().unwrap()).collect();
    assert!(months.contains(&"2026-02") && months.contains(&"2026-03"), "{months:?}");

    // Dyads: totals are the sums of their periods.
    let dy = get(&srv, "/api/dyads?interval=week&limit=10");
    let dyads = dy["dyads"].as_array().unwrap();
    assert!(!dyads.is_empty() && dyads.len() <= 10);
    for d in dyads {
        let s: u64 = d["periods"].as_array().unwrap().iter().map(|p| p["events"].as_u64().unwrap()).sum();
        assert_eq!(s, d["events"].as_u64().unwrap());
    }

    // Negotiation tracker: stances follow the CAMEO codes.
    let is = get(&srv, "/api/issues?interval=week");
    let points = is["points"].as_array().unwrap();
    assert!(points.iter().any(|p| p["issue"] == "CEASEFIRE"), "the corpus negotiates a ceasefire");
    for p in points {
        let cameo = p["cameo"].as_str().unwrap();
        let want = match (&cameo[..2], cameo.starts_with("057")) {
            (_, true) | ("08", _) => "accepted",
            ("03" | "05", _) => "proposed",
            ("02" | "10", _) => "demanded",
            ("12", _) => "rejected",
            _ => panic!("{p}"),
        };
        assert_eq!(p["stance"], want, "{p}");
    }
    let cf = get(&srv, "/api/issues?issue=ceasefire");
    assert!(cf["points"].as_array().unwrap().iter().all(|p| p["issue"] == "CEASEFIRE"));

    assert!(!get(&srv, "/api/actors")["actors"].as_array().unwrap().is_empty());
    let doc = get(&srv, "/api/openapi.json");
    assert!(doc["paths"]["/api/events"]["get"].is_object());

    // The dashboard page.
    let page = request(&srv.addr, "GET", "/", None, None);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("/assets/app.js"));
    assert!(page.headers.to_ascii_lowercase().contains("content-security-policy"));

    // Coding posted text stores nothing.
    let body = serde_json::json!({"text": "Kyrgyzstan accused Tajikistan of shelling Kok-Jar on Monday.", "date": "2026-02-10"});
    let r = request(&srv.addr, "POST", "/api/code", None, Some(body.to_string().as_bytes()));
    assert_eq!(r.status, 200, "{}", r.body);
    let coded = r.json();
    let evs = coded["events"].as_array().unwrap();
    assert!(evs.iter().any(|e| e["cameo_root"] == "11" && e["source"][0]["code"] == "KGZ"), "{coded}");
    assert_eq!(get(&srv, "/api/health")["counts"], health["counts"]);
    let huge = serde_json::json!({ "text": "word ".repeat(300_000) }).to_string();
    let r = request(&srv.addr, "POST", "/api/code", None, Some(huge.as_bytes()));
    assert_eq!(r.status, 413, "{}", r.body);
    let r = request(&srv.addr, "POST", "/api/code", None, Some(b"{\"text\": 3}"));
    assert_eq!(r.status, 400, "{}", r.body);

    // Only loopback names are answered (DNS rebinding).
    let r = request(&srv.addr, "GET", "/api/health", Some("attacker.example"), None);
    assert_eq!(r.status, 421);
    let port = srv.addr.rsplit(':').next().unwrap();
    let r = request(&srv.addr, "GET", "/api/health", Some(&format!("localhost:{port}")), None);
    assert_eq!(r.status, 200);

    // The store was opened read-only: it is unchanged and consistent.
    let o = Command::new(env!("CARGO_BIN_EXE_dyad")).args(["check", "--db", &srv.db]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn serve_refuses_a_missing_database() {
    let o = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["serve", "--db", "/nonexistent/dyad.db", "--addr", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no such database"));
}
