/*
 * QLoRA-style training on a quantized GGUF base against float32 LoRA on the same weights (issue 15):
 * the same LoraTrainer steps (batches of 4, rank 8 on q_proj and v_proj), printing training
 * tokens/s, the process's peak resident memory (VmHWM) and the base's size on disk. Run each base in
 * a JVM of its own, as the peak is the process's:
 *
 *   java tests/benchmarks/RandomModel.java /tmp/q05 qwen2.5-0.5b f32          (once: a random 0.5B model)
 *   cp="$(bash tests/benchmarks/train-classpath.sh)"
 *   java -cp "$cp" tests/benchmarks/QloraBench.java convert /tmp/q05 /tmp/q05-q8_0 q8_0
 *   java -cp "$cp" tests/benchmarks/QloraBench.java train /tmp/q05 [STEPS=2] [TOKENS_PER_EXAMPLE=64]
 *   java -cp "$cp" --add-modules jdk.incubator.vector tests/benchmarks/QloraBench.java train /tmp/q05-q8_0 [STEPS] [TOKENS]
 *
 * The PyTorch natives as in TrainBench (PYTORCH_LIBRARY_PATH, else unpacked from the local Maven repository).
 */
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.enclave.core.Progress;
import dev.enclave.runtime.internal.GgmlType;
import dev.enclave.runtime.internal.GgufConvert;
import dev.enclave.runtime.internal.LoraTrainer;

public class QloraBench {
    public static void main(String[] args) throws Exception {
        TrainBench.natives();
        if (args[0].equals("convert")) {
            Path out = Files.createDirectories(Path.of(args[2]));
            GgufConvert.convert(Path.of(args[1]), out.resolve("model.gguf"), GgmlType.valueOf(args[3].toUpperCase()));
            System.out.printf("wrote %s (%,d bytes)%n", out.resolve("model.gguf"), Files.size(out.resolve("model.gguf")));
            return;
        }
        Path model = Path.of(args[1]);
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int tokens = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        Path dir = Files.createTempDirectory("qlora-bench");
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
        Map<String, Object> r = LoraTrainer.train(model, data, null, dir.resolve("out"), s, Progress.silent(), null);
        long onDisk;
        try (Stream<Path> files = Files.list(model)) {
            onDisk = files.filter(p -> p.toString().endsWith(".safetensors") || p.toString().endsWith(".gguf"))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("%s (%s): %.1f training tokens/s over %d steps of 4 x %d tokens, peak resident %.2f GB, "
                + "weights on disk %.2f GB; load average %s%n", model.getFileName(),
                r.getOrDefault("base_quantization", "float32"), ((Number) r.get("tokens_per_s")).doubleValue(), steps,
                tokens, peak() / 1e9, onDisk / 1e9, Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** VmHWM: the most resident memory the process had. */
    static long peak() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
