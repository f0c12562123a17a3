package dev.enclave.audit;

import java.util.List;

/** Links credit reports into one guarantee network and derives findings. Thread-safe. */
public interface PortfolioAnalyzer {

    /** Resolves names across the reports, finds circles, mutual pairs and chains, and lists findings. */
    Portfolio analyze(List<CreditReport> reports);
}
