package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.assistant.Answer;
import dev.enclave.assistant.Citation;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.WorkspaceManager;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.knowledge.SearchRequest;
import dev.enclave.semi.FabQa;

/** Fab expert Q&A: the glossary translating fab terms across languages over a small English SOP / 8D corpus. */
class FabQaTest {
    @TempDir
    Path dir;

    private Workspace ws;
    private Subject eve;
    private KnowledgeBase kb;
    private FabQa qa;

    @BeforeEach
    void setUp() throws Exception {
        ws = Services.service(WorkspaceManager.class).open(dir.resolve("ws"), System.getProperty("user.name"));
        Subject admin = ws.security().login(System.getProperty("user.name"), null);
        ws.security().putUser(admin, "eve", List.of("engineer"));
        ws.security().putUser(admin, "ann", List.of("auditor"));
        eve = ws.security().login(System.getProperty("user.name"), "eve");
        kb = Services.service(KnowledgeBase.class);
        qa = Services.service(FabQa.class);
        Path c = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(c.resolve("8d-scratch-L2417.md"), """
                # 8D report: scratch on lot L2417

                D3 Interim containment: hold every wafer of lot L2417 and of the two following lots on
                the CMP tool P-03, and inspect them on the AOI tool before release.
                D4 The scratch arcs start at the notch; the robot end effector of P-03 was worn.
                D5 Corrective action: replace the end effector and add a weekly end effector check.
                """, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("sop-cmp.md"), """
                # SOP CMP-012 Oxide polishing

                Set the pad conditioner down force to 5 lbf and condition for 12 seconds per wafer.
                The slurry flow is 200 ml/min. Replace the polishing pad after 1500 wafers.
                """, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("sop-litho.md"), """
                # SOP PH-007 Photoresist coating

                Spin the photoresist at 3000 rpm for 30 seconds. Soft bake at 95 C for 60 seconds.
                Overlay must stay within 8 nm; a lot out of spec goes to rework.
                """, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("8d-particles-L2390.md"), """
                # 8D report: particles after etch on lot L2390

                D3 Interim containment: the etch chamber E-11 was taken down for a wet clean.
                D4 Flaking from the chamber liner raised the particle count above 50 adders.
                """, StandardCharsets.UTF_8);
        kb.ingest(ws, admin, "fab", List.of(c), List.of("engineer"), false, Progress.silent());
    }

    @Test
    void glossaryIsBilingualAndLarge() {
        Map<String, List<String>> g = qa.glossary();
        assertTrue(g.size() >= 150, "entries: " + g.size());
        assertTrue(g.get("yield").contains("良率"), g.get("yield").toString());
        assertTrue(g.get("scratch").contains("划痕"));
        assertTrue(g.get("edge-ring").contains("边缘环状"));
        assertTrue(g.get("out of control").contains("OOC"));
        assertTrue(qa.lookup("套刻").containsKey("overlay"), qa.lookup("套刻").toString());
    }

    @Test
    void expansionAddsTheOtherLanguageAfterTheQuestion() {
        List<String> zh = qa.expand("晶圆出现划痕时应采取什么围堵措施？");
        assertTrue(zh.containsAll(List.of("wafer", "scratch", "containment")), zh.toString());
        assertTrue(zh.stream().noneMatch(t -> t.contains("划痕")), zh.toString());
        List<String> en = qa.expand("What is the CD limit after lithography on wafers with scratches?");
        assertTrue(en.containsAll(List.of("关键尺寸", "光刻", "划痕", "晶圆")), en.toString());
        // Abbreviations match as words with their case: "cd" in "card" or a lower-case "cd" is not CD.
        assertFalse(qa.expand("the probe card cd drive").contains("关键尺寸"));
        assertTrue(qa.expand("no fab term here at all").isEmpty());
        String q = "晶圆出现划痕时应采取什么围堵措施？";
        String expanded = qa.expandedQuestion(q);
        assertTrue(expanded.startsWith(q), expanded);
        assertTrue(expanded.indexOf("scratch") > expanded.lastIndexOf(q), expanded);
    }

    @Test
    void chineseQuestionFindsTheEnglishPassageThroughTheGlossary() {
        String q = "晶圆出现划痕时应采取什么围堵措施？";
        // The glossary is a contribution to the knowledge base's query translation: a plain search
        // in Chinese ranks the English 8D first, as the written-out expansion does.
        List<SearchHit> plain = kb.search(ws, eve, SearchRequest.of("fab", q, 5, SearchMode.HYBRID));
        List<SearchHit> expanded = kb.search(ws, eve, SearchRequest.of("fab", qa.expandedQuestion(q), 5,
                SearchMode.HYBRID));
        assertFalse(plain.isEmpty());
        assertTrue(plain.get(0).source().endsWith("8d-scratch-L2417.md"),
                "plain: " + plain.stream().map(SearchHit::source).toList());
        assertTrue(expanded.get(0).source().endsWith("8d-scratch-L2417.md"), expanded.get(0).source());
        // Keyword search alone has no embedding to bridge the languages: only translation gets there.
        List<SearchHit> keyword = kb.search(ws, eve, SearchRequest.of("fab", q, 5, SearchMode.BM25));
        assertFalse(keyword.isEmpty(), "a Chinese keyword query finds the English 8D through the glossary");
        assertTrue(keyword.get(0).source().endsWith("8d-scratch-L2417.md"), keyword.get(0).source());

        StringBuilder streamed = new StringBuilder();
        Answer a = qa.ask(ws, eve, null, q, streamed::append, Progress.silent());
        assertTrue(a.answerable(), a.toString());
        assertFalse(a.citations().isEmpty());
        assertTrue(a.citations().get(0).source().endsWith("8d-scratch-L2417.md"), a.citations().toString());
        assertTrue(a.answer().contains("L2417"), "lot ids stay exact: " + a.answer());
        assertEquals(a.answer(), streamed.toString());
        for (Citation c : a.citations()) {
            String text = kb.text(ws, eve, "fab", c.docId()).orElseThrow();
            assertEquals(text.substring(c.start(), c.end()), c.text(), "a citation is an exact span");
        }
    }

