#!/bin/sh
# Times `sagac lint` (the built binary) against asl-validator on the same
# generated 2,000-state definition, each as a whole process, side by side.
# Needs Go, Node.js and `npm ci` in tools/aslcheck.
# Usage: scripts/bench-lint.sh [states] [runs]
set -eu
cd "$(dirname "$0")/.."
states=${1:-2000}
runs=${2:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/sagac" ./cmd/sagac
go run ./cmd/genchain "$states" > "$tmp/chain.asl.json"
validator=tools/aslcheck/node_modules/.bin/asl-validator
if [ ! -x "$validator" ]; then
	echo "bench-lint: $validator is missing: run npm ci in tools/aslcheck" >&2
	exit 2
fi
# Both must accept the file, or the comparison means nothing.
"$tmp/sagac" lint --format json "$tmp/chain.asl.json" > "$tmp/sagac.out" || { cat "$tmp/sagac.out"; exit 1; }
"$validator" --json-path "$tmp/chain.asl.json" > /dev/null

# elapsed RUNS CMD...: total wall-clock milliseconds of RUNS runs.
elapsed() {
	n=$1
	shift
	start=$(date +%s%N)
	i=0
	while [ "$i" -lt "$n" ]; do
		"$@" > /dev/null 2>&1 || true
		i=$((i + 1))
	done
	end=$(date +%s%N)
	echo $(((end - start) / 1000000))
}
s=$(elapsed "$runs" "$tmp/sagac" lint "$tmp/chain.asl.json")
a=$(elapsed "$runs" "$validator" --json-path "$tmp/chain.asl.json")
echo "definition: $states states, $(wc -c < "$tmp/chain.asl.json") bytes; $runs runs each"
printf '%-14s %8s ms per run\n' "sagac lint" "$((s / runs))"
printf '%-14s %8s ms per run\n' "asl-validator" "$((a / runs))"
awk -v s="$s" -v a="$a" 'BEGIN { printf "speed-up       %8.1fx\n", a / s }'
