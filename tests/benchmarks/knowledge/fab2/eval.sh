#!/usr/bin/env bash
# Retrieval and answer evaluation on a hand-written bilingual fab corpus (a fictional fab,
# 澜川微电子 三厂 / Lanchuan Fab 3): 20 documents (13 Chinese, 7 English: SOPs, 8D reports, an FMEA
# table, alarm code tables, a spec sheet, a glossary, a weekly yield report, PM checklists),
# 36 answerable questions (14 of them cross-lingual: a Chinese question answered by an English
# document or the reverse) and 5 unanswerable ones. Written by hand, outside the retrieval code,
# as a blind set: score it before and after a change to the pipeline, never tune on it.
#   usage: tests/benchmarks/knowledge/fab2/eval.sh [PATH/TO/enclave] [WORKDIR]
# Prints enclave eval retrieval for bm25, vector and hybrid, then for enclave ask: the
# answerable/unanswerable decisions against the labels and the share of answerable
# questions whose answer cites a gold document, overall and for the cross-lingual ones.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
enclave=${1:-$root/enclave}
work=${2:-$(mktemp -d /tmp/enclave-fab2-eval.XXXXXX)}
data=$work/data
questions=$here/questions-fab2.jsonl
if [ -d "$data/knowledge/collections/fab2" ] && [ "${REUSE:-0}" = 1 ]; then
  echo "(REUSE=1: the collection in $data is kept)"
else
  "$enclave" --data "$data" ingest --collection fab2 --json "$here/corpus"
fi
for mode in bm25 vector hybrid; do
  echo "== eval retrieval --mode $mode --top 5"
  "$enclave" --data "$data" eval retrieval --collection fab2 --questions "$questions" --top 5 --mode "$mode" --misses
done
echo "== ask"
python3 - "$enclave" "$data" "$questions" <<'PY'
import json, os, subprocess, sys
enclave, data, qfile = sys.argv[1:4]
counts = {"tp": 0, "fn": 0, "fp": 0, "tn": 0}
cited = {"all": [0, 0], "cross": [0, 0]}
for line in open(qfile, encoding="utf-8"):
    q = json.loads(line)
    out = subprocess.run([enclave, "--data", data, "ask", "--collection", "fab2", "--json", q["question"]],
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
