package dev.enclave.knowledge.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.Glossary;
import dev.enclave.knowledge.GlossaryEntry;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.QueryTranslation;
import dev.enclave.knowledge.RetrievalSettings;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.knowledge.SearchRequest;
import dev.enclave.knowledge.TranslatedTerm;

/**
 * Query translation (issue 16): the embedded CC-CEDICT both ways, codes and numbers left as
 * written, pack glossaries and the workspace term list merged over it, and keyword search finding
 * documents in the other language while same-language ranking stays first.
 */
class QueryTranslationTest {
    @TempDir
    Path dir;

    private static List<String> terms(List<TranslatedTerm> t) {
        return t.stream().map(TranslatedTerm::term).toList();
    }

    @Test
    void theEmbeddedDictionaryTranslatesBothWaysAndLeavesCodesAndNumbers() {
        QueryTranslation qt = Support.service(QueryTranslation.class);
        Workspace ws = Support.workspace(dir.resolve("ws"));
        // CC-CEDICT has about 120,000 headwords; the build embeds all of them.
        assertTrue(qt.dictionarySize() > 100_000, "headwords: " + qt.dictionarySize());
        List<TranslatedTerm> zh = qt.translate(ws, "CMP-03 的修整盘运行了多少小时？");
        assertTrue(terms(zh).contains("hour"), zh.toString());
        assertTrue(zh.stream().noneMatch(t -> t.from().contains("CMP") || t.from().contains("03")), zh.toString());
        assertTrue(zh.stream().noneMatch(t -> t.from().equals("多少")), "question words are not translated: " + zh);
        assertTrue(zh.stream().allMatch(t -> !t.chinese() && t.weight() > 0 && t.weight() < 1), zh.toString());

        List<TranslatedTerm> en = qt.translate(ws, "What is the wafer cleaning temperature for lot 350?");
        assertTrue(terms(en).contains("温度"), en.toString());
        assertTrue(terms(en).contains("晶圆"), en.toString());
        assertTrue(en.stream().allMatch(TranslatedTerm::chinese), en.toString());
        assertTrue(en.stream().noneMatch(t -> t.from().equals("350") || t.from().equalsIgnoreCase("what")),
                en.toString());
    }

    @Test
    void workspaceTermsAndPackGlossariesComeBeforeTheDictionary() {
        QueryTranslation qt = Support.service(QueryTranslation.class);
        Workspace ws = Support.workspace(dir.resolve("ws"));
        Subject me = Support.login(ws, null);
        ServiceRegistration<Glossary> reg = FrameworkUtil.getBundle(getClass()).getBundleContext().registerService(
                Glossary.class, new Glossary() {
                    @Override
                    public String name() {
                        return "test-pack";
                    }

                    @Override
                    public List<GlossaryEntry> entries() {
                        return List.of(GlossaryEntry.parse("pad conditioner|dresser = 修整器"));
                    }
                }, null);
        try {
            assertTrue(qt.glossaries().contains("test-pack"), qt.glossaries().toString());
            List<TranslatedTerm> fromPack = qt.translate(ws, "修整器的寿命");
            TranslatedTerm pad = fromPack.stream().filter(t -> t.term().equals("pad conditioner")).findFirst()
                    .orElseThrow(() -> new AssertionError(fromPack.toString()));
            assertEquals("test-pack", pad.source());
            assertTrue(fromPack.stream().anyMatch(t -> t.source().equals("cc-cedict") && t.from().equals("寿命")),
                    fromPack.toString());

            qt.addTerm(ws, me, new GlossaryEntry(List.of("dresser disk"), List.of("修整盘")));
            qt.addTerm(ws, me, new GlossaryEntry(List.of("Dresser Disk", "conditioning disk"), List.of("修整盘")));
            assertEquals(List.of(new GlossaryEntry(List.of("dresser disk", "conditioning disk"), List.of("修整盘"))),
                    qt.terms(ws), "the second add merges into the entry that has its term");
            List<TranslatedTerm> t = qt.translate(ws, "修整盘 hours");
            TranslatedTerm disk = t.stream().filter(x -> x.term().equals("dresser disk")).findFirst()
                    .orElseThrow(() -> new AssertionError(t.toString()));
            assertEquals("workspace", disk.source());
            float dict = t.stream().filter(x -> x.source().equals("cc-cedict")).map(TranslatedTerm::weight).findFirst()
                    .orElseThrow();
            assertTrue(disk.weight() > pad.weight() && pad.weight() > dict, t.toString());
            assertTrue(qt.translate(ws, "conditioning disks").stream().anyMatch(x -> x.term().equals("修整盘")));
            assertEquals(1, qt.removeTerm(ws, me, "修整盘"));
            assertTrue(qt.terms(ws).isEmpty());
        } finally {
            reg.unregister();
        }
        assertFalse(qt.glossaries().contains("test-pack"));
    }

