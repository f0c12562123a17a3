#!/usr/bin/env bash
# Retrieval and answer evaluation on a hand-written bilingual corpus of a fictional front-end fab's
# support functions (汇芯微系统 无锡一厂 / Huixin Microsystems, Wuxi Fab 1): 12 documents (8 Chinese,
# 4 English: a facility manual, a chemical safety sheet, a customer complaint 8D, a reliability report,
# a WAT OOC/OOS procedure, reticle rules, change control, an FT spec, CD-SEM and overlay metrology
# procedures, a vendor service bulletin, probe card maintenance), 25 answerable questions (11
# cross-lingual) and 6 unanswerable ones. A development set for issue 16 (branch h13-kn).
#   usage: tests/benchmarks/knowledge/fab4/eval.sh [PATH/TO/enclave] [WORKDIR]
set -euo pipefail
exec "$(dirname "$0")/../eval-set.sh" "$(dirname "$0")" "$@"
