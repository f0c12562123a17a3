package dev.enclave.runtime.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Owns the runtime's worker threads: the pool that splits large products over the cores
 * ({@code enclave-gemv}) and {@link Spread}'s workers ({@code enclave-spread-N}). Both start on
 * first use; this component stops them when the bundle stops, so a bundle restart (a pack
 * update, a test framework) leaves no threads behind. Use after a stop starts them afresh.
 */
@Component(immediate = true)
public final class RuntimeThreads {
    private static final int WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static ExecutorService pool;

    /** The pool for splitting one operation over the cores, started when missing. */
    public static synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(Math.max(1, WORKERS - 1), r -> {
                Thread t = new Thread(r, "enclave-gemv");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    /**
     * Stops the pool and {@link Spread}'s workers and waits (up to a few seconds) for their
     * threads to end. Work still running on them is interrupted.
     */
    public static void stop() {
        ExecutorService p;
        synchronized (RuntimeThreads.class) {
            p = pool;
            pool = null;
        }
        if (p != null) {
            p.shutdownNow();
            try {
                p.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Spread.stop();
    }
}
