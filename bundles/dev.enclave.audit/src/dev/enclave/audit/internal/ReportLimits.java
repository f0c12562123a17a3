package dev.enclave.audit.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.SettingDefinition;
import dev.enclave.core.Workspace;

/**
 * The budgets of one report: its extracted text at most {@link #MAX_CHARS} characters (a
 * 300-page report has well under a million) and its extraction at most {@link #SECONDS} seconds,
 * both workspace settings. A report over either is bad input naming the file, so that one
 * oversized or hostile file never hangs a portfolio: the rest of the batch goes on.
 */
final class ReportLimits {
    static final String MAX_CHARS = "audit.report.maxChars";
    static final String SECONDS = "audit.report.seconds";

    static final List<SettingDefinition> DEFINITIONS = List.of(
            SettingDefinition.decimal(MAX_CHARS, 2_000_000, 10_000, 50_000_000,
                    "The longest report text (characters) the credit audit extracts; a longer report is refused."),
            SettingDefinition.decimal(SECONDS, 60, 1, 3600,
                    "Seconds the credit audit may spend extracting one report before it gives up on it."));

    /** Extraction threads are daemons: one that overran its budget never keeps the program alive. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "audit-extract");
        t.setDaemon(true);
        return t;
    });

    final long maxChars;
    final long seconds;

    private ReportLimits(long maxChars, long seconds) {
        this.maxChars = maxChars;
        this.seconds = seconds;
    }

    static ReportLimits of(Workspace ws) {
        return new ReportLimits(get(ws, MAX_CHARS, 2_000_000), get(ws, SECONDS, 60));
    }

    private static long get(Workspace ws, String key, long fallback) {
        try {
            return ws.settings().get(key).map(v -> (long) Double.parseDouble(v.trim())).orElse(fallback);
        } catch (NumberFormatException e) {
            throw EnclaveException.badInput("The setting " + key + " must be a number.");
        }
    }

    /** Throws (bad input) naming the file when its text is over the limit. */
    void checkText(Path file, String text) {
        if (text.length() > maxChars) {
            throw EnclaveException.badInput(String.format("%s: the report's text has %,d characters, more than the %,d a "
                    + "report may have (setting %s); not extracted. / 报告文本过长，未抽取。", file, text.length(), maxChars,
                    MAX_CHARS));
        }
    }

    /** Runs {@code work} within the time budget; bad input naming the file when it takes longer. */
    <T> T within(Path file, Callable<T> work) {
        Future<T> f = POOL.submit(work);
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw EnclaveException.badInput(file + ": extracting the report took longer than " + seconds
                    + " s (setting " + SECONDS + "); skipped. / 报告抽取超时，已跳过。");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw EnclaveException.failure(file + ": interrupted.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw EnclaveException.failure(file + ": " + e.getCause(), e.getCause());
        }
    }
}
