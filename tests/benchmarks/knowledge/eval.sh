#!/usr/bin/env bash
# Retrieval and answerability evaluation on the Linux kernel documentation (Chinese process
# documents, English mm documents) with the hand-labelled questions beside this script.
#   usage: tests/benchmarks/knowledge/eval.sh [PATH/TO/enclave] [WORKDIR]
#          QUESTIONS=FILE.jsonl eval.sh …   (another labelled set over the same corpus, e.g.
#                                             questions-cross-language.jsonl)
# Prints enclave eval retrieval for bm25, vector and hybrid, then the answerable/unanswerable
# decisions of enclave ask against the labels (accuracy, precision and recall of both classes).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
enclave=${1:-$root/enclave}
work=${2:-$(mktemp -d /tmp/enclave-kb-eval.XXXXXX)}
questions=${QUESTIONS:-$here/questions-linux-doc.jsonl}
"$here/corpus.sh" "$work"
data=$work/data
echo "== ingest ($(nproc) cores)"
start=$(date +%s.%N)
if [ -d "$data/knowledge/collections/linuxdoc" ] && [ "${REUSE:-0}" = 1 ]; then
  echo "(REUSE=1: the collection in $data is kept)"
else
  "$enclave" --data "$data" ingest --collection linuxdoc --json "$work/corpus"
fi
echo "ingest seconds: $(echo "$(date +%s.%N) - $start" | bc)"
for mode in bm25 vector hybrid; do
  echo "== eval retrieval --mode $mode --top 5"
  "$enclave" --data "$data" eval retrieval --collection linuxdoc --questions "$questions" --top 5 --mode "$mode" --misses
done
echo "== ask: answerable decisions against the labels"
python3 - "$enclave" "$data" "$questions" <<'PY'
import json, subprocess, sys
enclave, data, qfile = sys.argv[1:4]
tp = fp = tn = fn = 0
for line in open(qfile, encoding="utf-8"):
    q = json.loads(line)
    out = subprocess.run([enclave, "--data", data, "ask", "--collection", "linuxdoc", "--json", q["question"]],
                         capture_output=True, text=True)
    if out.returncode != 0:
        print("ask failed:", q["id"], out.stderr.strip()[:200]); continue
    a = json.loads(out.stdout)
    gold, got = q["answerable"], a["answerable"]
    tp += gold and got; fn += gold and not got; fp += (not gold) and got; tn += (not gold) and not got
    if gold != got:
        print(f"  wrong: {q['id']} answerable={gold} got={got}: {q['question']}")
n = tp + fp + tn + fn
def ratio(a, b):
    return f"{a / b:.3f} ({a}/{b})" if b else "n/a (0/0)"
print(f"answerable detection: accuracy {(tp + tn) / n:.3f} ({tp + tn}/{n}); answerable recall {tp}/{tp + fn}; "
      f"unanswerable recall {tn}/{tn + fp}")
print(f"  answerable:   precision {ratio(tp, tp + fp)}, recall {ratio(tp, tp + fn)}")
print(f"  unanswerable: precision {ratio(tn, tn + fn)}, recall {ratio(tn, tn + fp)}")
PY
