#!/usr/bin/env bash
# The class path for tests/benchmarks/GuaranteeBench.java: the built audit and core bundles, JGraphT,
# jheaps, HanLP and Gson from the local Maven repository (after './mvnw install').
here="$(cd "$(dirname "$0")/../.." && pwd)"
m2="${M2_REPO:-$HOME/.m2/repository}"
echo "$here/bundles/dev.enclave.audit/target/classes:$here/bundles/dev.enclave.core/target/classes:$(ls "$m2"/org/jgrapht/jgrapht-core/1.5.2/jgrapht-core-1.5.2.jar):$(ls "$m2"/org/jheaps/jheaps/0.14/jheaps-0.14.jar):$(ls "$m2"/com/hankcs/hanlp/portable-1.8.6/hanlp-portable-1.8.6.jar):$(ls "$m2"/com/google/code/gson/gson/2.11.0/gson-2.11.0.jar)"
