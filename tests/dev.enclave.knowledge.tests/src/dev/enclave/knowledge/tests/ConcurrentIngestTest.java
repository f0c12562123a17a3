package dev.enclave.knowledge.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.IndexedDocument;
import dev.enclave.knowledge.IngestReport;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.knowledge.SearchRequest;

/**
 * Two ingests into one collection at once serialise; a writer held by another process makes the next
 * ingest wait, then say the collection is busy; readers never fail meanwhile, and never see a document
 * before its audit entry.
 */
class ConcurrentIngestTest {
    @TempDir
    Path dir;

    private static Path corpus(Path folder, String prefix, int n) throws Exception {
        Files.createDirectories(folder);
        for (int i = 0; i < n; i++) {
            Files.writeString(folder.resolve(prefix + i + ".txt"), "Lot " + prefix + i + " inspection record: "
                    + "chamber pressure and slurry flow within limits. 检验记录 " + prefix + i + "。",
                    StandardCharsets.UTF_8);
        }
        return folder;
    }

    @Test
    void twoIngestsSerialiseAndReadersNeverFail() throws Exception {
        Path data = dir.resolve("ws");
        Workspace ws = Support.workspaceWithUsers(data);
        Subject admin = Support.login(ws, null);
        KnowledgeBase kb = Support.service(KnowledgeBase.class);
        Path a = corpus(dir.resolve("a"), "alpha", 120);
        Path b = corpus(dir.resolve("b"), "beta", 120);
        kb.ingest(ws, admin, "c", List.of(corpus(dir.resolve("seed"), "seed", 1)), List.of("engineer"), false,
                Progress.silent());
        Subject eve = Support.login(ws, "eve");

        ExecutorService pool = Executors.newFixedThreadPool(3);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger searches = new AtomicInteger();
        AtomicInteger auditChecks = new AtomicInteger();
        Set<String> unaudited = ConcurrentHashMap.newKeySet();
        try {
            Future<Integer> reader = pool.submit(() -> {
                int failures = 0;
                while (writing.get() || searches.get() == 0) {
                    try {
                        kb.search(ws, eve, SearchRequest.of("c", "inspection record 检验记录", 5, SearchMode.BM25));
                        List<IndexedDocument> visible = kb.documents(ws, eve, "c");
                        if (searches.get() % 5 == 0) {
                            // Audit before effect: whatever a reader can see already has its audit entry.
                            Set<String> audited = ws.auditLog().tail(Integer.MAX_VALUE).stream()
                                    .filter(e -> e.action().equals("knowledge.ingest")
                                            && AuditEntry.SUCCESS.equals(e.outcome()))
                                    .map(AuditEntry::object).collect(Collectors.toSet());
                            for (IndexedDocument d : visible) {
                                if (!audited.contains("c:" + d.source())) {
                                    unaudited.add(d.source());
                                }
                            }
                            auditChecks.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        failures++;
                    }
                    searches.incrementAndGet();
                }
                return failures;
            });
            Future<IngestReport> ia = pool.submit(() -> kb.ingest(ws, admin, "c", List.of(a), List.of("engineer"),
                    false, Progress.silent()));
            Future<IngestReport> ib = pool.submit(() -> kb.ingest(ws, admin, "c", List.of(b), List.of("engineer"),
                    false, Progress.silent()));
            IngestReport ra = ia.get(5, TimeUnit.MINUTES);
            IngestReport rb = ib.get(5, TimeUnit.MINUTES);
            writing.set(false);
            assertEquals(0, (int) reader.get(1, TimeUnit.MINUTES), "searches failed during the ingests");
            assertEquals(120, ra.added(), ra.toString());
            assertEquals(120, rb.added(), rb.toString());
            assertTrue(ra.failed().isEmpty() && rb.failed().isEmpty());
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        assertEquals(241, kb.documents(ws, eve, "c").size());
        assertTrue(searches.get() > 0);
        assertTrue(auditChecks.get() > 0);
        assertTrue(unaudited.isEmpty(), "visible before audited: " + unaudited);
    }

    @Test
    void anotherProcesssWriterMakesIngestWaitThenSayBusy() throws Exception {
        Path data = dir.resolve("ws");
        Workspace ws = Support.workspace(data);
        Path seed = corpus(dir.resolve("seed"), "seed", 1);
        assertEquals(0, Support.cli(data, "ingest", "--collection", "c", "--no-vectors", seed.toString()).code());
        ws.settings().put("knowledge.ingest.writeWaitSeconds", "1");
        Path more = corpus(dir.resolve("more"), "more", 2);
        // Another writer (as another process would) holds the index's write lock.
        try (FSDirectory d = FSDirectory.open(data.resolve("knowledge/collections/c/index"));
                IndexWriter other = new IndexWriter(d, new IndexWriterConfig())) {
            long t0 = System.nanoTime();
            Support.Run busy = Support.cli(data, "ingest", "--collection", "c", more.toString());
            assertEquals(2, busy.code(), busy.out());
            assertTrue(busy.err().contains("'c' is busy"), busy.err());
            assertTrue(System.nanoTime() - t0 >= 900_000_000L, "it waited for the other writer first");
            Support.Run read = Support.cli(data, "search", "--collection", "c", "--mode", "bm25", "--json",
                    "inspection");
            assertEquals(0, read.code(), "readers do not wait: " + read.err());
            assertTrue(read.out().contains("seed0"), read.out());
        }
        Support.Run after = Support.cli(data, "ingest", "--collection", "c", "--json", more.toString());
        assertEquals(0, after.code(), after.err());
        assertEquals(2, after.json().get("added").getAsInt());
    }
}
