#!/usr/bin/env bash
# Retrieval and answer evaluation on a small hand-written bilingual fab DEVELOPMENT set (a
# fictional 12-inch fab, 北辰半导体): 7 documents (4 Chinese, 3 English), 16 answerable questions
# (8 cross-lingual, ids x…) and 3 unanswerable ones. Unlike fab2 (blind), this set may be tuned on.
#   usage: tests/benchmarks/knowledge/fab-dev/eval.sh [PATH/TO/enclave] [WORKDIR]
# Prints enclave eval retrieval for bm25, vector and hybrid, then the ask decisions and citations.
set -euo pipefail
exec "$(dirname "$0")/../eval-set.sh" "$(dirname "$0")" "$@"
