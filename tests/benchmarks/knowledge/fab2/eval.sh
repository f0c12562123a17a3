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
exec "$(dirname "$0")/../eval-set.sh" "$(dirname "$0")" "$@"
