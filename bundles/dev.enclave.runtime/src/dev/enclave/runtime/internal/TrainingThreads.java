package dev.enclave.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import dev.enclave.core.EnclaveException;

/**
 * How a training step uses the cores: the batch is split into one part per core and each part's
 * forward and backward runs on its own thread (data parallel), each libtorch operation on one
 * thread as the engine is configured ({@link Djl#engine()}). Splitting the batch rather than each
 * operation keeps the threads independent until their gradients are summed, so a busy machine
 * slows the step down gracefully instead of stalling it at every operation's barrier. The number
 * of parts is {@code enclave.train.threads} (default: the available processors), at most the
 * batch size. Thread-safe.
 */
final class TrainingThreads {
    private TrainingThreads() {
    }

    /** Parts a batch of {@code batchSize} examples is split into. */
    static int parts(int batchSize) {
        int cores = Integer.getInteger("enclave.train.threads", Runtime.getRuntime().availableProcessors());
        return Math.max(1, Math.min(batchSize, cores));
    }

    /**
     * Runs the tasks, the first on the calling thread and the others on the runtime's worker pool,
     * and returns their results in order.
     */
    static <T> List<T> run(List<Callable<T>> tasks) {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 1; i < tasks.size(); i++) {
            futures.add(RuntimeThreads.pool().submit(tasks.get(i)));
        }
        List<T> out = new ArrayList<>();
        RuntimeException failure = null;
        try {
            out.add(tasks.get(0).call());
        } catch (RuntimeException e) {
            failure = e;
        } catch (Exception e) {
            failure = EnclaveException.failure("A training step failed: " + e.getMessage(), e);
        }
        for (Future<T> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure : EnclaveException.failure("Training was interrupted.", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                failure = failure != null ? failure : cause instanceof RuntimeException r ? r
                        : EnclaveException.failure("A training step failed: " + cause, cause);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }
}
