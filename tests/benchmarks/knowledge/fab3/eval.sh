#!/usr/bin/env bash
# Retrieval and answer evaluation on a hand-written bilingual corpus of a fictional assembly and test
# house (嘉禾封测 苏州二厂 / Jiahe Assembly & Test, Suzhou Plant 2): 14 documents (9 Chinese, 5 English:
# SOPs, 8D reports, an FMEA table, alarm code tables, specs, a shift log, a PM checklist, a supplier
# quality notice), 28 answerable questions (13 cross-lingual) and 5 unanswerable ones. Written by hand
# before the hybrid fusion change of issue 16, as a blind set: score it before and after, never tune on it.
#   usage: tests/benchmarks/knowledge/fab3/eval.sh [PATH/TO/enclave] [WORKDIR]
set -euo pipefail
exec "$(dirname "$0")/../eval-set.sh" "$(dirname "$0")" "$@"
