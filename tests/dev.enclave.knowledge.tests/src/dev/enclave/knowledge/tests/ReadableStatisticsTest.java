package dev.enclave.knowledge.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.knowledge.SearchRequest;
import dev.enclave.knowledge.internal.Analysis;
import dev.enclave.knowledge.internal.CollectionIndex;

/**
 * The relevance side channel is closed: a probe document's score for a word says nothing about whether
 * the word occurs in documents its reader may not read, in every search mode.
 */
class ReadableStatisticsTest {
    @TempDir
    Path dir;

    private static final String CANARY = "SECRETCANARY9931";

    @Test
    void theProbeScoresTheSameWithAndWithoutTheHiddenDocument() throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        Path probe = Files.writeString(files.resolve("probe.txt"), "Probe note about wafer cleaning: " + CANARY
                + " appears here once, with words about chambers and slurry.", StandardCharsets.UTF_8);
        Path filler = Files.writeString(files.resolve("filler.txt"), "Chamber cleaning happens weekly; slurry flow is "
                + "checked at every shift change by the process engineer on duty.", StandardCharsets.UTF_8);
        Path hidden = Files.writeString(files.resolve("hidden.txt"), ("Confidential rating memo. " + CANARY + " ")
                .repeat(40) + "Only auditors may read this long document about the internal rating.",
                StandardCharsets.UTF_8);

        Path withHidden = dir.resolve("with");
        Path without = dir.resolve("without");
        KnowledgeBase kb = Support.service(KnowledgeBase.class);
        for (Path data : List.of(withHidden, without)) {
            Workspace ws = Support.workspaceWithUsers(data);
            Subject admin = Support.login(ws, null);
            kb.create(ws, admin, "kb", List.of("engineer"), true);
            if (data == withHidden) {
                kb.ingest(ws, admin, "kb", List.of(hidden), List.of("auditor"), true, Progress.silent());
            }
            Subject eve = Support.login(ws, "eve");
            assertEquals(2, kb.ingest(ws, eve, "kb", List.of(probe, filler), List.of(), true, Progress.silent()).added());
        }

        Workspace a = Support.workspace(withHidden);
        Workspace b = Support.workspace(without);
        Subject eveA = Support.login(a, "eve");
        Subject eveB = Support.login(b, "eve");
        for (SearchMode mode : SearchMode.values()) {
            for (String query : List.of(CANARY, CANARY + " rating memo", "wafer cleaning " + CANARY)) {
                List<SearchHit> ha = kb.search(a, eveA, SearchRequest.of("kb", query, 5, mode));
                List<SearchHit> hb = kb.search(b, eveB, SearchRequest.of("kb", query, 5, mode));
                assertEquals(sources(hb), sources(ha), mode + " " + query);
                for (int i = 0; i < ha.size(); i++) {
                    assertEquals(hb.get(i).score(), ha.get(i).score(), 0f, mode + " '" + query + "': hit " + i
                            + " scores differently when a hidden document exists");
                }
                assertTrue(ha.stream().noneMatch(h -> h.source().endsWith("hidden.txt")), mode.name());
            }
        }
        // The hidden document is there for its readers...
        Subject annA = Support.login(a, "ann");
        assertTrue(kb.search(a, annA, SearchRequest.of("kb", CANARY, 5, SearchMode.BM25)).stream()
                .anyMatch(h -> h.source().endsWith("hidden.txt")));
        // ...and collection-wide statistics would have told the engineer so: the same query on a plain searcher
        // of the same index, with the same role filter, scores the probe differently.
        float plain = plainScore(withHidden.resolve("knowledge/collections/kb"), Set.of("engineer"));
        float ours = kb.search(a, eveA, SearchRequest.of("kb", CANARY, 5, SearchMode.BM25)).get(0).score();
        assertNotEquals(plain, ours, 1e-6f, "the test would not see a leak");
    }

    private static List<String> sources(List<SearchHit> hits) {
        return hits.stream().map(h -> Path.of(h.source()).getFileName().toString()).toList();
    }

    private static float plainScore(Path collection, Set<String> roles) throws Exception {
        try (FSDirectory d = FSDirectory.open(collection.resolve("index")); DirectoryReader r = DirectoryReader.open(d)) {
            IndexSearcher s = new IndexSearcher(r);
            BooleanQuery q = new BooleanQuery.Builder().add(new Analysis().keywordQuery(CANARY), Occur.MUST)
                    .add(CollectionIndex.filter(roles, Set.of(), null, null), Occur.FILTER).build();
            ScoreDoc[] top = s.search(q, 1).scoreDocs;
            assertEquals(1, top.length);
            return top[0].score;
        }
    }
}
