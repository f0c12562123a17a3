package dev.enclave.knowledge.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.enclave.core.Hashes;
import dev.enclave.runtime.EmbeddingModel;

/**
 * The vectors of one ingest run by text: a text seen before in the run (a copied file, a
 * repeated disclaimer, the same document filed in two folders) is not embedded again, and a
 * batch's duplicates go to the model once. Embedding is by far the largest part of an ingest,
 * and shared drives hold many copies. Bounded: the oldest texts are forgotten first. Not
 * thread-safe (the ingest's embedding thread owns it).
 */
public final class EmbeddingCache {
    /** Texts remembered (a vector of 512 floats is 2 KiB: about 130 MiB at most). */
    static final int CAPACITY = 65_536;

    private final EmbeddingModel model;
    private final Map<String, float[]> vectors = new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CAPACITY;
        }
    };
    private long embedded;

    public EmbeddingCache(EmbeddingModel model) {
        this.model = model;
    }

    /** The vectors of {@code texts}, in order; only texts not seen before in this cache reach the model. */
    public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        Map<String, List<Integer>> missing = new HashMap<>();
        List<String> toEmbed = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String key = Hashes.sha256Hex(texts.get(i));
            float[] v = vectors.get(key);
            if (v != null) {
                out[i] = v;
            } else {
                List<Integer> at = missing.computeIfAbsent(key, k -> new ArrayList<>());
                if (at.isEmpty()) {
                    toEmbed.add(texts.get(i));
                    keys.add(key);
                }
                at.add(i);
            }
        }
        if (!toEmbed.isEmpty()) {
            float[][] fresh = model.embed(toEmbed);
            for (int j = 0; j < toEmbed.size(); j++) {
                String key = keys.get(j);
                vectors.put(key, fresh[j]);
                for (int i : missing.get(key)) {
                    out[i] = fresh[j];
                }
            }
            embedded += toEmbed.size();
        }
        return out;
    }

    /** Texts the model has embedded through this cache. */
    public long embedded() {
        return embedded;
    }
}
