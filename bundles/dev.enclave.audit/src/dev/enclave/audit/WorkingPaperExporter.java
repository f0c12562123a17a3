package dev.enclave.audit;

import java.nio.file.Path;
import java.util.Map;

/**
 * Writes an audit working paper (审计工作底稿) of a portfolio or of one report: findings with
 * the auditor's decisions, the extracted elements, the evidence quotes and the guarantee
 * network picture. Thread-safe.
 */
public interface WorkingPaperExporter {

    /**
     * Writes the working paper as a Word document.
     *
     * @param texts   each report's extracted text by {@link CreditReport#source()}, for evidence quotes
     * @param auditor the acting user, named on the paper
     * @throws dev.enclave.core.EnclaveException when the file cannot be written
     */
    void writeDocx(Portfolio portfolio, Map<String, String> texts, String auditor, Path out);

    /** Writes the working paper as an Excel workbook (one sheet per part); arguments as for {@link #writeDocx}. */
    void writeXlsx(Portfolio portfolio, Map<String, String> texts, String auditor, Path out);
}
