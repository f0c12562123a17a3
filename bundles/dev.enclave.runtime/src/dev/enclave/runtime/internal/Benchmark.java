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
 * Decode speed against the memory-bandwidth bound, measured in the same run: decoding one
 * token reads every weight matrix once, so tokens/s can be at most bandwidth ÷ bytes read per
 * token.
 *
 * <p>The bandwidth is sampled between rounds of decoded tokens rather than once before or
 * after them: on a shared virtual machine the bandwidth a process gets moves by a third from
 * one minute to the next, and a probe taken at another moment than the tokens it is compared
 * with made the fraction swing from 0.55 to 1.0 between identical runs. The fraction compares
 * the median token with the median sample of the same minutes; the peak sample, and the
 * fraction of the bound it gives, are reported beside it.
 */
public final class Benchmark {
    /** Tokens decoded between two bandwidth samples. */
    private static final int ROUND = 4;

    private Benchmark() {
    }

    /**
     * Read bandwidth of this machine with every core reading: each core sums its own share of
     * a 1 GiB tensor, once per {@link #sample()}.
     */
    static final class Probe implements AutoCloseable {
        private static final long FLOATS = 256L * 1024 * 1024;
        private final NDManager manager = Djl.newManager();
        private final NDArray[] parts;

        Probe() {
            int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
            NDArray a = manager.ones(new Shape(FLOATS));
            parts = new NDArray[workers];
            for (int i = 0; i < workers; i++) {
                parts[i] = a.get((FLOATS * i / workers) + ":" + (FLOATS * (i + 1) / workers));
            }
            sample(); // first touch of the pages and of the code
        }

        /**
         * One pass over the tensor, in GB/s. Each share is pinned to its own thread on purpose
         * (not {@link Spread}, whose threads take chunks in turn): a thread that woke late would
         * leave both shares to the other, and the sample would be one core's bandwidth.
         */
        double sample() {
            long t0 = System.nanoTime();
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                NDArray p = parts[i];
                fs.add(RuntimeThreads.pool().submit(() -> p.sum().close()));
            }
            parts[0].sum().close();
            fs.forEach(DecoderModel::join);
            return FLOATS * 4 / ((System.nanoTime() - t0) / 1e9) / 1e9;
        }

        @Override
        public void close() {
            manager.close();
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
        try (NDManager manager = Djl.newManager()) {
            DecoderModel model = DecoderModel.load(folder, manager);
            int vocab = model.config().vocabSize;
            int[] prompt = new int[promptTokens];
            for (int i = 0; i < promptTokens; i++) {
                prompt[i] = (int) ((i * 7919L + 11) % Math.min(vocab, 150000));
            }
            List<Double> decodeTimes = new ArrayList<>();
            List<Double> bandwidths = new ArrayList<>();
            double prefill;
            long rss;
            try (DecoderModel.Session warm = model.newSession()) {
                warm.forward(new int[] { 1, 2, 3, 4 }, false);
                warm.forward(new int[] { 5 }, false);
            }
            try (DecoderModel.Session s = model.newSession()) {
                long t0 = System.nanoTime();
                float[] logits = s.forward(prompt, false)[0];
                prefill = promptTokens / ((System.nanoTime() - t0) / 1e9);
                int[] next = { Sampler.argmax(logits) };
                int first = Math.min(ROUND, decodeTokens);
                decode(s, next, first, decodeTimes);
                // Resident memory with the model loaded and decoding, before the probe allocates its own 1 GiB.
                rss = residentBytes();
                try (Probe probe = new Probe()) {
                    for (int done = first; done < decodeTokens; done += ROUND) {
                        bandwidths.add(probe.sample());
                        decode(s, next, Math.min(ROUND, decodeTokens - done), decodeTimes);
                    }
                    bandwidths.add(probe.sample());
                }
            }
            double decode = 1 / median(decodeTimes);
            double bandwidth = median(bandwidths);
            double peak = bandwidths.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            long bytesPerToken = model.weightBytesPerToken();
            long fp32Bytes = model.parameters() * 4;
            double bound = bandwidth * 1e9 / bytesPerToken;
            r.put("model", folder.getFileName().toString());
            r.put("params", model.parameters());
            r.put("weight_bytes", model.storedBytes());
            r.put("prefill_tokens_per_s", prefill);
            r.put("decode_tokens_per_s", decode);
            r.put("memory_bandwidth_gb_s", bandwidth);
            r.put("decode_bound_tokens_per_s", bound);
            r.put("fraction_of_bound", decode / bound);
            r.put("memory_bandwidth_peak_gb_s", peak);
            r.put("fraction_of_peak_bound", decode / (peak * 1e9 / bytesPerToken));
            r.put("bandwidth_samples", bandwidths.size());
            r.put("bytes_read_per_token", bytesPerToken);
            r.put("resident_bytes", rss);
            r.put("resident_over_fp32_weights", rss / (double) fp32Bytes);
            r.put("prompt_tokens", promptTokens);
            r.put("decode_tokens", decodeTokens);
            return r;
        }
    }

    /** Decodes {@code n} greedy tokens after {@code next[0]}, adding each token's seconds to {@code times}. */
    private static void decode(DecoderModel.Session s, int[] next, int n, List<Double> times) {
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            next[0] = Sampler.argmax(s.forward(new int[] { next[0] }, false)[0]);
            times.add((System.nanoTime() - t) / 1e9);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
