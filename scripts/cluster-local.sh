#!/usr/bin/env bash
# The docker-compose.yml topology as local processes on 127.0.0.1, for machines without a container engine:
# one gateway (the seed; MCP transports) and three npu nodes (the models), each its own `Nano.NodeHost run`.
#
#   scripts/cluster-local.sh [start]   build once, start the four nodes, wait until all are Up and every model placed
#   scripts/cluster-local.sh status    print cluster_status (asked over the gateway's MCP TCP transport)
#   scripts/cluster-local.sh stop      stop the nodes this script started (SIGTERM, then SIGKILL after STOP_SECONDS)
#
# Environment (defaults in brackets):
#   BASE_PORT [4053]          cluster (remoting) port of the gateway; npu1..npu3 use BASE_PORT+1..BASE_PORT+3
#   GATEWAY_PORT [8080]       MCP ports: tcp GATEWAY_PORT, http and ws GATEWAY_PORT+1, udp GATEWAY_PORT+2;
#                             0 lets the gateway pick free ports (the tcp one is read from its log)
#   CLUSTER_DIR [.cluster-local at the repository root]   logs (NAME.log) and pids (NAME.pid)
#   CONFIGURATION [Release]   build configuration; NODE_DLL=path/Nano.NodeHost.dll skips the build
#   NANO_RUNTIME [sim]        sim runs anywhere; emu and native need the emulator / librkllmrt.so
#   NANO_MODELS_CONFIG [config/models.json]
#   NPU_MEMORY_MB [8192], NPU_MAX_HANDLES [4]   capacity each npu node declares
#   WAIT_SECONDS [60], STOP_SECONDS [30]        bounds of the start and stop waits
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
base_port=${BASE_PORT:-4053}
gateway_port=${GATEWAY_PORT:-8080}
dir=${CLUSTER_DIR:-$repo/.cluster-local}
configuration=${CONFIGURATION:-Release}
wait_seconds=${WAIT_SECONDS:-60}
stop_seconds=${STOP_SECONDS:-30}
npu_memory_mb=${NPU_MEMORY_MB:-8192}
npu_max_handles=${NPU_MAX_HANDLES:-4}
export NANO_RUNTIME=${NANO_RUNTIME:-sim}
export NANO_MODELS_CONFIG=${NANO_MODELS_CONFIG:-$repo/config/models.json}
nodes=(gateway npu1 npu2 npu3)
last_summary=""

die() {
  echo "cluster-local: $*" >&2
  # A start that fails stops what it started (the logs stay).
  if [[ ${starting:-} == 1 ]]; then starting=0 && stop >&2; fi
  exit 1
}

# The pid in NAME.pid if that process is still a nano node (a recycled pid is not ours to signal).
live_pid() {
  local file="$dir/$1.pid" pid
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] && [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'Nano.NodeHost' || return 1
  echo "$pid"
}

# The gateway's MCP TCP port: the one asked for, or the one it printed ("nano: listening tcp 127.0.0.1:41234").
tcp_port() {
  local line
  line=$(grep -m1 -o 'nano: listening tcp [^ ]*:[0-9]*' "$dir/gateway.log" 2>/dev/null) || return 1
  echo "${line##*:}"
}

# One MCP session over TCP (newline-delimited JSON-RPC): initialize, initialized, tools/call cluster_status.
# Prints the tools/call answer (one JSON line); fails when the gateway does not answer within 10 s.
cluster_status_json() {
  local port fd line
  port=$(tcp_port) || return 1
  exec {fd}<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"cluster-local","version":"1.0"}}}' >&"$fd"
  while IFS= read -r -t 10 line <&"$fd"; do [[ $line == *'"id":1'* ]] && break; done
  printf '%s\n' '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
    '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"cluster_status","arguments":{}}}' >&"$fd"
  line=""
  while IFS= read -r -t 10 line <&"$fd"; do [[ $line == *'"id":2'* ]] && break; line=""; done
  exec {fd}>&-
  [[ -n $line ]] || return 1
  echo "$line"
}

