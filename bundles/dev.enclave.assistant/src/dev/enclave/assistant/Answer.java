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
 */
public record Answer(String answer, boolean answerable, List<Citation> citations, String model) {

    /** The {@link #model()} of an answer assembled from the passages' own sentences. */
    public static final String EXTRACTIVE = "extractive";

    public Answer {
        citations = List.copyOf(citations);
    }

    /**
     * The answer in the shape {@code enclave ask --json} prints (see the contracts): answer,
     * answerable, citations (number, source, doc_id, start, end, text, ingested_by) and model, in that order;
     * a mutable map, so a caller may add fields after them.
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
        return m;
    }
}
