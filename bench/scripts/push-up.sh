#!/usr/bin/env bash
# ./tributary bench push-up: the HTTP listener under the config users get, measured as users would measure it.
# Starts './tributary up' in a home of its own, posts connector-configs/http-listener-source.json (its port, key and
# output as shipped; only the port may be moved) to up's push-source worker group (the shipped
# connect-distributed-push.properties: no exactly-once source support), then drives it with Debian's 'hey'
# (installed with apt-get when missing): single events POSTed to /events with durable acknowledgements, then GET
# /health on the same server as the reference (the HTTP server alone), and prints requests/s, p50 and p99 of both
# and their ratio. Stops the stack (and a schema registry that up started for it) at the end. docs/benchmarks.md,
# "push-up".
#
#   --requests N      requests per hey run (60000)        --concurrency C   hey's -c (64)
#   --port P          the listener's port (18388)         --set KEY=VALUE   a connector key changed (repeatable)
#   --worker push|main  the worker group the listener is posted to (push): 'main' is up's main worker, the shipped
#                     connect-distributed.properties with exactly-once source support on (use with
#                     --set batch.linger.ms=5 there: docs/connectors/http-listener-source.md)
# Ports of the stack: TRIBUTARY_KAFKA_PORT, TRIBUTARY_CONTROLLER_PORT, TRIBUTARY_CONNECT_PORT, TRIBUTARY_PROCESSOR_PORT,
# TRIBUTARY_METRICS_PORT (./tributary up --help).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$ROOT/.." && pwd)"
REQUESTS=60000 CONCURRENCY=64 PORT=18388 SETS=() WORKER=push
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) REQUESTS=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --set) SETS+=("$2"); shift 2 ;;
    --worker) WORKER=$2; shift 2
      [ "$WORKER" = push ] || [ "$WORKER" = main ] || { echo "bench push-up: --worker push or main" >&2; exit 2; } ;;
    *) echo "bench push-up: unknown option $1" >&2; exit 2 ;;
  esac
done

for tool in hey jq curl; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "installing $tool (Debian package) ..."
    sudo_=(); [ "$(id -u)" -ne 0 ] && sudo_=(sudo)
    "${sudo_[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$tool" >/dev/null \
      || { echo "bench push-up: needs '$tool' (apt-get install $tool)" >&2; exit 2; }
  fi
done

BASE_HOME="${TRIBUTARY_HOME:-$ROOT/.tributary}"
export TRIBUTARY_HOME="$BASE_HOME/bench/push-up"
OUT="$TRIBUTARY_HOME/results"
# The home's services/ (the schema registry's build) is kept from run to run; the rest is new each time.
rm -rf "$TRIBUTARY_HOME/stack" "$TRIBUTARY_HOME/logs" "$TRIBUTARY_HOME/processor" "$TRIBUTARY_HOME/demo" "$OUT"
mkdir -p "$OUT"
REGISTRY_PID="$TRIBUTARY_HOME/services/registry/registry.pid"
rm -f "$REGISTRY_PID"
export TRIBUTARY_LISTENER_API_KEYS="bench-push-up-$RANDOM$RANDOM"
REST_PORT=${TRIBUTARY_CONNECT_PORT:-8083}

echo "push-up benchmark: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1); load average$(uptime | sed 's/.*load average//')"
"$ROOT/tributary" up > "$OUT/up.log" 2>&1 &
UP=$!
# At the end: stop up, then the schema registry if up started one in this home (a registry that already answered
# was reused, and is left alone).
trap 'kill -TERM $UP 2>/dev/null; wait $UP 2>/dev/null || true; [ -f "$REGISTRY_PID" ] && kill "$(cat "$REGISTRY_PID")" 2>/dev/null; true' EXIT
# up prints the REST address it took (the preferred port, or a free one when that is taken).
for _ in $(seq 1 600); do
  if [ "$WORKER" = push ]; then
    REST=$(sed -n 's/^ *Connect REST API (push) *\(http:[^ ]*\).*/\1/p' "$OUT/up.log" | head -1)
    METRICS=$(sed -n 's/^ *Worker metrics (push) *\(http:[^ ]*\).*/\1/p' "$OUT/up.log" | head -1)
  else
    REST=$(sed -n 's/^ *Connect REST API  *\(http:[^ ]*\).*/\1/p' "$OUT/up.log" | head -1)
    METRICS=$(sed -n 's/^ *Worker metrics  *\(http:[^ ]*\).*/\1/p' "$OUT/up.log" | head -1)
  fi
  grep -q "Press Ctrl-C to stop" "$OUT/up.log" && [ -n "$REST" ] && curl -sf "${REST}connectors" >/dev/null 2>&1 && break
  kill -0 $UP 2>/dev/null || { echo "bench push-up: ./tributary up ended; see $OUT/up.log" >&2; exit 3; }
  sleep 1
