package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.osgi.service.component.annotations.Component;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReport.Guarantee;
import dev.enclave.audit.Evidence;
import dev.enclave.audit.Finding;
import dev.enclave.audit.Portfolio;
import dev.enclave.audit.PortfolioAnalyzer;
import dev.enclave.audit.RiskCodes;
import dev.enclave.audit.RiskThresholds;

/**
 * Builds the portfolio's guarantee graph with JGraphT: names resolved by {@link NameKey}
 * (persons kept apart from companies), cycles by Tarjan's algorithm inside each strongly connected
 * component, chains as all simple directed paths, and findings with the evidence spans of the edges involved.
 */
@Component(service = PortfolioAnalyzer.class)
public final class DefaultPortfolioAnalyzer implements PortfolioAnalyzer {
    /** Chains of this many parties or more are reported. */
    static final int LONG_CHAIN = 4;
    /** Chains reported at most. */
    private static final int MAX_CHAINS = 50;
    /** The longest chain followed, in edges (as before: paths of at most 12 edges). */
    private static final int MAX_CHAIN_EDGES = 12;
    /** Edges the search for chains may follow in one analysis, bounding its time on dense graphs. */
    private static final long CHAIN_STEPS = 2_000_000L;

    @Override
    public Portfolio analyze(List<CreditReport> reports, RiskThresholds thresholds) {
        Map<String, String> display = new LinkedHashMap<>();
        Map<String, String> borrowerKey = new HashMap<>();
        for (CreditReport r : reports) {
            if (r.borrower().name() != null) {
                String k = key(r.borrower().name(), "company");
                display.putIfAbsent(k, r.borrower().name());
                borrowerKey.put(r.source(), k);
            }
        }
        Graph<String, DefaultEdge> g = new DefaultDirectedGraph<>(DefaultEdge.class);
        Map<String, List<Evidence>> edgeEvidence = new LinkedHashMap<>();
        Map<String, String> keys = new HashMap<>();
        for (CreditReport r : reports) {
            for (int i = 0; i < r.guarantees().size(); i++) {
                Guarantee ge = r.guarantees().get(i);
                if (ge.guarantor() == null || ge.beneficiary() == null) {
                    continue;
                }
                // a dense portfolio names the same parties thousands of times: resolve each name once
                String a = keys.computeIfAbsent(ge.guarantor() + "\u0000" + ge.guarantorType(),
                        x -> key(ge.guarantor(), ge.guarantorType()));
                String b = keys.computeIfAbsent(ge.beneficiary() + "\u0000?",
                        x -> key(ge.beneficiary(), Entities.isCompany(ge.beneficiary()) ? "company" : "person"));
                if (a.equals(b)) {
                    continue;
                }
                display.putIfAbsent(a, ge.guarantor());
                display.putIfAbsent(b, ge.beneficiary());
                g.addVertex(a);
                g.addVertex(b);
                g.addEdge(a, b);
                int[] span = r.evidence().get("guarantees[" + i + "]");
                List<Evidence> ev = edgeEvidence.computeIfAbsent(a + "\u0000" + b, x -> new ArrayList<>());
                if (span != null) {
                    ev.add(new Evidence(r.source(), span[0], span[1]));
                }
            }
        }
        List<List<String>> edges = new ArrayList<>();
        for (DefaultEdge e : g.edgeSet()) {
            edges.add(List.of(display.get(g.getEdgeSource(e)), display.get(g.getEdgeTarget(e))));
        }
        // cycles lie inside strongly connected components: bounded per component (GuaranteeCycles)
        List<List<String>> circles = new ArrayList<>();
        List<List<String>> mutual = new ArrayList<>();
        Set<String> onCircle = new LinkedHashSet<>();
        Set<String> onMutual = new LinkedHashSet<>();
        List<Finding> findings = new ArrayList<>();
        for (GuaranteeCycles.Component c : GuaranteeCycles.of(g)) {
            onCircle.addAll(c.onCircle());
            for (List<String> pair : c.mutual()) {
                List<String> names = pair.stream().map(display::get).toList();
                mutual.add(names);
                onMutual.addAll(pair);
                findings.add(Findings.create(RiskCodes.MUTUAL_GUARANTEE, "high", names,
                        String.format("Mutual guarantee: %s and %s guarantee each other. / 互保：%s 与 %s 相互担保。",
                                names.get(0), names.get(1), names.get(0), names.get(1)), cycleEvidence(pair, edgeEvidence)));
            }
            if (c.mutualCount() > c.mutual().size()) {
                // only the first pairs are listed; every member of a dense component stands in some pair
                for (String m : c.members()) {
                    onMutual.add(m);
                }
            }
            for (List<String> cycle : c.circles()) {
                circles.add(cycle.stream().map(display::get).toList());
            }
            if (c.exact()) {
                for (List<String> cycle : c.circles()) {
                    List<String> names = cycle.stream().map(display::get).toList();
                    String chain = String.join(" → ", names) + " → " + names.get(0);
                    findings.add(Findings.create(RiskCodes.GUARANTEE_CIRCLE, "high", names,
                            String.format("Guarantee circle of %d parties: %s. / 担保圈（%d 方）：%s。", names.size(), chain,
                                    names.size(), chain), cycleEvidence(cycle, edgeEvidence)));
                }
            } else if (!c.circles().isEmpty()) {
                findings.add(componentFinding(c, display, edgeEvidence));
            }
        }
        findings.addAll(chains(g, display, edgeEvidence));
        // per-report codes, with the portfolio codes added
        List<CreditReport> out = new ArrayList<>();
        for (CreditReport r : reports) {
            List<String> codes = new ArrayList<>(r.risksImplied());
            String bk = borrowerKey.get(r.source());
            if (bk != null && onCircle.contains(bk) && !codes.contains(RiskCodes.GUARANTEE_CIRCLE)) {
                codes.add(RiskCodes.GUARANTEE_CIRCLE);
            }
            if (bk != null && onMutual.contains(bk) && !codes.contains(RiskCodes.MUTUAL_GUARANTEE)) {
                codes.add(RiskCodes.MUTUAL_GUARANTEE);
            }
            out.add(new CreditReport(r.source(), r.borrower(), r.facility(), r.financials(), r.guarantees(),
                    r.collateral(), r.relatedParties(), r.suppliers(), r.customers(), r.risksStated(), codes,
                    r.evidence(), r.findings(), r.sha256(), r.derived(), r.corrections()));
            findings.addAll(reportFindings(r, thresholds));
        }
        findings.sort(Comparator.comparingInt((Finding f) -> severityRank(f.severity())).thenComparing(Finding::code)
                .thenComparing(f -> String.join(",", f.subjects())));
        return new Portfolio(out, edges, circles, mutual, findings);
    }

