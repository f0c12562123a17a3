#!/usr/bin/env bash
# Retrieval and answer evaluation on a small hand-written bilingual fab DEVELOPMENT set (a
# fictional 12-inch fab, 北辰半导体): 7 documents (4 Chinese, 3 English), 16 answerable questions
# (8 cross-lingual, ids x…) and 3 unanswerable ones. Unlike fab2 (blind), this set may be tuned on.
#   usage: tests/benchmarks/knowledge/fab-dev/eval.sh [PATH/TO/enclave] [WORKDIR]
# Prints enclave eval retrieval for bm25, vector and hybrid, then the ask decisions and citations.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
enclave=${1:-$root/enclave}
work=${2:-$(mktemp -d /tmp/enclave-fab-dev-eval.XXXXXX)}
data=$work/data
questions=$here/questions-fab-dev.jsonl
if [ -d "$data/knowledge/collections/fab-dev" ] && [ "${REUSE:-0}" = 1 ]; then
  echo "(REUSE=1: the collection in $data is kept)"
else
  "$enclave" --data "$data" ingest --collection fab-dev --json "$here/corpus"
fi
for mode in bm25 vector hybrid; do
  echo "== eval retrieval --mode $mode --top 5"
  "$enclave" --data "$data" eval retrieval --collection fab-dev --questions "$questions" --top 5 --mode "$mode" --misses
done
echo "== ask"
python3 - "$enclave" "$data" "$questions" <<'PY'
import json, os, subprocess, sys
enclave, data, qfile = sys.argv[1:4]
counts = {"tp": 0, "fn": 0, "fp": 0, "tn": 0}
cited = {"all": [0, 0], "cross": [0, 0]}
for line in open(qfile, encoding="utf-8"):
    q = json.loads(line)
    out = subprocess.run([enclave, "--data", data, "ask", "--collection", "fab-dev", "--json", q["question"]],
                         capture_output=True, text=True)
    if out.returncode != 0:
        print("ask failed:", q["id"], out.stderr.strip()[:200]); continue
    a = json.loads(out.stdout)
    gold, got = q["answerable"], a["answerable"]
    counts[("t" if gold == got else "f") + ("p" if got else "n")] += 1
    if gold:
        hit = got and any(os.path.basename(c["source"]) in q["gold_docs"] for c in a["citations"])
        for key in ("all", "cross") if q["id"].startswith("x") else ("all",):
            cited[key][0] += hit; cited[key][1] += 1
        if not hit:
            print(f"  no gold citation: {q['id']}: {q['question']} -> {a['answer'][:80]!r}")
    elif got:
        print(f"  answered an unanswerable question: {q['id']}: {q['question']}")
tp, fn, fp, tn = counts["tp"], counts["fn"], counts["fp"], counts["tn"]
print(f"answerable questions answered with a gold citation: {cited['all'][0]}/{cited['all'][1]}"
      f" (cross-lingual {cited['cross'][0]}/{cited['cross'][1]})")
print(f"answerable decided answerable: {tp}/{tp + fn}; unanswerable refused: {tn}/{tn + fp}")
PY
