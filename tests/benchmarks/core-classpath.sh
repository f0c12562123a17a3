#!/usr/bin/env bash
# The class path for tests/benchmarks/RolesBench.java: the built core bundle and Gson from the local Maven
# repository (after a build of dev.enclave.core).
here="$(cd "$(dirname "$0")/../.." && pwd)"
m2="${M2_REPO:-$HOME/.m2/repository}"
echo "$here/bundles/dev.enclave.core/target/classes:$(ls "$m2"/com/google/code/gson/gson/2.11.0/gson-2.11.0.jar)"
