package dev.enclave.audit;

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
}
