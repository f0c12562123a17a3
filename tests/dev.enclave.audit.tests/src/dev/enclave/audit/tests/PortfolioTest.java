package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReportExtractor;
import dev.enclave.audit.Evidence;
import dev.enclave.audit.Finding;
import dev.enclave.audit.Portfolio;
import dev.enclave.audit.PortfolioAnalyzer;
import dev.enclave.audit.internal.NameKey;
import dev.enclave.audit.tests.ReportGenerator.Generated;

/** A generated portfolio with a circle of three and a mutual pair, found through JGraphT. */
class PortfolioTest {

    @Test
    void findsTheCircleTheMutualPairAndTheirEvidence() throws Exception {
        CreditReportExtractor extractor = Services.get(CreditReportExtractor.class);
        PortfolioAnalyzer analyzer = Services.get(PortfolioAnalyzer.class);
        List<Generated> gens = new ReportGenerator(99L).portfolio(3);
        List<CreditReport> reports = new ArrayList<>();
        Map<String, String> texts = new java.util.HashMap<>();
        for (Generated g : gens) {
            reports.add(extractor.extract(g.text(), g.name() + ".txt"));
            texts.put(g.name() + ".txt", g.text());
        }
        Portfolio p = analyzer.analyze(reports);
        String a = borrower(gens, "circle-a");
        String b = borrower(gens, "circle-b");
        String c = borrower(gens, "circle-c");
        assertEquals(1, p.circles().size(), p.circles().toString());
        assertEquals(Set.of(NameKey.of(a), NameKey.of(b), NameKey.of(c)), keys(p.circles().get(0)),
                "names written with different brackets resolve to one party");
        assertEquals(1, p.mutualPairs().size(), p.mutualPairs().toString());
        assertEquals(Set.of(NameKey.of(borrower(gens, "mutual-d")), NameKey.of(borrower(gens, "mutual-e"))),
                keys(p.mutualPairs().get(0)));
        for (CreditReport r : p.reports()) {
            boolean onCircle = r.source().startsWith("circle-");
            assertEquals(onCircle, r.risksImplied().contains("GUARANTEE_CIRCLE"), r.source() + " " + r.risksImplied());
            assertEquals(r.source().startsWith("mutual-"), r.risksImplied().contains("MUTUAL_GUARANTEE"),
                    r.source() + " " + r.risksImplied());
        }
        Finding circle = p.findings().stream().filter(f -> f.code().equals("GUARANTEE_CIRCLE")).findFirst().orElseThrow();
        assertEquals("high", circle.severity());
        assertEquals(3, circle.evidence().size(), "one span per edge of the circle");
        for (Evidence e : circle.evidence()) {
            String quoted = texts.get(e.source()).substring(e.start(), e.end());
            assertTrue(quoted.contains("保证"), quoted);
        }
        assertTrue(p.guaranteeEdges().size() >= 5 + 3, p.guaranteeEdges().toString());
        assertEquals("high", p.findings().get(0).severity(), "most severe first");
    }

    @Test
    void personsStayApartFromCompaniesAndChainsAreReported() throws Exception {
        PortfolioAnalyzer analyzer = Services.get(PortfolioAnalyzer.class);
        CreditReportExtractor extractor = Services.get(CreditReportExtractor.class);
        // W guarantees X, X guarantees Y, Y guarantees Z: a chain of four companies
        String[] names = { "甲方贸易有限公司", "乙方机械有限公司", "丙方电子股份有限公司", "丁方物流有限公司" };
        List<CreditReport> reports = new ArrayList<>();
        for (int i = 1; i < names.length; i++) {
            String text = "一、借款人基本情况\n借款人名称：" + names[i] + "\n二、担保分析\n由" + names[i - 1]
                    + "提供连带责任保证。实际控制人王强提供个人连带责任保证。\n";
            reports.add(extractor.extract(text, "r" + i + ".txt"));
        }
        Portfolio p = analyzer.analyze(reports);
        assertTrue(p.circles().isEmpty());
        assertTrue(p.mutualPairs().isEmpty());
        assertTrue(p.findings().stream().anyMatch(f -> f.code().equals("LONG_GUARANTEE_CHAIN") && f.subjects().size() == 4),
                p.findings().toString());
        // the person 王强 guarantees three companies but is one node, never merged with a company
        long personEdges = p.guaranteeEdges().stream().filter(e -> e.get(0).equals("王强")).count();
        assertEquals(3, personEdges);
    }

    private static String borrower(List<Generated> gens, String name) {
        return (String) ((Map<?, ?>) gens.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow().truth()
                .get("borrower")).get("name");
    }

    private static Set<String> keys(List<String> names) {
        Set<String> out = new HashSet<>();
        names.forEach(n -> out.add(NameKey.of(n)));
        return out;
    }
}
