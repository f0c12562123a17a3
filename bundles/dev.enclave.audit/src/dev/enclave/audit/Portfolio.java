package dev.enclave.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.enclave.audit.internal.NameKey;
import dev.enclave.core.EnclaveException;

/**
 * A portfolio of credit reports linked into one guarantee network.
 *
 * @param reports        the reports, with portfolio risk codes added to {@code risksImplied}
 * @param guaranteeEdges each {@code [guarantor, beneficiary]} once, names as resolved across reports
 * @param circles        guarantee cycles of three or more parties
 * @param mutualPairs    pairs that guarantee each other
 * @param findings       all findings, most severe first
 */
public record Portfolio(List<CreditReport> reports, List<List<String>> guaranteeEdges, List<List<String>> circles,
        List<List<String>> mutualPairs, List<Finding> findings) {

    /**
     * The part of this portfolio that concerns one report, for a one-report working paper:
     * that report, the guarantee edges, circles and mutual pairs its borrower takes part in,
     * and the findings that quote it or name its borrower.
     *
     * @param source a {@link CreditReport#source()} of this portfolio
     * @throws dev.enclave.core.EnclaveException (bad input) when no report has that source
     */
    public Portfolio forReport(String source) {
        CreditReport report = reports.stream().filter(r -> r.source().equals(source)).findFirst()
                .orElseThrow(() -> EnclaveException.badInput(source + ": not a report of this portfolio."));
        String key = report.borrower().name() == null ? null : NameKey.of(report.borrower().name());
        Predicate<List<String>> touches = names -> key != null && names.stream().anyMatch(n -> NameKey.of(n).equals(key));
        List<Finding> own = new ArrayList<>();
        for (Finding f : findings) {
            if (f.evidence().stream().anyMatch(e -> e.source().equals(source)) || touches.test(f.subjects())) {
                own.add(f);
            }
        }
        return new Portfolio(List.of(report), guaranteeEdges.stream().filter(touches).toList(),
                circles.stream().filter(touches).toList(), mutualPairs.stream().filter(touches).toList(), List.copyOf(own));
    }
}
