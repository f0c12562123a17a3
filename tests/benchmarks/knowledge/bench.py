#!/usr/bin/env python3
"""Knowledge-base benchmark: ingest throughput (chunks/s, with and without vectors) and query
latency p50/p95 for bm25, vector and hybrid at about 10k and 100k chunks, on the Linux kernel
documentation (Debian linux-doc-6.1, fetched by corpus.sh; copies of it make up 100k chunks).

usage: bench.py [PATH/TO/enclave] [--work DIR] [--vectors-100k | --skip-100k]
Without --vectors-100k the 100k collection is built without vectors, so vector and hybrid latency
are reported at 10k only. With it, the 100k ingest takes about half an hour on 2 cores (the
collection holds one and a half copies of the documentation: an ingest embeds each distinct text
once, so the copies cost indexing only). Latencies are those of `enclave eval retrieval`: one
untimed pass over the questions, then the timed pass (a running workbench, not a starting JVM).
"""
import argparse, json, os, random, re, shutil, subprocess, sys, time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))
ap = argparse.ArgumentParser()
ap.add_argument("enclave", nargs="?", default=os.path.join(root, "enclave"))
ap.add_argument("--work", default="/tmp/enclave-kb-bench")
ap.add_argument("--vectors-100k", action="store_true")
ap.add_argument("--skip-100k", action="store_true", help="stop after the 10k collection (ingest throughput, latency)")
args = ap.parse_args()
work = os.path.abspath(args.work)
subprocess.run([os.path.join(here, "corpus.sh"), work], check=True, env={**os.environ, "FULL": "1"})
full = os.path.join(work, "full")
files = sorted(os.listdir(full))
data = os.path.join(work, "data")
shutil.rmtree(data, ignore_errors=True)


def enclave(*a):
    p = subprocess.run([args.enclave, "--data", data, *a], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"enclave {' '.join(a[:3])} failed: {p.stderr[-500:]}")
    return json.loads(p.stdout)


def folder(name, target_chars, copies=1):
    """A folder of whole documents (copied `copies` times under new names) of about target_chars."""
    d = os.path.join(work, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    total = 0
    for c in range(copies):
        for f in files:
            src = os.path.join(full, f)
            with open(src, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
            with open(os.path.join(d, f"c{c}-{f}"), "w", encoding="utf-8") as out:
                out.write(text)
            total += len(text)
            if total >= target_chars:
                return d
    return d


def ingest(collection, path, vectors):
    t = time.time()
    r = enclave("ingest", "--collection", collection, "--json", *([] if vectors else ["--no-vectors"]), path)
    dt = time.time() - t
    return r["chunks"], dt


def queries(path, n=200, seed=7):
    """Questions from document titles (the first text line), each with its document as gold."""
    rnd = random.Random(seed)
    names = sorted(os.listdir(path))
    out = []
    for f in rnd.sample(names, min(len(names), n * 3)):
        with open(os.path.join(path, f), encoding="utf-8", errors="replace") as fh:
            lines = [l.strip() for l in fh.read().splitlines()]
        title = next((l for l in lines if len(l) > 8 and not re.match(r"^[=\-~*#.:_ ]+$|^\.\. ", l)), None)
        if title:
            out.append({"id": f, "question": title, "gold_docs": [f], "gold_spans": [], "answerable": True})
        if len(out) >= n:
            break
    qf = os.path.join(work, os.path.basename(path) + "-queries.jsonl")
    with open(qf, "w", encoding="utf-8") as fh:
        for q in out:
            fh.write(json.dumps(q, ensure_ascii=False) + "\n")
    return qf


cores = os.cpu_count()
print(f"machine: {cores} cores")
small = folder("bench10k", 4_600_000)
qs = queries(small)
rows = []
n, dt = ingest("k10nv", small, False)
print(f"ingest without vectors: {n} chunks in {dt:.1f} s = {n / dt:.0f} chunks/s (whole CLI run)")
n, dt = ingest("k10", small, True)
print(f"ingest with vectors:    {n} chunks in {dt:.1f} s = {n / dt:.1f} chunks/s (whole CLI run)")
for mode in ("bm25", "vector", "hybrid"):
    r = enclave("eval", "retrieval", "--collection", "k10", "--questions", qs, "--top", "10", "--mode", mode, "--json")
    print(f"10k chunks ({n}), {mode:6s}: p50 {r['latency_ms']['p50']} ms, p95 {r['latency_ms']['p95']} ms, "
          f"recall@10 {r['overall']['recall@10']} over {r['latency_ms']['searches']} title queries")
if args.skip_100k:
    sys.exit(0)
big = folder("bench100k", 46_000_000, copies=4)
n, dt = ingest("k100", big, args.vectors_100k)
print(f"ingest {'with' if args.vectors_100k else 'without'} vectors: {n} chunks in {dt:.1f} s = {n / dt:.0f} chunks/s")
for mode in (("bm25", "vector", "hybrid") if args.vectors_100k else ("bm25",)):
    r = enclave("eval", "retrieval", "--collection", "k100", "--questions", qs, "--top", "10", "--mode", mode, "--json")
    print(f"100k chunks ({n}), {mode:6s}: p50 {r['latency_ms']['p50']} ms, p95 {r['latency_ms']['p95']} ms")
