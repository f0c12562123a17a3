package dev.enclave.runtime.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * Shares a range of work out over the CPU cores with a short hand-off: one persistent worker
 * per extra core that spins briefly for its next piece before it parks. Decoding one token
 * hands out about a hundred pieces of under a millisecond each (matrix rows, attention heads),
 * where an executor's wake-up latency would be a sizeable part of the token's time. One
 * caller at a time (callers queue on the lock).
 */
final class Spread {
    /** Work on the units {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** Spin-wait iterations before a waiting thread parks or yields (well under a millisecond). */
    private static final int SPINS = 1 << 14;
    private static final int CORES = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static volatile Worker[] workers;

    private Spread() {
    }

    /**
     * Runs {@code task} over {@code [0, units)} split into contiguous parts, one per core, the
     * caller taking the first; returns when all parts are done, rethrowing a part's failure.
     * Fewer than {@code minPerThread} units per thread run on the caller alone.
     */
    static void run(int units, int minPerThread, Range task) {
        int parts = Math.min(CORES, Math.max(1, units / Math.max(1, minPerThread)));
        if (parts == 1) {
            task.run(0, units);
            return;
        }
        Worker[] ws = workers();
        synchronized (Spread.class) {
            for (int i = 1; i < parts; i++) {
                ws[i - 1].post(task, (int) ((long) units * i / parts), (int) ((long) units * (i + 1) / parts));
            }
            Throwable failure = null;
            try {
                task.run(0, (int) ((long) units / parts));
            } catch (Throwable t) {
                failure = t;
            }
            for (int i = 1; i < parts; i++) {
                Throwable f = ws[i - 1].await();
                if (failure == null) {
                    failure = f;
                }
            }
            if (failure instanceof RuntimeException r) {
                throw r;
            } else if (failure instanceof Error e) {
                throw e;
            } else if (failure != null) {
                throw new IllegalStateException(failure);
            }
        }
    }

    private static Worker[] workers() {
        Worker[] ws = workers;
        if (ws == null) {
            synchronized (Spread.class) {
                ws = workers;
                if (ws == null) {
                    ws = new Worker[CORES - 1];
                    for (int i = 0; i < ws.length; i++) {
                        ws[i] = new Worker(i + 1);
                        ws[i].start();
                    }
                    workers = ws;
                }
            }
        }
        return ws;
    }

    private static final class Worker extends Thread {
        private volatile int posted;
        private volatile int done;
        private Range task;
        private int from;
        private int to;
        private Throwable failure;

        Worker(int n) {
            super("enclave-spread-" + n);
            setDaemon(true);
        }

        void post(Range t, int f, int e) {
            task = t;
            from = f;
            to = e;
            failure = null;
            posted = posted + 1; // volatile write publishes the fields above
            LockSupport.unpark(this);
        }

        Throwable await() {
            int target = posted;
            int spins = 0;
            while (done != target) {
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            return failure;
        }

        @Override
        public void run() {
            int seen = 0;
            while (true) {
                int spins = 0;
                while (posted == seen) {
                    if (++spins < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                seen = posted;
                try {
                    task.run(from, to);
                } catch (Throwable t) {
                    failure = t;
                }
                done = seen;
            }
        }
    }
}
