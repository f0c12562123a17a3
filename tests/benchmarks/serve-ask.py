#!/usr/bin/env python3
"""Fast CLI benchmark (issue 18): wall-clock latency of `enclave ask` as a user types it, run locally
(`--local`: a JVM start, the workspace opened, the chat model loaded, the answer) and through a running
`enclave serve` for the same workspace (a JVM start, then the answer from the server). Prints p50/p95 of
each and the ratio.

usage: serve-ask.py ENCLAVE DATA COLLECTION [--runs N] [--mode bm25|vector|hybrid] [--question Q]...

DATA must already have a chat model (`enclave model use --chat NAME`) and COLLECTION ingested; for the
issue's figure use the 100k-chunk collection of tests/benchmarks/knowledge/bench.py (--work DIR: DATA is
DIR/data). The server is started here on a free loopback port and stopped at the end. Each run is one
`enclave ask` process; the first run of each kind is a warm-up and is not counted. Local and served runs
alternate so that both see the same machine load.
"""
import argparse, json, os, signal, subprocess, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("enclave")
ap.add_argument("data")
ap.add_argument("collection")
ap.add_argument("--runs", type=int, default=20)
ap.add_argument("--mode", default="hybrid")
ap.add_argument("--question", action="append")
args = ap.parse_args()
questions = args.question or ["How do I configure the network interface?", "What does the scheduler do?",
                              "How is memory allocated for DMA?", "What is a kernel module?"]
base = [args.enclave, "--data", args.data]


def ask(question, local):
    cmd = base + (["--local"] if local else []) + ["ask", "--collection", args.collection, "--mode", args.mode,
                                                    question]
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    dt = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr[-800:]}")
    return dt, p.stdout


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(q * len(xs) + 0.5) - 1))]


serve = subprocess.Popen(base + ["--json", "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, start_new_session=True)
try:
    line = serve.stdout.readline()
    if not line:
        sys.exit("enclave serve did not start: " + serve.stderr.read()[-800:])
    url = json.loads(line)["url"]
    endpoint = os.path.join(args.data, "serve", "endpoint.json")
    if not os.path.exists(endpoint):
        sys.exit(f"{endpoint} is missing: the fast CLI cannot find the server")
    print(f"serving at {url}", file=sys.stderr)
    local, served = [], []
    for i in range(args.runs + 1):
        q = questions[i % len(questions)]
        dl, out_local = ask(q, True)
        ds, out_served = ask(q, False)
        if out_local != out_served:
            print(f"warning: different output for {q!r}:\n--- local\n{out_local}\n--- served\n{out_served}",
                  file=sys.stderr)
        if i > 0:
            local.append(dl)
            served.append(ds)
        print(f"run {i}{' (warm-up)' if i == 0 else ''}: local {dl:.2f} s, through serve {ds:.2f} s", file=sys.stderr)
finally:
    os.killpg(serve.pid, signal.SIGTERM)
    serve.wait(timeout=60)

print(f"ask latency over {args.runs} runs, collection {args.collection} ({args.mode}):")
print(f"  local (--local):       p50 {pct(local, 0.5):.2f} s   p95 {pct(local, 0.95):.2f} s")
print(f"  through enclave serve: p50 {pct(served, 0.5):.2f} s   p95 {pct(served, 0.95):.2f} s")
print(f"  p95 ratio local/serve: {pct(local, 0.95) / pct(served, 0.95):.1f}x")
