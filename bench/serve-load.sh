#!/usr/bin/env bash
# Load run of `dyad serve` on loopback (issue 8: >= 1,000 requests/s for
# /api/events?limit=50 with p99 < 50 ms on a 2-core machine).
#
#   bash bench/serve-load.sh [SECONDS] [CONNECTIONS]
#
# Builds dyad in release, ingests the sample corpus into a fresh store
# under target/serve-load/, starts `dyad serve` on a free port, warms it
# up, then runs wrk (Debian's; installed when absent) with 2 threads for
# SECONDS (default 20) on CONNECTIONS keep-alive connections (default 16)
# and prints wrk's figures and the machine's load. wrk shares the cores
# with the server, as a real client on the same machine would.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-20}
CONNS=${2:-16}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
cargo build --release -p dyad
DYAD="${CARGO_TARGET_DIR:-target}/release/dyad"
OUT=target/serve-load
mkdir -p "$OUT"
rm -f "$OUT"/load.db*
"$DYAD" ingest --quiet --db "$OUT/load.db" data/samples/corpus.jsonl
"$DYAD" serve --db "$OUT/load.db" --addr 127.0.0.1:0 >"$OUT/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  URL=$(grep -o 'http://[0-9.:]*/' "$OUT/serve.log" || true)
  [ -n "$URL" ] && break
  sleep 0.2
done
[ -n "$URL" ] || { cat "$OUT/serve.log"; exit 1; }
echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c"$CONNS" -d3s "${URL}api/events?limit=50" >/dev/null   # warm-up
wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "${URL}api/events?limit=50"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
