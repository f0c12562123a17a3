package dev.enclave.knowledge.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.IndexedDocument;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.knowledge.SearchRequest;
import dev.enclave.knowledge.internal.EmbeddingCache;
import dev.enclave.runtime.EmbeddingModel;
import dev.enclave.runtime.ModelRegistry;

/** Ingest, search in the three modes, re-ingest, replace and delete, through the CLI as the evaluation drives it. */
class KnowledgeBaseTest {
    @TempDir
    Path dir;

    static Path corpus(Path dir) throws Exception {
        Path c = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(c.resolve("cmp.md"), """
                # CMP 抛光垫修整

                修整盘压力设定为 5 lbf，每片晶圆修整 12 秒。修整不足会导致抛光速率下降。

                # Slurry
                浆料流量为 200 ml/min。
                """, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("litho.txt"), """
                Photoresist coating: spin at 3000 rpm for 30 seconds, then soft bake at 95 C for 60 seconds.
                Edge bead removal (EBR) is applied after coating to clear 2 mm at the wafer edge.
                """, StandardCharsets.UTF_8);
        Files.write(c.resolve("etch-gbk.txt"), "刻蚀腔体每 500 片晶圆进行一次湿法清洗，清洗后需做颗粒检测。".getBytes("GBK"));
        Files.writeString(c.resolve("alarms.html"), "<h1>Alarm E-4410</h1><p>Chamber pressure out of range: check the "
                + "throttle valve and the pressure gauge.</p>", StandardCharsets.UTF_8);
        Files.write(c.resolve("broken.pdf"), "%PDF-1.7\n truncated".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(c.resolve("ignored.bin"), "not a document type: skipped when walking a folder");
        return c;
    }

    /**
     * More chunks than one embedding batch, English and Chinese mixed, so that the chunks are
     * reordered by length for the model and embedded on the pipeline's thread: every chunk must
     * still get its own vector (its own text, searched by vector, finds it first).
     */
    @Test
    void everyChunkKeepsItsOwnVectorThroughTheEmbeddingPipeline() throws Exception {
        Path c = Files.createDirectories(dir.resolve("many"));
        java.util.Random rnd = new java.util.Random(42);
        String[] en = ("wafer lot tool chamber pressure recipe alarm valve pump clean etch resist bake spin "
                + "yield defect scanner reticle slurry pad oxide nitride anneal implant dose probe").split(" ");
        String zh = "晶圆批次设备腔体压力配方报警阀门泵清洗刻蚀光刻胶烘烤旋涂良率缺陷扫描掩模浆料抛光氧化氮化退火注入剂量探针";
        int files = 48;
        for (int f = 0; f < files; f++) {
            StringBuilder t = new StringBuilder();
            for (int p = 0; p < 30; p++) {
                for (int w = 0; w < 20; w++) {
                    if (f % 3 == 0) {
                        int k = rnd.nextInt(zh.length() - 2);
                        t.append(zh, k, k + 2);
                    } else {
                        t.append(en[rnd.nextInt(en.length)]).append(' ');
                    }
                }
                t.append(f % 3 == 0 ? "。\n\n" : ".\n\n");
            }
            Files.writeString(c.resolve("doc-" + f + ".txt"), t.toString(), StandardCharsets.UTF_8);
        }
        Workspace ws = Support.workspace(dir.resolve("ws-many"));
        Subject admin = Support.login(ws, null);
        KnowledgeBase kb = Support.service(KnowledgeBase.class);
        var report = kb.ingest(ws, admin, "many", List.of(c), List.of(), true, dev.enclave.core.Progress.silent());
        assertEquals(files, report.added());
        List<SearchHit> all = kb.chunks(ws, admin, "many");
        assertTrue(all.size() > 256, "more chunks than one embedding batch: " + all.size());
        for (int i = 0; i < all.size(); i += 37) {
            SearchHit chunk = all.get(i);
            List<SearchHit> hits = kb.search(ws, admin, SearchRequest.of("many", chunk.text(), 1, SearchMode.VECTOR));
            assertEquals(chunk.docId() + ":" + chunk.start(), hits.get(0).docId() + ":" + hits.get(0).start(),
                    "the chunk's own text finds it by vector: " + chunk.text());
        }
    }

    /**
     * An ingest embeds each distinct text once (copies of a file, repeated passages): the
     * model sees a text the first time only, and the copy gets the very same vector.
     */
    @Test
    void anIngestEmbedsEachDistinctTextOnce() throws Exception {
        Workspace ws = Support.workspace(dir.resolve("ws-cache"));
        try (EmbeddingModel bge = Support.service(ModelRegistry.class).openEmbedder(ws, null, null,
                dev.enclave.core.Progress.silent())) {
            EmbeddingCache cache = new EmbeddingCache(bge);
            float[][] first = cache.embed(List.of("晶圆良率预测", "wafer yield", "晶圆良率预测"));
            assertEquals(2, cache.embedded(), "the batch's duplicate reaches the model once");
            assertSame(first[0], first[2]);
            float[] alone = bge.embed(List.of("wafer yield"))[0];
            // The quantized model's activations are scaled per batch, so a text's vector moves a little with its batch.
            assertTrue(cosine(alone, first[1]) > 0.98, "the text's own vector: cos " + cosine(alone, first[1]));
            float[][] second = cache.embed(List.of("wafer yield", "etch rate"));
            assertEquals(3, cache.embedded(), "a text seen in an earlier batch is not embedded again");
            assertSame(first[1], second[0]);
            assertTrue(cosine(second[0], second[1]) < 0.99, "a new text gets its own vector");
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    @Test
    void ingestSearchReingestReplaceDeleteThroughTheCli() throws Exception {
        Path data = dir.resolve("ws");
        Path corpus = corpus(dir);
        Support.Run r = Support.cli(data, "ingest", "--collection", "fab", "--json", corpus.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject j = r.json();
        assertEquals("fab", j.get("collection").getAsString());
        assertEquals(4, j.get("added").getAsInt(), r.out());
        assertEquals(0, j.get("updated").getAsInt());
        assertEquals(0, j.get("unchanged").getAsInt());
        JsonArray failed = j.getAsJsonArray("failed");
        assertEquals(1, failed.size(), r.out());
        assertTrue(failed.get(0).getAsJsonObject().get("path").getAsString().endsWith("broken.pdf"));
        assertTrue(failed.get(0).getAsJsonObject().get("error").getAsString().contains("broken.pdf"));
        assertTrue(j.get("chunks").getAsInt() >= 4);

        for (String mode : List.of("bm25", "vector", "hybrid")) {
            Support.Run s = Support.cli(data, "search", "--collection", "fab", "--top", "3", "--mode", mode, "--json",
                    "修整盘压力");
            assertEquals(0, s.code(), s.err());
            JsonArray hits = s.json().getAsJsonArray("hits");
            assertFalse(hits.isEmpty(), mode);
            JsonObject top = hits.get(0).getAsJsonObject();
            assertTrue(top.get("source").getAsString().endsWith("cmp.md"), mode + ": " + s.out());
            for (String k : List.of("source", "doc_id", "chunk_id", "start", "end", "score", "text")) {
                assertTrue(top.has(k), k);
            }
            assertEquals(top.get("end").getAsInt() - top.get("start").getAsInt(), top.get("text").getAsString().length());
        }
        // English query with stemming ("coated" → coat), a Latin code, and a GBK file found by a Chinese query.
        assertTop(data, "bm25", "how fast is the resist coated", "litho.txt");
        assertTop(data, "bm25", "E-4410", "alarms.html");
        assertTop(data, "bm25", "湿法清洗多久一次", "etch-gbk.txt");
        assertTop(data, "hybrid", "EBR 去边宽度", "litho.txt");

        // Filters by type and by modification date.
        Support.Run typed = Support.cli(data, "search", "--collection", "fab", "--mode", "bm25", "--type", "html",
                "--json", "pressure 压力");
        assertEquals(0, typed.code(), typed.err());
        assertFalse(typed.json().getAsJsonArray("hits").isEmpty());
        typed.json().getAsJsonArray("hits").forEach(h -> assertTrue(
                h.getAsJsonObject().get("source").getAsString().endsWith("alarms.html"), typed.out()));
        Support.Run future = Support.cli(data, "search", "--collection", "fab", "--mode", "bm25", "--from",
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2).toString(), "--json", "pressure 压力");
        assertTrue(future.json().getAsJsonArray("hits").isEmpty(), future.out());
        Support.Run past = Support.cli(data, "search", "--collection", "fab", "--mode", "bm25", "--to",
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2).toString(), "--json", "pressure 压力");
        assertFalse(past.json().getAsJsonArray("hits").isEmpty(), past.out());

        // Hit text is exactly the span of the stored extracted text.
        Workspace ws = Support.workspace(data);
        Subject me = Support.login(ws, null);
        KnowledgeBase kb = Support.service(KnowledgeBase.class);
        SearchHit hit = kb.search(ws, me, SearchRequest.of("fab", "浆料流量", 1, SearchMode.BM25)).get(0);
        String text = kb.text(ws, me, "fab", hit.docId()).orElseThrow();
        assertEquals(text.substring(hit.start(), hit.end()), hit.text());
        assertTrue(hit.text().contains("200 ml/min"), hit.text());
        assertEquals("Slurry", hit.heading());

        // Unchanged files are a no-op; a changed file replaces its chunks.
        r = Support.cli(data, "ingest", "--collection", "fab", "--json", corpus.toString());
        assertEquals(4, r.json().get("unchanged").getAsInt(), r.out());
        assertEquals(0, r.json().get("chunks").getAsInt());
        Files.writeString(corpus.resolve("litho.txt"), "Photoresist is now coated at 4000 rpm.", StandardCharsets.UTF_8);
        r = Support.cli(data, "ingest", "--collection", "fab", "--json", corpus.toString());
        assertEquals(1, r.json().get("updated").getAsInt(), r.out());
        assertEquals(3, r.json().get("unchanged").getAsInt(), r.out());
        List<SearchHit> rpm = kb.search(ws, me, SearchRequest.of("fab", "rpm", 10, SearchMode.BM25));
        assertEquals(1, rpm.size(), "old chunks are gone: " + rpm);
        assertTrue(rpm.get(0).text().contains("4000 rpm"));
        assertEquals(4, kb.documents(ws, me, "fab").size());

        // Delete by source path.
        assertTrue(kb.delete(ws, me, "fab", corpus.resolve("litho.txt").toString()));
        assertTrue(kb.search(ws, me, SearchRequest.of("fab", "rpm", 10, SearchMode.BM25)).isEmpty());
        assertEquals(List.of("alarms.html", "cmp.md", "etch-gbk.txt"),
                kb.documents(ws, me, "fab").stream().map(IndexedDocument::source)
                        .map(s -> Path.of(s).getFileName().toString()).toList());

        String audit = Files.readString(data.resolve("audit/audit.jsonl"));
        for (String action : List.of("knowledge.ingest", "knowledge.search", "knowledge.delete")) {
            assertTrue(audit.contains(action), action + " is audited");
        }
        assertFalse(audit.contains("修整盘压力"), "queries are audited by hash, not in clear");
    }

    @Test
    void badInputExitsTwoNamingIt() throws Exception {
        Path data = dir.resolve("ws");
        Support.Run r = Support.cli(data, "search", "--collection", "nothing", "--json", "x");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("nothing"), r.err());
        r = Support.cli(data, "ingest", "--collection", "c", "--no-vectors", "--json", dir.resolve("missing.txt").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("missing.txt"), r.err());
        r = Support.cli(data, "ingest", "--collection", "c", "--acl", "nosuchrole", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("nosuchrole"), r.err());
        r = Support.cli(data, "ingest", "--collection", "../escape", dir.toString());
        assertEquals(2, r.code());
    }

    @Test
    void evalRetrievalScoresALabelledSet() throws Exception {
        Path data = dir.resolve("ws");
        Path corpus = corpus(dir);
        assertEquals(0, Support.cli(data, "ingest", "--collection", "fab", "--no-vectors", corpus.toString()).code());
        List<String> lines = new ArrayList<>();
        lines.add("{\"id\":\"q1\",\"question\":\"修整盘压力是多少\",\"gold_docs\":[\"cmp.md\"],\"gold_spans\":[\"5 lbf\"],\"answerable\":true}");
        lines.add("{\"id\":\"q2\",\"question\":\"spin speed of photoresist coating\",\"gold_docs\":[\"litho.txt\"],\"gold_spans\":[\"3000 rpm\"],\"answerable\":true}");
        lines.add("{\"id\":\"q3\",\"question\":\"What is the CEO's salary?\",\"gold_docs\":[],\"gold_spans\":[],\"answerable\":false}");
        lines.add("{\"id\":\"q4\",\"question\":\"throttle valve\",\"gold_docs\":[\"cmp.md\"],\"gold_spans\":[\"never there\"],\"answerable\":true}");
        Path q = Files.write(dir.resolve("q.jsonl"), lines, StandardCharsets.UTF_8);
        Support.Run r = Support.cli(data, "eval", "retrieval", "--collection", "fab", "--questions", q.toString(),
                "--top", "1", "--mode", "bm25", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject overall = r.json().getAsJsonObject("overall");
        assertEquals(3, overall.get("questions").getAsInt());
        assertEquals(2.0 / 3, overall.get("recall@1").getAsDouble(), 1e-3, r.out());
        assertEquals(2.0 / 3, overall.get("span_recall@1").getAsDouble(), 1e-3);
        assertEquals(2.0 / 3, overall.get("mrr").getAsDouble(), 1e-3);
        JsonObject zh = r.json().getAsJsonObject("by_language").getAsJsonObject("zh");
        assertEquals(1.0, zh.get("recall@1").getAsDouble(), 1e-9);
        JsonObject en = r.json().getAsJsonObject("by_language").getAsJsonObject("en");
        assertEquals(0.5, en.get("recall@1").getAsDouble(), 1e-9);
        assertEquals(1, r.json().get("skipped_unanswerable").getAsInt());
    }

    private static void assertTop(Path data, String mode, String query, String expected) {
        Support.Run s = Support.cli(data, "search", "--collection", "fab", "--top", "3", "--mode", mode, "--json", query);
        assertEquals(0, s.code(), s.err());
        JsonArray hits = s.json().getAsJsonArray("hits");
        assertFalse(hits.isEmpty(), query);
        List<String> sources = new ArrayList<>();
        for (JsonElement h : hits) {
            sources.add(Path.of(h.getAsJsonObject().get("source").getAsString()).getFileName().toString());
        }
        assertEquals(expected, sources.get(0), query + " -> " + sources);
    }
}
