#!/usr/bin/env bash
# Issue 8, measurement 3: nano beside the official MCP C# SDK and a bare echo server, same load generator, one run.
#   nano     Release NodeHost, zero-latency runtime (bench/LoadGen/zero.models.json: model "zero", sim://zero)
#   sdk      bench/SdkServer: ModelContextProtocol.AspNetCore 2.4.0 serving the same generate tool (HTTP /mcp + TCP)
#   echo     bench/EchoServer: newline JSON-RPC over TCP with Newtonsoft.Json, nothing else (the box's limit)
# Every run has the same clients, duration, warm-up and max_tokens; the servers run one at a time under load.
# Usage: bench/compare-sdk.sh [--clients 16] [--duration 30s] [--warmup 5s] [--max-tokens 16] [--loadgen DIR]
#   --loadgen: the bench/LoadGen project folder (default: this tree's). Prints each run, then the ratio table.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
clients=16 duration=30s warmup=5s max_tokens=16 loadgen=$root/bench/LoadGen
while [[ $# -gt 0 ]]; do
  case $1 in
    --clients) clients=$2 ;; --duration) duration=$2 ;; --warmup) warmup=$2 ;;
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
}

start nano tcp http -- dotnet "$(bin src/NodeHost Nano.NodeHost.dll)" --config "$loadgen/zero.models.json" \
  --transports tcp:0,http:0 --bind 127.0.0.1 --log-level warning
start sdk http tcp -- dotnet "$(bin bench/SdkServer Nano.SdkServer.dll)" --http 0 --tcp 0
start echo tcp -- dotnet "$(bin bench/EchoServer Nano.EchoServer.dll)" --port 0

# run LABEL TRANSPORT TARGET [--stream]: one load run, its JSON report kept as $work/LABEL.json.
run() {
  local label=$1 transport=$2 target=$3; shift 3
  echo "compare-sdk: $label ($transport $target $*)" >&2
  dotnet "$(bin "$loadgen" Nano.LoadGen.dll)" --transport "$transport" --target "$target" --clients "$clients" \
    --duration "$duration" --warmup "$warmup" --model zero --max-tokens "$max_tokens" --json "$@" >"$work/$label.json"
  jq -r --arg l "$label" '"\($l): \(.requests_per_second|floor) req/s, p50 \(.latency_us.p50) us, p99 \(.latency_us.p99) us, stream events \(.stream_events) in \(.elapsed_seconds|.*100|floor/100) s, ok \(.counts.ok)/\(.counts.sent), errors \(.counts.errors), shed \(.counts.shed)"' "$work/$label.json" >&2
}

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

get() { jq -r "$2" "$work/$1.json"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f×", a / b }'; }
events() { get "$1" '.stream_events / .elapsed_seconds | floor'; }
rps() { get "$1" '.requests_per_second | floor'; }
p99() { get "$1" '.latency_us.p99'; }

echo
echo "clients $clients, duration $duration, warm-up $warmup, max_tokens $max_tokens, $(date -u +%Y-%m-%d)"
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
