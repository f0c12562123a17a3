/*
 * GGUF benchmarks of Enclave's Java runtime (the same DecoderModel/DecodeStep code that
 * 'enclave model bench' runs), without starting the product:
 *
 *   java -cp "$(bash tests/benchmarks/gguf-classpath.sh)" --add-modules jdk.incubator.vector \
 *        tests/benchmarks/GgufBench.java write 0.5b|7b q8_0|q4_0|f32 OUT.gguf
 *   ... GgufBench.java speed FILE.gguf [PROMPT_TOKENS] [DECODE_TOKENS]
 *       -> one JSON line: prefill and decode tokens/s, resident bytes, file bytes
 *   ... GgufBench.java cpu FILE.gguf [DECODE_TOKENS]
 *       -> CPU milliseconds per decoded token (the whole process: caller, workers, JIT and GC
 *          threads; the mean after a quarter of the tokens as warm-up) beside wall milliseconds
 *          (fastest and median), and the load average; on a shared machine CPU time is the steadier
 *          measure (with -XX:ActiveProcessorCount=1 it is one thread's work per token)
 *   ... GgufBench.java quality DIR
 *       -> writes the 0.5B shape in f32, q8_0 and q4_0 from the same random weights into DIR
 *          (if missing) and prints max/mean |Δlogit| and top-1 agreement of q8_0 and q4_0
 *          against f32 over the positions of a 48-token prompt
 *
 * Random weights are seeded, so runs are comparable; "write" fills Q8_0/Q4_0 matrices with random
 * blocks directly (fast), "quality" quantizes the same random floats into each type.
 */
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.enclave.runtime.internal.Benchmark;
import dev.enclave.runtime.internal.DecoderModel;
import dev.enclave.runtime.internal.GgmlType;
import dev.enclave.runtime.internal.GgufConvert;

public class GgufBench {
    static GgufConvert.Shape shape(String name) {
        return switch (name) {
        case "0.5b" -> GgufConvert.Shape.QWEN_0_5B;
        case "7b" -> GgufConvert.Shape.QWEN_7B;
        default -> throw new IllegalArgumentException("shape " + name);
        };
    }

