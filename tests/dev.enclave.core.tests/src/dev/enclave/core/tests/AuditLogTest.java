package dev.enclave.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.AuditRecord;
import dev.enclave.core.AuditVerification;
import dev.enclave.core.internal.ChainedAuditLog;

class AuditLogTest {
    @TempDir
    Path dir;

    private ChainedAuditLog log;

    @BeforeEach
    void fill() {
        log = new ChainedAuditLog(dir);
        for (int i = 1; i <= 6; i++) {
            log.append("alice", "document.read", "doc-" + i, AuditEntry.SUCCESS, "第" + i + "份 report");
        }
    }

    private List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(log.file(), StandardCharsets.UTF_8));
    }

    private void write(List<String> lines) throws IOException {
        Files.writeString(log.file(), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void intactLogVerifies() {
        AuditVerification v = log.verify();
        assertTrue(v.intact(), v.problem());
        assertEquals(6, v.entries());
        List<AuditEntry> tail = log.tail(2);
        assertEquals(List.of(5L, 6L), tail.stream().map(AuditEntry::seq).toList());
        assertEquals("第6份 report", tail.get(1).detail());
        assertEquals(tail.get(0).hash(), tail.get(1).prev());
    }

    @Test
    void oneChangedByteIsFoundAndNamed() throws IOException {
        byte[] bytes = Files.readAllBytes(log.file());
        String text = new String(bytes, StandardCharsets.UTF_8);
        int at = text.indexOf("doc-4");
        bytes[at + 4] = (byte) '9'; // doc-4 -> doc-9, one byte
        Files.write(log.file(), bytes);
        AuditVerification v = log.verify();
        assertFalse(v.intact());
        assertEquals(4, v.badSeq());
        assertEquals(4, v.badLine());
        assertTrue(v.problem().contains("Entry 4"), v.problem());
        assertTrue(v.problem().contains("changed"), v.problem());
    }

    @Test
    void removedEntryIsFound() throws IOException {
        List<String> lines = lines();
        lines.remove(2); // entry 3
        write(lines);
        AuditVerification v = log.verify();
        assertFalse(v.intact());
        assertEquals(4, v.badSeq());
        assertTrue(v.problem().contains("removed"), v.problem());
    }

    @Test
    void insertedEntryIsFound() throws IOException {
        List<String> lines = lines();
        lines.add(3, lines.get(1)); // a copy of entry 2 after entry 3
        write(lines);
        AuditVerification v = log.verify();
        assertFalse(v.intact());
        assertEquals(4, v.badLine());
        assertTrue(v.problem().contains("inserted"), v.problem());
    }

    @Test
    void entriesCutFromTheEndAreFoundThroughTheHead() throws IOException {
        List<String> lines = lines();
        write(lines.subList(0, 4));
        AuditVerification v = log.verify();
        assertFalse(v.intact());
        assertTrue(v.problem().contains("removed from the end"), v.problem());
        assertTrue(v.problem().contains("5"), v.problem());
    }

    @Test
    void halfWrittenLastLineIsReportedAndLaterAppendsKeepIt() throws IOException {
        String text = Files.readString(log.file(), StandardCharsets.UTF_8);
        // Simulate a crash in the middle of writing entry 7.
        Files.writeString(log.file(), text + "{\"seq\":7,\"time\":\"2026-", StandardCharsets.UTF_8);
        AuditVerification v = log.verify();
        assertFalse(v.intact());
        assertEquals(7, v.badLine());
        assertTrue(v.problem().contains("half-written"), v.problem());

        AuditEntry next = log.append("bob", "users.add", "carol", AuditEntry.SUCCESS, "");
        assertEquals(7, next.seq(), "the chain continues from the last complete entry");
        String after = Files.readString(log.file(), StandardCharsets.UTF_8);
        assertTrue(after.contains("{\"seq\":7,\"time\":\"2026-\n"), "the damaged bytes are kept, not dropped");
        AuditVerification again = log.verify();
        assertFalse(again.intact(), "the damaged line stays reported");
        assertEquals(7, again.badLine());
    }

    @Test
    void concurrentBatchesKeepOneChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    log.appendAll(List.of(new AuditRecord("u" + thread, "a", "o" + i, AuditEntry.SUCCESS, ""),
                            new AuditRecord("u" + thread, "b", "o" + i, AuditEntry.SUCCESS, "")));
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        AuditVerification v = log.verify();
        assertTrue(v.intact(), v.problem());
        assertEquals(6 + 4 * 25 * 2, v.entries());
        // A second log object on the same folder (another process, in effect) continues the chain.
        new ChainedAuditLog(dir).append("x", "y", "z", AuditEntry.SUCCESS, "");
        assertEquals(6 + 200 + 1, log.verify().entries());
    }
}
