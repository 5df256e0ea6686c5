#!/usr/bin/env bash
# Issue 8, measurement 3: nano beside the official MCP C# SDK and a bare echo server, same load generator, one run.
#   nano     Release NodeHost, zero-latency runtime (bench/LoadGen/zero.models.json: model "zero", sim://zero)
#   sdk      bench/SdkServer: ModelContextProtocol.AspNetCore 2.4.0 serving the same generate tool (HTTP /mcp + TCP)
#   echo     bench/EchoServer: newline JSON-RPC over TCP with Newtonsoft.Json, nothing else (the box's limit)
# Every run has the same clients, duration, warm-up and max_tokens; the servers run one at a time under load.
# The ten runs make a round; rounds repeat and each number is the median over the rounds, so a burst of the
# neighbours' load on a shared machine moves one sample, not the table. The first --discard rounds are run and
# not counted: the servers' tiered JIT (and dynamic PGO) takes far longer than one run's warm-up to settle, and
# the SDK's Kestrel stack more than nano (its req/s rose 10x over five 10 s rounds in a trial).
# Usage: bench/compare-sdk.sh [--rounds 5] [--discard 1] [--clients 16] [--duration 10s] [--warmup 3s] [--max-tokens 16]
#                             [--loadgen DIR]
#   --loadgen: the bench/LoadGen project folder (default: this tree's). Prints each run, then the ratio table.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rounds=5 discard=1 clients=16 duration=10s warmup=3s max_tokens=16 loadgen=$root/bench/LoadGen
while [[ $# -gt 0 ]]; do
  case $1 in
    --rounds) rounds=$2 ;; --discard) discard=$2 ;; --clients) clients=$2 ;; --duration) duration=$2 ;; --warmup) warmup=$2 ;;
    --max-tokens) max_tokens=$2 ;; --loadgen) loadgen=$(cd "$2" && pwd) ;;
    *) echo "compare-sdk: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
