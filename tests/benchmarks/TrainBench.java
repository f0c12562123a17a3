/*
 * LoRA training throughput on one core and on all cores, side by side in one JVM (issue 20):
 * the same steps of LoraTrainer (forward and backward on DJL's PyTorch engine) with libtorch's
 * intra-op pool at 1 thread and at N (enclave.train.threads), printing tokens/s, peak resident
 * memory and the ratio.
 *
 *   java tests/benchmarks/RandomModel.java /tmp/q05 qwen2.5-0.5b f32      (once: a random 0.5B model)
 *   java -cp "$(bash tests/benchmarks/train-classpath.sh)" tests/benchmarks/TrainBench.java \
 *        /tmp/q05 [STEPS=3] [TOKENS_PER_EXAMPLE=128] [THREADS=all]
 *
 * The PyTorch natives: PYTORCH_LIBRARY_PATH, else the folder a runtime test run extracted under
 * tests/dev.enclave.runtime.tests/target/work.
 */
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
        for (int i = 0; i < steps; i++) {
            StringBuilder answer = new StringBuilder();
            for (int w = 0; answer.length() < tokens * 3; w++) {
                answer.append("lot L").append(1000 + i * 37 + w).append(" yield ").append(80 + (i + w) % 19).append("% ");
            }
            lines.add("{\"instruction\":\"Summarise the lot report " + i + ".\",\"input\":\"\",\"output\":\"" + answer
                    + "\"}");
        }
        Path data = Files.write(dir.resolve("train.jsonl"), lines, StandardCharsets.UTF_8);
        LoraTrainer.Settings s = new LoraTrainer.Settings(8, 16f, 0f, List.of("q_proj", "v_proj"), 1, 1e-4f,
                tokens, 0L, 1, 1);
        // A warm-up step, so that neither measured run pays for loading natives and first allocations.
        System.setProperty("enclave.train.threads", "1");
        LoraTrainer.train(model, Files.write(dir.resolve("warm.jsonl"), lines.subList(0, 1)), null,
                dir.resolve("warm"), s, Progress.silent(), null);
        double[] rate = new double[2];
        int[] used = { 1, threads };
        for (int k = 0; k < 2; k++) {
            System.setProperty("enclave.train.threads", String.valueOf(used[k]));
            Map<String, Object> r = LoraTrainer.train(model, data, null, dir.resolve("out" + k), s, Progress.silent(),
                    null);
            rate[k] = ((Number) r.get("tokens_per_s")).doubleValue();
            System.out.printf("threads %d (libtorch %s): %.1f tokens/s over %d steps, peak resident %.2f GB%n",
                    used[k], r.get("threads"), rate[k], steps, ((Number) r.get("peak_resident_bytes")).doubleValue() / 1e9);
        }
        System.out.printf("ratio %d threads / 1 thread: %.2fx (load average now %s)%n", threads, rate[1] / rate[0],
                Files.readString(Path.of("/proc/loadavg")).trim());
    }

    static void natives() throws Exception {
        if (System.getProperty("PYTORCH_LIBRARY_PATH") != null || System.getenv("PYTORCH_LIBRARY_PATH") != null) {
            return;
        }
        try (Stream<Path> s = Files.walk(Path.of("tests/dev.enclave.runtime.tests/target/work"), 8)) {
            Path torch = s.filter(p -> p.getFileName().toString().startsWith("pytorch-2.7.1-cpu-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no PyTorch natives: run the runtime tests once, or "
                            + "set PYTORCH_LIBRARY_PATH"));
            System.setProperty("PYTORCH_LIBRARY_PATH", torch.toString());
            System.setProperty("PYTORCH_VERSION", "2.7.1");
            System.setProperty("PYTORCH_FLAVOR", "cpu");
            System.setProperty("RUST_LIBRARY_PATH", torch.resolveSibling("tokenizers").resolve("libtokenizers.so")
                    .toString());
            System.setProperty("ai.djl.offline", "true");
            Path cache = Files.createTempDirectory("djl-cache");
            System.setProperty("DJL_CACHE_DIR", cache.toString());
            System.setProperty("ENGINE_CACHE_DIR", cache.toString());
        }
    }
}
