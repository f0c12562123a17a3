#!/usr/bin/env bash
# Yield / defect prediction on real data: the 'solder' data set of the R package rpart
# (900 runs of a circuit-board soldering experiment; skips = solder skips).
# Fetches the Debian package r-cran-rpart with apt-get download (no R needed), converts
# the data frame to CSV with rdata2csv.py, then runs 'enclave yield fit' and 'suggest'.
#
# usage: tests/benchmarks/solder-yield.sh [PATH/TO/enclave]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
enclave=${1:-$here/../../enclave}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download r-cran-rpart >/dev/null 2>&1)
dpkg-deb -x "$work"/r-cran-rpart_*.deb "$work/x"
python3 "$here/rdata2csv.py" "$work/x/usr/lib/R/library/rpart/data/Rdata" solder "$work/solder.csv"
data="$work/data"
echo "== yield fit (10-fold cross-validation)"
"$enclave" --data "$data" yield fit "$work/solder.csv" --target skips --factor Panel --folds 10 --seed 1
"$enclave" --data "$data" yield fit "$work/solder.csv" --target skips --factor Panel --folds 10 --seed 1 --json
echo "== yield suggest (all settings)"
"$enclave" --data "$data" yield suggest --top 3 --json
echo "== yield suggest (only medium or small openings, masks A1.5 or A3)"
"$enclave" --data "$data" yield suggest --top 3 --bound 'Opening=M|S' --bound 'Mask=A1.5|A3' --json
