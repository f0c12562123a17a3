package dev.enclave.knowledge.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.internal.HybridFusion;

/** The fusion rule of hybrid search ({@link HybridFusion}), on rankings written out by hand. */
class HybridFusionTest {

    private static final String ZH = "老化板的使用循环与报废规定，见第 3 节。";
    private static final String EN = "Retire a burn-in board after 500 cycles.";

    private static SearchHit hit(String chunkId, String text) {
        String doc = chunkId.substring(0, chunkId.indexOf('#'));
        return new SearchHit(doc + ".md", doc, chunkId, 0, text.length(), 1f, text, "md", "", "tester");
    }

    private static List<String> chunks(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::chunkId).toList();
    }

    @Test
    void aDocumentOfTheOtherLanguageKeepsTheKeywordRankingsPlace() {
        // A Chinese question: the keyword ranking reaches the English answer through translated words (2nd);
        // the embedder ranks Chinese documents only, as it does across languages.
        List<SearchHit> keyword = List.of(hit("a#0", ZH), hit("en#0", EN), hit("c#0", ZH), hit("d#0", ZH),
                hit("e#0", ZH), hit("f#0", ZH));
        List<SearchHit> vector = List.of(hit("f#0", ZH), hit("e#0", ZH), hit("d#0", ZH), hit("c#0", ZH),
                hit("a#0", ZH));
        List<SearchHit> fused = HybridFusion.fuse(3, "老化板使用多少个循环后要报废？", keyword, vector, 1, 1);
        assertEquals(3, fused.size());
        assertTrue(chunks(fused).contains("en#0"), fused.toString());
        // Counted by the keyword ranking alone, as plain reciprocal-rank fusion counts it, it would be last of
        // the six: every Chinese document there has two votes.
        assertTrue(HybridFusion.score(2, null, false, 1, 1) < HybridFusion.score(6, 1, false, 1, 1));
        assertTrue(HybridFusion.score(2, null, true, 1, 1) > HybridFusion.score(6, 1, false, 1, 1));
    }

    @Test
    void theVectorRankingStillCountsWithinTheQuerysLanguage() {
        // Same language: a document both rankings like beats one that only the keyword ranking puts first.
        List<SearchHit> keyword = List.of(hit("a#0", ZH), hit("b#0", ZH), hit("c#0", ZH));
        List<SearchHit> vector = List.of(hit("b#0", ZH), hit("c#0", ZH), hit("a#0", ZH));
        assertEquals(List.of("b#0", "a#0", "c#0"), chunks(HybridFusion.fuse(3, "老化板报废", keyword, vector, 1, 1)));
        // With the vector ranking weighted 0 the keyword order is kept.
        assertEquals(List.of("a#0", "b#0", "c#0"), chunks(HybridFusion.fuse(3, "老化板报废", keyword, vector, 1, 0)));
    }

    @Test
    void aDocumentsBestChunkCarriesTheDocumentsRank() {
        List<SearchHit> keyword = List.of(hit("a#0", ZH), hit("a#1", ZH), hit("a#2", ZH), hit("a#3", ZH),
                hit("b#0", ZH));
        List<SearchHit> vector = List.of(hit("a#1", ZH), hit("a#0", ZH), hit("a#2", ZH), hit("c#0", ZH),
                hit("b#0", ZH));
        List<SearchHit> fused = HybridFusion.fuse(5, "老化板", keyword, vector, 1, 1);
        // a's best chunk with the document's score (both rankings' first document), a's second chunk with its own
        // (keyword 2nd, vector 1st chunk), then b with its document's score (2nd and 3rd document) ahead of a's
        // third chunk, which chunk-level fusion would have put first (3rd and 3rd chunk against 5th and 5th).
        assertEquals(List.of("a#0", "a#1", "b#0", "a#2", "c#0"), chunks(fused));
        assertTrue(HybridFusion.score(5, 5, false, 1, 1) < HybridFusion.score(3, 3, false, 1, 1));
        assertEquals((float) HybridFusion.score(1, 1, false, 1, 1), fused.get(0).score());
        assertEquals((float) HybridFusion.score(2, 1, false, 1, 1), fused.get(1).score());
        assertEquals((float) HybridFusion.score(2, 3, false, 1, 1), fused.get(2).score());
        assertEquals((float) HybridFusion.score(3, 3, false, 1, 1), fused.get(3).score());
    }

    @Test
    void aRankingWeighedZeroFindsNothingAlone() {
        List<SearchHit> keyword = List.of(hit("a#0", ZH));
        List<SearchHit> vector = List.of(hit("b#0", ZH), hit("a#0", ZH));
        assertEquals(List.of("a#0"), chunks(HybridFusion.fuse(5, "老化板", keyword, vector, 1, 0)));
        assertEquals(List.of("b#0", "a#0"), chunks(HybridFusion.fuse(5, "老化板", keyword, vector, 0, 1)));
        assertTrue(HybridFusion.fuse(5, "老化板", List.of(), List.of(), 1, 1).isEmpty());
    }

    @Test
    void languageOfATextIsItsScript() {
        assertTrue(HybridFusion.chinese("WB-11 焊球脱落的根本原因是什么？"));
        assertTrue(HybridFusion.chinese("| MD-A305 | 真空度不足 | 模腔真空须低于 1 kPa |"));
        assertFalse(HybridFusion.chinese("What is the lower limit of the cleaning water pressure in dicing?"));
        assertFalse(HybridFusion.chinese("The supplier is 东晟精密 and the lead frame is the LF-5532 QFN frame."));
        assertFalse(HybridFusion.chinese("12 345"));
    }
}
