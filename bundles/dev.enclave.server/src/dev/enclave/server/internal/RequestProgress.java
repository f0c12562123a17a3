package dev.enclave.server.internal;

import dev.enclave.core.Progress;

/** The progress of one request: nothing to show, cancelled when the client goes away or the server stops. */
final class RequestProgress implements Progress {
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
}
