#!/usr/bin/env bash
# Reproduces the load generator tables of docs/BENCHMARKS.md (issue 8): a Release NodeHost serving the zero-latency
# model (bench/LoadGen/zero.models.json) on ephemeral loopback ports, driven by a Release bench/LoadGen.
#
#   bench/run-loadgen.sh overhead     # measurement 1: 1 client, closed loop; 1 token, then 64 streamed tokens
#   bench/run-loadgen.sh saturation   # measurement 2: closed loop, 1..64 clients (zero-latency model: CPU-bound)
#   bench/run-loadgen.sh shedding     # measurement 2: open loop at rising rates past a model-bound capacity
#   bench/run-loadgen.sh all
#
# shedding uses the simulated qwen2-0.5b of config/models.json instead (real-time NPU timings, ~2.5 requests/s of
# 16 tokens on one simulated board) with nano.pool.queue-capacity-per-model = SHED_QUEUE (8): the model, not the
# CPU, is the bottleneck there, as on a board, and the queue limit is what sheds.
#
# Environment: TRANSPORTS (default "tcp ws http udp openai"), SECONDS_PER_STEP (10), WARMUP (3s), OUT (results
# folder, default /tmp/nano-loadgen-DATE), SHED_QUEUE (8), SHED_RATES ("1 2 4 8 16"), NO_BUILD=1 to skip the
# Release build. Each step's JSON report is kept in $OUT; the tables go to stdout as markdown.
set -euo pipefail
cd "$(dirname "$0")/.."

WHAT=${1:-all}
TRANSPORTS=${TRANSPORTS:-tcp ws http udp openai}
SECONDS_PER_STEP=${SECONDS_PER_STEP:-10}
WARMUP=${WARMUP:-3s}
SHED_QUEUE=${SHED_QUEUE:-8}
SHED_RATES=${SHED_RATES:-1 2 4 8 16}
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

# start_node CONFIG [QUEUE]: a fresh node per table, so one table's load (GC state, second handle) does not carry
# into the next; QUEUE sets nano.pool.queue-capacity-per-model (default 64).
start_node() {
  stop_node
  NANO_POOL__QUEUE_CAPACITY_PER_MODEL=${2:-64} dotnet "$NODE" --config "$1" \
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

ZERO=bench/LoadGen/zero.models.json

overhead() {
  start_node "$ZERO"
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
  start_node "$ZERO"
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

# Open loop over 16 connections at rates rising past what the simulated model can serve; the pool sheds what its
# queue cannot hold (QUEUE_FULL / HTTP 429), so the latency of accepted requests stays bounded by the queue.
shedding() {
  start_node config/models.json "$SHED_QUEUE"
  echo "| transport | offered req/s | sent | ok | shed | shed % | accepted p50 | p99 | max | timeouts | retry_after seen | shed by code |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  for t in $TRANSPORTS; do
    for rate in $SHED_RATES; do
      run "shedding-$t-$rate" "$t" --model qwen2-0.5b --clients 16 --rate "$rate" --max-tokens 16
      local f="$OUT/shedding-$t-$rate.json"
      echo "| $t | $rate | $(jq .counts.sent "$f") | $(jq .counts.ok "$f") | $(jq .counts.shed "$f") |" \
           "$(jq '.counts | if .sent > 0 then (.shed / .sent * 1000 | round / 10) else 0 end' "$f") |" \
           "$(us .latency_us.p50 <"$f") | $(us .latency_us.p99 <"$f") | $(us .latency_us.max <"$f") | $(jq .counts.timeouts "$f") |" \
           "$(jq .retry_after_seen "$f") | $(jq -r '.shed | to_entries | map("\(.key): \(.value)") | join(", ")' "$f") |"
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