    @Test
    void keywordSearchFindsTheOtherLanguageAndKeepsItsOwnFirst() throws Exception {
        Path c = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(c.resolve("wet-bench-sop.md"), """
                # Wet bench SOP
                The cleaning temperature of the SC1 bath is 65 C. Replace the bath after 24 hours.
                """, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("litho.md"), """
                # 光刻
                光刻胶涂布转速 3000 rpm，软烘 95 度 60 秒。
                """, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("etch-zh.md"), """
                # 刻蚀清洗
                刻蚀腔体的清洗温度为 40 度，每 500 片晶圆清洗一次。
                """, StandardCharsets.UTF_8);
        Workspace ws = Support.workspace(dir.resolve("ws"));
        Subject me = Support.login(ws, null);
        KnowledgeBase kb = Support.service(KnowledgeBase.class);
        kb.ingest(ws, me, "fab", List.of(c), List.of(), false, Progress.silent());
        List<SearchHit> hits = kb.search(ws, me, SearchRequest.of("fab", "SC1 清洗槽的温度是多少？", 3, SearchMode.BM25));
        assertTrue(hits.stream().anyMatch(h -> h.source().endsWith("wet-bench-sop.md")), hits.toString());
        // A question in the documents' own language still ranks its own-language answer first.
        List<SearchHit> own = kb.search(ws, me, SearchRequest.of("fab", "刻蚀腔体清洗温度", 3, SearchMode.BM25));
        assertTrue(own.get(0).source().endsWith("etch-zh.md"), own.toString());
        List<SearchHit> english = kb.search(ws, me, SearchRequest.of("fab", "photoresist spin speed", 3,
                SearchMode.BM25));
        assertFalse(english.isEmpty());
        assertTrue(english.get(0).source().endsWith("litho.md"), english.toString());
    }

    @Test
    void hybridSearchFindsTheOtherLanguagesAnswerBesideOneDocumentsManyChunks() throws Exception {
        Path c = Files.createDirectories(dir.resolve("docs"));
        StringBuilder sop = new StringBuilder("# 石英晶舟清洗作业指导书\n");
        String[] steps = { "石英晶舟清洗前检查有无裂纹与缺角。", "石英晶舟在稀氢氟酸中浸泡 10 分钟后清洗。",
                "石英晶舟清洗后用超纯水冲洗五次。", "石英晶舟清洗记录须写明批号与清洗次数。", "石英晶舟清洗后放入专用晶舟盒。" };
        for (int i = 0; i < steps.length; i++) {
            sop.append("\n## ").append(i + 1).append(". 第").append(i + 1).append("步\n\n").append(steps[i]).append('\n');
        }
        Files.writeString(c.resolve("zh-boat-clean-sop.md"), sop, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("en-boat-bake.md"), """
                # Quartz boat bake
                After cleaning, bake the quartz boat in the furnace at 1000 C for 2 hours before it carries product.
                """, StandardCharsets.UTF_8);
        Workspace ws = Support.workspace(dir.resolve("ws"));
        Subject me = Support.login(ws, null);
        KnowledgeBase kb = Support.service(KnowledgeBase.class);
        kb.ingest(ws, me, "fab", List.of(c), List.of(), true, Progress.silent());
        SearchRequest q = SearchRequest.of("fab", "石英晶舟清洗后要烘烤多少小时？", 5, SearchMode.HYBRID);

        List<SearchHit> hits = kb.search(ws, me, q);
        assertEquals(5, hits.size(), hits.toString());
        assertTrue(hits.stream().anyMatch(h -> h.source().endsWith("en-boat-bake.md")), hits.toString());
        assertTrue(hits.get(0).source().endsWith("zh-boat-clean-sop.md"), "the question's own language still comes first: "
                + hits);
        // Without the translated words only the vector ranking finds the English document, which it cannot judge
        // across languages well: the document scores less than with them.
        float with = score(hits, "en-boat-bake.md");
        ws.settings().put(RetrievalSettings.TRANSLATION_WEIGHT, "0");
        List<SearchHit> without = kb.search(ws, me, q);
        assertTrue(score(without, "en-boat-bake.md") < with, without.toString());
    }

    private static float score(List<SearchHit> hits, String source) {
        return hits.stream().filter(h -> h.source().endsWith(source)).map(SearchHit::score).findFirst().orElse(0f);
    }

    @Test
    void termsCommandAddsListsLooksUpAndRemoves() {
        Path data = dir.resolve("ws");
        Support.workspace(data);
        Support.Run add = Support.cli(data, "terms", "add", "dresser disk|conditioner", "修整盘");
        assertEquals(0, add.code(), add.err());
        Support.Run list = Support.cli(data, "--json", "terms", "list");
        assertEquals(0, list.code(), list.err());
        assertEquals("修整盘", list.json().getAsJsonArray("terms").get(0).getAsJsonObject().getAsJsonArray("chinese")
                .get(0).getAsString());
        assertTrue(list.json().get("dictionary_headwords").getAsInt() > 100_000);
        Support.Run lookup = Support.cli(data, "--json", "terms", "lookup", "修整盘");
        assertEquals(0, lookup.code(), lookup.err());
        assertTrue(lookup.out().contains("\"dresser disk\"") && lookup.out().contains("\"workspace\""), lookup.out());
        Support.Run swapped = Support.cli(data, "terms", "add", "修整盘", "dresser disk");
        assertEquals(2, swapped.code());
        assertTrue(swapped.err().contains("English term"), swapped.err());
        assertEquals(0, Support.cli(data, "terms", "remove", "conditioner").code());
        Support.Run again = Support.cli(data, "terms", "remove", "conditioner");
        assertEquals(2, again.code());
        assertTrue(again.err().contains("conditioner"), again.err());
    }
}
