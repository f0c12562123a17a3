#!/usr/bin/env bash
# The class path for tests/benchmarks/OcrBench.java: the built ocr, runtime and core bundles (the OCR
# models are in the ocr bundle's target/classes), DJL with its PyTorch and ONNX Runtime engines, ONNX
# Runtime, Gson, SLF4J and JNA from the local Maven repository (after './mvnw install').
here="$(cd "$(dirname "$0")/../.." && pwd)"
m2="${M2_REPO:-$HOME/.m2/repository}"
cp="$here/bundles/dev.enclave.ocr/target/classes:$here/bundles/dev.enclave.runtime/target/classes:$here/bundles/dev.enclave.core/target/classes"
for j in ai/djl/api/0.35.1/api-0.35.1.jar ai/djl/pytorch/pytorch-engine/0.35.1/pytorch-engine-0.35.1.jar \
    ai/djl/pytorch/pytorch-jni/2.7.1-0.35.1/pytorch-jni-2.7.1-0.35.1.jar \
    ai/djl/onnxruntime/onnxruntime-engine/0.35.1/onnxruntime-engine-0.35.1.jar \
    com/microsoft/onnxruntime/onnxruntime/1.20.0/onnxruntime-1.20.0.jar; do
  cp="$cp:$m2/$j"
done
for p in 'ai/djl/pytorch/pytorch-native-cpu/2.7.1/pytorch-native-cpu-2.7.1-linux-x86_64.jar' \
    'com/google/code/gson/gson/2.1*/gson-2.1*.jar' 'org/slf4j/slf4j-api/2.*/slf4j-api-2.*.jar' \
    'net/java/dev/jna/jna/5.*/jna-5.*.jar' 'org/osgi/org.osgi.framework/1.*/org.osgi.framework-1.*.jar' \
    'org/osgi/org.osgi.service.component.annotations/1.*/org.osgi.service.component.annotations-1.*.jar'; do
  f=$(ls $m2/$p 2>/dev/null | tail -1)
  [ -n "$f" ] && cp="$cp:$f"
done
echo "$cp"
