package dev.enclave.runtime.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * Shares a range of work out over the CPU cores with a short hand-off: one persistent worker
 * per extra core that spins briefly for its next piece before it parks. Decoding one token
 * hands out about a hundred ranges of under a millisecond each (matrix rows, attention heads),
 * where an executor's wake-up latency would be a sizeable part of the token's time. The range
 * is cut into small chunks that the threads take in turn, so a core that is slowed down (a
 * shared virtual machine's cores often are, for milliseconds at a time) does less of the work
 * instead of holding up the others at the end. One caller at a time (callers queue on the lock).
 */
public final class Spread {
    /** Work on the units {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** Spin-wait iterations before a waiting thread parks or yields (well under a millisecond). */
    private static final int SPINS = 1 << 14;
    private static final int CORES = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static volatile Worker[] workers;

    private Spread() {
    }

    /** Chunks per thread a range is cut into, when that leaves chunks of at least the minimum. */
    private static final int CHUNKS_PER_THREAD = 16;

    /**
     * Runs {@code task} over {@code [0, units)} cut into contiguous chunks of at least
     * {@code minPerThread} units, which the caller and the workers take in turn until none is
     * left; returns when all are done, rethrowing a chunk's failure (the chunks not yet taken
     * are then skipped). Fewer than {@code minPerThread} units per thread run on the caller alone.
     */
    public static void run(int units, int minPerThread, Range task) {
        int min = Math.max(1, minPerThread);
        int parts = Math.min(CORES, Math.max(1, units / min));
        if (parts == 1) {
            task.run(0, units);
            return;
        }
        Job job = new Job(task, units, Math.max(min, units / (parts * CHUNKS_PER_THREAD)));
        synchronized (Spread.class) {
            Worker[] ws = workers();
            for (int i = 1; i < parts; i++) {
                ws[i - 1].post(job);
            }
            Throwable failure = job.work();
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

    /**
     * Ends the workers (after the range in hand, if any) and waits for them; the next
     * {@link #run} starts new ones. Called by {@link RuntimeThreads} when the bundle stops.
     */
    static void stop() {
        Worker[] ws;
        synchronized (Spread.class) {
            ws = workers;
            workers = null;
            if (ws == null) {
                return;
            }
            for (Worker w : ws) {
                w.stopped = true;
                LockSupport.unpark(w);
            }
        }
        for (Worker w : ws) {
            try {
                w.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
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

    /** A range being worked on: the next chunk to take is {@code next}. */
    private static final class Job {
        private final Range task;
        private final int units;
        private final int chunk;
        private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

        Job(Range task, int units, int chunk) {
            this.task = task;
            this.units = units;
            this.chunk = chunk;
        }

        /** Takes and runs chunks until none is left; returns the failure that ended it, if any. */
        Throwable work() {
            try {
                for (int from = next.getAndAdd(chunk); from < units; from = next.getAndAdd(chunk)) {
                    task.run(from, Math.min(units, from + chunk));
                }
                return null;
            } catch (Throwable t) {
                next.set(units);
                return t;
            }
        }
    }

    private static final class Worker extends Thread {
        private volatile int posted;
        private volatile int done;
        private Job job;
        private Throwable failure;
        private volatile boolean stopped;

        Worker(int n) {
            super("enclave-spread-" + n);
            setDaemon(true);
        }

        void post(Job j) {
            job = j;
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
                    if (stopped) {
                        return;
                    }
                    if (++spins < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                seen = posted;
                failure = job.work();
                job = null;
                done = seen;
            }
        }
    }
}
