#!/usr/bin/env bash
# The class path for tests/benchmarks/GgufBench.java: the built runtime and core bundles, Gson and
# DJL's API jar (type references only; GGUF models never start an engine), from the local Maven
# repository (after './mvnw install').
here="$(cd "$(dirname "$0")/../.." && pwd)"
m2="${M2_REPO:-$HOME/.m2/repository}"
echo "$here/bundles/dev.enclave.runtime/target/classes:$here/bundles/dev.enclave.core/target/classes:$(ls "$m2"/com/google/code/gson/gson/2.11.0/gson-2.11.0.jar):$(ls "$m2"/ai/djl/api/*/api-*.jar | grep -v sources | tail -n 1)"
