#!/usr/bin/env bash
# One hand-written retrieval evaluation set (bank, fab2, fab-dev …): a folder holding corpus/ and
# questions-NAME.jsonl, NAME being the folder's name, which is also the collection's.
#   usage: tests/benchmarks/knowledge/eval-set.sh SET_FOLDER [PATH/TO/enclave] [WORKDIR]
# Ingests the corpus (REUSE=1 keeps a collection already in WORKDIR), prints enclave eval retrieval
# for bm25, vector and hybrid, then for enclave ask: the answerable/unanswerable decisions against the
# labels and the share of answerable questions whose answer cites a gold document, overall and for the
# cross-lingual ones (ids starting with x).
set -euo pipefail
here=$(cd "$1" && pwd)
shift
name=$(basename "$here")
root=$(cd "$here/../../../.." && pwd)
enclave=${1:-$root/enclave}
work=${2:-$(mktemp -d /tmp/enclave-$name-eval.XXXXXX)}
data=$work/data
questions=$here/questions-$name.jsonl
if [ -d "$data/knowledge/collections/$name" ] && [ "${REUSE:-0}" = 1 ]; then
  echo "(REUSE=1: the collection in $data is kept)"
else
  "$enclave" --data "$data" ingest --collection "$name" --json "$here/corpus"
fi
for mode in bm25 vector hybrid; do
  echo "== eval retrieval --mode $mode --top 5"
  "$enclave" --data "$data" eval retrieval --collection "$name" --questions "$questions" --top 5 --mode "$mode" --misses
done
echo "== ask"
python3 - "$enclave" "$data" "$questions" "$name" <<'PY'
import json, os, subprocess, sys
enclave, data, qfile, collection = sys.argv[1:5]
counts = {"tp": 0, "fn": 0, "fp": 0, "tn": 0}
cited = {"all": [0, 0], "cross": [0, 0]}
for line in open(qfile, encoding="utf-8"):
    q = json.loads(line)
    out = subprocess.run([enclave, "--data", data, "ask", "--collection", collection, "--json", q["question"]],
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
