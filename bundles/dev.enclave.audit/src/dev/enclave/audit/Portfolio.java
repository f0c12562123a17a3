package dev.enclave.audit;

import java.util.List;

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
}
