package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.enclave.audit.CreditReport.Borrower;
import dev.enclave.audit.CreditReport.Collateral;
import dev.enclave.audit.CreditReport.Counterparty;
import dev.enclave.audit.CreditReport.Financial;
import dev.enclave.audit.CreditReport.Guarantee;
import dev.enclave.audit.CreditReport.RelatedParty;
import dev.enclave.audit.Evidence;
import dev.enclave.audit.Finding;
import dev.enclave.audit.RiskCodes;
import dev.enclave.audit.RiskThresholds;

/** The risk codes that one report's own figures imply, as {@code credit-report.md} defines them. */
public final class RiskRules {
    private RiskRules() {
    }

    private static final String FAMILY = "配偶|妻子|丈夫|夫妇|父亲|母亲|儿子|女儿|子女|兄弟|姐妹|亲属|家族|夫妻|之子|之女|之妻|之夫";

    /** The latest year's value of a metric, or {@code null}. */
    static Double latest(List<Financial> fin, String metric, int offset) {
        List<Financial> l = fin.stream().filter(f -> f.metric().equals(metric))
                .sorted((a, b) -> Integer.compare(b.year(), a.year())).toList();
        if (l.size() <= offset) {
            return null;
        }
        if (offset > 0 && l.get(offset).year() != l.get(0).year() - offset) {
            return null;
        }
        return l.get(offset).value().doubleValue();
    }

    private static int latestYear(List<Financial> fin) {
        return fin.stream().mapToInt(Financial::year).max().orElse(0);
    }

    private static Double at(List<Financial> fin, int year, String metric) {
        return fin.stream().filter(f -> f.year() == year && f.metric().equals(metric)).map(f -> f.value().doubleValue())
                .findFirst().orElse(null);
    }

    /** Codes implied by one report alone with the schema's thresholds. */
    public static List<String> implied(Borrower b, List<Financial> fin, List<Guarantee> gs, List<Collateral> cs,
            List<RelatedParty> rs, List<Counterparty> sup, List<Counterparty> cus) {
        return implied(b, fin, gs, cs, rs, sup, cus, RiskThresholds.DEFAULTS);
    }

    /** Codes implied by one report alone (portfolio codes are added by the portfolio analysis). */
    public static List<String> implied(Borrower b, List<Financial> fin, List<Guarantee> gs, List<Collateral> cs,
            List<RelatedParty> rs, List<Counterparty> sup, List<Counterparty> cus, RiskThresholds t) {
        List<String> out = new ArrayList<>();
        int year = latestYear(fin);
        // the stated ratio, or the one the stated totals give (either above 0.7 is leverage)
        Double dar = at(fin, year, "debt_to_asset_ratio");
        Double a = at(fin, year, "total_assets");
        Double l = at(fin, year, "total_liabilities");
        Double computed = a != null && l != null && a > 0 ? l / a : null;
        if (dar != null && dar > t.leverage() || computed != null && computed > t.leverage()) {
            out.add(RiskCodes.HIGH_LEVERAGE);
        }
        Double cr = at(fin, year, "current_ratio");
        if (cr == null) {
            cr = latest(fin, "current_ratio", 0);
        }
        if (cr != null && cr < t.currentRatio()) {
            out.add(RiskCodes.LOW_LIQUIDITY);
        }
        Double np = latest(fin, "net_profit", 0);
        Double cf = latest(fin, "operating_cash_flow", 0);
        if (np != null && cf != null && np > 0 && cf < 0) {
            out.add(RiskCodes.CASH_PROFIT_DIVERGENCE);
        }
        if (concentrated(cus, t)) {
            out.add(RiskCodes.CUSTOMER_CONCENTRATION);
        }
        if (concentrated(sup, t)) {
            out.add(RiskCodes.SUPPLIER_CONCENTRATION);
        }
        if (cs.stream().anyMatch(c -> c.ltv() != null && c.ltv() > t.ltv())) {
            out.add(RiskCodes.HIGH_LTV);
        }
        if (!relatedGuarantors(b, gs, rs).isEmpty()) {
            out.add(RiskCodes.RELATED_PARTY_GUARANTEE);
        }
        Double r0 = latest(fin, "revenue", 0);
        Double r1 = latest(fin, "revenue", 1);
        if (r0 != null && r1 != null && r1 > 0 && r0 < r1 * (1 - t.revenueDecline())) {
            out.add(RiskCodes.REVENUE_DECLINE);
        }
        return out;
    }

    private static boolean concentrated(List<Counterparty> l, RiskThresholds t) {
        double sum = 0;
        for (Counterparty c : l) {
            if (c.share() != null) {
                if (c.share() > t.singleShare()) {
                    return true;
                }
                sum += c.share();
            }
        }
        return sum > t.totalShare();
    }

    /** Guarantors of the borrower that are related parties, the controller or the controller's family. */
    public static List<Guarantee> relatedGuarantors(Borrower b, List<Guarantee> gs, List<RelatedParty> rs) {
        List<Guarantee> out = new ArrayList<>();
        for (Guarantee g : gs) {
            if (b.name() == null || !ExtractionState.sameName(g.beneficiary(), b.name())) {
                continue;
            }
            boolean rel = b.controller() != null && ExtractionState.sameName(g.guarantor(), b.controller())
                    || rs.stream().anyMatch(r -> ExtractionState.sameName(r.name(), g.guarantor())
                            || r.relation() != null && r.relation().matches(".*(" + FAMILY + ").*")
                                    && ExtractionState.sameName(r.name(), g.guarantor()));
            if (rel) {
                out.add(g);
            }
        }
        return out;
    }

    /** Whether {@code text} calls someone family of the controller. */
    static boolean mentionsFamily(String text) {
        return text.matches(".*(" + FAMILY + ").*");
    }

    /** {@code INCONSISTENT_FIGURES} where a stated debt-to-asset ratio disagrees with the stated totals. */
    public static List<Finding> inconsistentFigures(String source, String borrower, List<Financial> fin,
            Map<String, int[]> spans) {
        List<Finding> out = new ArrayList<>();
        for (Financial f : fin) {
            if (!f.metric().equals("debt_to_asset_ratio")) {
                continue;
            }
            Double a = at(fin, f.year(), "total_assets");
            Double l = at(fin, f.year(), "total_liabilities");
            if (a == null || l == null || a <= 0) {
                continue;
            }
            double computed = l / a;
            double stated = f.value().doubleValue();
            if (Math.abs(computed - stated) > 0.02) {
                List<Evidence> ev = new ArrayList<>();
                for (String m : List.of("debt_to_asset_ratio", "total_assets", "total_liabilities")) {
                    int[] sp = spans.get(f.year() + "/" + m);
                    if (sp != null) {
                        ev.add(new Evidence(source, sp[0], sp[1]));
                    }
                }
                String subject = borrower == null ? source : borrower;
                out.add(Findings.create(RiskCodes.INCONSISTENT_FIGURES, "medium", List.of(subject),
                        String.format("%d: stated debt-to-asset ratio %.1f%% but liabilities / assets = %.1f%%. / "
                                + "%d年：报告所述资产负债率%.1f%%，与负债总额/资产总额 %.1f%% 不符。", f.year(), stated * 100,
                                computed * 100, f.year(), stated * 100, computed * 100),
                        ev));
            }
        }
        return out;
    }
}
