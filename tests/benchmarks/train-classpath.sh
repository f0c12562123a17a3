#!/usr/bin/env bash
# The class path for tests/benchmarks/TrainBench.java: the built runtime, core and cli bundles, DJL
# (API, PyTorch engine, tokenizers), Gson, SLF4J and the OSGi framework API from the local Maven
# repository (after './mvnw install'). The PyTorch natives come from a runtime test run's OSGi data
# area (TrainBench finds them) or PYTORCH_LIBRARY_PATH.
here="$(cd "$(dirname "$0")/../.." && pwd)"
m2="${M2_REPO:-$HOME/.m2/repository}"
jar() { ls "$m2"/$1 2>/dev/null | grep -v sources | grep -v '/bnd-' | tail -n 1; }
echo "$here/bundles/dev.enclave.runtime/target/classes:$here/bundles/dev.enclave.core/target/classes:$here/bundles/dev.enclave.cli/target/classes:$(jar 'com/google/code/gson/gson/2.11.0/gson-*.jar'):$(jar 'ai/djl/api/0.35.1/api-*.jar'):$(jar 'ai/djl/pytorch/pytorch-engine/0.35.1/pytorch-engine-*.jar'):$(jar 'ai/djl/huggingface/tokenizers/0.35.1/tokenizers-*.jar'):$(jar 'org/slf4j/slf4j-api/2.0.18/slf4j-api-*.jar'):$(jar 'org/osgi/org.osgi.framework/1.8.0/*.jar')"
