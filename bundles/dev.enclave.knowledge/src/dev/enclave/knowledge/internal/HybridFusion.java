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
 * fused by weighted reciprocal rank ({@code w / (K + rank)}) at the level of documents, and each document then
 * shows its best chunk.
 * <ul>
 * <li><b>Documents first.</b> A document's rank in a ranking is the rank of its best chunk among the documents of
 * that ranking, so that several chunks of one document neither add up nor fill the top: the first hits are the
 * best chunks of the best documents, then second chunks follow in the same order. Recall and citations are
 * counted per document.</li>
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
     * The best {@code top} chunks of the fused ranking, each with its document's fused score.
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
        List<String> docs = new ArrayList<>(docScore.keySet());
        docs.removeIf(d -> docScore.get(d) <= 0);
        docs.sort(Comparator.comparingDouble(d -> -docScore.get(d)));
        List<List<SearchHit>> perDoc = new ArrayList<>();
        for (String d : docs) {
            List<SearchHit> own = new ArrayList<>(byDoc.get(d));
            own.removeIf(h -> chunkScore.get(h.chunkId()) <= 0);
            own.sort(Comparator.comparingDouble(h -> -chunkScore.get(h.chunkId())));
            perDoc.add(own);
        }
        List<SearchHit> out = new ArrayList<>();
        for (int round = 0; out.size() < top; round++) {
            boolean any = false;
            for (int i = 0; i < perDoc.size() && out.size() < top; i++) {
                List<SearchHit> own = perDoc.get(i);
                if (round < own.size()) {
                    SearchHit h = own.get(round);
                    out.add(new SearchHit(h.source(), h.docId(), h.chunkId(), h.start(), h.end(),
                            (float) (double) docScore.get(docs.get(i)), h.text(), h.type(), h.heading(),
                            h.ingestedBy()));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
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
