package dev.enclave.ui.internal.parts;

import java.util.function.Function;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.ui.di.UISynchronize;

import dev.enclave.core.Progress;
import dev.enclave.ui.UiProgress;

/**
 * A part's work on a service as a user {@link Job}: the work runs off the UI thread with a
 * {@link Progress} that follows the job's monitor (cancel included), and its result, its error or
 * its cancellation is handed back on the UI thread. Parts stay views: they start work here and
 * show what comes back.
 */
public final class PartJob {

    /** What a part does when the work has ended; called on the UI thread. */
    @FunctionalInterface
    public interface Done<T> {
        /**
         * @param result    what the work returned, or {@code null} when it failed
         * @param error     what the work threw, or {@code null}
         * @param cancelled whether the job was cancelled while it ran
         */
        void done(T result, RuntimeException error, boolean cancelled);
    }

    /** Units of work done out of the total, as the work reports them; called on the UI thread. */
    @FunctionalInterface
    public interface Worked {
        void worked(int done, int total);
    }

    private PartJob() {
    }

    /**
     * Schedules {@code work} as a user job named {@code name}.
     *
     * @param worked receives the work's progress on the UI thread, or {@code null} when the part shows none
     * @return the scheduled job
     */
    public static <T> Job start(String name, UISynchronize sync, Worked worked, Function<Progress, T> work,
            Done<T> done) {
        Job job = Job.create(name, monitor -> {
            UiProgress progress = worked == null ? new UiProgress(monitor)
                    : new UiProgress(monitor, (d, total) -> sync.asyncExec(() -> worked.worked(d, total)));
            T result = null;
            RuntimeException error = null;
            try {
                result = work.apply(progress);
            } catch (RuntimeException e) {
                error = e;
            }
            T r = result;
            RuntimeException err = error;
            boolean cancelled = monitor.isCanceled();
            sync.asyncExec(() -> done.done(r, err, cancelled));
            return Status.OK_STATUS;
        });
        job.setUser(true);
        job.schedule();
        return job;
    }
}
