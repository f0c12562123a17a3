package dev.enclave.audit;

/**
 * A risk rule that a bank or partner adds as an OSGi service (a Declarative Services
 * {@code @Component}): it looks at one report, as extracted and corrected, and says whether its
 * code applies. A rule that fires adds its {@link #code()} to the report's implied codes and a
 * finding with its message, naming the report's borrower, to the portfolio. The built-in codes of
 * {@code credit-report.md} are not rules of this kind; their thresholds are {@link RiskThresholds}.
 *
 * <p>Implementations must be thread-safe and must not change the report.
 */
public interface RiskRule {

    /** The code this rule adds, upper case with underscores (e.g. {@code FACILITY_ABOVE_CAPITAL}). */
    String code();

    /** {@code high}, {@code medium} or {@code low}. */
    String severity();

    /**
     * The finding's message when the rule applies to {@code report}, English then {@code " / "}
     * then Chinese, naming the value and the threshold; {@code null} when it does not apply.
     */
    String check(CreditReport report, RiskThresholds thresholds);
}
