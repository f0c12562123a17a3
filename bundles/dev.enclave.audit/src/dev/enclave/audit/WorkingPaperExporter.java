package dev.enclave.audit;

import java.nio.file.Path;
import java.util.Map;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * Writes an audit working paper (审计工作底稿) of a portfolio or of one report: findings with
 * the auditor's decisions, the extracted elements, the evidence quotes and the guarantee
 * network picture, as a Word document, an Excel workbook (one sheet per part), or both.
 *
 * <p>Each {@link #export} that writes appends one {@code audit.paper} entry to the workspace's
 * audit log, naming the files written; callers (the CLI, the workbench) never audit it
 * themselves. Implementations are thread-safe.
 */
public interface WorkingPaperExporter {

    /**
     * Writes the working paper to {@code docx} and/or {@code xlsx} (whichever is not
     * {@code null}; the file is written in that format whatever its name) and records the export.
     *
     * @param workspace the workspace whose audit log records the export
     * @param user      the acting user, named on the paper as its preparer and in the audit entry
     * @param portfolio the portfolio, or one report's part of it ({@link Portfolio#forReport})
     * @param texts     each report's extracted text by {@link CreditReport#source()}, for evidence quotes
     * @param docx      the Word file to write, or {@code null}
     * @param xlsx      the Excel file to write, or {@code null}
     * @throws dev.enclave.core.EnclaveException (bad input) when neither file is given or a file
     *         cannot be written, naming it; nothing is audited then
     */
    void export(Workspace workspace, Subject user, Portfolio portfolio, Map<String, String> texts, Path docx, Path xlsx);
}
