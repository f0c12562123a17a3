package dev.enclave.core;

/**
 * Progress and cancellation of long work, independent of any UI. The CLI shows
 * it as a progress bar on the terminal, the workbench as an Eclipse Job.
 *
 * <p>Implementations must be safe to call from the working thread while
 * {@link #cancel()} is called from another.
 */
public interface Progress {

    /** Starts the task; {@code totalWork} &lt;= 0 means unknown. */
    void begin(String task, int totalWork);

    /** Names the current step. */
    void subTask(String name);

    /** Reports {@code work} more units done. */
    void worked(int work);

    /** Ends the task. */
    void done();

    /** Whether cancellation was requested; long work checks this and stops. */
    boolean isCanceled();

    /** Requests cancellation. */
    void cancel();

    /** Throws {@link CanceledException} when cancellation was requested. */
    default void checkCanceled() {
        if (isCanceled()) {
            throw new CanceledException();
        }
    }

    /** A progress that shows nothing and can still be cancelled. */
    static Progress silent() {
        return new Progress() {
            private volatile boolean canceled;

            @Override
            public void begin(String task, int totalWork) {
            }

            @Override
            public void subTask(String name) {
            }

            @Override
            public void worked(int work) {
            }

            @Override
            public void done() {
            }

            @Override
            public boolean isCanceled() {
                return canceled;
            }

            @Override
            public void cancel() {
                canceled = true;
            }
        };
    }

    /** Thrown by work that stopped because it was cancelled. */
    final class CanceledException extends EnclaveException {
        private static final long serialVersionUID = 1L;

        public CanceledException() {
            super("Cancelled.", false);
        }
    }
}
