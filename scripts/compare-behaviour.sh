#!/usr/bin/env bash
# Before/after proof for refactors: runs the same inputs through the CLI of two trees and diffs
# every byte of output and every exit code. Plans (json, text, markdown) for every example,
# fixture and a generated bench workload; check findings (json, text, sarif) for every template
# fixture; simulate output (json) for every example and scenario with a fixed seed; and, with
# --synth, the example app's synthesized templates.
#
#   bash scripts/compare-behaviour.sh [BASE_REF=origin/main or HEAD~1] [--synth]
#
# BASE_REF is checked out into a temporary worktree (sharing this tree's node_modules); the
# current working tree (committed or not) is the "after". Exits 1 on any difference.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BASE=${1:-HEAD}
SYNTH=false
ONLY_SYNTH=false
for a in "$@"; do
  [ "$a" = "--synth" ] && SYNTH=true
  [ "$a" = "--only-synth" ] && SYNTH=true && ONLY_SYNTH=true
done
case "$BASE" in --*) BASE=HEAD ;; esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/compare-behaviour.XXXXXX")
cleanup() { git -C "$ROOT" worktree remove --force "$WORK/before" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
git -C "$ROOT" worktree add --detach "$WORK/before" "$BASE" >/dev/null 2>&1
ln -s "$ROOT/node_modules" "$WORK/before/node_modules"

# The inputs (this tree's), copied once so both trees read them by the same relative paths.
IN="$WORK/in"
mkdir -p "$IN/test/fixtures"
cp -r "$ROOT/examples" "$IN/"
cp -r "$ROOT/test/fixtures/workloads" "$ROOT/test/fixtures/templates" "$IN/test/fixtures/"

# A deterministic 300-function workload with Azure-format traces (the shape of bench:planner's).
GEN="$IN/gen"
mkdir -p "$GEN/traces"
node - "$ROOT/examples/traces/azure-functions-2019-sample" "$GEN" <<'EOF'
const fs = require('fs'); const path = require('path');
const [src, out] = process.argv.slice(2);
const inv = fs.readFileSync(path.join(src, '100_inv.csv'), 'utf8').trim().split('\n');
const run = fs.readFileSync(path.join(src, '100_run.csv'), 'utf8').trim().split('\n');
const rows = inv.slice(1).map((l) => l.split(','));
const runRows = new Map(run.slice(1).map((l) => [l.split(',')[0], l.split(',')]));
const invOut = [inv[0]], runOut = [run[0]], fns = [];
for (let i = 0; i < 300; i++) {
  const s = rows[i % rows.length]; const id = `f${i}`;
  const counts = s.slice(3).map(Number); const shift = Math.floor(i / rows.length) * 37; const scale = 1 + (i % 7);
  invOut.push([id, id, id, ...counts.map((_, m) => counts[(m + shift) % counts.length] * scale)].join(','));
  const r = runRows.get(s[0]) ?? run[1].split(',');
  runOut.push([id, id, id, ...r.slice(3)].join(','));
  const avg = Math.max(1, Number(r[4]));
  const kind = ['sync', 'async', 'sqs'][i % 3];
  fns.push([`  - name: fn-${i}`, `    invocation: ${kind}`, `    memoryMb: ${[128, 512, 1769][i % 3]}`,
    `    timeoutSeconds: ${Math.min(900, Math.ceil((avg * 3) / 1000) + 1)}`, `    latencySensitive: ${i % 2 === 0}`,
    ...(i % 5 === 0 ? ['    database: { name: db }'] : []),
    `    traffic: { trace: { file: traces/inv.csv, durationsFile: traces/run.csv, format: azure-2019, function: ${id} } }`].join('\n'));
}
fs.writeFileSync(path.join(out, 'traces', 'inv.csv'), invOut.join('\n') + '\n');
fs.writeFileSync(path.join(out, 'traces', 'run.csv'), runOut.join('\n') + '\n');
fs.writeFileSync(path.join(out, 'bench.yaml'),
  'account: { region: us-east-1, concurrencyLimit: 100000 }\ndatabases:\n  db: { engine: postgres, maxConnections: 500 }\nfunctions:\n' + fns.join('\n') + '\n');
EOF

capture() { # capture TREE OUTDIR
  local tree=$1 out=$2 n=0
  mkdir -p "$out"
  run() { # name, args...
    local name=$1; shift
    (cd "$IN" && set +e; "$tree/node_modules/.bin/tsx" "$tree/bin/cli.ts" "$@" >"$out/$name.out" 2>"$out/$name.err"; echo "exit $?" >>"$out/$name.out")
    n=$((n + 1))
  }
  if ! $ONLY_SYNTH; then
  local workloads=(examples/*.yaml examples/app/*.yaml test/fixtures/workloads/*.yaml test/fixtures/workloads/*.json gen/bench.yaml)
  for w in "${workloads[@]}"; do
    local b; b=$(echo "$w" | tr '/' '_')
    for f in json text markdown; do run "plan.$b.$f" plan "$w" --format "$f"; done
    run "simulate.$b" simulate "$w" --duration 3600 --seed 7 --format json
    run "simulate-none.$b" simulate "$w" --plan none --duration 600 --seed 3 --format csv --interval 60
  done
  for s in examples/scenarios/*.yaml; do
    local b; b=$(basename "$s")
    run "scenario.$b" simulate "$s" --seed 11 --format json --duration 900
    run "scenario-text.$b" simulate "$s" --seed 11 --duration 900 --error-rate 0.05
  done
  for w in examples/api-diurnal.yaml examples/sqs-worker.yaml; do
    for sc in spike cold-spike peak-hour; do run "scenario-$sc.$(basename "$w")" simulate "$w" --scenario "$sc" --seed 5 --format json; done
  done
  for t in test/fixtures/templates/*.json test/fixtures/templates/*.yaml test/fixtures/templates/cdk.out-account; do
    local b; b=$(basename "$t")
    for f in json text sarif junit; do run "check.$b.$f" check "$t" --format "$f"; done
    run "check-small.$b" check "$t" --format json --account-concurrency 200
  done
  fi
  if $SYNTH; then
    for w in examples/app/service.yaml examples/api-diurnal.yaml examples/sqs-worker.yaml; do
      local b; b=$(basename "$w")
      (cd "$tree" && AWS_EC2_METADATA_DISABLED=true node_modules/.bin/cdk synth -q -c "workload=$IN/$w" -o "$out/synth.$b" >/dev/null 2>&1 || echo "synth failed" >"$out/synth.$b.failed")
      rm -f "$out/synth.$b/manifest.json" "$out/synth.$b/tree.json" "$out/synth.$b"/*.assets.json 2>/dev/null || true
      # Construct metadata and the validation report carry creation stack traces (source paths and
      # line numbers, which a refactor moves); performance counters are timings. Compare the rest.
      rm -f "$out/synth.$b/performance-counters.json"
      for m in "$out/synth.$b"/*.metadata.json "$out/synth.$b/validation-report.json"; do
        [ -f "$m" ] && node -e 'const fs=require("fs");const f=process.argv[1];const frame=(v)=>typeof v==="string"&&/:[0-9]+:[0-9]+\)?$/m.test(v);const strip=(x)=>{if(Array.isArray(x)){const k=x.filter((v)=>!frame(v));return k.map(strip);}if(x&&typeof x==="object"){const o={};for(const[k,v]of Object.entries(x))if(!frame(v))o[k]=strip(v);return o;}return x;};fs.writeFileSync(f,JSON.stringify(strip(JSON.parse(fs.readFileSync(f,"utf8"))),null,1));' "$m"
      done
      (cd "$out" && "$tree/node_modules/.bin/tsx" "$tree/bin/cli.ts" check "synth.$b" --format json >"$out/check-synth.$b.out" 2>&1 || true)
    done
  fi
  echo "$n runs"
}

echo "before: $BASE ($(git -C "$ROOT" rev-parse --short "$BASE")); after: the working tree"
capture "$WORK/before" "$WORK/out-before" > "$WORK/before.log" &
capture "$ROOT" "$WORK/out-after"
wait
cat "$WORK/before.log"
# Paths of the two trees differ by construction (stack traces, synth output); normalise them. The before
# tree's node_modules is a link into this tree, so its library frames name this tree's path too.
find "$WORK/out-before" -type f -exec sed -i "s#$WORK/before#TREE#g; s#$ROOT#TREE#g; s#$WORK/out-before#OUT#g" -- {} +
find "$WORK/out-after" -type f -exec sed -i "s#$ROOT#TREE#g; s#$WORK/out-after#OUT#g" -- {} +
if diff -r "$WORK/out-before" "$WORK/out-after" >"$WORK/diff.txt"; then
  echo "IDENTICAL: $(ls "$WORK/out-after" | wc -l) outputs byte-for-byte the same"
else
  head -c 4000 "$WORK/diff.txt"
  echo
  grep '^diff -r\|^Only' "$WORK/diff.txt" | sed "s#$WORK/##g"
  echo "DIFFERENT: $(grep -c '^diff\|^Only' "$WORK/diff.txt" || true) outputs differ"
  exit 1
fi
