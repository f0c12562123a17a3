package dev.enclave.assistant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer with the passages it cites.
 *
 * @param answer     the answer text with {@code [n]} markers
 * @param answerable false when the collection (as far as the user may read it) does not contain the answer
 * @param citations  the cited passages, by marker number
 * @param model      the language model that wrote the answer as NAME@VERSION (the model version, see
 *                   {@code ModelInfo.version()}; NAME alone when unknown), or {@code extractive}
 * @param hidden     how many documents matching the question's words the asking user may not read (as
 *                   {@code KnowledgeBase.hidden}): a count, never what they are, so the user can be told that
 *                   something was withheld and ask for the role
 */
public record Answer(String answer, boolean answerable, List<Citation> citations, String model, int hidden) {

    /** The {@link #model()} of an answer assembled from the passages' own sentences. */
    public static final String EXTRACTIVE = "extractive";

    public Answer {
        citations = List.copyOf(citations);
        if (hidden < 0) {
            throw new IllegalArgumentException("hidden < 0: " + hidden);
        }
    }

    /** An answer with no hidden documents counted. */
    public Answer(String answer, boolean answerable, List<Citation> citations, String model) {
        this(answer, answerable, citations, model, 0);
    }

    /** This answer with {@code count} hidden documents. */
    public Answer withHidden(int count) {
        return new Answer(answer, answerable, citations, model, count);
    }

    /**
     * The line that tells the user how many matching documents its roles may not read, in English or Simplified
     * Chinese, e.g. "2 documents matching the question are not readable with your roles." / "有 2 份相关文档您的角色无权阅读。";
     * empty when {@code hidden} is 0. It never names a document.
     */
    public static String hiddenNotice(int hidden, boolean chinese) {
        if (hidden <= 0) {
            return "";
        }
        if (chinese) {
            return "有 " + hidden + " 份相关文档您的角色无权阅读。";
        }
        return hidden == 1 ? "1 document matching the question is not readable with your roles."
                : hidden + " documents matching the question are not readable with your roles.";
    }

    /**
     * The answer in the shape {@code enclave ask --json} prints (see the contracts): answer,
     * answerable, citations (number, source, doc_id, start, end, text, ingested_by), model and hidden, in that
     * order; a mutable map, so a caller may add fields after them.
     */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("answer", answer);
        m.put("answerable", answerable);
        List<Map<String, Object>> cites = new ArrayList<>();
        for (Citation c : citations) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("number", c.number());
            r.put("source", c.source());
            r.put("doc_id", c.docId());
            r.put("start", c.start());
            r.put("end", c.end());
            r.put("text", c.text());
            r.put("ingested_by", c.ingestedBy());
            cites.add(r);
        }
        m.put("citations", cites);
        m.put("model", model);
        m.put("hidden", hidden);
        return m;
    }
}
