#!/usr/bin/env bash
# Decode speed of Enclave's runtime and of Jlama on the same random-weight model folder.
#   bash tests/benchmarks/compare-jlama.sh [MODEL_DIR]    (default: writes /tmp/enclave-bench-qwen2.5-0.5b)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
java_home="$(find /usr/lib/jvm -maxdepth 1 -name 'temurin-2[5-9]*' | sort -V | tail -n 1)"
model="${1:-/tmp/enclave-bench-qwen2.5-0.5b}"
if [ ! -f "$model/model.safetensors" ]; then
  "$java_home/bin/java" -Denclave.fixtures="$root/tests/fixtures" "$root/tests/benchmarks/RandomModel.java" "$model" qwen2.5-0.5b f32
fi
"$root/mvnw" -q -B -o -pl tests/dev.enclave.runtime.bench -am package -DskipTests >/dev/null 2>&1 \
  || "$root/mvnw" -q -B -pl tests/dev.enclave.runtime.bench package -DskipTests
cp="$root/tests/dev.enclave.runtime.bench/target/classes:$(cat "$root/tests/dev.enclave.runtime.bench/target/classpath.txt")"
enclave_json="$("$root/enclave" model bench --model "$model" --json 2>/dev/null)"
jlama_json="$("$java_home/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx8g \
  -cp "$cp" dev.enclave.runtime.bench.JlamaBench "$model" 32 2>/dev/null | tail -n 1)"
echo "enclave: $enclave_json"
echo "jlama:   $jlama_json"
python3 - "$enclave_json" "$jlama_json" <<'PY'
import json, sys
e, j = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"decode tokens/s: enclave {e['decode_tokens_per_s']:.2f}, jlama {j['decode_tokens_per_s']:.2f}, "
      f"ratio {e['decode_tokens_per_s'] / j['decode_tokens_per_s']:.2f}; "
      f"enclave reaches {100 * e['fraction_of_bound']:.0f}% of the {e['decode_bound_tokens_per_s']:.1f} tok/s bound")
PY
