package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.FrameworkUtil;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReportExtractor;
import dev.enclave.audit.Portfolio;
import dev.enclave.audit.PortfolioAnalyzer;
import dev.enclave.audit.internal.EvalAuditContribution;
import dev.enclave.audit.internal.NameKey;

/**
 * What real bank files put on the page besides the report (issue 19): page headers and footers
 * inside a table or a sentence, dotted leaders, box-drawing tables with a unit per row, English
 * names and guarantee wording; and the seventh development set, written by hand in such templates.
 */
class LayoutTest {
    @TempDir
    Path dir;

    private CreditReportExtractor extractor;

    @BeforeEach
    void find() throws InterruptedException {
        extractor = Services.get(CreditReportExtractor.class);
    }

    private static Number figure(CreditReport r, int year, String metric) {
        return r.financials().stream().filter(f -> f.year() == year && f.metric().equals(metric)).map(CreditReport.Financial::value)
                .findFirst().orElse(null);
    }

    @Test
    void pageBreakInsideASentenceIsJoinedAndItsFurnitureDropped() {
        String text = """
                示例农村商业银行
                授信调查报告

                一、借款人基本情况
                借款人：常州示例机械有限公司，法定代表人张建国。

                二、财务状况
                截至2023年末，公司资产总额15,620万元，负债总额9,340

                                                   第 1 页 共 3 页
                示例农村商业银行　授信调查报告

                万元，资产负债率59.80%。
                """;
        CreditReport r = extractor.extract(text, "paged.txt");
        assertEquals(93_400_000L, figure(r, 2023, "total_liabilities").longValue(), "the unit after the page break: " + r.financials());
        String quoted = text.substring(r.evidence().get("borrower.name")[0], r.evidence().get("borrower.name")[1]);
        assertEquals("常州示例机械有限公司", quoted, "evidence still points into the text as written");
    }

    @Test
    void dottedLeadersAndBoxTablesWithAUnitPerRowAreColumns() {
        String text = """
                授信调查表
                借款人名称…………………………常州示例机械有限公司
                法定代表人…………………………张建国
                申请金额……………………………2,000万元
                财务摘要
                ┌────────────┬──────┬────────┬────────┐
                │项目        │单位  │2022年  │2023年  │
                ├────────────┼──────┼────────┼────────┤
                │资产总额    │亿元  │8.62    │9.35    │
                │净利润      │万元  │6,320   │7,150   │
                └────────────┴──────┴────────┴────────┘
                """;
        CreditReport r = extractor.extract(text, "boxed.txt");
        assertEquals("常州示例机械有限公司", r.borrower().name());
        assertEquals("张建国", r.borrower().legalRep());
        assertEquals(20_000_000L, r.facility().amountYuan().longValue());
        assertEquals(935_000_000L, figure(r, 2023, "total_assets").longValue(), r.financials().toString());
        assertEquals(63_200_000L, figure(r, 2022, "net_profit").longValue(), r.financials().toString());
    }

    @Test
    void namesMeetAcrossBracketsLegalFormsAndEnglishPunctuation() {
        assertEquals(NameKey.of("泰州海润（船舶）配件有限公司"), NameKey.of("泰州海润船舶配件有限公司"));
        assertEquals(NameKey.of("江阴澄宇新材料股份有限公司"), NameKey.of("江阴澄宇新材料有限公司"));
        assertEquals(NameKey.of("Hangzhou Greenleaf Tea Co., Ltd."), NameKey.of("Hangzhou Greenleaf Tea Co. Ltd"));
        assertNotEquals(NameKey.of("Hangzhou Greenleaf Tea Co., Ltd."), NameKey.of("Zhejiang Greenleaf Holdings Co., Ltd."));
    }

    @Test
    void englishGuaranteeWordingGivesEdges() {
        String text = """
                CREDIT MEMO
                Name of borrower: Ningbo Example Trading Co., Ltd.
                Legal representative: Chen Hao
                SECURITY
                Hangzhou Example Tea Co. Ltd has agreed to stand behind the facility as guarantor, up to RMB 20 million.
                """;
        CreditReport r = extractor.extract(text, "memo.txt");
        assertTrue(r.guarantees().stream().anyMatch(g -> NameKey.of(g.guarantor()).equals(NameKey.of("Hangzhou Example Tea Co., Ltd."))
                && "company".equals(g.guarantorType()) && g.amountYuan() != null && g.amountYuan() == 20_000_000L), r.guarantees().toString());
    }

    /**
     * The seventh development set (issue 19): four reports written by hand, before this round's
     * work, in templates no other set uses (a renewal form with middle-dot leaders and a 千元 table,
     * an approval form in heavy box-drawing tables with a unit per row, a prose report broken by
     * "- n -" page footers with running headers, an English prose memo), planting a circle of three
     * whose names differ in brackets and an English mutual pair. Scored F1 0.6085 (P 0.9818, R 0.4408) before the round's work;
     * developed on since, so the bound sits a little below its last score to show a regression.
     */
    @Test
    @SuppressWarnings("unchecked")
    void dev7ReportsAndTheirCircle() throws IOException {
        Path d = dir.resolve("dev7");
        Files.createDirectories(d);
        Enumeration<URL> e = FrameworkUtil.getBundle(getClass()).findEntries("data/dev7", "*", false);
        int n = 0;
        while (e != null && e.hasMoreElements()) {
            URL u = e.nextElement();
            try (InputStream in = u.openStream()) {
                Files.copy(in, d.resolve(u.getPath().substring(u.getPath().lastIndexOf('/') + 1)));
            }
            n++;
        }
        assertEquals(8, n, "four reports with their truth");
        List<String> misses = new ArrayList<>();
        Map<String, Object> r = EvalAuditContribution.evaluate(extractor, d, misses);
        misses.forEach(m -> System.out.println("dev7 miss: " + m));
        assertTrue(((List<?>) r.get("failed")).isEmpty(), r.get("failed").toString());
        double f1 = ((Number) ((Map<String, Object>) r.get("overall")).get("f1")).doubleValue();
        System.out.println("dev7 overall " + r.get("overall"));
        assertTrue(f1 >= DEV7_BOUND, "dev7 F1 " + f1);
        List<CreditReport> reports = new ArrayList<>();
        try (var files = Files.list(d)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                reports.add(extractor.extract(p));
            }
        }
        Portfolio p = Services.get(PortfolioAnalyzer.class).analyze(reports);
        assertEquals(1, p.circles().size(), "the planted circle and no other: " + p.circles());
        assertEquals(3, p.circles().get(0).size(), p.circles().toString());
        assertTrue(p.circles().get(0).stream().anyMatch(x -> NameKey.of(x).equals(NameKey.of("泰州海润船舶配件有限公司"))),
                p.circles().toString());
        assertEquals(1, p.mutualPairs().size(), "the English memo's pair, told in one sentence: " + p.mutualPairs());
        assertTrue(p.mutualPairs().get(0).stream().anyMatch(x -> NameKey.of(x).equals(NameKey.of("Wuxi Taihu Dyeing Co., Ltd."))),
                p.mutualPairs().toString());
    }

    private static final double DEV7_BOUND = 0.95;
}
