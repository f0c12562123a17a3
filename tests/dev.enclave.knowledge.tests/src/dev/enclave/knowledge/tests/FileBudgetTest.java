package dev.enclave.knowledge.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.enclave.core.EnclaveException;
import dev.enclave.knowledge.internal.FileBudget;

/** Reading one file within its budget: over time, too deep or out of memory becomes a message for that file. */
class FileBudgetTest {

    @Test
    void aFileOverItsTimeIsAbandonedWithAMessage() {
        long t0 = System.nanoTime();
        EnclaveException e = assertThrows(EnclaveException.class, () -> FileBudget.run("slow.md", 300,
                "knowledge.ingest.fileSeconds", () -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                    return "never";
                }));
        assertTrue(e.isBadInput());
        assertTrue(e.getMessage().startsWith("slow.md took longer than"), e.getMessage());
        assertTrue(e.getMessage().contains("knowledge.ingest.fileSeconds"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "it did not wait for the reading to end");
    }

    @Test
    void deepNestingAndExhaustedMemoryBecomeMessages() {
        EnclaveException deep = assertThrows(EnclaveException.class, () -> FileBudget.run("deep.pdf", 60_000, "x",
                () -> recurse(0)));
        assertTrue(deep.getMessage().startsWith("deep.pdf is nested too deeply"), deep.getMessage());
        EnclaveException memory = assertThrows(EnclaveException.class, () -> FileBudget.run("huge.xlsx", 60_000, "x",
                () -> {
                    throw new OutOfMemoryError("Java heap space");
                }));
        assertTrue(memory.getMessage().startsWith("huge.xlsx needs more memory"), memory.getMessage());
        // A message the reading itself gave passes through unchanged; a result comes back as it is.
        EnclaveException own = assertThrows(EnclaveException.class, () -> FileBudget.run("a.txt", 60_000, "x", () -> {
            throw EnclaveException.badInput("a.txt contains no text.");
        }));
        assertEquals("a.txt contains no text.", own.getMessage());
        assertEquals("ok", FileBudget.run("b.txt", 60_000, "x", () -> "ok"));
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }
}
