#!/usr/bin/env bash
# Wafer-pattern classification throughput: generates N synthetic maps (grids of 20–150
# dies, some up to 300), then classifies them with 'enclave wafer classify'. Prints the
# in-process rate (reading excluded: rendering + network) and the end-to-end rate of the
# whole command (JVM start, CSV reading, rendering, network, JSON output).
#
# usage: tests/benchmarks/wafer-bench.sh [PATH/TO/enclave] [N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
enclave=${1:-$here/../../enclave}
n=${2:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$enclave" --data "$work/data" wafer generate --count "$n" --seed 4242 "$work/maps.csv" >/dev/null
echo "== $n maps, $(du -h "$work/maps.csv" | cut -f1) of CSV, $(nproc) cores"
"$enclave" --data "$work/data" wafer classify "$work/maps.csv" 2>&1 >/dev/null | grep 'maps/s'
start=$(date +%s.%N)
"$enclave" --data "$work/data" wafer classify --json "$work/maps.csv" > "$work/out.jsonl"
end=$(date +%s.%N)
lines=$(wc -l < "$work/out.jsonl")
python3 -c "import sys; n=int(sys.argv[1]); s=float(sys.argv[3])-float(sys.argv[2]); print(f'end to end: {n} maps in {s:.2f} s = {n/s:.0f} maps/s')" "$lines" "$start" "$end"
"$enclave" --data "$work/data" wafer eval "$work/maps.csv" | sed -n 1,3p
