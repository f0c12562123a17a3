package dev.enclave.knowledge.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.enclave.core.EnclaveException;

/**
 * Runs the reading of one file with a time budget on a thread of its own (with a deep stack), so that
 * a hostile file makes a message for that file instead of a hang, a stack overflow or an
 * out-of-memory that ends the batch. A file over its time is abandoned: its thread is interrupted
 * and left to end on its own (a daemon, which cannot keep the process alive).
 */
public final class FileBudget {
    /** Stack of a reading thread: deep enough for real documents; a deeper nesting is refused. */
    private static final long STACK_BYTES = 16L * 1024 * 1024;

    private FileBudget() {
    }

    /**
     * The value of {@code work}, or an {@link EnclaveException} (bad input) naming {@code name} when it took longer
     * than {@code millis}, nested too deeply or needed more memory than there is. Exceptions of {@code work}
     * are rethrown as they are.
     */
    public static <T> T run(String name, long millis, String setting, Supplier<T> work) {
        FutureTask<T> task = new FutureTask<>(work::get);
        Thread t = new Thread(null, task, "enclave-ingest-read", STACK_BYTES);
        t.setDaemon(true);
        t.start();
        try {
            return task.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw EnclaveException.badInput(name + " took longer than " + (millis / 1000) + " s to read and was "
                    + "skipped (setting " + setting + " raises the limit).");
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while reading " + name);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof StackOverflowError) {
                throw EnclaveException.badInput(name + " is nested too deeply to read (a structure inside it "
                        + "holds itself thousands of levels deep).");
            }
            if (c instanceof OutOfMemoryError) {
                throw EnclaveException.badInput(name + " needs more memory to read than this process has.");
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw EnclaveException.badInput(name + " cannot be read: " + c);
        }
    }
}
