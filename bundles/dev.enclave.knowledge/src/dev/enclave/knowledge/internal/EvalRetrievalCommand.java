package dev.enclave.knowledge.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.knowledge.SearchRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code enclave eval retrieval}: recall@K, span-recall@K, MRR and nDCG@10 on a labelled question set. */
@Component(service = CommandContribution.class)
public final class EvalRetrievalCommand implements CommandContribution {
    @Reference
    private KnowledgeBase kb;

    @Override
    public String parent() {
        return "eval";
    }

    @Override
    public Object createCommand(CliContext context) {
        return new Retrieval(context, kb);
    }

    /** One labelled question. */
    record Question(String id, String question, List<String> goldDocs, List<String> goldSpans, boolean answerable) {
    }

    /** Sums of one group's metrics. */
    static final class Totals {
        int n;
        int found;
        int spanN;
        int spanFound;
        double rr;
        double ndcg;

        Map<String, Object> json(int k) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("questions", n);
            m.put("recall@" + k, n == 0 ? 0.0 : round((double) found / n));
            m.put("span_recall@" + k, spanN == 0 ? 0.0 : round((double) spanFound / spanN));
            m.put("mrr", n == 0 ? 0.0 : round(rr / n));
            m.put("ndcg@10", n == 0 ? 0.0 : round(ndcg / n));
            return m;
        }
    }

    /** p50 and p95 (nearest rank) of search latencies in milliseconds. */
    static Map<String, Object> latency(List<Double> ms) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Double> sorted = new ArrayList<>(ms);
        java.util.Collections.sort(sorted);
        m.put("p50", sorted.isEmpty() ? 0.0 : round(sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1)));
        m.put("p95", sorted.isEmpty() ? 0.0 : round(sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1)));
        m.put("searches", sorted.size());
        return m;
    }

    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    static List<Question> read(Path file) {
        List<Question> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw EnclaveException.badInput(file + " cannot be read: " + e.getMessage());
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                out.add(new Question(o.has("id") ? o.get("id").getAsString() : Integer.toString(i + 1),
                        o.get("question").getAsString(), strings(o.get("gold_docs")), strings(o.get("gold_spans")),
                        !o.has("answerable") || o.get("answerable").getAsBoolean()));
            } catch (RuntimeException e) {
                throw EnclaveException.badInput(file + " line " + (i + 1) + " is not a question record "
                        + "{\"id\", \"question\", \"gold_docs\", \"gold_spans\", \"answerable\"}: " + e.getMessage());
            }
        }
        return out;
    }

    private static List<String> strings(JsonElement e) {
        List<String> out = new ArrayList<>();
        if (e != null && e.isJsonArray()) {
            for (JsonElement x : (JsonArray) e) {
                out.add(x.getAsString());
            }
        }
        return out;
    }

    static String fileName(String source) {
        String s = source.replace('\\', '/');
        return s.substring(s.lastIndexOf('/') + 1);
    }

    static String language(String q) {
        return q.codePoints().anyMatch(Analysis::isCjk) ? "zh" : "en";
    }

    @Command(name = "retrieval", mixinStandardHelpOptions = true, description = {
            "Score retrieval on labelled questions: recall@K, span-recall@K, MRR and nDCG@10, overall and per language.",
            "用标注问题评估检索：recall@K、span-recall@K、MRR 与 nDCG@10，整体及分语言。" })
    static final class Retrieval implements java.util.concurrent.Callable<Integer> {
        private final CliContext ctx;
        private final KnowledgeBase kb;

        @Option(names = "--collection", required = true, paramLabel = "NAME", description = { "The collection.", "集合名称。" })
        String collection;

        @Option(names = "--questions", required = true, paramLabel = "FILE.jsonl",
                description = { "Labelled questions, JSON Lines.", "标注问题（JSON Lines）。" })
        Path questions;

        @Option(names = "--top", defaultValue = "5", paramLabel = "K", description = { "Hits per question.", "每题返回条数。" })
        int top;

        @Option(names = "--mode", defaultValue = "hybrid", paramLabel = "bm25|vector|hybrid",
                description = { "Ranking to evaluate.", "要评估的排序方式。" })
        String mode;

        @Option(names = "--misses", description = { "List the questions whose gold document was not found (stderr).",
                "列出未找到标准文档的问题（标准错误输出）。" })
        boolean misses;

        Retrieval(CliContext ctx, KnowledgeBase kb) {
            this.ctx = ctx;
            this.kb = kb;
        }

        /** Questions searched once, untimed, before the timed pass. */
        private static final int WARM_UP = 200;

        /** One search; the run is audited once, as per-search audit entries would time the audit log's fsync. */
        private List<SearchHit> search(SearchRequest req) {
            return kb instanceof LuceneKnowledgeBase l ? l.search(ctx.workspace(), ctx.subject(), req, false)
                    : kb.search(ctx.workspace(), ctx.subject(), req);
        }

        @Override
        public Integer call() {
            if (top < 1) {
                throw EnclaveException.badInput("--top must be at least 1.");
            }
            SearchMode m = SearchMode.parse(mode);
            List<Question> qs = read(questions);
            Totals all = new Totals();
            Map<String, Totals> byLang = new LinkedHashMap<>();
            int skipped = 0;
            List<Double> latencies = new ArrayList<>();
            // An untimed pass first (over up to WARM_UP questions): it loads the index and, for vector modes,
            // the embedding model, and lets the JIT compile the search path, so that the latencies are those
            // of a running workbench rather than of a starting JVM.
            for (Question q : qs.subList(0, Math.min(WARM_UP, qs.size()))) {
                search(SearchRequest.of(collection, q.question(), Math.max(top, 10), m));
            }
            for (Question q : qs) {
                if (!q.answerable()) {
                    skipped++;
                    continue;
                }
                long t0 = System.nanoTime();
                SearchRequest req = SearchRequest.of(collection, q.question(), Math.max(top, 10), m);
                List<SearchHit> hits = search(req);
                latencies.add((System.nanoTime() - t0) / 1e6);
                Set<String> gold = new LinkedHashSet<>(q.goldDocs());
                boolean found = false;
                double rr = 0;
                for (int i = 0; i < Math.min(top, hits.size()); i++) {
                    if (gold.contains(fileName(hits.get(i).source()))) {
                        found = true;
                        rr = 1.0 / (i + 1);
                        break;
                    }
                }
                boolean spanFound = false;
                for (int i = 0; i < Math.min(top, hits.size()) && !spanFound; i++) {
                    for (String span : q.goldSpans()) {
                        if (!span.isEmpty() && hits.get(i).text().contains(span)) {
                            spanFound = true;
                            break;
                        }
                    }
                }
                // nDCG@10 over the ranking of distinct documents; any one gold document answers.
                List<String> docs = new ArrayList<>();
                for (SearchHit h : hits) {
                    String f = fileName(h.source());
                    if (!docs.contains(f)) {
                        docs.add(f);
                    }
                }
                double ndcg = 0;
                for (int i = 0; i < Math.min(10, docs.size()); i++) {
                    if (gold.contains(docs.get(i))) {
                        ndcg = 1.0 / (Math.log(i + 2) / Math.log(2));
                        break;
                    }
                }
                for (Totals t : List.of(all, byLang.computeIfAbsent(language(q.question()), x -> new Totals()))) {
                    t.n++;
                    t.found += found ? 1 : 0;
                    t.rr += rr;
                    t.ndcg += ndcg;
                    if (!q.goldSpans().isEmpty()) {
                        t.spanN++;
                        t.spanFound += spanFound ? 1 : 0;
                    }
                }
                if (misses && !found) {
                    ctx.err().println("miss " + q.id() + ": " + q.question() + " -> "
                            + hits.stream().limit(top).map(h -> fileName(h.source())).toList());
                }
            }
            ctx.workspace().auditLog().append(ctx.subject().name(), "knowledge.eval", collection, AuditEntry.SUCCESS,
                    questions.getFileName() + ", " + all.n + " questions, mode " + mode + ", top " + top);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("collection", collection);
            out.put("mode", m.name().toLowerCase(java.util.Locale.ROOT));
            out.put("k", top);
            out.put("skipped_unanswerable", skipped);
            out.put("overall", all.json(top));
            Map<String, Object> langs = new LinkedHashMap<>();
            byLang.forEach((k, v) -> langs.put(k, v.json(top)));
            out.put("by_language", langs);
            out.put("latency_ms", latency(latencies));
            out.put("cores", Runtime.getRuntime().availableProcessors());
            if (ctx.json()) {
                ctx.out().println(KnowledgeCommands.JSON.toJson(out));
            } else {
                ctx.out().printf("%s, mode %s, %d questions (%d unanswerable skipped)%n", collection, out.get("mode"),
                        all.n, skipped);
                print("overall", all.json(top));
                byLang.forEach((k, v) -> print(k, v.json(top)));
                ctx.out().println("  latency  " + out.get("latency_ms") + " on " + out.get("cores") + " cores");
            }
            return 0;
        }

        private void print(String label, Map<String, Object> m) {
            StringBuilder b = new StringBuilder(String.format("  %-8s", label));
            m.forEach((k, v) -> b.append("  ").append(k).append(' ').append(v));
            ctx.out().println(b);
        }
    }
}
