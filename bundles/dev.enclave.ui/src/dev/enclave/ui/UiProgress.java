package dev.enclave.ui;

import org.eclipse.core.runtime.IProgressMonitor;

import dev.enclave.core.Progress;

/**
 * An Enclave {@link Progress} that reports to an Eclipse Job's monitor: parts and packs run a service
 * call in a {@code Job} and hand it one of these, so the progress view shows the work and its Cancel
 * button cancels it. Called on the job's thread.
 */
public final class UiProgress implements Progress {
    /** Receives the work done so far and the total, on the job's thread. */
    @FunctionalInterface
    public interface Listener {
        void progressed(int done, int total);
    }

    private final IProgressMonitor monitor;
    private final Listener listener;
    private boolean begun;
    private int total;
    private int done;

    public UiProgress(IProgressMonitor monitor) {
        this(monitor, (d, t) -> {
        });
    }

    public UiProgress(IProgressMonitor monitor, Listener listener) {
        this.monitor = monitor;
        this.listener = listener;
    }

    @Override
    public void begin(String task, int totalWork) {
        if (!begun) {
            monitor.beginTask(task, totalWork > 0 ? totalWork : IProgressMonitor.UNKNOWN);
            begun = true;
            total = Math.max(0, totalWork);
            done = 0;
            listener.progressed(done, total);
        } else {
            monitor.subTask(task);
        }
    }

    @Override
    public void subTask(String name) {
        monitor.subTask(name);
    }

    @Override
    public void worked(int work) {
        monitor.worked(work);
        done += work;
        listener.progressed(done, total);
    }

    @Override
    public void done() {
        // The job ends the monitor when it returns.
    }

    @Override
    public boolean isCanceled() {
        return monitor.isCanceled();
    }

    @Override
    public void cancel() {
        monitor.setCanceled(true);
    }
}
