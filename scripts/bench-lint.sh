#!/bin/sh
# Times `sagac lint` (the built binary) against asl-validator on the same
# generated 2,000-state definition, each as a whole process, side by side
# (runs alternate; medians).
# Needs Go, Node.js and `npm ci` in tools/aslcheck.
# Usage: scripts/bench-lint.sh [states] [runs]
set -eu
cd "$(dirname "$0")/.."
states=${1:-2000}
runs=${2:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/sagac" ./cmd/sagac
go run ./scripts/genchain "$states" > "$tmp/chain.asl.json"
validator=tools/aslcheck/node_modules/.bin/asl-validator
if [ ! -x "$validator" ]; then
	echo "bench-lint: $validator is missing: run npm ci in tools/aslcheck" >&2
	exit 2
fi
# Both must accept the file, or the comparison means nothing.
"$tmp/sagac" lint --format json "$tmp/chain.asl.json" > "$tmp/sagac.out" || { cat "$tmp/sagac.out"; exit 1; }
"$validator" --json-path "$tmp/chain.asl.json" > /dev/null

# once CMD...: wall-clock milliseconds of one run.
once() {
	start=$(date +%s%N)
	"$@" > /dev/null 2>&1 || true
	end=$(date +%s%N)
	echo $(((end - start) / 1000000))
}
# The runs alternate, so a machine whose load changes during the benchmark
# slows both tools alike; each tool's median is reported.
: > "$tmp/s.ms"
: > "$tmp/a.ms"
i=0
while [ "$i" -lt "$runs" ]; do
	once "$tmp/sagac" lint "$tmp/chain.asl.json" >> "$tmp/s.ms"
	once "$validator" --json-path "$tmp/chain.asl.json" >> "$tmp/a.ms"
	i=$((i + 1))
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
s=$(median "$tmp/s.ms")
a=$(median "$tmp/a.ms")
echo "definition: $states states, $(wc -c < "$tmp/chain.asl.json") bytes; $runs runs each, alternating; medians"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-14s %8s ms per run\n' "sagac lint" "$s"
printf '%-14s %8s ms per run\n' "asl-validator" "$a"
awk -v s="$s" -v a="$a" 'BEGIN { printf "speed-up       %8.1fx\n", a / s }'