# "UP REPORTING PLACED TOTAL" from a cluster_status answer: members Up, npu boards that reported their capacity and
# pool, replicas placed, replicas in the catalog.
summarize() {
  if command -v python3 >/dev/null; then
    python3 -c '
import json, sys
s = json.loads(sys.stdin.read())["result"]["structuredContent"]
up = sum(1 for b in s["boards"] if b["status"] == "Up")
reporting = sum(1 for b in s["boards"] if "npu" in b["roles"] and b.get("pool"))
placed = sum(1 for p in s["placements"] if p.get("node"))
print(up, reporting, placed, len(s["placements"]))'
  else
    # Without python: the answer is compact JSON; each member has one "status" and one "pool" (null until it
    # reports), each replica one "entity_id" followed by its address (null until placed).
    local json
    json=$(cat)
    echo "$(grep -o '"status":"Up"' <<<"$json" | wc -l) \
$(grep -o '"pool":{"node"' <<<"$json" | wc -l) \
$(grep -o '"entity_id":"[^"]*","address":"' <<<"$json" | wc -l) \
$(grep -o '"entity_id":"' <<<"$json" | wc -l)"
  fi
}

# cluster_status's text content (a few lines) as plain text.
print_status() {
  local json
  json=$(cluster_status_json) || die "the gateway does not answer cluster_status (is the cluster started? see $dir/gateway.log)"
  if command -v python3 >/dev/null; then
    python3 -c 'import json, sys; print(json.loads(sys.stdin.read())["result"]["content"][0]["text"])' <<<"$json"
  else
    echo "$json"
  fi
}

start_node() {
  local name=$1
  shift
  # stdin and both outputs away from this script: the nodes outlive it, and whoever ran it must not wait for them.
  nohup dotnet "$dll" run --node-name "$name" --cluster-host 127.0.0.1 "$@" </dev/null >"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
  echo "cluster-local: started $name (pid $!), log $dir/$name.log"
}

# Waits until CHECK (a command) succeeds, a node dies, or the deadline passes.
wait_for() {
  local what=$1 deadline=$2 name
  shift 2
  until "$@"; do
    for name in "${nodes[@]}"; do
      if [[ -f $dir/$name.pid ]] && ! live_pid "$name" >/dev/null; then
        tail -n 20 "$dir/$name.log" >&2 || true
        die "$name exited while waiting for $what (log: $dir/$name.log)"
      fi
    done
    ((SECONDS < deadline)) || die "timed out after ${wait_seconds}s waiting for $what${last_summary:+ (last: $last_summary)}; logs in $dir"
    sleep 1
  done
}

gateway_listening() { tcp_port >/dev/null; }

cluster_ready() {
  local json up reporting placed total npus=$((${#nodes[@]} - 1))
  json=$(cluster_status_json 2>/dev/null) || return 1
  read -r up reporting placed total < <(summarize <<<"$json") || return 1
  last_summary="$up of ${#nodes[@]} members Up, $reporting of $npus npu boards reporting, $placed of $total replicas placed"
  ((up == ${#nodes[@]} && reporting == npus && total > 0 && placed == total))
}

start() {
  local name pid
  for name in "${nodes[@]}"; do
    if pid=$(live_pid "$name"); then die "$name is already running (pid $pid); run '$0 stop' first"; fi
  done
  if [[ -n ${NODE_DLL:-} ]]; then
    dll=$NODE_DLL
  else
    echo "cluster-local: building src/NodeHost ($configuration)"
    dotnet build "$repo/src/NodeHost" -c "$configuration" --nologo -v quiet || die "build failed"
    dll=$repo/src/NodeHost/bin/$configuration/net10.0/Nano.NodeHost.dll
  fi
  [[ -f $dll ]] || die "no node binary at $dll"
  mkdir -p "$dir"
  for name in "${nodes[@]}"; do rm -f "$dir/$name.pid" "$dir/$name.log"; done

  local transports="tcp:$gateway_port,http:$((gateway_port + 1)),ws:$((gateway_port + 1)),udp:$((gateway_port + 2))"
  ((gateway_port != 0)) || transports="tcp:0,http:0,ws:0,udp:0"
  # Every node gets the same seed list, the gateway first: only the gateway can start a new cluster (a node joins
  # itself only when it is the first seed and no other seed answers), and a restarted gateway rejoins through the
  # npus instead of starting a second cluster beside theirs. As in docker-compose.yml.
  local seeds="akka.tcp://nano@127.0.0.1:$base_port" i
  for i in 1 2 3; do seeds+=",akka.tcp://nano@127.0.0.1:$((base_port + i))"; done
  local deadline=$((SECONDS + wait_seconds))
  starting=1
  # All at once: the gateway forms the cluster as soon as every other seed has said it is not in one yet.
  start_node gateway --roles gateway --cluster-port "$base_port" --seed-nodes "$seeds" --transports "$transports" --bind 127.0.0.1
  for i in 1 2 3; do
    start_node "npu$i" --roles npu --cluster-port "$((base_port + i))" --seed-nodes "$seeds" \
      --board-memory-mb "$npu_memory_mb" --max-handles "$npu_max_handles"
  done
  wait_for "the gateway's listening line" "$deadline" gateway_listening
  echo "cluster-local: gateway serves MCP on tcp 127.0.0.1:$(tcp_port)"
  last_summary="no cluster_status answer yet"
  wait_for "every member Up, every npu board reporting and every model placed" "$deadline" cluster_ready
  starting=0
  echo "cluster-local: ready: $last_summary"
  print_status
}

stop() {
  local name pid pids=()
  for name in "${nodes[@]}"; do
    if pid=$(live_pid "$name"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  local deadline=$((SECONDS + stop_seconds))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "cluster-local: pid $pid still running after ${stop_seconds}s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  for name in "${nodes[@]}"; do rm -f "$dir/$name.pid"; done
  echo "cluster-local: stopped ${#pids[@]} node(s)"
}

status() {
  local name pid
  for name in "${nodes[@]}"; do
    if pid=$(live_pid "$name"); then echo "$name: running (pid $pid)"; else echo "$name: not running"; fi
  done
  print_status
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 [start|stop|status]" ;;
esac