    /** The spans of the edges of a cycle (a pair is the cycle a → b → a). */
    private static List<Evidence> cycleEvidence(List<String> cycle, Map<String, List<Evidence>> edgeEvidence) {
        List<Evidence> ev = new ArrayList<>();
        for (int i = 0; i < cycle.size(); i++) {
            ev.addAll(edgeEvidence.getOrDefault(cycle.get(i) + "\u0000" + cycle.get((i + 1) % cycle.size()), List.of()));
        }
        return ev;
    }

    /**
     * One finding for a component too dense to list every circle: its members, how many mutual
     * pairs it holds, and its example circles, shortest first, with the spans of their edges.
     */
    private static Finding componentFinding(GuaranteeCycles.Component c, Map<String, String> display,
            Map<String, List<Evidence>> edgeEvidence) {
        List<String> names = c.members().stream().map(display::get).toList();
        List<String> examples = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        for (List<String> cycle : c.circles()) {
            List<String> n = cycle.stream().map(display::get).toList();
            examples.add(String.join(" → ", n) + " → " + n.get(0));
            ev.addAll(cycleEvidence(cycle, edgeEvidence));
        }
        String shown = names.size() <= 20 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 20)) + " … (+" + (names.size() - 20) + ")";
        String shownZh = names.size() <= 20 ? String.join("、", names)
                : String.join("、", names.subList(0, 20)) + " 等（另 " + (names.size() - 20) + " 方）";
        return Findings.create(RiskCodes.GUARANTEE_CIRCLE, "high", names, String.format(
                "Guarantee circles among %d parties that guarantee each other in a closed group (%s); %d mutual pairs; "
                        + "example circles, shortest first: %s. / 担保圈：%d 方相互担保形成闭合担保群（%s），其中互保 %d 对；"
                        + "示例担保圈（由短到长）：%s。",
                names.size(), shown, c.mutualCount(), String.join("; ", examples), names.size(), shownZh, c.mutualCount(),
                String.join("；", examples)), ev);
    }

    static String key(String name, String type) {
        return ("person".equals(type) ? "P:" : "C:") + NameKey.of(name);
    }

    private static List<Finding> chains(Graph<String, DefaultEdge> g, Map<String, String> display,
            Map<String, List<Evidence>> edgeEvidence) {
        Set<String> sources = new LinkedHashSet<>();
        Set<String> sinks = new LinkedHashSet<>();
        for (String v : g.vertexSet()) {
            if (g.inDegreeOf(v) == 0 && g.outDegreeOf(v) > 0) {
                sources.add(v);
            }
            if (g.outDegreeOf(v) == 0 && g.inDegreeOf(v) > 0) {
                sinks.add(v);
            }
        }
        List<Finding> out = new ArrayList<>();
        if (sources.isEmpty() || sinks.isEmpty()) {
            return out;
        }
        // every simple path from a source to a sink of at most 12 edges, as JGraphT's AllDirectedPaths
        // would list them, but depth-first with a step budget: a dense graph has exponentially many
        List<List<String>> paths = new ArrayList<>();
        long[] steps = { CHAIN_STEPS };
        for (String s : sources) {
            List<String> path = new ArrayList<>(List.of(s));
            walk(g, s, sinks, path, new java.util.HashSet<>(path), paths, steps);
            if (paths.size() >= MAX_CHAINS || steps[0] <= 0) {
                break;
            }
        }
        for (List<String> vs : paths) {
            List<String> names = vs.stream().map(display::get).toList();
            List<Evidence> ev = new ArrayList<>();
            for (int i = 0; i + 1 < vs.size(); i++) {
                ev.addAll(edgeEvidence.getOrDefault(vs.get(i) + "\u0000" + vs.get(i + 1), List.of()));
            }
            String chain = String.join(" → ", names);
            out.add(Findings.create(RiskCodes.LONG_GUARANTEE_CHAIN, "medium", names,
                    String.format("Guarantee chain of %d parties: %s. / 担保链（%d 方）：%s。", names.size(), chain,
                            names.size(), chain), ev));
        }
        return out;
    }

    /** Extends {@code path} depth-first; a path that reaches a sink with {@link #LONG_CHAIN} parties or more is kept. */
    private static void walk(Graph<String, DefaultEdge> g, String v, Set<String> sinks, List<String> path, Set<String> on,
            List<List<String>> out, long[] steps) {
        if (sinks.contains(v)) {
            if (path.size() >= LONG_CHAIN) {
                out.add(List.copyOf(path));
            }
            return;
        }
        if (path.size() > MAX_CHAIN_EDGES) {
            return;
        }
        for (DefaultEdge e : g.outgoingEdgesOf(v)) {
            if (out.size() >= MAX_CHAINS || --steps[0] <= 0) {
                return;
            }
            String w = g.getEdgeTarget(e);
            if (on.add(w)) {
                path.add(w);
                walk(g, w, sinks, path, on, out, steps);
                path.remove(path.size() - 1);
                on.remove(w);
            }
        }
    }

    private static int severityRank(String s) {
        return switch (s) {
            case "high" -> 0;
            case "medium" -> 1;
            default -> 2;
        };
    }

    /** How a finding for one implied code reads: the list its evidence comes from, severity, message, metrics. */
    private record CodeFinding(String list, String severity, String message, List<String> metrics) {
    }

    private static final Map<String, CodeFinding> CODE_FINDINGS = Map.of(
            RiskCodes.HIGH_LEVERAGE, new CodeFinding("financials", "medium",
                    "Debt-to-asset ratio above 70%. / 资产负债率超过70%。",
                    List.of("debt_to_asset_ratio", "total_assets", "total_liabilities")),
            RiskCodes.LOW_LIQUIDITY, new CodeFinding("financials", "medium", "Current ratio below 1. / 流动比率低于1。",
                    List.of("current_ratio")),
            RiskCodes.CASH_PROFIT_DIVERGENCE, new CodeFinding("financials", "medium",
                    "Profitable but operating cash flow negative. / 净利润为正但经营活动现金流为负。",
                    List.of("net_profit", "operating_cash_flow")),
            RiskCodes.REVENUE_DECLINE, new CodeFinding("financials", "medium",
                    "Revenue fell by more than 15% from the previous year. / 营业收入较上年下降超过15%。", List.of("revenue")),
            RiskCodes.CUSTOMER_CONCENTRATION, new CodeFinding("customers", "low",
                    "Sales concentrated on few customers. / 客户集中度高。", List.of()),
            RiskCodes.SUPPLIER_CONCENTRATION, new CodeFinding("suppliers", "low",
                    "Purchases concentrated on few suppliers. / 供应商集中度高。", List.of()),
            RiskCodes.HIGH_LTV, new CodeFinding("collateral", "medium",
                    "Collateral loan-to-value above 70%. / 抵质押率超过70%。", List.of()),
            RiskCodes.RELATED_PARTY_GUARANTEE, new CodeFinding("guarantees", "medium",
                    "Guaranteed by a related party, the controller or the controller's family. / "
                            + "由关联方、实际控制人或其家庭成员提供担保。", List.of()));

    /** Findings for the codes one report implies, with the spans of the figures behind them. */
    static List<Finding> reportFindings(CreditReport r, RiskThresholds thresholds) {
        List<Finding> out = new ArrayList<>(r.findings());
        String subject = r.borrower().name() != null ? r.borrower().name() : r.source();
        for (String code : r.risksImplied()) {
            CodeFinding cf = CODE_FINDINGS.get(code);
            if (cf == null) {
                continue; // portfolio codes have findings of their own
            }
            String list = cf.list();
            List<String> metrics = cf.metrics();
            List<Evidence> ev = new ArrayList<>();
            for (Map.Entry<String, int[]> e : r.evidence().entrySet()) {
                if (!e.getKey().startsWith(list + "[")) {
                    continue;
                }
                if (list.equals("financials")) {
                    int i = Integer.parseInt(e.getKey().substring(list.length() + 1, e.getKey().length() - 1));
                    if (!metrics.contains(r.financials().get(i).metric())) {
                        continue;
                    }
                }
                ev.add(new Evidence(r.source(), e.getValue()[0], e.getValue()[1]));
            }
            // the message names the value, year and threshold; the general one only where no figure is there
            String message = FindingMessages.of(code, r, thresholds);
            out.add(Findings.create(code, cf.severity(), List.of(subject), message != null ? message : cf.message(), ev));
        }
        return out;
    }
}
