package dev.enclave.audit;

import java.util.List;

/** Links credit reports into one guarantee network and derives findings. Thread-safe. */
public interface PortfolioAnalyzer {

    /**
     * Resolves names across the reports, finds circles, mutual pairs and chains, and lists
     * findings, with the schema's thresholds ({@link RiskThresholds#DEFAULTS}).
     */
    default Portfolio analyze(List<CreditReport> reports) {
        return analyze(reports, RiskThresholds.DEFAULTS);
    }

    /**
     * As {@link #analyze(List)}, the findings' messages naming the given thresholds. The reports'
     * implied codes are taken as they are: compute them with the same thresholds beforehand.
     *
     * <p>Bounded: circles are reported per strongly connected component of the guarantee graph,
     * with its members and a bounded number of example cycles (shortest first), so that a dense
     * portfolio (every company guaranteeing every other) is analysed in about linear time.
     */
    Portfolio analyze(List<CreditReport> reports, RiskThresholds thresholds);
}
