package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReport.Financial;
import dev.enclave.audit.Finding;
import dev.enclave.audit.RiskCodes;
import dev.enclave.audit.RiskThresholds;

/**
 * What a report's figures imply, computed again whenever its values change (after extraction and
 * after every correction): the derived ratios, the implied risk codes and the findings about
 * inconsistent figures. Corrections are authoritative, so nothing here may be computed once and
 * kept.
 */
public final class ReportFigures {
    private ReportFigures() {
    }

    /** As {@link #complete(CreditReport, RiskThresholds)} with the schema's thresholds. */
    public static CreditReport complete(CreditReport r) {
        return complete(r, RiskThresholds.DEFAULTS);
    }

    /** The report with {@code derived}, {@code risksImplied} and its figure findings recomputed from its values. */
    public static CreditReport complete(CreditReport r, RiskThresholds t) {
        // a correction may set a figure to null: such a figure states nothing
        List<Financial> stated = r.financials().stream().filter(f -> f.value() != null && f.metric() != null).toList();
        List<Financial> derived = derive(stated);
        List<Financial> all = new ArrayList<>(stated);
        all.addAll(derived);
        List<String> implied = RiskRules.implied(r.borrower(), all, r.guarantees(), r.collateral(), r.relatedParties(),
                r.suppliers(), r.customers(), t);
        Map<String, int[]> spans = new LinkedHashMap<>();
        for (int i = 0; i < r.financials().size(); i++) {
            int[] s = r.evidence().get("financials[" + i + "]");
            Financial f = r.financials().get(i);
            if (s != null && f.metric() != null) {
                spans.put(f.year() + "/" + f.metric(), s);
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Finding f : r.findings()) {
            if (!RiskCodes.INCONSISTENT_FIGURES.equals(f.code())) {
                findings.add(f);
            }
        }
        findings.addAll(RiskRules.inconsistentFigures(r.source(), r.borrower().name(), stated, spans));
        return new CreditReport(r.source(), r.borrower(), r.facility(), r.financials(), r.guarantees(), r.collateral(),
                r.relatedParties(), r.suppliers(), r.customers(), r.risksStated(), implied, r.evidence(), findings,
                r.sha256(), derived, r.corrections());
    }

    /**
     * The debt-to-asset ratio of each year that states total assets and total liabilities but no
     * ratio, rounded to four places.
     */
    static List<Financial> derive(List<Financial> stated) {
        List<Financial> out = new ArrayList<>();
        TreeSet<Integer> years = new TreeSet<>();
        stated.forEach(f -> years.add(f.year()));
        for (int y : years.descendingSet()) {
            Number a = at(stated, y, "total_assets");
            Number l = at(stated, y, "total_liabilities");
            if (a == null || l == null || a.doubleValue() <= 0 || at(stated, y, "debt_to_asset_ratio") != null) {
                continue;
            }
            out.add(new Financial(y, "debt_to_asset_ratio", Math.round(l.doubleValue() / a.doubleValue() * 10000) / 10000.0));
        }
        return out;
    }

    private static Number at(List<Financial> fin, int year, String metric) {
        for (Financial f : fin) {
            if (f.year() == year && f.metric().equals(metric) && f.value() != null) {
                return f.value();
            }
        }
        return null;
    }
}
