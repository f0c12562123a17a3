package dev.enclave.runtime.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Decode speed against the memory-bandwidth bound, measured in the same run:
 * decoding one token reads every weight matrix once, so tokens/s can be at most
 * bandwidth ÷ bytes read per token.
 */
public final class Benchmark {
    private Benchmark() {
    }

    /**
     * Read bandwidth of this machine with every core reading: best of several runs in which
     * each core sums its own share of a 1 GiB tensor, in GB/s.
     */
    public static double memoryBandwidth() {
        int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
        try (NDManager m = Djl.newManager()) {
            long n = 256L * 1024 * 1024;
            NDArray a = m.ones(new Shape(n));
            NDArray[] parts = new NDArray[workers];
            for (int i = 0; i < workers; i++) {
                parts[i] = a.get((n * i / workers) + ":" + (n * (i + 1) / workers));
            }
            double best = Double.MAX_VALUE;
            for (int r = 0; r < 7; r++) {
                long t0 = System.nanoTime();
                List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
                for (int i = 1; i < workers; i++) {
                    NDArray p = parts[i];
                    fs.add(DecoderModel.POOL.submit(() -> p.sum().close()));
                }
                parts[0].sum().close();
                fs.forEach(DecoderModel::join);
                if (r > 0) {
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                }
            }
            return n * 4 / best / 1e9;
        }
    }

    /** Resident set size of this process in bytes (Linux), or -1. */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Runs the benchmark on a decoder folder and returns the contract's fields (and a few more). */
    public static Map<String, Object> run(Path folder, int promptTokens, int decodeTokens) {
        Map<String, Object> r = new LinkedHashMap<>();
        double bandwidth;
        try (NDManager manager = Djl.newManager()) {
            DecoderModel model = DecoderModel.load(folder, manager);
            int vocab = model.config().vocabSize;
            int[] prompt = new int[promptTokens];
            for (int i = 0; i < promptTokens; i++) {
                prompt[i] = (int) ((i * 7919L + 11) % Math.min(vocab, 150000));
            }
            List<Double> decodeTimes = new ArrayList<>();
            double prefill;
            try (DecoderModel.Session warm = model.newSession()) {
                warm.forward(new int[] { 1, 2, 3, 4 }, false);
                warm.forward(new int[] { 5 }, false);
            }
            try (DecoderModel.Session s = model.newSession()) {
                long t0 = System.nanoTime();
                float[] logits = s.forward(prompt, false)[0];
                prefill = promptTokens / ((System.nanoTime() - t0) / 1e9);
                int next = Sampler.argmax(logits);
                for (int i = 0; i < decodeTokens; i++) {
                    long t = System.nanoTime();
                    next = Sampler.argmax(s.forward(new int[] { next }, false)[0]);
                    decodeTimes.add((System.nanoTime() - t) / 1e9);
                }
            }
            decodeTimes.sort(null);
            double median = decodeTimes.get(decodeTimes.size() / 2);
            double decode = 1 / median;
            long bytesPerToken = model.weightBytesPerToken();
            long fp32Bytes = model.parameters() * 4;
            // Resident memory with the model loaded, before the bandwidth probe allocates its own 1 GiB.
            long rss = residentBytes();
            bandwidth = memoryBandwidth();
            double bound = bandwidth * 1e9 / bytesPerToken;
            r.put("model", folder.getFileName().toString());
            r.put("params", model.parameters());
            r.put("weight_bytes", model.storedBytes());
            r.put("prefill_tokens_per_s", prefill);
            r.put("decode_tokens_per_s", decode);
            r.put("memory_bandwidth_gb_s", bandwidth);
            r.put("decode_bound_tokens_per_s", bound);
            r.put("fraction_of_bound", decode / bound);
            r.put("bytes_read_per_token", bytesPerToken);
            r.put("resident_bytes", rss);
            r.put("resident_over_fp32_weights", rss / (double) fp32Bytes);
            r.put("prompt_tokens", promptTokens);
            r.put("decode_tokens", decodeTokens);
            return r;
        }
    }
}