done
[ -n "${REST:-}" ] || { echo "bench push-up: the worker's REST API did not answer; see $OUT/up.log" >&2; exit 3; }

EDIT=".config.\"listener.port\"=\"$PORT\""
for kv in "${SETS[@]}"; do EDIT="$EDIT | .config.\"${kv%%=*}\"=\"${kv#*=}\""; done
jq "$EDIT" "$ROOT/connector-configs/http-listener-source.json" > "$OUT/connector.json"
curl -sf -X POST -H 'Content-Type: application/json' --data @"$OUT/connector.json" "${REST}connectors" >/dev/null
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 1; done
WORKER_FILE=connector-configs/worker/connect-distributed.properties
[ "$WORKER" = push ] && WORKER_FILE=connector-configs/worker/connect-distributed-push.properties
echo "  worker: $WORKER_FILE ($(grep -E '^(exactly\.once\.source\.support|producer\.linger\.ms)=' "$ROOT/$WORKER_FILE" | paste -sd ' '))"
echo "  connector: $(jq -c '.config | del(."auth.api.keys")' "$OUT/connector.json")"

BODY='{"event_id":"e-1","user_id":"u-42","type":"click","ts":"2026-12-07T12:00:00Z","page":"/home"}'
POST=(-m POST -T application/json -H "X-API-Key: $TRIBUTARY_LISTENER_API_KEYS" -d "$BODY")
hey -n $((REQUESTS / 10)) -c "$CONCURRENCY" "${POST[@]}" "http://127.0.0.1:$PORT/events" > "$OUT/warmup.txt"
hey -n "$REQUESTS" -c "$CONCURRENCY" "${POST[@]}" "http://127.0.0.1:$PORT/events" > "$OUT/events.txt"
hey -n "$REQUESTS" -c "$CONCURRENCY" "http://127.0.0.1:$PORT/health" > "$OUT/health.txt"
curl -s "${METRICS:-http://127.0.0.1:9404/metrics}" > "$OUT/metrics.txt" || true

line() { # name file
  local rps p50 p99 codes
  rps=$(awk '/Requests\/sec/ {print $2}' "$2")
  p50=$(awk '/ 50% in/ {printf "%.1f", $3 * 1000}' "$2")
  p99=$(awk '/ 99% in/ {printf "%.1f", $3 * 1000}' "$2")
  codes=$(grep -E '^ +\[[0-9]+\]' "$2" | tr -s ' ' | paste -sd ' ')
  printf '  %-44s %9.0f requests/s   p50 %6s ms   p99 %6s ms   %s\n' "$1" "$rps" "$p50" "$p99" "$codes"
}
echo "Results (hey -n $REQUESTS -c $CONCURRENCY; load average$(uptime | sed 's/.*load average//'))"
line "POST /events, single events, durable acks" "$OUT/events.txt"
line "GET /health, the same server (reference)" "$OUT/health.txt"
awk '/Requests\/sec/ {r[FILENAME] = $2} END {for (f in r) if (f ~ /events/) e = r[f]; else h = r[f];
  printf "  %-44s %9.2f\n", "events / health", e / h}' "$OUT/events.txt" "$OUT/health.txt"
grep -E '^kafka_connect_source_task_transaction_size_avg\{connector="http-listener-source"' "$OUT/metrics.txt" \
  | awk '{printf "  %-44s %9.1f\n", "records per transaction (avg)", $2}' || true
grep -E '^kafka_connect_source_task_poll_batch_avg_time_ms\{connector="http-listener-source"' "$OUT/metrics.txt" \
  | awk '{printf "  %-44s %9.2f\n", "poll batch time, ms (avg)", $2}' || true
echo "  (hey's full output, the metrics and up's log: $OUT)"
