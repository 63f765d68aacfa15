#!/usr/bin/env bash
# Benchmarks sagac side by side with its peers, in one run, and prints a
# Markdown table (the one in docs/performance.md comes from here):
#   - whole process: sagac compile of the tutorial saga vs AWS CDK
#     synthesizing the same chain with node;
#   - whole process: sagac lint vs asl-validator and statelint on one
#     2,000-state definition;
#   - Go benchmarks of compiling generated sagas of 10 to 10,000 steps.
# Usage: scripts/bench.sh   (from anywhere; needs Go and python3; node and npm for
# the peers, which it installs itself: aws-cdk-lib in scripts/bench, the
# validators with npm ci in tools/aslcheck)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench="$root/scripts/bench"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"

load=$(cut -d' ' -f1-3 /proc/loadavg)
go build -o "$work/sagac" ./cmd/sagac
measure() { python3 "$bench/measure.py" "$@"; }
rows=()
row() { rows+=("| $1 | $2 | $3 | $4 |"); }

# 1. Compile the tutorial saga, whole process.
read -r sagac_ms sagac_mib < <(measure 30 "$work/sagac" compile sagas/trip_booking.saga)
row "sagac compile sagas/trip_booking.saga" "$sagac_ms" "$sagac_mib" "30 runs, median"

if command -v npm >/dev/null && command -v node >/dev/null; then
  if [ ! -d "$bench/node_modules/aws-cdk-lib" ]; then
    (cd "$bench" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  read -r cdk_ms cdk_mib < <(measure 3 node "$bench/cdk_synth.js")
  row "AWS CDK 2.276.0 synth of the same chain (node)" "$cdk_ms" "$cdk_mib" "3 runs, median"
  speed=$(python3 -c "
w = $cdk_ms / $sagac_ms
try:
    m = f'{float(\"$cdk_mib\") / float(\"$sagac_mib\"):.0f}x less memory'
except ValueError:
    m = 'memory not measured (install GNU time)'
print(f'{w:.0f}x faster, {m}')")
else
  row "AWS CDK synth" "-" "-" "skipped: npm/node not installed"
  speed="(CDK row skipped)"
fi

# 2. Lint a 2,000-state definition that Step Functions would accept (under
# 1 MiB): a chain of Lambda tasks, each with a Retry and a Catch.
go run ./scripts/genchain 2000 > "$work/big.asl.json"
states=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['States']))" "$work/big.asl.json")
if "$work/sagac" lint --help >/dev/null 2>&1; then
  read -r lint_ms lint_mib < <(measure 10 "$work/sagac" lint "$work/big.asl.json")
  row "sagac lint ($states states)" "$lint_ms" "$lint_mib" "10 runs, median"
fi
checker="$root/tools/aslcheck"
if [ ! -d "$checker/node_modules/asl-validator" ] && command -v npm >/dev/null; then
  (cd "$checker" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
if [ -d "$checker/node_modules/asl-validator" ]; then
  read -r av_ms av_mib < <(measure 3 node "$checker/node_modules/asl-validator/dist/bin/asl-validator.js" --json-path "$work/big.asl.json")
  row "asl-validator 4.0.0 ($states states)" "$av_ms" "$av_mib" "3 runs, median"
  cat > "$work/statelint.js" <<JS
const validate = require("$checker/node_modules/@wmfs/statelint")();
const problems = validate.validate(JSON.parse(require("fs").readFileSync(process.argv[2], "utf8")));
process.exit(problems.length ? 1 : 0);
JS
  read -r sl_ms sl_mib < <(measure 3 node "$work/statelint.js" "$work/big.asl.json")
  row "@wmfs/statelint 1.30.0 ($states states)" "$sl_ms" "$sl_mib" "3 runs, median"
else
  row "asl-validator, statelint" "-" "-" "skipped: npm not installed"
fi

echo "Load average before the run: $load"
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3), node $(node --version 2>/dev/null || echo none)"
echo "Date: $(date -u +%Y-%m-%d)"
echo
echo "| command (whole process) | wall ms | peak MiB | runs |"
echo "| --- | ---: | ---: | --- |"
printf '%s\n' "${rows[@]}"
echo
echo "sagac compile vs CDK: $speed"
echo
echo "Go benchmarks (go test -bench BenchmarkCompile -benchmem ./backends/asl):"
echo
echo '```'
go test -run '^$' -bench BenchmarkCompile -benchmem -benchtime 3x ./backends/asl | grep Benchmark
echo '```'
