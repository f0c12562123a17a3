package dev.enclave.assistant.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.assistant.Answer;
import dev.enclave.assistant.AskRequest;
import dev.enclave.assistant.Assistant;
import dev.enclave.assistant.Citation;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.WorkspaceManager;
import dev.enclave.knowledge.GlossaryEntry;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.QueryTranslation;
import dev.enclave.knowledge.SearchMode;

/**
 * Extractive answers a fab engineer can trust (issue 16): the sentence or table row that holds what
 * was asked (a quantity with its unit, a procedure step), never a heading alone, across languages
 * through query translation, every citation an existing span. Keyword search only (no vectors), so
 * the translation, not the embedding model, carries the other language.
 */
class TrustedAnswerTest {
    @TempDir
    Path dir;

    private Workspace ws;
    private Subject me;
    private KnowledgeBase kb;
    private Assistant assistant;

    @BeforeEach
    void setUp() throws Exception {
        ws = AssistantTest.service(WorkspaceManager.class).open(dir.resolve("ws"), System.getProperty("user.name"));
        me = ws.security().login(System.getProperty("user.name"), null);
        kb = AssistantTest.service(KnowledgeBase.class);
        assistant = AssistantTest.service(Assistant.class);
        Path c = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(c.resolve("8d-cmp03.md"), """
                # 8D 报告：CMP-03 修整盘失效

                CMP-03 修整盘运行记录见附表，由设备工程师每周检查。
                本次失效时，修整盘累计运行 412 小时，抛光速率下降 18%。
                """, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("dresser-sop.md"), """
                # Dresser disk replacement

                The dresser disk is a consumable part of the CMP polisher.
                1. Stop the polisher and lock out the dresser arm.
                2. Remove the worn dresser disk and fit a new dresser disk.
                3. Run a break-in of 10 minutes before production.
                """, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("life-table.md"), """
                # Consumable life

                | Tool | Part | Life limit | Hours run |
                |---|---|---|---|
                | ETCH-07 | focus ring | 900 h | 610 h |
                | LITHO-02 | lamp | 2000 h | 1500 h |
                """, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("wet-bench.md"), """
                # Wet bench

                The wet bench SC1 bath temperature is kept at 65 °C during cleaning.
                Operators record the bath temperature in the MES every shift.
                """, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("esc.md"), """
                # Electrostatic chuck

                The ESC of ETCH-09 is replaced after 3,000 RF hours.
                """, StandardCharsets.UTF_8);
        kb.ingest(ws, me, "fab", List.of(c), List.of(), false, Progress.silent());
    }

    private Answer ask(String q) {
        return askIn("fab", q);
    }

    private Answer askIn(String collection, String q) {
        Answer a = assistant.ask(ws, me, new AskRequest(collection, q, 5, SearchMode.BM25, null), null,
                Progress.silent());
        for (Citation c : a.citations()) {
            String text = kb.text(ws, me, collection, c.docId()).orElseThrow();
            assertEquals(text.substring(c.start(), c.end()), c.text(), "a citation is an exact span: " + c);
            assertFalse(c.text().strip().startsWith("#"), "a heading is never the answer: " + a);
        }
        return a;
    }

    @Test
    void aQuantityQuestionIsAnsweredWithTheQuantityAndItsUnit() {
        Answer a = ask("CMP-03 的修整盘运行了多少小时？");
        assertTrue(a.answerable(), a.toString());
        assertTrue(a.citations().get(0).text().contains("412 小时"), a.toString());
    }

    @Test
    void aTableRowIsAnAnswerNotAHeading() {
        Answer a = ask("How many hours has the ETCH-07 focus ring run?");
        assertTrue(a.answerable(), a.toString());
        assertTrue(a.citations().get(0).text().contains("ETCH-07") && a.citations().get(0).text().contains("610 h"),
                a.toString());
    }

    @Test
    void aHowQuestionIsAnsweredWithAProcedureStep() {
        Answer a = ask("How do I replace the dresser disk?");
        assertTrue(a.answerable(), a.toString());
        String first = a.citations().get(0).text();
        assertTrue(first.matches("(?s)\\d\\. .*"), "a numbered step, whole with its number: " + a);
    }

    @Test
    void aChineseQuestionIsAnsweredFromAnEnglishDocumentThroughTheTermList() throws Exception {
        QueryTranslation qt = AssistantTest.service(QueryTranslation.class);
        qt.addTerm(ws, me, new GlossaryEntry(List.of("wet bench"), List.of("湿法清洗台")));
        Answer a = ask("湿法清洗台的温度是多少？");
        assertTrue(a.answerable(), a.toString());
        assertTrue(a.citations().get(0).source().endsWith("wet-bench.md"), a.toString());
        assertTrue(a.citations().get(0).text().contains("65 °C"), a.toString());
        Answer no = ask("公司董事长的年薪是多少？");
        assertFalse(no.answerable(), no.toString());
        assertTrue(no.citations().isEmpty());
    }

