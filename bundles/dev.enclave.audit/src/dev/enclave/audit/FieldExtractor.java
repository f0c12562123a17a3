package dev.enclave.audit;

import java.util.List;

/**
 * A reader of credit-report fields that a bank or partner adds as an OSGi service (a
 * Declarative Services {@code @Component}): it proposes candidate values with the span they come
 * from, and the pack's resolver chooses among them. The built-in rules come first: a candidate
 * fills a borrower or facility field they left empty, the highest {@link Candidate#rank()} of all
 * readers winning; the auditor's corrections come after and always win. A candidate whose span
 * is not within the text is ignored, so every value keeps its evidence.
 *
 * <p>Implementations must be thread-safe and quick (they run inside each report's time budget).
 */
public interface FieldExtractor {

    /**
     * One proposed value.
     *
     * @param field a borrower or facility field path of the schema ({@code borrower.name},
     *              {@code facility.amount_yuan})
     * @param value the value in the schema's type: {@link String}, {@link Long} for yuan,
     *              {@link Integer} for months
     * @param start where the evidence starts in {@link ReportDocument#text()}
     * @param end   where it ends (exclusive)
     * @param rank  higher wins among readers' candidates for the same field
     */
    record Candidate(String field, Object value, int start, int end, int rank) {
    }

    /** The candidates this reader finds in the document; empty when none. */
    List<Candidate> candidates(ReportDocument document);
}
