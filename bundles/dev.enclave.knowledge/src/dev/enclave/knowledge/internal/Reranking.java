package dev.enclave.knowledge.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.enclave.core.Progress;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.RetrievalSettings;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.Reranker;

/**
 * The reranking stage (issue 16): when the workspace names a reranker ({@link RetrievalSettings#RERANKER}),
 * a search fetches {@link RetrievalSettings#RERANKER_CANDIDATES} candidates, the cross-encoder reads the
 * query with each, and its order is fused with the search's own by reciprocal rank
 * ({@link RetrievalSettings#RERANKER_WEIGHT}). Loaded rerankers are kept per workspace and model state.
 */
final class Reranking {
    private static final int RRF_K = 60;

    private final java.util.function.Supplier<ModelRegistry> registry;
    private final Map<String, Reranker> loaded = new ConcurrentHashMap<>();

    Reranking(java.util.function.Supplier<ModelRegistry> registry) {
        this.registry = registry;
    }

    /** The settings of one search: the reranker's name (null when off), its weight and candidate count. */
    record Plan(String model, double weight, int candidates) {
        boolean on() {
            return model != null;
        }
    }

    static Plan plan(Workspace ws) {
        String name = ws.settings().get(RetrievalSettings.RERANKER).map(String::trim).filter(s -> !s.isEmpty())
                .orElse(null);
        return new Plan(name, RetrievalSettings.decimal(ws.settings(), RetrievalSettings.RERANKER_WEIGHT, 0.7, 0, 1),
                (int) RetrievalSettings.decimal(ws.settings(), RetrievalSettings.RERANKER_CANDIDATES, 20, 1, 200));
    }

    /** The {@code top} best of {@code hits} after the reranker has read them with {@code query}. */
    List<SearchHit> rerank(Workspace ws, Plan plan, String query, List<SearchHit> hits, int top) {
        if (!plan.on() || hits.size() < 2) {
            return hits.subList(0, Math.min(top, hits.size()));
        }
        Reranker r = reranker(ws, plan.model());
        float[] scores = r.score(query, hits.stream().map(h -> h.heading().isEmpty() ? h.text()
                : h.heading() + "\n" + h.text()).toList());
        Integer[] byModel = new Integer[hits.size()];
        for (int i = 0; i < byModel.length; i++) {
            byModel[i] = i;
        }
        java.util.Arrays.sort(byModel, Comparator.comparingDouble(i -> -scores[i]));
        double[] fused = new double[hits.size()];
        for (int rank = 0; rank < byModel.length; rank++) {
            fused[byModel[rank]] += plan.weight() / (RRF_K + rank + 1);
            fused[rank] += (1 - plan.weight()) / (RRF_K + rank + 1);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> -fused[i]));
        List<SearchHit> out = new ArrayList<>();
        for (int i : order.subList(0, Math.min(top, order.size()))) {
            SearchHit h = hits.get(i);
            out.add(new SearchHit(h.source(), h.docId(), h.chunkId(), h.start(), h.end(), scores[i], h.text(), h.type(),
                    h.heading(), h.ingestedBy()));
        }
        return out;
    }

    private Reranker reranker(Workspace ws, String name) {
        ModelRegistry models = registry.get();
        Path folder = models.resolve(ws, name);
        String prefix = ws.root().toAbsolutePath() + "|" + folder + "|";
        String key = prefix + stamp(folder);
        Reranker r = loaded.get(key);
        if (r != null) {
            return r;
        }
        synchronized (this) {
            r = loaded.get(key);
            if (r == null) {
                // A model re-added under the same name replaces the one loaded before.
                loaded.entrySet().removeIf(e -> {
                    if (e.getKey().startsWith(prefix)) {
                        e.getValue().close();
                        return true;
                    }
                    return false;
                });
                r = models.openReranker(ws, folder.toString(), Progress.silent());
                loaded.put(key, r);
            }
            return r;
        }
    }

    private static String stamp(Path folder) {
        try {
            Path config = folder.resolve("config.json");
            return Files.getLastModifiedTime(config).toMillis() + ":" + Files.size(config);
        } catch (IOException e) {
            return "-";
        }
    }

    void close() {
        loaded.values().forEach(Reranker::close);
        loaded.clear();
    }
}