    @Test
    void aQuestionIsRefusedWhenNoOnePassageHoldsItsTermsAndTheKindOfValueItAsks() {
        // The life table names LITHO-02's lamp but no temperature; the wet bench gives a temperature, not LITHO-02's.
        Answer spread = ask("What is the temperature of the LITHO-02 lamp?");
        assertFalse(spread.answerable(), spread.toString());
        assertTrue(spread.citations().isEmpty());
        // The 8D report holds CMP-03 and its dresser disk, but no temperature.
        Answer noValue = ask("CMP-03 修整盘的温度是多少？");
        assertFalse(noValue.answerable(), noValue.toString());
        // A price is an amount of money; the life table holds the lamp and numbers, no amount.
        Answer price = ask("What is the price of the LITHO-02 lamp?");
        assertFalse(price.answerable(), price.toString());
        // "How many" counts a thing: the 8D report gives hours and a rate, no count of engineers.
        Answer engineers = ask("CMP-03 的修整盘由多少名工程师检查？");
        assertFalse(engineers.answerable(), engineers.toString());
        // The same passages answer what they hold.
        Answer lamp = ask("How many hours has the LITHO-02 lamp run?");
        assertTrue(lamp.answerable(), lamp.toString());
        assertTrue(lamp.citations().get(0).text().contains("1500 h"), lamp.toString());
        Answer rows = ask("How many hours have the ETCH-07s run?");
        assertTrue(rows.answerable(), "the plural of a code names the code: " + rows);
        Answer esc = ask("After how many hours is the ETCH-09 ESC replaced?");
        assertTrue(esc.answerable(), "a qualifier may stand between a number and its unit: " + esc);
        assertTrue(esc.citations().get(0).text().contains("3,000 RF hours"), esc.toString());
        Answer bath = ask("What is the temperature of the SC1 bath?");
        assertTrue(bath.answerable(), bath.toString());
        assertTrue(bath.citations().get(0).text().contains("65 °C"), bath.toString());
    }

    @Test
    void aQuestionOfHowOftenOrWhichSupplierIsRefusedWhenThePassageHoldsTheNamesButNotTheFact() throws Exception {
        Path c = Files.createDirectories(dir.resolve("pm"));
        Files.writeString(c.resolve("boat-8d.md"), """
                # 8D: particles on FUR-05

                The quartz boat of FUR-05 was not baked after its preventive maintenance; particles followed.
                """, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("boat-pm.md"), """
                # FUR-02 preventive maintenance

                The quartz boat of FUR-02 is replaced every 6 months.
                """, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("reticle.md"), """
                # 光罩管理

                发现 haze 缺陷时，光罩送外部厂商清洗并更换保护膜。
                """, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("target.md"), """
                # PVD 靶材

                PVD-11 的铝靶材供应商为江丰电子，每批附出厂检验报告。
                """, StandardCharsets.UTF_8);
        kb.ingest(ws, me, "pm", List.of(c), List.of(), false, Progress.silent());
        // The 8D report names FUR-05's quartz boat and its maintenance, but no interval.
        Answer often = askIn("pm", "How often is the FUR-05 quartz boat replaced?");
        assertFalse(often.answerable(), often.toString());
        Answer oftenZh = askIn("pm", "FUR-05 的石英舟多久更换一次？");
        assertFalse(oftenZh.answerable(), oftenZh.toString());
        // The reticle procedure names an outside vendor, not which one.
        Answer vendor = askIn("pm", "光罩清洗的外部厂商叫什么名字？");
        assertFalse(vendor.answerable(), vendor.toString());
        // The same kinds of question are answered where the passage holds the fact.
        Answer every = askIn("pm", "How often is the FUR-02 quartz boat replaced?");
        assertTrue(every.answerable(), every.toString());
        assertTrue(every.citations().get(0).text().contains("every 6 months"), every.toString());
        Answer supplier = askIn("pm", "PVD-11 的靶材供应商是谁？");
        assertTrue(supplier.answerable(), supplier.toString());
        assertTrue(supplier.citations().get(0).text().contains("江丰电子"), supplier.toString());
    }

    @Test
    void anEnglishQuestionIsAnsweredFromAChineseDocumentWhoseWordsTranslateToItsTermsAndItsMonth() throws Exception {
        Path c = Files.createDirectories(dir.resolve("zh"));
        Files.writeString(c.resolve("asset-quality.md"), """
                # 三季度资产质量

                截至九月末，逾期贷款的催收回款比率为 62%。
                """, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("canteen.md"), """
                # 食堂管理

                食堂每天早上七点开门，员工凭工牌就餐。
                """, StandardCharsets.UTF_8);
        kb.ingest(ws, me, "zh", List.of(c), List.of(), false, Progress.silent());
        // "collection" and "ratio" are not among the question's dictionary translations (集体, 收藏; 对比, 比值):
        // the document's own words 催收 (debt collection) and 比率 (ratio) translate to them.
        Answer a = askIn("zh", "What was the collection ratio in September?");
        assertTrue(a.answerable(), a.toString());
        assertTrue(a.citations().get(0).source().endsWith("asset-quality.md"), a.toString());
        assertTrue(a.citations().get(0).text().contains("62%"), a.toString());
        // The month a question names must be the document's: it reports September, not March.
        Answer march = askIn("zh", "What was the collection ratio in March?");
        assertFalse(march.answerable(), march.toString());
        Answer zhMarch = askIn("zh", "三月的催收回款比率是多少？");
        assertFalse(zhMarch.answerable(), zhMarch.toString());
        Answer zhSeptember = askIn("zh", "九月的催收回款比率是多少？");
        assertTrue(zhSeptember.answerable(), zhSeptember.toString());
        // A question whose terms the document holds in no language is still refused.
        Answer no = askIn("zh", "What is the scrap ratio of the etch area?");
        assertFalse(no.answerable(), no.toString());
    }
}
