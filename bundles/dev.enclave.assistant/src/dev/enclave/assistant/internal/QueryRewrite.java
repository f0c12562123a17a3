package dev.enclave.assistant.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.enclave.core.Progress;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.runtime.ChatMessage;
import dev.enclave.runtime.Generation;
import dev.enclave.runtime.GenerationSettings;
import dev.enclave.runtime.LanguageModel;

/**
 * A chat model's rewrite of a question into search keywords in both languages (issue 16): a Chinese
 * question about an English SOP finds it through the model's translations, and a question phrased
 * unlike the documents through its key terms. The rewrite is searched beside the question, never
 * instead of it, and the two rankings are fused by reciprocal rank, so a poor rewrite costs little.
 */
public final class QueryRewrite {
    /** Tokens the model may spend on the keywords. */
    static final int MAX_TOKENS = 64;
    /** Longest rewrite kept, in characters. */
    static final int MAX_CHARS = 240;
    /** The reciprocal-rank constant (as in the knowledge base's hybrid fusion). */
    static final int RRF_K = 60;

    private static final Pattern THINKING = Pattern.compile("(?s)<think>.*?(</think>|$)");
    private static final Pattern LABEL = Pattern.compile("^(?i)(search\\s+)?(keywords?|query|关键词|检索词)\\s*[:：]\\s*");
    private static final Pattern MARKUP = Pattern.compile("[*#`\"“”\\[\\]{}()（）<>|]+");

    private QueryRewrite() {
    }

    /** The instruction the model is given for {@code question}. */
    static String instruction(String question) {
        return "Rewrite the question below as search keywords for a document search: its key terms in Chinese and"
                + " in English (translate each term), codes, numbers and units as written, separated by spaces, on"
                + " one line, nothing else.\n\nQuestion: " + question;
    }

    /** The model's keywords for {@code question}, cleaned; empty when it gives none or its context is full. */
    static String keywords(LanguageModel model, String question, Progress progress) {
        String instruction = instruction(question);
        String prompt = model.hasChatTemplate() ? model.chatPrompt(List.of(ChatMessage.user(instruction)))
                : instruction + "\nKeywords:";
        int[] ids = model.encode(prompt);
        int room = model.contextLength() - ids.length;
        if (room < 8) {
            return "";
        }
        Generation g = model.generate(ids, GenerationSettings.greedy(Math.min(MAX_TOKENS, room)), (piece, id) -> {
        }, progress);
        return clean(g.text());
    }

    /**
     * The first line of {@code raw} that holds words, without a reasoning block, a "Keywords:" label,
     * markup or control characters, cut at {@link #MAX_CHARS} on a space.
     */
    public static String clean(String raw) {
        String text = THINKING.matcher(raw == null ? "" : raw).replaceAll(" ");
        for (String line : text.split("\\R")) {
            String l = MARKUP.matcher(line).replaceAll(" ").replaceAll("[\\p{Cntrl}\\p{Cf}]", " ").strip();
            l = LABEL.matcher(l).replaceFirst("").replaceAll("[,，、;；]", " ").replaceAll("\\s+", " ").strip();
            if (l.codePoints().anyMatch(Character::isLetterOrDigit)) {
                if (l.length() > MAX_CHARS) {
                    int cut = l.lastIndexOf(' ', MAX_CHARS);
                    l = l.substring(0, cut > MAX_CHARS / 2 ? cut : MAX_CHARS).strip();
                }
                return l;
            }
        }
        return "";
    }

    /**
     * The question's hits and the rewrite's fused by reciprocal rank ({@code 1 / (RRF_K + rank)}, the
     * rewrite's times {@code weight}), each chunk once, the best {@code top}; ties keep the question's
     * order.
     */
    public static List<SearchHit> fuse(List<SearchHit> question, List<SearchHit> rewrite, double weight, int top) {
        Map<String, SearchHit> hits = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < question.size(); i++) {
            SearchHit h = question.get(i);
            hits.putIfAbsent(h.chunkId(), h);
            scores.merge(h.chunkId(), 1.0 / (RRF_K + i + 1), Double::sum);
        }
        for (int i = 0; i < rewrite.size(); i++) {
            SearchHit h = rewrite.get(i);
            hits.putIfAbsent(h.chunkId(), h);
            scores.merge(h.chunkId(), weight / (RRF_K + i + 1), Double::sum);
        }
        List<String> order = new ArrayList<>(hits.keySet());
        order.sort(Comparator.comparingDouble((String id) -> -scores.get(id)));
        List<SearchHit> out = new ArrayList<>();
        for (String id : order.subList(0, Math.min(top, order.size()))) {
            out.add(hits.get(id));
        }
        return out;
    }
}
