package dev.enclave.audit.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReport.Counterparty;
import dev.enclave.audit.CreditReport.Financial;
import dev.enclave.audit.CreditReport.Guarantee;
import dev.enclave.audit.RiskCodes;
import dev.enclave.audit.RiskThresholds;

/**
 * The message of a finding for one implied risk code: who, what value, which year, against which
 * threshold ("资产负债率 73.9%（2023年）高于 70%"), English first, then " / ", then Chinese. Neither
 * part contains " / " itself, so {@link dev.enclave.audit.Finding#message(Locale)} can tell them apart.
 */
final class FindingMessages {
    private FindingMessages() {
    }

    /** The message for {@code code} about report {@code r}, or {@code null} when the code has no figure to name. */
    static String of(String code, CreditReport r, RiskThresholds t) {
        String who = r.borrower().name() != null ? r.borrower().name() : fileName(r.source());
        int year = r.financials().stream().mapToInt(Financial::year).max().orElse(0);
        return switch (code) {
            case RiskCodes.HIGH_LEVERAGE -> leverage(who, r, year, t);
            case RiskCodes.LOW_LIQUIDITY -> {
                Number cr = r.figure(year, "current_ratio");
                int y = year;
                if (cr == null) {
                    Optional<Financial> f = latest(r, "current_ratio");
                    cr = f.map(Financial::value).orElse(null);
                    y = f.map(Financial::year).orElse(0);
                }
                yield cr == null ? null : String.format(Locale.ROOT,
                        "%s: current ratio %.2f (%d) below %s. / %s：流动比率 %.2f（%d年）低于 %s。", who, cr.doubleValue(), y,
                        plain(t.currentRatio()), who, cr.doubleValue(), y, plain(t.currentRatio()));
            }
            case RiskCodes.CASH_PROFIT_DIVERGENCE -> {
                Optional<Financial> np = latest(r, "net_profit");
                Optional<Financial> cf = latest(r, "operating_cash_flow");
                yield np.isEmpty() || cf.isEmpty() ? null : String.format(Locale.ROOT,
                        "%s: net profit %s (%d) but operating cash flow %s (%d). / %s：净利润 %s（%d年）为正，经营活动现金流 %s（%d年）为负。",
                        who, wan(np.get().value()), np.get().year(), wan(cf.get().value()), cf.get().year(), who,
                        wan(np.get().value()), np.get().year(), wan(cf.get().value()), cf.get().year());
            }
            case RiskCodes.REVENUE_DECLINE -> {
                Number r0 = r.figure(year, "revenue");
                Number r1 = r.figure(year - 1, "revenue");
                if (r0 == null || r1 == null || r1.doubleValue() <= 0) {
                    yield null;
                }
                double drop = 1 - r0.doubleValue() / r1.doubleValue();
                yield String.format(Locale.ROOT,
                        "%s: revenue %s (%d) is %.1f%% below %s (%d), more than %s. / %s：营业收入 %s（%d年）较上年 %s（%d年）下降 %.1f%%，超过 %s。",
                        who, wan(r0), year, drop * 100, wan(r1), year - 1, pct(t.revenueDecline()), who, wan(r0), year,
                        wan(r1), year - 1, drop * 100, pct(t.revenueDecline()));
            }
            case RiskCodes.CUSTOMER_CONCENTRATION -> concentration(who, r.customers(), t, "customer", "客户");
            case RiskCodes.SUPPLIER_CONCENTRATION -> concentration(who, r.suppliers(), t, "supplier", "供应商");
            case RiskCodes.HIGH_LTV -> r.collateral().stream().filter(c -> c.ltv() != null)
                    .max(Comparator.comparingDouble(CreditReport.Collateral::ltv))
                    .map(c -> String.format(Locale.ROOT, "%s: collateral %s at a loan-to-value of %.1f%%, above %s. / "
                            + "%s：抵质押物 %s 抵质押率 %.1f%%，高于 %s。", who, nz(c.type()), c.ltv() * 100, pct(t.ltv()), who,
                            nz(c.type()), c.ltv() * 100, pct(t.ltv())))
                    .orElse(null);
            case RiskCodes.RELATED_PARTY_GUARANTEE -> {
                List<String> gs = RiskRules.relatedGuarantors(r.borrower(), r.guarantees(), r.relatedParties()).stream()
                        .map(Guarantee::guarantor).distinct().toList();
                yield gs.isEmpty() ? null : String.format(Locale.ROOT,
                        "%s: guaranteed by related parties (%s). / %s：由关联方、实际控制人或其家庭成员担保（%s）。", who,
                        String.join(", ", gs), who, String.join("、", gs));
            }
            default -> null;
        };
    }

    private static String leverage(String who, CreditReport r, int year, RiskThresholds t) {
        Number stated = null;
        for (Financial f : r.financials()) {
            if (f.year() == year && "debt_to_asset_ratio".equals(f.metric()) && f.value() != null) {
                stated = f.value();
            }
        }
        Number v = stated != null ? stated : r.figure(year, "debt_to_asset_ratio");
        if (v == null) {
            return null;
        }
        String en = stated != null ? String.valueOf(year) : year + ", computed as liabilities ÷ assets";
        String zh = stated != null ? year + "年" : year + "年，按负债总额÷资产总额计算";
        return String.format(Locale.ROOT, "%s: debt-to-asset ratio %.1f%% (%s) above %s. / %s：资产负债率 %.1f%%（%s）高于 %s。",
                who, v.doubleValue() * 100, en, pct(t.leverage()), who, v.doubleValue() * 100, zh, pct(t.leverage()));
    }

    private static String concentration(String who, List<Counterparty> l, RiskThresholds t, String en, String zh) {
        Optional<Counterparty> top = l.stream().filter(c -> c.share() != null).max(Comparator.comparingDouble(Counterparty::share));
        if (top.isEmpty()) {
            return null;
        }
        double sum = l.stream().filter(c -> c.share() != null).mapToDouble(Counterparty::share).sum();
        if (top.get().share() > t.singleShare()) {
            return String.format(Locale.ROOT, "%s: largest %s %s holds %.0f%%, above %s. / %s：第一大%s %s 占比 %.0f%%，高于 %s。",
                    who, en, top.get().name(), top.get().share() * 100, pct(t.singleShare()), who, zh, top.get().name(),
                    top.get().share() * 100, pct(t.singleShare()));
        }
        return String.format(Locale.ROOT, "%s: the listed %ss hold %.0f%% together, above %s. / %s：所列%s合计占比 %.0f%%，高于 %s。",
                who, en, sum * 100, pct(t.totalShare()), who, zh, sum * 100, pct(t.totalShare()));
    }

    private static Optional<Financial> latest(CreditReport r, String metric) {
        return r.financials().stream().filter(f -> metric.equals(f.metric()) && f.value() != null)
                .max(Comparator.comparingInt(Financial::year));
    }

    /** An amount in yuan as 万元 with separators: 1,234.56万元. */
    static String wan(Number yuan) {
        return String.format(Locale.ROOT, "%,.2f万元", yuan.doubleValue() / 10_000);
    }

    private static String pct(double ratio) {
        return plain(ratio * 100) + "%";
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static String nz(String s) {
        return s == null ? "-" : s;
    }

    private static String fileName(String source) {
        int i = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
        return source.substring(i + 1);
    }
}
