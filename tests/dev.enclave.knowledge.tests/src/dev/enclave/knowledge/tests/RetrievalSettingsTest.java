package dev.enclave.knowledge.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.AnalyzedField;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.RetrievalSettings;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.knowledge.SearchRequest;
import dev.enclave.knowledge.Token;

/**
 * The knowledge base's public analysis, the hybrid weights as workspace settings (checked, read on
 * every search), and errors in the user's terms from the service with the CLI naming its options.
 */
class RetrievalSettingsTest {
    @TempDir
    Path dir;

    @Test
    void analysisIsTheIndexedOneWithSpans() {
        KnowledgeBase kb = Support.service(KnowledgeBase.class);
        assertEquals(List.of("wafer", "coat", "sc1"), kb.terms(AnalyzedField.ENGLISH, "The wafers are coated in SC1"));
        String zh = "修整盘压力设定为 5 lbf";
        List<Token> words = kb.analyze(AnalyzedField.CHINESE_WORDS, zh);
        assertFalse(words.isEmpty());
        for (Token t : words) {
            assertTrue(t.start() >= 0 && t.end() <= zh.length() && t.start() < t.end(), t.toString());
        }
        assertTrue(words.stream().anyMatch(t -> t.term().equals("压力") && zh.substring(t.start(), t.end()).equals("压力")),
                words.toString());
        assertTrue(kb.terms(AnalyzedField.CHINESE_BIGRAMS, "修整盘").containsAll(List.of("修整", "整盘")),
                kb.terms(AnalyzedField.CHINESE_BIGRAMS, "修整盘").toString());
    }

    @Test
    void hybridWeightsAreCheckedWorkspaceSettingsReadOnEverySearch() throws Exception {
        Path data = dir.resolve("ws");
        Workspace ws = Support.workspace(data);
        Subject me = Support.login(ws, null);
        KnowledgeBase kb = Support.service(KnowledgeBase.class);
        kb.ingest(ws, me, "fab", List.of(KnowledgeBaseTest.corpus(dir)), List.of(), true, Progress.silent());
        assertTrue(kb.hasVectors(ws, "fab"));
        assertEquals(kb.embedder(ws, "fab").dimension(), kb.embedder(ws, "fab").embed(List.of("x"))[0].length);
        assertEquals(RetrievalSettings.DEFAULTS, RetrievalSettings.of(ws));

        ws.settings().put(RetrievalSettings.HYBRID_VECTOR_WEIGHT, "11");
        EnclaveException e = assertThrows(EnclaveException.class,
                () -> kb.search(ws, me, SearchRequest.of("fab", "修整盘压力", 3, SearchMode.HYBRID)));
        assertTrue(e.isBadInput());
        assertTrue(e.getMessage().contains(RetrievalSettings.HYBRID_VECTOR_WEIGHT) && e.getMessage().contains("0 to 10"),
                e.getMessage());
        assertFalse(kb.search(ws, me, SearchRequest.of("fab", "修整盘压力", 3, SearchMode.BM25)).isEmpty(),
                "keyword search does not use the weights");
        Support.Run r = Support.cli(data, "search", "--collection", "fab", "--json", "修整盘压力");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains(RetrievalSettings.HYBRID_VECTOR_WEIGHT), r.err());
        ws.settings().put(RetrievalSettings.HYBRID_VECTOR_WEIGHT, "ten");
        assertThrows(EnclaveException.class,
                () -> kb.search(ws, me, SearchRequest.of("fab", "修整盘压力", 3, SearchMode.HYBRID)));

