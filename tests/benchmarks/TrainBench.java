/*
 * LoRA training throughput on one core and on all cores, side by side in one JVM (issue 20):
 * the same steps of LoraTrainer (batches of 4, forward and backward on DJL's PyTorch engine) with
 * the batch on 1 thread and split over N (enclave.train.threads), printing tokens/s, peak resident
 * memory and the ratio.
 *
 *   java tests/benchmarks/RandomModel.java /tmp/q05 qwen2.5-0.5b f32      (once: a random 0.5B model)
 *   java -cp "$(bash tests/benchmarks/train-classpath.sh)" tests/benchmarks/TrainBench.java \
 *        /tmp/q05 [STEPS=3] [TOKENS_PER_EXAMPLE=128] [THREADS=all]
 *
 * The PyTorch natives: PYTORCH_LIBRARY_PATH, else unpacked (Linux x86_64) from the local Maven
 * repository into java.io.tmpdir/enclave-train-bench-natives.
 */
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.enclave.core.Progress;
import dev.enclave.runtime.internal.LoraTrainer;

public class TrainBench {
    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int tokens = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        natives();
        Path dir = Files.createTempDirectory("train-bench");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 4 * steps; i++) {
            StringBuilder answer = new StringBuilder();
            for (int w = 0; answer.length() < tokens * 3; w++) {
                answer.append("lot L").append(1000 + i * 37 + w).append(" yield ").append(80 + (i + w) % 19).append("% ");
            }
            lines.add("{\"instruction\":\"Summarise the lot report " + i + ".\",\"input\":\"\",\"output\":\"" + answer
                    + "\"}");
        }
        Path data = Files.write(dir.resolve("train.jsonl"), lines, StandardCharsets.UTF_8);
        LoraTrainer.Settings s = new LoraTrainer.Settings(8, 16f, 0.05f, List.of("q_proj", "v_proj"), 1, 1e-4f,
                tokens, 0L, 4, 1);
        // A warm-up step, so that neither measured run pays for loading natives and first allocations.
        System.setProperty("enclave.train.threads", "1");
        LoraTrainer.train(model, Files.write(dir.resolve("warm.jsonl"), lines.subList(0, 4)), null,
                dir.resolve("warm"), s, Progress.silent(), null);
        double[] rate = new double[2];
        int[] used = { 1, threads };
        for (int k = 0; k < 2; k++) {
            System.setProperty("enclave.train.threads", String.valueOf(used[k]));
            Map<String, Object> r = LoraTrainer.train(model, data, null, dir.resolve("out" + k), s, Progress.silent(),
                    null);
            rate[k] = ((Number) r.get("tokens_per_s")).doubleValue();
            System.out.printf("threads %d (parts %s): %.1f tokens/s over %d steps, peak resident %.2f GB%n",
                    used[k], r.get("threads"), rate[k], steps, ((Number) r.get("peak_resident_bytes")).doubleValue() / 1e9);
        }
        System.out.printf("ratio %d threads / 1 thread: %.2fx (load average now %s)%n", threads, rate[1] / rate[0],
                Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** Unpacks libtorch, DJL's JNI and the tokenizers library for Linux x86_64 from the local Maven repository. */
    static void natives() throws Exception {
        if (System.getProperty("PYTORCH_LIBRARY_PATH") != null || System.getenv("PYTORCH_LIBRARY_PATH") != null) {
            return;
        }
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository", "ai", "djl");
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "enclave-train-bench-natives");
        Path torch = dir.resolve("pytorch-2.7.1-cpu-linux-x86_64");
        Path tokenizers = dir.resolve("tokenizers");
        unpack(m2.resolve("pytorch/pytorch-native-cpu/2.7.1/pytorch-native-cpu-2.7.1-linux-x86_64.jar"),
                "pytorch/cpu/linux-x86_64/", torch);
        unpack(m2.resolve("pytorch/pytorch-jni/2.7.1-0.35.1/pytorch-jni-2.7.1-0.35.1.jar"), "jnilib/linux-x86_64/cpu/",
                torch);
        unpack(m2.resolve("huggingface/tokenizers/0.35.1/tokenizers-0.35.1.jar"), "native/lib/linux-x86_64/cpu/",
                tokenizers);
        System.setProperty("PYTORCH_LIBRARY_PATH", torch.toAbsolutePath().toString());
        System.setProperty("PYTORCH_VERSION", "2.7.1");
        System.setProperty("PYTORCH_FLAVOR", "cpu");
        System.setProperty("RUST_LIBRARY_PATH", tokenizers.resolve("libtokenizers.so").toAbsolutePath().toString());
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("DJL_CACHE_DIR", dir.resolve("djl-cache").toString());
        System.setProperty("ENGINE_CACHE_DIR", dir.resolve("djl-cache").toString());
    }

    static void unpack(Path jar, String prefix, Path into) throws Exception {
        Files.createDirectories(into);
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(jar.toFile())) {
            for (var e : java.util.Collections.list(z.entries())) {
                String name = e.getName();
                if (name.startsWith(prefix) && !e.isDirectory() && name.indexOf('/', prefix.length()) < 0) {
                    Path target = into.resolve(name.substring(prefix.length()));
                    if (!Files.exists(target) || Files.size(target) != e.getSize()) {
                        try (var in = z.getInputStream(e)) {
                            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
        }
    }
}
