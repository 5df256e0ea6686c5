#!/usr/bin/env bash
# Reproduces the load generator tables of docs/BENCHMARKS.md (issue 8): a Release NodeHost serving the zero-latency
# model (bench/LoadGen/zero.models.json) on ephemeral loopback ports, driven by a Release bench/LoadGen.
#
#   bench/run-loadgen.sh overhead     # measurement 1: 1 client, closed loop; 1 token, then 64 streamed tokens
#   bench/run-loadgen.sh saturation   # measurement 2: closed loop, 1..64 clients
#   bench/run-loadgen.sh shedding     # measurement 2: open loop at rising rates past the saturation found above
#   bench/run-loadgen.sh all
#
# Environment: TRANSPORTS (default "tcp ws http udp openai"), SECONDS_PER_STEP (10), WARMUP (3s), OUT (results
# folder, default /tmp/nano-loadgen-DATE), QUEUE (nano.pool.queue-capacity-per-model for the node, default 64),
# NO_BUILD=1 to skip the Release build. Each step's JSON report is kept in $OUT; the tables go to stdout as markdown.
set -euo pipefail
cd "$(dirname "$0")/.."

WHAT=${1:-all}
TRANSPORTS=${TRANSPORTS:-tcp ws http udp openai}
SECONDS_PER_STEP=${SECONDS_PER_STEP:-10}
WARMUP=${WARMUP:-3s}
QUEUE=${QUEUE:-64}
OUT=${OUT:-${TMPDIR:-/tmp}/nano-loadgen-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"

if [[ -z "${NO_BUILD:-}" ]]; then
  dotnet build -c Release -v q -nologo src/NodeHost >/dev/null
  dotnet build -c Release -v q -nologo bench/LoadGen >/dev/null
fi
NODE=src/NodeHost/bin/Release/net10.0/Nano.NodeHost.dll
LOADGEN=bench/LoadGen/bin/Release/net10.0/Nano.LoadGen.dll

NODE_PID=""
stop_node() { if [[ -n "$NODE_PID" ]]; then kill "$NODE_PID" 2>/dev/null || true; wait "$NODE_PID" 2>/dev/null || true; NODE_PID=""; fi; }
trap stop_node EXIT

# A fresh node per table, so one table's load (GC state, second handle) does not carry into the next.
start_node() {
  stop_node
  NANO_POOL__QUEUE_CAPACITY_PER_MODEL=$QUEUE dotnet "$NODE" --config bench/LoadGen/zero.models.json \
    --transports tcp:0,http:0,ws:0,udp:0 --log-level warning 2>"$OUT/node.log" >/dev/null &
  NODE_PID=$!
  for _ in $(seq 600); do
    if [[ $(grep -c '^nano: listening' "$OUT/node.log" || true) -ge 4 ]]; then break; fi
    kill -0 "$NODE_PID" 2>/dev/null || { cat "$OUT/node.log" >&2; exit 1; }
    sleep 0.1
  done
  for kind in tcp http udp; do
    local addr; addr=$(sed -n "s/^nano: listening $kind \([0-9.]*:[0-9]*\).*/\1/p" "$OUT/node.log" | head -1)
    [[ -n "$addr" ]] || { echo "the node announced no $kind endpoint" >&2; cat "$OUT/node.log" >&2; exit 1; }
    printf -v "ADDR_$kind" '%s' "$addr"
  done
}

target() { case $1 in tcp) echo "$ADDR_tcp" ;; udp) echo "$ADDR_udp" ;; *) echo "$ADDR_http" ;; esac; }

# The node's CPU time so far in clock ticks (utime + stime of /proc/PID/stat).
node_ticks() { awk '{ print $14 + $15 }' "/proc/$NODE_PID/stat"; }
CLK_TCK=$(getconf CLK_TCK)

# run NAME TRANSPORT ARGS...: one step, its JSON report in $OUT/NAME.json (plus node_cpu_cores: the node's CPU over
# the step, in cores, beside the report's generator_cpu_cores), progress in $OUT/NAME.log
run() {
  local name=$1 transport=$2; shift 2
  local ticks0 start; ticks0=$(node_ticks); start=$(date +%s.%N)
  dotnet "$LOADGEN" --transport "$transport" --target "$(target "$transport")" --warmup "$WARMUP" \
    --duration "${SECONDS_PER_STEP}s" --json "$@" >"$OUT/$name.raw.json" 2>"$OUT/$name.log"
  local cores; cores=$(echo "$(node_ticks) $ticks0 $CLK_TCK $(date +%s.%N) $start" | awk '{ printf "%.2f", ($1 - $2) / $3 / ($4 - $5) }')
  jq ". + {node_cpu_cores: $cores}" "$OUT/$name.raw.json" >"$OUT/$name.json" && rm "$OUT/$name.raw.json"
}

