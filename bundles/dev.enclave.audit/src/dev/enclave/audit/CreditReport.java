package dev.enclave.audit;

import java.util.List;
import java.util.Map;

/**
 * What one credit report says, in the schema of {@code credit-report.md}. Unknown values
 * are {@code null} or empty lists, never guesses.
 *
 * @param source        the report's path as given
 * @param borrower      the borrower; never {@code null}, its fields may be
 * @param facility      the requested facility; never {@code null}, its fields may be
 * @param financials    one entry per year and metric the report states
 * @param guarantees    guarantees securing the facility and those the borrower gave to others
 * @param collateral    pledged and mortgaged assets
 * @param relatedParties shareholders, controller, affiliates
 * @param suppliers     main suppliers with their share of purchases
 * @param customers     main customers with their share of sales
 * @param risksStated   risks the report itself states, one short description each
 * @param risksImplied  risk codes derived from the figures (see {@link RiskCodes})
 * @param evidence      field path ({@code borrower.name}, {@code guarantees[0]}) to {@code [start, end)}
 * @param findings      findings about this report alone (e.g. inconsistent figures)
 * @param sha256        the SHA-256 of the report file's bytes (lower-case hex), what corrections and
 *                      the portfolio's duplicate check key on; {@code null} for a report extracted
 *                      from text alone
 * @param derived       figures computed from stated ones where the report states none (e.g. the
 *                      debt-to-asset ratio from total liabilities / total assets, rounded to 4
 *                      places); never part of {@code financials}, so a computed value is always
 *                      told apart from a stated one
 * @param corrections   the auditor's corrections applied to this report, each with the value the
 *                      extraction gave; the fields above already hold the corrected values
 */
public record CreditReport(String source, Borrower borrower, Facility facility, List<Financial> financials,
        List<Guarantee> guarantees, List<Collateral> collateral, List<RelatedParty> relatedParties,
        List<Counterparty> suppliers, List<Counterparty> customers, List<String> risksStated,
        List<String> risksImplied, Map<String, int[]> evidence, List<Finding> findings, String sha256,
        List<Financial> derived, List<Correction> corrections) {

    /** Lists that a saved or older portfolio lacks are empty, never {@code null}. */
    public CreditReport {
        financials = financials == null ? List.of() : financials;
        guarantees = guarantees == null ? List.of() : guarantees;
        collateral = collateral == null ? List.of() : collateral;
        relatedParties = relatedParties == null ? List.of() : relatedParties;
        suppliers = suppliers == null ? List.of() : suppliers;
        customers = customers == null ? List.of() : customers;
        risksStated = risksStated == null ? List.of() : risksStated;
        risksImplied = risksImplied == null ? List.of() : risksImplied;
        evidence = evidence == null ? Map.of() : evidence;
        findings = findings == null ? List.of() : findings;
        derived = derived == null ? List.of() : derived;
        corrections = corrections == null ? List.of() : corrections;
    }

    /** A report as extracted: no file hash, nothing derived or corrected yet. */
    public CreditReport(String source, Borrower borrower, Facility facility, List<Financial> financials,
            List<Guarantee> guarantees, List<Collateral> collateral, List<RelatedParty> relatedParties,
            List<Counterparty> suppliers, List<Counterparty> customers, List<String> risksStated,
            List<String> risksImplied, Map<String, int[]> evidence, List<Finding> findings) {
        this(source, borrower, facility, financials, guarantees, collateral, relatedParties, suppliers, customers,
                risksStated, risksImplied, evidence, findings, null, List.of(), List.of());
    }

    /**
     * One correction as applied: {@code field} a path of the schema ({@code facility.amount_yuan}),
     * the extracted and the corrected value as JSON text ({@code "null"} where there was none).
     */
    public record Correction(String field, String extractedJson, String correctedJson, String comment, String user,
            String time) {
    }

    /** The value of {@code metric} for {@code year}: stated first, else derived; {@code null} when neither. */
    public Number figure(int year, String metric) {
        for (List<Financial> l : List.of(financials, derived)) {
            for (Financial f : l) {
                if (f.year() == year && f.metric().equals(metric)) {
                    return f.value();
                }
            }
        }
        return null;
    }

    /** Whether the value of {@code field} (a schema path) was corrected by the auditor. */
    public boolean corrected(String field) {
        return corrections.stream().anyMatch(c -> c.field().equals(field));
    }

    /** The borrower: who asks for credit. */
    public record Borrower(String name, String creditCode, String legalRep, String controller,
            Long registeredCapitalYuan, String established, String industry, String address) {
    }

    /** The facility applied for; {@code amountYuan} in yuan, {@code termMonths} in months. */
    public record Facility(String product, Long amountYuan, Integer termMonths, String rate, String purpose,
            String repaymentSource) {
    }

    /**
     * One stated figure: {@code metric} is one of {@link #METRICS}; amounts in yuan
     * ({@link Long}), ratios as decimals ({@link Double}).
     */
    public record Financial(int year, String metric, Number value) {
        /** The metrics the schema knows. */
        public static final List<String> METRICS = List.of("total_assets", "total_liabilities", "revenue",
                "net_profit", "operating_cash_flow", "debt_to_asset_ratio", "current_ratio");

        /** Whether {@code metric} is a ratio (decimal) rather than an amount (yuan). */
        public static boolean isRatio(String metric) {
            return metric.endsWith("_ratio");
        }
    }

    /** A guarantee edge: {@code guarantor} stands for {@code beneficiary}; type {@code company} or {@code person}. */
    public record Guarantee(String guarantor, String guarantorType, String beneficiary, String kind,
            Long amountYuan) {
    }

    /** A pledged or mortgaged asset; {@code ltv} as a decimal. */
    public record Collateral(String type, String owner, Long appraisedValueYuan, Double ltv, String location) {
    }

    /** A related party of the borrower; {@code share} of the borrower held, as a decimal. */
    public record RelatedParty(String name, String relation, Double share) {
    }

    /** A supplier or customer with its share of purchases or sales, as a decimal. */
    public record Counterparty(String name, Double share) {
    }
}