        // Without the keyword ranking, hybrid ranks the documents as the vectors do (hybrid fuses documents): the
        // next search reads the change.
        ws.settings().put(RetrievalSettings.HYBRID_VECTOR_WEIGHT, "1");
        ws.settings().put(RetrievalSettings.HYBRID_KEYWORD_WEIGHT, "0");
        String q = "chamber pressure 压力";
        List<String> vector = kb.search(ws, me, SearchRequest.of("fab", q, 20, SearchMode.VECTOR)).stream()
                .map(SearchHit::docId).distinct().toList();
        List<String> hybrid = kb.search(ws, me, SearchRequest.of("fab", q, 3, SearchMode.HYBRID)).stream()
                .map(SearchHit::docId).distinct().toList();
        assertFalse(hybrid.isEmpty());
        assertEquals(vector.subList(0, hybrid.size()), hybrid);
        assertEquals(new RetrievalSettings(0, 1), RetrievalSettings.of(ws));
    }

    @Test
    void aValueOutOfRangeIsRefusedWhenItIsSetAndNothingIsStored() throws Exception {
        Path data = dir.resolve("ws");
        Workspace ws = Support.workspace(data);
        long audited = ws.auditLog().tail(10_000).stream().filter(e -> e.action().equals("settings.set")).count();

        Support.Run bad = Support.cli(data, "settings", "set", RetrievalSettings.HYBRID_KEYWORD_WEIGHT, "abc");
        assertEquals(2, bad.code(), bad.out());
        assertTrue(bad.err().contains(RetrievalSettings.HYBRID_KEYWORD_WEIGHT) && bad.err().contains("0 to 10")
                && bad.err().contains("'abc'"), bad.err());
        assertTrue(Support.workspace(data).settings().get(RetrievalSettings.HYBRID_KEYWORD_WEIGHT).isEmpty(),
                "a refused value is not stored");
        assertEquals(2, Support.cli(data, "settings", "set", RetrievalSettings.HYBRID_VECTOR_WEIGHT, "11").code());

        Support.Run ok = Support.cli(data, "settings", "set", RetrievalSettings.HYBRID_KEYWORD_WEIGHT, "2.5");
        assertEquals(0, ok.code(), ok.err());
        assertEquals(new RetrievalSettings(2.5, 1.0), RetrievalSettings.of(Support.workspace(data)));
        assertEquals(audited + 1, Support.workspace(data).auditLog().tail(10_000).stream()
                .filter(e -> e.action().equals("settings.set")).count(), "one entry for the one change made");

        Support.Run list = Support.cli(data, "settings", "list", "--json");
        assertTrue(list.out().contains("\"" + RetrievalSettings.HYBRID_VECTOR_WEIGHT + "\":\"1\""),
                "the default of a setting not set is listed: " + list.out());
        Support.Run described = Support.cli(data, "settings", "describe");
        assertTrue(described.out().contains(RetrievalSettings.HYBRID_KEYWORD_WEIGHT)
                && described.out().contains("a number from 0 to 10"), described.out());
    }

    @Test
    void theServiceSpeaksTheUsersTermsAndTheCliNamesItsOptions() throws Exception {
        Path data = dir.resolve("ws");
        Workspace ws = Support.workspace(data);
        Subject admin = Support.login(ws, null);
        Subject nobody = new Subject("nobody", Set.of(), "nobody", false);
        KnowledgeBase kb = Support.service(KnowledgeBase.class);
        Path corpus = KnowledgeBaseTest.corpus(dir);

        EnclaveException e = assertThrows(EnclaveException.class,
                () -> kb.ingest(ws, nobody, "c", List.of(corpus), List.of(), false, Progress.silent()));
        assertTrue(e.getMessage().contains("No role given for the documents"), e.getMessage());
        assertFalse(e.getMessage().contains("--"), e.getMessage());
        e = assertThrows(EnclaveException.class,
                () -> kb.ingest(ws, admin, "c", List.of(corpus), List.of("nosuchrole"), false, Progress.silent()));
        assertTrue(e.getMessage().contains("nosuchrole") && !e.getMessage().contains("--"), e.getMessage());
        kb.ingest(ws, admin, "c", List.of(corpus), List.of(), false, Progress.silent());
        for (SearchRequest bad : List.of(SearchRequest.of("c", "压力", 0, SearchMode.BM25),
                SearchRequest.of("c", "压力", 3, SearchMode.VECTOR), SearchRequest.of("none", "压力", 3, SearchMode.BM25))) {
            e = assertThrows(EnclaveException.class, () -> kb.search(ws, admin, bad));
            assertTrue(e.isBadInput());
            assertFalse(e.getMessage().contains("--"), e.getMessage());
        }

        Support.Run r = Support.cli(data, "search", "--collection", "c", "--top", "0", "压力");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--top"), r.err());
    }
}
