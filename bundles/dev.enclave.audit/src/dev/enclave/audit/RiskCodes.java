package dev.enclave.audit;

import java.util.Locale;

import dev.enclave.audit.internal.PaperText;

/** The risk codes of {@code credit-report.md} and the findings the pack adds. */
public final class RiskCodes {
    public static final String HIGH_LEVERAGE = "HIGH_LEVERAGE";
    public static final String LOW_LIQUIDITY = "LOW_LIQUIDITY";
    public static final String CASH_PROFIT_DIVERGENCE = "CASH_PROFIT_DIVERGENCE";
    public static final String CUSTOMER_CONCENTRATION = "CUSTOMER_CONCENTRATION";
    public static final String SUPPLIER_CONCENTRATION = "SUPPLIER_CONCENTRATION";
    public static final String HIGH_LTV = "HIGH_LTV";
    public static final String GUARANTEE_CIRCLE = "GUARANTEE_CIRCLE";
    public static final String MUTUAL_GUARANTEE = "MUTUAL_GUARANTEE";
    public static final String RELATED_PARTY_GUARANTEE = "RELATED_PARTY_GUARANTEE";
    public static final String REVENUE_DECLINE = "REVENUE_DECLINE";
    /** A stated ratio disagrees with the report's own figures (a finding, not a risk code). */
    public static final String INCONSISTENT_FIGURES = "INCONSISTENT_FIGURES";
    /** A guarantee chain of four or more parties in the portfolio (a finding). */
    public static final String LONG_GUARANTEE_CHAIN = "LONG_GUARANTEE_CHAIN";

    private RiskCodes() {
    }

    /**
     * A risk or finding code as the working paper names it in the reader's language ({@code 担保圈} /
     * "Guarantee circle"), so parts show what the paper prints; the code itself when it has no label
     * (a code added by another pack's rule).
     *
     * @param locale the reader's locale: Chinese labels for a Chinese locale, else English
     */
    public static String label(String code, Locale locale) {
        return new PaperText(locale).code(code);
    }

    /**
     * A finding's severity ({@code high}, {@code medium}, {@code low}) in the reader's language, as the
     * working paper prints it (高 / High).
     */
    public static String severityLabel(String severity, Locale locale) {
        return new PaperText(locale).severity(severity);
    }
}
