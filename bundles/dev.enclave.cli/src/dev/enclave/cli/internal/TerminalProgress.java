package dev.enclave.cli.internal;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.enclave.core.Progress;

/**
 * Progress on the terminal's standard error: a bar redrawn in place when stderr
 * is a terminal, otherwise one line per task. Ctrl-C during the task requests
 * cancellation and gives the work up to ten seconds to stop cleanly.
 */
final class TerminalProgress implements Progress {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean interactive;
    private volatile boolean canceled;
    private String task = "";
    private String sub = "";
    private int total;
    private int done;
    private Thread hook;
    private CountDownLatch finished;
    private long lastDraw;

    TerminalProgress(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public synchronized void begin(String name, int totalWork) {
        if (hook == null) {
            finished = new CountDownLatch(1);
            CountDownLatch latch = finished;
            hook = new Thread(() -> {
                canceled = true;
                try {
                    latch.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "enclave-cancel");
            try {
                Runtime.getRuntime().addShutdownHook(hook);
            } catch (IllegalStateException e) {
                hook = null;
            }
            if (!interactive && name != null && !name.isBlank()) {
                err.println(name + " …");
                err.flush();
            }
            task = name == null ? "" : name;
            total = totalWork;
            done = 0;
        }
        draw(true);
    }

    @Override
    public synchronized void subTask(String name) {
        sub = name == null ? "" : name;
        draw(false);
    }

    @Override
    public synchronized void worked(int work) {
        done += work;
        draw(false);
    }

    @Override
    public synchronized void done() {
        if (hook == null) {
            return;
        }
        if (interactive) {
            draw(true);
            err.print("\r\033[K");
        }
        err.flush();
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutting down: the hook is running and waits for this latch.
        }
        hook = null;
    }

    @Override
    public boolean isCanceled() {
        return canceled;
    }

    @Override
    public void cancel() {
        canceled = true;
    }

    private void draw(boolean force) {
        if (!interactive) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        StringBuilder line = new StringBuilder("\r\033[K");
        if (total > 0) {
            int pct = (int) Math.min(100, Math.round(100.0 * done / total));
            int filled = pct * WIDTH / 100;
            line.append('[').append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ")
                    .append(String.format("%3d%% ", pct));
        }
        line.append(task);
        if (!sub.isEmpty()) {
            line.append(": ").append(sub.length() > 60 ? sub.substring(0, 60) + "…" : sub);
        }
        err.print(line);
        err.flush();
    }
}
