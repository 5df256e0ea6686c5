#!/usr/bin/env bash
# Before/after comparison of the OpenAI and MCP Streamable HTTP streaming paths (issue 8, hot paths): two NodeHost
# builds serving the zero-latency model, alternated round by round in one session, driven by this tree's LoadGen.
#
#   bench/compare-streaming.sh OLD_NODEHOST_DLL [NEW_NODEHOST_DLL]
#
# e.g. git worktree add /tmp/i8old 5cbdadb && dotnet build -c Release /tmp/i8old/src/NodeHost, then
#      bench/compare-streaming.sh /tmp/i8old/src/NodeHost/bin/Release/net10.0/Nano.NodeHost.dll
#
# Per round and build: a fresh node, then for each transport (openai, http) one client in closed loop:
# max_tokens 1 not streamed, 1 streamed, 256 streamed (after 3 s of unmeasured load per transport). Each step's JSON
# report (plus node_cpu_us_per_request: the node's utime + stime over the measured window / requests answered) goes to $OUT; a TSV line per step to stdout.
# Environment: ROUNDS (3), SECONDS_PER_STEP (8), WARMUP (2s), TRANSPORTS ("openai http"), OUT, NO_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=${1:?usage: $0 OLD_NODEHOST_DLL [NEW_NODEHOST_DLL]}
NEW=${2:-src/NodeHost/bin/Release/net10.0/Nano.NodeHost.dll}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_STEP=${SECONDS_PER_STEP:-8}
WARMUP=${WARMUP:-2s}
TRANSPORTS=${TRANSPORTS:-openai http}
OUT=${OUT:-${TMPDIR:-/tmp}/nano-streaming-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
if [[ -z "${NO_BUILD:-}" ]]; then
  dotnet build -c Release -v q -nologo src/NodeHost >/dev/null
  dotnet build -c Release -v q -nologo bench/LoadGen >/dev/null
fi
LOADGEN=bench/LoadGen/bin/Release/net10.0/Nano.LoadGen.dll
CLK_TCK=$(getconf CLK_TCK)

NODE_PID=""
stop_node() { if [[ -n "$NODE_PID" ]]; then kill "$NODE_PID" 2>/dev/null || true; wait "$NODE_PID" 2>/dev/null || true; NODE_PID=""; fi; }
trap stop_node EXIT

start_node() {
  stop_node
  dotnet "$1" --config bench/LoadGen/zero.models.json --transports http:0 --log-level warning 2>"$OUT/node.log" >/dev/null &
  NODE_PID=$!
  for _ in $(seq 600); do
    grep -q '^nano: listening http' "$OUT/node.log" && break
    kill -0 "$NODE_PID" 2>/dev/null || { cat "$OUT/node.log" >&2; exit 1; }
    sleep 0.1
  done
  ADDR=$(sed -n 's/^nano: listening http \([0-9.]*:[0-9]*\).*/\1/p' "$OUT/node.log" | head -1)
}

node_ticks() { awk '{ print $14 + $15 }' "/proc/$NODE_PID/stat"; }

step() {
  local name=$1 transport=$2; shift 2
  # The node's CPU over the measured window only: sampled when the warm-up ends and when the generator exits.
  (sleep "${WARMUP%s}"; node_ticks >"$OUT/$name.t0") &
  local sampler=$!
  dotnet "$LOADGEN" --transport "$transport" --target "$ADDR" --clients 1 --warmup "$WARMUP" --duration "${SECONDS_PER_STEP}s" \
    --json "$@" >"$OUT/$name.raw.json" 2>"$OUT/$name.log"
  local t1; t1=$(node_ticks)
  wait "$sampler"
  local t0; t0=$(cat "$OUT/$name.t0")
  jq --argjson ticks "$((t1 - t0))" --argjson hz "$CLK_TCK" \
    '. + {node_cpu_us_per_request: (($ticks / $hz * 1e6) / ([.counts.ok, 1] | max) | round)}' \
    "$OUT/$name.raw.json" >"$OUT/$name.json" && rm "$OUT/$name.raw.json" "$OUT/$name.t0"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$(jq .requests_per_second "$OUT/$name.json")" "$(jq .latency_us.p50 "$OUT/$name.json")" \
    "$(jq .latency_us.p99 "$OUT/$name.json")" "$(jq .node_cpu_us_per_request "$OUT/$name.json")" "$(jq -c .counts "$OUT/$name.json")"
}

echo "# $(date -u +%Y-%m-%dT%H:%MZ), nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg); results in $OUT"
printf 'step\treq/s\tp50_us\tp99_us\tnode_cpu_us_per_req\tcounts\n'
for round in $(seq "$ROUNDS"); do
  for side in old new; do
    if [[ $side == old ]]; then start_node "$OLD"; else start_node "$NEW"; fi
    # Not measured: jit and tier up both paths before the first step.
    for t in $TRANSPORTS; do
      dotnet "$LOADGEN" --transport "$t" --target "$ADDR" --clients 1 --duration 3s --max-tokens 64 --stream --json >/dev/null 2>&1
    done
    for t in $TRANSPORTS; do
      step "r$round-$side-$t-1" "$t" --max-tokens 1
      step "r$round-$side-$t-1s" "$t" --max-tokens 1 --stream
      step "r$round-$side-$t-256s" "$t" --max-tokens 256 --stream
    done
  done
done
stop_node
echo "# done $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
