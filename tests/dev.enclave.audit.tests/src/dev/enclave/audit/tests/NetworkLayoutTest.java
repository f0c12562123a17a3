package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReportExtractor;
import dev.enclave.audit.NetworkLayout;
import dev.enclave.audit.Portfolio;
import dev.enclave.audit.PortfolioAnalyzer;
import dev.enclave.audit.tests.ReportGenerator.Generated;

/** The ELK layout of a generated portfolio's guarantee network, and the one-report part of a portfolio. */
class NetworkLayoutTest {

    private static Portfolio portfolio() throws InterruptedException {
        CreditReportExtractor extractor = Services.get(CreditReportExtractor.class);
        List<CreditReport> reports = new ArrayList<>();
        for (Generated g : new ReportGenerator(99L).portfolio(4)) {
            reports.add(extractor.extract(g.text(), g.name() + ".txt"));
        }
        return Services.get(PortfolioAnalyzer.class).analyze(reports);
    }

    @Test
    void everyEdgeIsRoutedNodesDoNotOverlapAndTheCircleIsFlagged() throws Exception {
        Portfolio p = portfolio();
        NetworkLayout.Layout layout = NetworkLayout.of(p);
        Set<String> parties = new HashSet<>();
        p.guaranteeEdges().forEach(parties::addAll);
        assertEquals(parties.size(), layout.nodes().size(), "one node per party");
        assertEquals(p.guaranteeEdges().size(), layout.edges().size(), "one edge per guarantee");
        for (int i = 0; i < p.guaranteeEdges().size(); i++) {
            NetworkLayout.Edge e = layout.edges().get(i);
            assertEquals(p.guaranteeEdges().get(i), List.of(e.guarantor(), e.beneficiary()));
            assertTrue(e.points().size() >= 2);
            for (double[] pt : e.points()) {
                assertTrue(pt[0] >= 0 && pt[0] <= layout.width() && pt[1] >= 0 && pt[1] <= layout.height(),
                        "edge points lie inside the drawing");
            }
        }
        List<NetworkLayout.Node> nodes = layout.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            NetworkLayout.Node a = nodes.get(i);
            assertTrue(a.width() > 0 && a.x() >= 0 && a.x() + a.width() <= layout.width() && a.y() + a.height() <= layout.height());
            for (int j = i + 1; j < nodes.size(); j++) {
                NetworkLayout.Node b = nodes.get(j);
                boolean overlap = a.x() < b.x() + b.width() && b.x() < a.x() + a.width() && a.y() < b.y() + b.height()
                        && b.y() < a.y() + a.height();
                assertFalse(overlap, a.name() + " overlaps " + b.name());
            }
        }
        assertEquals(1, p.circles().size());
        List<String> circle = p.circles().get(0);
        long circleEdges = layout.edges().stream().filter(NetworkLayout.Edge::circle).count();
        assertEquals(circle.size(), circleEdges, "exactly the circle's edges are flagged");
        for (NetworkLayout.Edge e : layout.edges()) {
            if (e.circle()) {
                assertTrue(circle.contains(e.guarantor()) && circle.contains(e.beneficiary()));
            }
        }
        for (String n : circle) {
            NetworkLayout.Node node = layout.node(n);
            assertNotNull(node, n);
            assertTrue(node.circle() && !node.person());
            assertNotNull(node.report(), "a borrower on the circle links to its report");
            assertEquals(node, layout.nodeAt(node.x() + node.width() / 2, node.y() + node.height() / 2));
        }
        assertEquals(2, layout.edges().stream().filter(NetworkLayout.Edge::mutual).count(), "both edges of the pair");
    }

    @Test
    void oneReportsPartKeepsItsCircleAndFindingsOnly() throws Exception {
        Portfolio p = portfolio();
        CreditReport a = p.reports().stream().filter(r -> r.source().equals("circle-a.txt")).findFirst().orElseThrow();
        Portfolio one = p.forReport("circle-a.txt");
        assertEquals(List.of(a), one.reports());
        assertEquals(1, one.circles().size());
        assertTrue(one.mutualPairs().isEmpty(), "the mutual pair does not involve circle-a");
        assertTrue(one.findings().stream().anyMatch(f -> f.code().equals("GUARANTEE_CIRCLE")));
        assertTrue(one.findings().stream().noneMatch(f -> f.code().equals("MUTUAL_GUARANTEE")));
        assertTrue(one.guaranteeEdges().size() < p.guaranteeEdges().size());
        assertTrue(NetworkLayout.of(new Portfolio(List.of(), List.of(), List.of(), List.of(), List.of())).nodes().isEmpty());
    }
}
