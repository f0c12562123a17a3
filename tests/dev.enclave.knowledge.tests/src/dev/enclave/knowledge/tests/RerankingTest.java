package dev.enclave.knowledge.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.RetrievalSettings;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.knowledge.SearchRequest;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.Reranker;
import dev.enclave.tests.support.CrossEncoders;
import dev.enclave.tests.support.Fixtures;

/**
 * The reranking stage (issue 16): a cross-encoder named in the workspace reads the best candidates of a
 * search with the query and reorders them; its weight is a checked setting; off when none is named.
 */
class RerankingTest {
    private static final int D = 64;

    @TempDir
    Path dir;

    @Test
    void aRerankerReordersTheCandidatesByItsScoresWhenItsWeightIsOne() throws Exception {
        Workspace ws = Support.workspace(dir.resolve("ws"));
        Subject me = Support.login(ws, null);
        KnowledgeBase kb = Support.service(KnowledgeBase.class);
        kb.ingest(ws, me, "fab", List.of(KnowledgeBaseTest.corpus(dir)), List.of(), false, Progress.silent());
        SearchRequest req = SearchRequest.of("fab", "wafer 晶圆 pressure 压力 coating", 3, SearchMode.BM25);
        List<SearchHit> plain = kb.search(ws, me, req);
        List<SearchHit> pool = kb.search(ws, me, SearchRequest.of("fab", req.query(), 20, SearchMode.BM25));
        assertTrue(pool.size() >= 4, "enough candidates to reorder: " + pool.size());

        // An identity pooler: the score follows the encoder's reading of query and passage together.
        float[] eye = new float[D * D];
        for (int i = 0; i < D; i++) {
            eye[i * D + i] = 1f;
        }
        float[] w = new float[D];
        for (int i = 0; i < D; i++) {
            w[i] = 0.1f * ((i % 5) - 2);
        }
        Path model = CrossEncoders.write(Fixtures.model("bert-tiny"), dir.resolve("rr"), eye, new float[D], w,
                new float[] { 0f });
        ws.settings().put(RetrievalSettings.RERANKER, model.toString());
        ws.settings().put(RetrievalSettings.RERANKER_WEIGHT, "1");
        List<SearchHit> reranked = kb.search(ws, me, req);
        assertEquals(3, reranked.size());

        float[] expected;
        try (Reranker rr = Support.service(ModelRegistry.class).openReranker(ws, model.toString(), Progress.silent())) {
            expected = rr.score(req.query(), pool.stream().map(h -> h.heading().isEmpty() ? h.text()
                    : h.heading() + "\n" + h.text()).toList());
        }
        Set<String> poolIds = new HashSet<>(pool.stream().map(SearchHit::chunkId).toList());
        for (int i = 0; i < reranked.size(); i++) {
            SearchHit h = reranked.get(i);
            assertTrue(poolIds.contains(h.chunkId()), "a candidate of the search: " + h.chunkId());
            int at = pool.stream().map(SearchHit::chunkId).toList().indexOf(h.chunkId());
            assertEquals(expected[at], h.score(), 1e-4, "the hit carries the reranker's score");
            if (i > 0) {
                assertTrue(reranked.get(i - 1).score() >= h.score(), "ordered by the reranker's score");
            }
        }
        float best = Float.NEGATIVE_INFINITY;
        for (float s : expected) {
            best = Math.max(best, s);
        }
        assertEquals(best, reranked.get(0).score(), 1e-4, "the reranker's best candidate comes first");
        assertTrue(ws.auditLog().tail(3).stream().anyMatch(e -> e.action().equals("knowledge.search")
                && e.detail().contains("reranked by")), "the audit log says the search was reranked");

        // Weight 0: the search's own order, with the reranker's scores.
        ws.settings().put(RetrievalSettings.RERANKER_WEIGHT, "0");
        assertEquals(plain.stream().map(SearchHit::chunkId).toList(),
                kb.search(ws, me, req).stream().map(SearchHit::chunkId).toList());

        ws.settings().put(RetrievalSettings.RERANKER_WEIGHT, "1.5");
        EnclaveException bad = assertThrows(EnclaveException.class, () -> kb.search(ws, me, req));
        assertTrue(bad.getMessage().contains(RetrievalSettings.RERANKER_WEIGHT), bad.getMessage());

        ws.settings().put(RetrievalSettings.RERANKER_WEIGHT, "1");
        ws.settings().put(RetrievalSettings.RERANKER, Fixtures.model("bert-tiny").toString());
        EnclaveException notOne = assertThrows(EnclaveException.class, () -> kb.search(ws, me, req));
        assertTrue(notOne.getMessage().contains("reranker"), notOne.getMessage());
    }
}
