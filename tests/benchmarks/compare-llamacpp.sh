#!/usr/bin/env bash
# Decode and prefill speed of Enclave's Java runtime and of llama.cpp on the same GGUF files, same
# number of threads, alternating in one run:
#   bash tests/benchmarks/compare-llamacpp.sh [OUT_DIR] [ROUNDS]
# (THREADS=2, PROMPT=64 and DECODE=32 tokens by default; SKIP_7B=1 skips the 7B file)
# Writes random-weight GGUF files of the Qwen2.5-0.5B shape (Q8_0, Q4_0) and of the Qwen2.5-7B shape
# (Q4_0, about 4.4 GB) into OUT_DIR (default /tmp/enclave-gguf-bench; delete it afterwards), installs
# llama.cpp's Node binding 'node-llama-cpp' (prebuilt CPU binary, pinned version and checksum, no
# build) into a temporary folder, and prints a table of tokens/s and ratios.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
java_home="$(find /usr/lib/jvm -maxdepth 1 -name 'temurin-2[5-9]*' | sort -V | tail -n 1)"
out="${1:-/tmp/enclave-gguf-bench}"
rounds="${2:-2}"
threads="${THREADS:-2}"
prompt="${PROMPT:-64}"
decode="${DECODE:-32}"
nlc_version=3.22.1
nlc_integrity="sha512-bltIipuWmc123H7tMIgDGKSsSrhmhlQYeVUC48XTjVW7XGJJiJJyCdlTMzQ/LiWoPkGDpcL4FviDpgw7qfTiDw=="
mkdir -p "$out"
cp="$(bash "$root/tests/benchmarks/gguf-classpath.sh")"
java=("$java_home/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED
  -XX:ActiveProcessorCount="$threads" -Xmx6g -cp "$cp" "$root/tests/benchmarks/GgufBench.java")

files=("qwen2.5-0.5b-random-q8_0.gguf:0.5b:q8_0" "qwen2.5-0.5b-random-q4_0.gguf:0.5b:q4_0")
[ "${SKIP_7B:-0}" = 1 ] || files+=("qwen2.5-7b-random-q4_0.gguf:7b:q4_0")
for spec in "${files[@]}"; do
  IFS=: read -r name shape type <<<"$spec"
  [ -f "$out/$name" ] || "${java[@]}" write "$shape" "$type" "$out/$name" 2>&1 | grep -v WARNING >&2
done

# NLC_DIR: a folder where this script installed node-llama-cpp before (the install downloads ~600 MB).
if [ -n "${NLC_DIR:-}" ]; then
  npm_dir="$NLC_DIR"
else
  npm_dir="$(mktemp -d)"
  trap 'rm -rf "$npm_dir"' EXIT
  (cd "$npm_dir" && echo '{"name":"enclave-llamacpp-bench","private":true}' >package.json \
    && npm install --no-audit --no-fund --loglevel=error "node-llama-cpp@$nlc_version" >&2)
fi
got="$(node -e "const l=require('$npm_dir/node_modules/.package-lock.json');console.log(l.packages['node_modules/node-llama-cpp'].integrity)")"
[ "$got" = "$nlc_integrity" ] || { echo "node-llama-cpp integrity unexpected: $got" >&2; exit 1; }
echo "node-llama-cpp $nlc_version integrity $got" >&2
cat >"$npm_dir/bench.mjs" <<'JS'
import {getLlama} from "node-llama-cpp";
const [file, threads, promptTokens, decodeTokens] = [process.argv[2], +process.argv[3], +process.argv[4], +process.argv[5]];
const llama = await getLlama({gpu: false, build: "never"});
const model = await llama.loadModel({modelPath: file, gpuLayers: 0});
const context = await model.createContext({contextSize: 512, batchSize: 512, threads});
async function run(n, d) {
  const seq = context.getSequence();
  const vocab = model.tokens.count ?? 150000;
  const ids = Array.from({length: n}, (_, i) => (i * 7919 + 11) % Math.min(vocab, 150000));
  const t0 = performance.now();
  let prefill = 0, last = 0, k = 0;
  const times = [];
  for await (const token of seq.evaluate(ids, {temperature: 0})) {
    const now = performance.now();
    if (k === 0) prefill = now - t0; else times.push(now - last);
    last = now;
    if (++k > d) break;
  }
  seq.dispose();
  times.sort((a, b) => a - b);
  return {prefill_tokens_per_s: n / (prefill / 1000), decode_tokens_per_s: 1000 / times[Math.floor(times.length / 2)]};
}
await run(4, 3);
console.log(JSON.stringify(await run(promptTokens, decodeTokens)));
await context.dispose(); await model.dispose();
JS

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %-9s %10s %10s %7s %10s %10s %7s\n' file engine decode/s "" ratio prefill/s "" ratio
for spec in "${files[@]}"; do
  IFS=: read -r name shape type <<<"$spec"
  for r in $(seq "$rounds"); do
    e="$("${java[@]}" speed "$out/$name" "$prompt" "$decode" 2>/dev/null | tail -n 1)"
    l="$(cd "$npm_dir" && node bench.mjs "$out/$name" "$threads" "$prompt" "$decode" 2>/dev/null | tail -n 1)"
    python3 - "$name" "$e" "$l" <<'PY'
import json, sys
name, e, l = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
rd = e["decode_tokens_per_s"] / l["decode_tokens_per_s"]
rp = e["prefill_tokens_per_s"] / l["prefill_tokens_per_s"]
print(f"{name:34s} enclave   {e['decode_tokens_per_s']:10.2f} {'':10s} {'':7s} {e['prefill_tokens_per_s']:10.1f}")
print(f"{'':34s} llama.cpp {l['decode_tokens_per_s']:10.2f} {'':10s} {rd:7.2f} {l['prefill_tokens_per_s']:10.1f} {'':10s} {rp:7.2f}")
print(f"{'':34s} enclave resident {e['resident_bytes']/1e9:.2f} GB, file {e['file_bytes']/1e9:.2f} GB, "
      f"KV {e['kv_cache_bytes']/1e6:.1f} MB -> {e['resident_over_file_plus_kv']:.2f} x (file + KV)")
PY
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
