#!/usr/bin/env bash
# Builds the bilingual evaluation corpus from the Debian package linux-doc-6.1 (fetched with
# apt-get download, never committed): the Chinese translations of Documentation/process and the
# English originals of Documentation/mm, so that a question in the other language has its answer
# only in a document of the other language.
#   usage: corpus.sh WORKDIR        -> WORKDIR/corpus (about 70 files)
#          FULL=1 corpus.sh WORKDIR -> also WORKDIR/full (every .rst of Documentation, for the benchmark)
set -euo pipefail
work=$(realpath -m "$1")
mkdir -p "$work"
cd "$work"
if [ ! -d x/usr/share/doc/linux-doc-6.1 ]; then
  apt-get download linux-doc-6.1 >/dev/null 2>&1 || { echo "apt-get download linux-doc-6.1 failed" >&2; exit 1; }
  dpkg-deb -x linux-doc-6.1_*_all.deb x
fi
doc=x/usr/share/doc/linux-doc-6.1/Documentation
rm -rf corpus && mkdir corpus
for f in "$doc"/translations/zh_CN/process/*.rst.gz; do zcat "$f" > "corpus/zh-process-$(basename "$f" .rst.gz).txt"; done
for f in "$doc"/mm/*.rst.gz; do zcat "$f" > "corpus/en-mm-$(basename "$f" .rst.gz).txt"; done
if [ "${FULL:-0}" = 1 ]; then
  rm -rf full && mkdir full
  find "$doc" -name '*.rst.gz' | while read -r f; do
    rel=${f#"$doc"/}; name=$(echo "${rel%.rst.gz}" | tr '/' '-')
    zcat "$f" > "full/$name.txt"
  done
fi
echo "$work/corpus: $(ls corpus | wc -l) files"