[[ -f $loadgen/Nano.LoadGen.csproj ]] || { echo "compare-sdk: no load generator at $loadgen (--loadgen DIR)" >&2; exit 2; }
command -v jq >/dev/null || { echo "compare-sdk: needs jq" >&2; exit 2; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

for project in src/NodeHost bench/SdkServer bench/EchoServer "$loadgen"; do
  dotnet build "$project" -c Release -v q -nologo >&2
done
bin() { echo "$1/bin/Release/net10.0/$2"; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# start NAME KINDS... -- COMMAND...: runs COMMAND in the background and waits (60 s at most) for its
# `listening KIND ADDR:PORT` lines on stderr (nano prefixes them with `nano: `); sets NAME_KIND=ADDR:PORT.
start() {
  local name=$1; shift
  local kinds=()
  while [[ $1 != -- ]]; do kinds+=("$1"); shift; done
  shift
  "$@" 2>"$work/$name.err" >/dev/null &
  pids+=($!)
  local kind endpoint
  for kind in "${kinds[@]}"; do
    for _ in $(seq 600); do
      endpoint=$(grep -oE "listening $kind [0-9.]+:[0-9]+" "$work/$name.err" | head -1 | awk '{print $3}') || true
      [[ -n $endpoint ]] && break
      kill -0 "${pids[-1]}" 2>/dev/null || { echo "compare-sdk: $name exited:" >&2; cat "$work/$name.err" >&2; exit 1; }
      sleep 0.1
    done
    [[ -n $endpoint ]] || { echo "compare-sdk: $name did not listen on $kind within 60 s" >&2; cat "$work/$name.err" >&2; exit 1; }
    printf -v "${name}_${kind}" '%s' "$endpoint"
  done
  printf -v "${name}_pid" '%s' "${pids[-1]}"
}

# CPU time (user + system, clock ticks) a process has used so far: on a shared machine, CPU per request is the
# steadier measure of a server's cost; throughput also depends on what the neighbours leave it.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
clk_tck=$(getconf CLK_TCK)

start nano tcp http -- dotnet "$(bin src/NodeHost Nano.NodeHost.dll)" --config "$loadgen/zero.models.json" \
  --transports tcp:0,http:0 --bind 127.0.0.1 --log-level warning
start sdk http tcp -- dotnet "$(bin bench/SdkServer Nano.SdkServer.dll)" --http 0 --tcp 0
start echo tcp -- dotnet "$(bin bench/EchoServer Nano.EchoServer.dll)" --port 0

# run LABEL TRANSPORT TARGET [--stream]: one load run, its JSON report kept as $work/LABEL.ROUND.json
# (under $work/discarded for the first rounds).
mkdir -p "$work/discarded"
run() {
  local label=$1 transport=$2 target=$3; shift 3
  local report=$work/$label.$round.json
  ((round > discard)) || report=$work/discarded/$label.$round.json
  local server_pid_var=${label%%-*}_pid
  local pid=${!server_pid_var} before
  echo "compare-sdk: round $round, $label ($transport $target $*)" >&2
  before=$(cpu_ticks "$pid")
  dotnet "$(bin "$loadgen" Nano.LoadGen.dll)" --transport "$transport" --target "$target" --clients "$clients" \
    --duration "$duration" --warmup "$warmup" --model zero --max-tokens "$max_tokens" --json "$@" >"$report.raw"
  # The server's CPU over the whole run (warm-up included) per request it answered in that time.
  jq --argjson ticks "$(($(cpu_ticks "$pid") - before))" --argjson hz "$clk_tck" \
    '. + { server_cpu_us_per_request: ($ticks * 1000000 / $hz / ([.warmup_requests + .counts.sent, 1] | max)) }' \
    "$report.raw" >"$report"
  rm "$report.raw"
  jq -r --arg l "$label" '"\($l): \(.requests_per_second|floor) req/s, p50 \(.latency_us.p50) us, p99 \(.latency_us.p99) us, stream events \(.stream_events) in \(.elapsed_seconds|.*100|floor/100) s, ok \(.counts.ok)/\(.counts.sent), errors \(.counts.errors), shed \(.counts.shed), server CPU \(.server_cpu_us_per_request|floor) us/request"' \
    "$report" >&2
}

for round in $(seq $((discard + rounds))); do
  # Pairs back to back, so drift in the neighbours' load hits both sides of a ratio alike.
  run nano-http http "http://$nano_http/mcp"
  run sdk-http http "http://$sdk_http/mcp"
  run nano-tcp tcp "$nano_tcp"
  run sdk-tcp tcp "$sdk_tcp"
  run echo-tcp tcp "$echo_tcp"
  run nano-http-stream http "http://$nano_http/mcp" --stream
  run sdk-http-stream http "http://$sdk_http/mcp" --stream
  run nano-tcp-stream tcp "$nano_tcp" --stream
  run sdk-tcp-stream tcp "$sdk_tcp" --stream
  run echo-tcp-stream tcp "$echo_tcp" --stream
done

# median LABEL FILTER: the median over the rounds of FILTER applied to LABEL's reports.
median() { jq -s "map($2) | sort | .[length / 2 | floor] | floor" "$work/$1".*.json; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f×", a / b }'; }
events() { median "$1" '.stream_events / .elapsed_seconds'; }
rps() { median "$1" '.requests_per_second'; }
p99() { median "$1" '.latency_us.p99'; }
cpu() { median "$1" '.server_cpu_us_per_request'; }

echo
echo "medians of $rounds rounds (after $discard discarded); clients $clients, duration $duration, warm-up $warmup, max_tokens $max_tokens, $(date -u +%Y-%m-%d)"
echo
echo "| comparison | nano | other | ratio | goal |"
echo "|---|---:|---:|---:|---|"
echo "| Streamable HTTP req/s (nano / SDK) | $(rps nano-http) | $(rps sdk-http) | $(ratio "$(rps nano-http)" "$(rps sdk-http)") | ≥ 1.5× |"
echo "| Streamable HTTP p99 µs (nano / SDK) | $(p99 nano-http) | $(p99 sdk-http) | $(ratio "$(p99 nano-http)" "$(p99 sdk-http)") | ≤ 0.5× |"
echo "| TCP req/s (nano / SDK over TCP) | $(rps nano-tcp) | $(rps sdk-tcp) | $(ratio "$(rps nano-tcp)" "$(rps sdk-tcp)") | ≥ 2× |"
echo "| TCP p99 µs (nano / SDK over TCP) | $(p99 nano-tcp) | $(p99 sdk-tcp) | $(ratio "$(p99 nano-tcp)" "$(p99 sdk-tcp)") | – |"
echo "| progress events/s, HTTP (nano / SDK) | $(events nano-http-stream) | $(events sdk-http-stream) | $(ratio "$(events nano-http-stream)" "$(events sdk-http-stream)") | ≥ 2× |"
echo "| progress events/s, TCP (nano / SDK) | $(events nano-tcp-stream) | $(events sdk-tcp-stream) | $(ratio "$(events nano-tcp-stream)" "$(events sdk-tcp-stream)") | ≥ 2× |"
echo "| TCP req/s (nano / echo) | $(rps nano-tcp) | $(rps echo-tcp) | $(ratio "$(rps nano-tcp)" "$(rps echo-tcp)") | ≥ 0.7× |"
echo "| TCP progress events/s (nano / echo) | $(events nano-tcp-stream) | $(events echo-tcp-stream) | $(ratio "$(events nano-tcp-stream)" "$(events echo-tcp-stream)") | – |"
echo
echo "Server CPU (user + system) per request, µs, median; streamed runs carry $max_tokens progress events per request:"
echo
echo "| run | nano | SDK | echo | nano / SDK | nano / echo |"
echo "|---|---:|---:|---:|---:|---:|"
for kind in http tcp http-stream tcp-stream; do
  n=$(cpu "nano-$kind") s=$(cpu "sdk-$kind")
  if [[ $kind == tcp* ]]; then e=$(cpu "echo-$kind"); else e=–; fi
  echo "| $kind | $n | $s | $e | $(ratio "$n" "$s") | $([[ $e == – ]] && echo – || ratio "$n" "$e") |"
done
