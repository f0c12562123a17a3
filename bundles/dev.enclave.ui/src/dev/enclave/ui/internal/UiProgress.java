package dev.enclave.ui.internal;

import org.eclipse.core.runtime.IProgressMonitor;

import dev.enclave.core.Progress;

/** An Enclave {@link Progress} that reports to an Eclipse Job's monitor (the Cancel button cancels). */
public final class UiProgress implements Progress {
    private final IProgressMonitor monitor;
    private boolean begun;

    public UiProgress(IProgressMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public void begin(String task, int totalWork) {
        if (!begun) {
            monitor.beginTask(task, totalWork > 0 ? totalWork : IProgressMonitor.UNKNOWN);
            begun = true;
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
