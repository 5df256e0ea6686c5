#!/usr/bin/env bash
# Issue 8, measurement 5: resident memory of a Release NodeHost (VmRSS from /proc/PID/status).
#   idle node after start and after a settle wait; per idle TCP / WebSocket MCP session (initialized);
#   per live handle on the sim runtime and on the emulator runtime (native/, built by the project build).
# Usage: bench/measure-memory.sh [--connections 200] [--handles 8] [--settle 60s] [--json]
# Prints a markdown table on stdout (the one in docs/BENCHMARKS.md), progress on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build bench/MemoryProbe -c Release -v q -nologo >&2
exec dotnet bench/MemoryProbe/bin/Release/net10.0/Nano.MemoryProbe.dll "$@"