    @Test
    void englishQuestionsStillRankTheirOwnPassageFirst() {
        String q = "What is the slurry flow for oxide CMP polishing?";
        List<SearchHit> hits = kb.search(ws, eve, SearchRequest.of("fab", qa.expandedQuestion(q), 5,
                SearchMode.HYBRID));
        assertTrue(hits.get(0).source().endsWith("sop-cmp.md"), hits.get(0).source());
        Answer a = qa.ask(ws, eve, "fab", q, null, Progress.silent());
        assertTrue(a.answerable(), a.toString());
        assertTrue(a.answer().contains("200 ml/min"), a.answer());
    }

    @Test
    void unanswerableAndUnreadableQuestionsSaySoInTheQuestionsLanguage() {
        Answer en = qa.ask(ws, eve, "fab", "What is the boiling point of the slurry?", null, Progress.silent());
        assertFalse(en.answerable(), en.toString());
        assertTrue(en.answer().contains("do not contain"), en.answer());
        assertTrue(en.citations().isEmpty());
        Subject ann = ws.security().login(System.getProperty("user.name"), "ann");
        Answer zh = qa.ask(ws, ann, "fab", "晶圆出现划痕时应采取什么围堵措施？", null, Progress.silent());
        assertFalse(zh.answerable(), "an auditor may not read the engineers' 8D: " + zh);
        assertTrue(zh.answer().contains("文档中没有"), zh.answer());
        // The fab assistant keeps the assistant's count of what the roles withheld (issue 16): a count, never what.
        assertTrue(zh.hidden() > 0, zh.toString());
        assertTrue(zh.answer().contains("有 " + zh.hidden() + " 份相关文档您的角色无权阅读。"), zh.answer());
        assertEquals(0, en.hidden(), "eve may read every fab document: " + en);
    }

    @Test
    void cliAskSaysHowManyMatchingDocumentsWereHiddenAfterTheAnswer() throws Exception {
        Subject admin = ws.security().login(System.getProperty("user.name"), null);
        Path audit = Files.createDirectories(dir.resolve("audit-notes"));
        Files.writeString(audit.resolve("review-L2417.md"), """
                # Audit review of the scratch containment on lot L2417

                The auditors reviewed the interim containment of lot L2417 on the CMP tool P-03.
                """, StandardCharsets.UTF_8);
        kb.ingest(ws, admin, "fab", List.of(audit), List.of("auditor"), false, Progress.silent());
        Services.Run run = Services.cli(dir.resolve("ws"), "--user", "eve", "fab", "ask",
                "What containment was applied to lot L2417?");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("8d-scratch-L2417.md"), run.out());
        assertTrue(run.out().strip().endsWith("1 document matching the question is not readable with your roles."),
                run.out());
        assertFalse(run.out().contains("review-L2417"), "never what was hidden: " + run.out());
    }

    @Test
    void cliAskPrintsTheAskJsonShapeAndGlossaryLooksUpTerms() {
        Services.Run run = Services.cli(dir.resolve("ws"), "--user", "eve", "fab", "ask", "--json",
                "晶圆出现划痕时应采取什么围堵措施？");
        assertEquals(0, run.code(), run.err());
        JsonObject o = JsonParser.parseString(run.out()).getAsJsonObject();
        assertTrue(o.get("answerable").getAsBoolean(), run.out());
        assertTrue(o.has("answer") && o.has("model"));
        JsonArray cites = o.getAsJsonArray("citations");
        assertTrue(cites.get(0).getAsJsonObject().get("source").getAsString().endsWith("8d-scratch-L2417.md"));
        for (String f : List.of("source", "start", "end", "text")) {
            assertTrue(cites.get(0).getAsJsonObject().has(f), f);
        }

        Services.Run g = Services.cli(dir.resolve("ws"), "fab", "glossary", "--json", "良率");
        assertEquals(0, g.code(), g.err());
        JsonArray entries = JsonParser.parseString(g.out()).getAsJsonObject().getAsJsonArray("entries");
        assertEquals("yield", entries.get(0).getAsJsonObject().get("term").getAsString());
        Services.Run bad = Services.cli(dir.resolve("ws"), "fab", "glossary", "no-such-term-xyz");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("no-such-term-xyz"), bad.err());
        Services.Run missing = Services.cli(dir.resolve("ws"), "fab", "ask", "--collection", "nope", "良率是多少？");
        assertEquals(2, missing.code(), missing.out());
    }
}
