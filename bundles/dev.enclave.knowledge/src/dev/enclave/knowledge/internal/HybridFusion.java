package dev.enclave.knowledge.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.enclave.knowledge.SearchHit;

/**
 * The fusion rule of hybrid search, shared by the embedded index and SolrCloud collections so that both rank
 * alike: a keyword ranking (the query with its translated words, as bm25 mode searches) and a vector ranking are
 * fused by weighted reciprocal rank ({@code w / (K + rank)}) at the level of documents first.
 * <ul>
 * <li><b>Documents first.</b> A document's rank in a ranking is the rank of its best chunk among the documents of
 * that ranking, and its best chunk (by the same fusion over chunk ranks) carries the document's score; its other
 * chunks carry their own fused scores (never above the document's). So a document that matches everywhere does
 * not push every other document down with its second and third chunks, while a second chunk that both rankings
 * rank high still comes before weak documents (it often holds the answer).</li>
 * <li><b>A ranking votes only where it can judge.</b> The embedder compares texts of one language well and texts
 * of two languages poorly, so for a document whose text is in the other language than the query (Chinese
 * against Latin script) the vector ranking cannot place it below where the keyword ranking, which reaches it
 * through the query's translated words, placed it: its vector term is the better of its own and the keyword
 * ranking's. Otherwise a document of the other language, found by the keyword ranking alone, would always
 * fall behind the query's language's documents that both rankings find.</li>
 * </ul>
 * Pure functions of their arguments; thread-safe.
 */
public final class HybridFusion {
    /** The reciprocal-rank constant (as in the literature and the reranking stage). */
    public static final int K = 60;

    private HybridFusion() {
    }

    /**
     * The best {@code top} chunks of the fused ranking: a document's best chunk with the document's fused score,
     * its other chunks with their own.
     *
     * @param top           how many hits to return (at least 1)
     * @param query         the query as the user wrote it (its script decides its language)
     * @param keyword       the keyword ranking's chunks, best first (stored fields read)
     * @param vector        the vector ranking's chunks, best first
     * @param keywordWeight weight of the keyword ranking (0 leaves the vector ranking alone)
     * @param vectorWeight  weight of the vector ranking (0 leaves the keyword ranking alone)
     */
    public static List<SearchHit> fuse(int top, String query, List<SearchHit> keyword, List<SearchHit> vector,
            double keywordWeight, double vectorWeight) {
        boolean chineseQuery = chinese(query);
        Map<String, Integer> kDoc = documentRanks(keyword);
        Map<String, Integer> vDoc = documentRanks(vector);
        Map<String, Integer> kChunk = chunkRanks(keyword);
        Map<String, Integer> vChunk = chunkRanks(vector);
        // Every chunk once, first seen first (keyword ranking first): the order of ties.
        Map<String, SearchHit> chunks = new LinkedHashMap<>();
        for (SearchHit h : keyword) {
            chunks.putIfAbsent(h.chunkId(), h);
        }
        for (SearchHit h : vector) {
            chunks.putIfAbsent(h.chunkId(), h);
        }
        Map<String, Boolean> otherLanguage = new HashMap<>();
        Map<String, Double> docScore = new LinkedHashMap<>();
        Map<String, List<SearchHit>> byDoc = new LinkedHashMap<>();
        Map<String, Double> chunkScore = new HashMap<>();
        for (SearchHit h : chunks.values()) {
            boolean other = chinese(h.text()) != chineseQuery && hasLetters(h.text());
            // A document's language is that of its first chunk seen (its best in the keyword ranking, else in the
            // vector ranking).
            otherLanguage.putIfAbsent(h.docId(), other);
            chunkScore.put(h.chunkId(), score(kChunk.get(h.chunkId()), vChunk.get(h.chunkId()), other,
                    keywordWeight, vectorWeight));
            byDoc.computeIfAbsent(h.docId(), d -> new ArrayList<>()).add(h);
        }
        for (String doc : byDoc.keySet()) {
            docScore.put(doc, score(kDoc.get(doc), vDoc.get(doc), otherLanguage.get(doc), keywordWeight,
                    vectorWeight));
        }
        // A document's best chunk scores as the document; its other chunks as themselves (their own ranks are
        // lower than their document's), so they follow the best chunks of the documents ranked about as well.
        Map<String, Double> finalScore = new HashMap<>();
        for (Map.Entry<String, List<SearchHit>> e : byDoc.entrySet()) {
            double doc = docScore.get(e.getKey());
            if (doc <= 0) {
                continue;
            }
            List<SearchHit> own = new ArrayList<>(e.getValue());
            own.sort(Comparator.comparingDouble(h -> -chunkScore.get(h.chunkId())));
            for (int i = 0; i < own.size(); i++) {
                SearchHit h = own.get(i);
                double score = i == 0 ? doc : Math.min(doc, chunkScore.get(h.chunkId()));
                if (score > 0) {
                    finalScore.put(h.chunkId(), score);
                }
            }
        }
        // Stable: ties keep the order of first sight (keyword ranking first).
        List<SearchHit> firstSeen = new ArrayList<>(chunks.values());
        firstSeen.removeIf(h -> !finalScore.containsKey(h.chunkId()));
        firstSeen.sort(Comparator.comparingDouble(h -> -finalScore.get(h.chunkId())));
        List<SearchHit> out = new ArrayList<>();
        for (SearchHit h : firstSeen.subList(0, Math.min(top, firstSeen.size()))) {
            out.add(new SearchHit(h.source(), h.docId(), h.chunkId(), h.start(), h.end(),
                    (float) finalScore.get(h.chunkId()).doubleValue(), h.text(), h.type(), h.heading(),
                    h.ingestedBy()));
        }
        return out;
    }

    /**
     * The fused score of one document or chunk from its 1-based ranks (null: not in that ranking): the keyword
     * term plus the vector term; across languages the vector term is at least what the keyword rank gives.
     */
    public static double score(Integer keywordRank, Integer vectorRank, boolean otherLanguage, double keywordWeight,
            double vectorWeight) {
        double k = keywordRank == null ? 0 : 1.0 / (K + keywordRank);
        double v = vectorRank == null ? 0 : 1.0 / (K + vectorRank);
        if (otherLanguage && keywordWeight > 0) {
            v = Math.max(v, k);
        }
        return keywordWeight * k + vectorWeight * v;
    }

    /** Each document's 1-based rank among the documents of a chunk ranking (by its best chunk). */
    static Map<String, Integer> documentRanks(List<SearchHit> ranking) {
        Map<String, Integer> out = new HashMap<>();
        for (SearchHit h : ranking) {
            out.putIfAbsent(h.docId(), out.size() + 1);
        }
        return out;
    }

    private static Map<String, Integer> chunkRanks(List<SearchHit> ranking) {
        Map<String, Integer> out = new HashMap<>();
        for (SearchHit h : ranking) {
            out.putIfAbsent(h.chunkId(), out.size() + 1);
        }
        return out;
    }

    /**
     * Whether a text reads as Chinese: at least one CJK character for every two Latin letters (Chinese
     * technical text carries codes and units in Latin letters; English text has no CJK at all).
     */
    public static boolean chinese(String text) {
        int cjk = 0;
        int latin = 0;
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Analysis.isCjk(cp)) {
                cjk++;
            } else if (cp < 0x250 && Character.isLetter(cp)) {
                latin++;
            }
        }
        return cjk > 0 && cjk * 2 >= latin;
    }

    private static boolean hasLetters(String text) {
        return text.codePoints().anyMatch(Character::isLetter);
    }
}
