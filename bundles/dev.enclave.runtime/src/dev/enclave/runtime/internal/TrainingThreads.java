package dev.enclave.runtime.internal;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Every core for libtorch's operations while a training run lasts. The engine starts with one
 * thread per operation ({@link Djl#engine()}), which suits the runtime's own decoding (it spreads
 * its products over the cores itself), but leaves the training step — forward and backward on
 * autograd — on one core. While at least one run is open, libtorch's intra-op pool uses
 * {@code enclave.train.threads} threads (default: the available processors); the last run to
 * close restores the setting it found. Thread-safe.
 */
final class TrainingThreads implements AutoCloseable {
    private static int open;
    private static int previous;

    private final int threads;

    private TrainingThreads(int threads) {
        this.threads = threads;
    }

    /** Starts the engine if needed and widens its pool for a training run. */
    static synchronized TrainingThreads open() {
        Djl.engine();
        int wanted = Integer.getInteger("enclave.train.threads", Runtime.getRuntime().availableProcessors());
        wanted = Math.max(1, wanted);
        if (open++ == 0) {
            previous = JniUtils.getNumThreads();
            JniUtils.setNumThreads(wanted);
        }
        return new TrainingThreads(JniUtils.getNumThreads());
    }

    /** libtorch's intra-op threads during the run. */
    int threads() {
        return threads;
    }

    @Override
    public void close() {
        synchronized (TrainingThreads.class) {
            if (--open == 0) {
                JniUtils.setNumThreads(previous);
            }
        }
    }
}
