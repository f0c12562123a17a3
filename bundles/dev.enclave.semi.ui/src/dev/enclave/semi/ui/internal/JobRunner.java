package dev.enclave.semi.ui.internal;

import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Control;

/**
 * Runs a part's service calls one at a time in background jobs and hands their results to
 * the UI thread. Created and asked on the UI thread.
 */
final class JobRunner {
    private final Control owner;
    private final Runnable afterEach;
    private Job running;

    /**
     * @param owner     a control of the part; results are dropped once it is disposed
     * @param afterEach run on the UI thread after each job's result (for example a relayout)
     */
    JobRunner(Control owner, Runnable afterEach) {
        this.owner = owner;
        this.afterEach = afterEach;
    }

    /**
     * Runs {@code work} in a job; the runnable it returns runs on the UI thread after it. An
     * exception or linkage error of the work is handed to {@code onError} (on the UI thread)
     * as a message in the user's terms.
     *
     * @return the job, or {@code null} when another one is running
     */
    Job run(String name, Function<IProgressMonitor, Runnable> work, Consumer<String> onError) {
        if (running != null) {
            return null;
        }
        var display = owner.getDisplay();
        Job job = Job.create(name, monitor -> {
            Runnable after;
            IStatus status = Status.OK_STATUS;
            try {
                after = work.apply(monitor);
            } catch (RuntimeException | LinkageError e) {
                String text = Messages.get("yield.failed", String.valueOf(e.getMessage() == null ? e : e.getMessage()));
                status = Status.error(text, e);
                after = () -> onError.accept(text);
            }
            Runnable a = after;
            display.asyncExec(() -> {
                running = null;
                if (!owner.isDisposed()) {
                    a.run();
                    afterEach.run();
                }
            });
            return status;
        });
        job.setUser(true);
        running = job;
        job.schedule();
        return job;
    }

    /** Whether a job is running. */
    boolean busy() {
        return running != null;
    }

    /** Cancels the running job, if any. */
    void cancel() {
        Job job = running;
        if (job != null) {
            job.cancel();
        }
    }
}
