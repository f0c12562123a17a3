#!/usr/bin/env bash
# Retrieval and answer evaluation on a hand-written bilingual banking corpus (credit policy,
# loan classification, collateral, collection, AML, KYC, IT security, interest-rate risk):
# 18 documents (11 Chinese, 7 English, with tables), 36 answerable questions (13 of them
# cross-lingual: a Chinese question answered by an English document or the reverse) and 5
# unanswerable ones. Written by hand, outside the retrieval code, as a set not to tune on:
# score it before and after a change to the pipeline, never edit it to fit one.
#   usage: tests/benchmarks/knowledge/bank/eval.sh [PATH/TO/enclave] [WORKDIR]
# Prints enclave eval retrieval for bm25, vector and hybrid, then for enclave ask: the
# answerable/unanswerable decisions against the labels and the share of answerable
# questions whose answer cites a gold document, overall and for the cross-lingual ones.
set -euo pipefail
exec "$(dirname "$0")/../eval-set.sh" "$(dirname "$0")" "$@"