us() { jq -r "$1 | if . >= 10000 then \"\(. / 1000 | . * 10 | round / 10) ms\" else \"\(.) µs\" end"; }

overhead() {
  start_node
  echo "| transport | 1 token: req/s | p50 | p99 | p99.9 | 64 streamed: req/s | p50 | p99 | inter-token p50 | p99 | per token (p50 64 − p50 1) / 63 |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for t in $TRANSPORTS; do
    run "overhead-$t-1" "$t" --clients 1 --max-tokens 1
    run "overhead-$t-64" "$t" --clients 1 --max-tokens 64 --stream
    local one="$OUT/overhead-$t-1.json" many="$OUT/overhead-$t-64.json"
    local per; per=$(jq -n --slurpfile a "$one" --slurpfile b "$many" '($b[0].latency_us.p50 - $a[0].latency_us.p50) / 63 | . * 10 | round / 10')
    echo "| $t | $(jq .requests_per_second "$one") | $(us .latency_us.p50 <"$one") | $(us .latency_us.p99 <"$one") | $(us .latency_us.p99_9 <"$one") |" \
         "$(jq .requests_per_second "$many") | $(us .latency_us.p50 <"$many") | $(us .latency_us.p99 <"$many") |" \
         "$(us .inter_token_us.p50 <"$many") | $(us .inter_token_us.p99 <"$many") | $per µs |"
  done
}

saturation() {
  start_node
  echo "| transport | clients | req/s | tokens/s | p50 | p99 | p99.9 | errors | shed | node cores | generator cores |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for t in $TRANSPORTS; do
    for c in 1 2 4 8 16 32 64; do
      run "saturation-$t-$c" "$t" --clients "$c" --max-tokens 16
      local f="$OUT/saturation-$t-$c.json"
      echo "| $t | $c | $(jq .requests_per_second "$f") | $(jq .tokens_per_second "$f") | $(us .latency_us.p50 <"$f") |" \
           "$(us .latency_us.p99 <"$f") | $(us .latency_us.p99_9 <"$f") | $(jq .counts.errors "$f") | $(jq .counts.shed "$f") |" \
           "$(jq .node_cpu_cores "$f") | $(jq .generator_cpu_cores "$f") |"
    done
  done
}

# Open loop at multiples of the best closed-loop rate of the saturation table (run it first), over 16 connections.
shedding() {
  start_node
  echo "| transport | offered req/s | accepted req/s | shed % | accepted p50 | p99 | p99.9 | max | send lag p99 | timeouts | shed by code |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  for t in $TRANSPORTS; do
    local best; best=$(cat "$OUT"/saturation-"$t"-*.json 2>/dev/null | jq -s 'map(.requests_per_second) | max // empty')
    [[ -n "$best" ]] || { echo "no saturation results for $t in $OUT: run saturation first" >&2; exit 1; }
    for factor in 0.5 0.9 1.2 1.5 2 3; do
      local rate; rate=$(jq -n "$best * $factor | round")
      run "shedding-$t-$factor" "$t" --clients 16 --rate "$rate" --max-tokens 16
      local f="$OUT/shedding-$t-$factor.json"
      echo "| $t | $rate | $(jq .requests_per_second "$f") | $(jq '.counts | if .sent > 0 then (.shed / .sent * 1000 | round / 10) else 0 end' "$f") |" \
           "$(us .latency_us.p50 <"$f") | $(us .latency_us.p99 <"$f") | $(us .latency_us.p99_9 <"$f") | $(us .latency_us.max <"$f") |" \
           "$(us .send_lag_us.p99 <"$f") | $(jq .counts.timeouts "$f") | $(jq -r '.shed | to_entries | map("\(.key): \(.value)") | join(", ")' "$f") |"
    done
  done
}

echo "<!-- $(date -u +%Y-%m-%dT%H:%MZ), nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg); results in $OUT -->"
case $WHAT in
  overhead) overhead ;;
  saturation) saturation ;;
  shedding) shedding ;;
  all) overhead; echo; saturation; echo; shedding ;;
  *) echo "usage: $0 overhead|saturation|shedding|all" >&2; exit 2 ;;
esac