    static int[] prompt(int n, int vocab) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = (int) ((i * 7919L + 11) % Math.min(vocab, 150000));
        }
        return p;
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
        case "write" -> {
            long t0 = System.nanoTime();
            GgufConvert.random(shape(args[1]), GgufConvert.type(args[2]), 42, Path.of(args[3]), true);
            System.err.printf("wrote %s (%,d bytes) in %.1f s%n", args[3], Files.size(Path.of(args[3])),
                    (System.nanoTime() - t0) / 1e9);
        }
        case "speed" -> speed(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 64,
                args.length > 3 ? Integer.parseInt(args[3]) : 32);
        case "cpu" -> cpu(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 80);
        case "quality" -> quality(Path.of(args[1]));
        default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void speed(Path file, int promptTokens, int decodeTokens) {
        long t0 = System.nanoTime();
        DecoderModel model = DecoderModel.load(file, null);
        double load = (System.nanoTime() - t0) / 1e9;
        int vocab = model.config().vocabSize;
        try (DecoderModel.Session warm = model.newSession()) {
            warm.forward(new int[] { 1, 2, 3, 4 }, false);
            warm.forward(new int[] { 5 }, false);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        try (DecoderModel.Session s = model.newSession()) {
            long p0 = System.nanoTime();
            float[] logits = s.forward(prompt(promptTokens, vocab), false)[0];
            double prefill = promptTokens / ((System.nanoTime() - p0) / 1e9);
            int next = argmax(logits);
            double[] times = new double[decodeTokens];
            for (int i = 0; i < decodeTokens; i++) {
                long t = System.nanoTime();
                next = argmax(s.forward(new int[] { next }, false)[0]);
                times[i] = (System.nanoTime() - t) / 1e9;
            }
            java.util.Arrays.sort(times);
            r.put("model", file.getFileName().toString());
            r.put("quantization", model.quantization());
            r.put("params", model.parameters());
            r.put("file_bytes", fileBytes(file));
            r.put("bytes_read_per_token", model.weightBytesPerToken());
            r.put("load_s", load);
            r.put("prefill_tokens_per_s", prefill);
            r.put("decode_tokens_per_s", 1 / times[times.length / 2]);
            long kv = 2L * model.config().layers * model.config().kvHeads * model.config().headDim * 4
                    * Math.max(64, promptTokens + decodeTokens + 4);
            r.put("kv_cache_bytes", kv);
            long rss = Benchmark.residentBytes();
            r.put("resident_bytes", rss);
            r.put("resident_over_file_plus_kv", rss / (double) (fileBytes(file) + kv));
            r.put("prompt_tokens", promptTokens);
            r.put("decode_tokens", decodeTokens);
        }
        model.close();
        System.out.println(new com.google.gson.Gson().toJson(r));
    }

    static void cpu(Path file, int tokens) throws Exception {
        // Process CPU time is counted in scheduler ticks (10 ms here), too coarse for one token:
        // the mean over the tokens after the warm-up is taken instead; wall time per token is exact.
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        DecoderModel model = DecoderModel.load(file, null);
        int warm = tokens / 4;
        double[] wall = new double[tokens - warm];
        long cpu = 0;
        try (DecoderModel.Session s = model.newSession()) {
            int next = 1;
            long c0 = 0;
            for (int i = 0; i < tokens; i++) {
                if (i == warm) {
                    c0 = os.getProcessCpuTime();
                }
                long t0 = System.nanoTime();
                next = argmax(s.forward(new int[] { next }, false)[0]);
                if (i >= warm) {
                    wall[i - warm] = (System.nanoTime() - t0) / 1e6;
                }
            }
            cpu = os.getProcessCpuTime() - c0;
        }
        model.close();
        java.util.Arrays.sort(wall);
        System.out.printf(java.util.Locale.ROOT,
                "%s: cpu ms/token %.2f (mean), wall ms/token min %.2f median %.2f (%d tokens after %d warm-up), load average %s%n",
                file.getFileName(), cpu / 1e6 / wall.length, wall[0], wall[wall.length / 2], wall.length, warm,
                new String(Files.readAllBytes(Path.of("/proc/loadavg"))).trim().split(" ")[0]);
    }

    static long fileBytes(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    static void quality(Path dir) throws Exception {
        Files.createDirectories(dir);
        String[] types = { "f32", "q8_0", "q4_0" };
        float[][][] logits = new float[3][][];
        for (int i = 0; i < 3; i++) {
            Path f = dir.resolve("qwen2.5-0.5b-random-" + types[i] + ".gguf");
            if (!Files.exists(f)) {
                GgufConvert.random(GgufConvert.Shape.QWEN_0_5B, GgufConvert.type(types[i]), 42, f);
            }
            DecoderModel m = DecoderModel.load(f, null);
            try (DecoderModel.Session s = m.newSession()) {
                logits[i] = s.forward(prompt(48, m.config().vocabSize), true);
            }
            m.close();
        }
        Map<String, Object> r = new LinkedHashMap<>();
        for (int i = 1; i < 3; i++) {
            double max = 0;
            double sum = 0;
            long n = 0;
            int agree = 0;
            for (int p = 0; p < logits[0].length; p++) {
                for (int v = 0; v < logits[0][p].length; v++) {
                    double d = Math.abs(logits[i][p][v] - logits[0][p][v]);
                    max = Math.max(max, d);
                    sum += d;
                    n++;
                }
                if (argmax(logits[i][p]) == argmax(logits[0][p])) {
                    agree++;
                }
            }
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("max_abs_logit_diff", max);
            q.put("mean_abs_logit_diff", sum / n);
            q.put("top1_agreement", agree / (double) logits[0].length);
            q.put("positions", logits[0].length);
            r.put(types[i], q);
        }
        double range = 0;
        for (float[] row : logits[0]) {
            for (float x : row) {
                range = Math.max(range, Math.abs(x));
            }
        }
        r.put("f32_max_abs_logit", range);
        System.out.println(new com.google.gson.Gson().toJson(r));
    }
}
