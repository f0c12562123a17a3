package dev.enclave.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * The credit audit as a user drives it, from the command line or the workbench: extracting one
 * report, analysing report files as a portfolio, writing the working paper of report files, and
 * the auditor's workbench portfolio that the workspace keeps between sessions
 * ({@code <data>/audit/workbench/portfolio.json}).
 *
 * <p>Each method that reads reports appends exactly one entry to the workspace's audit log for
 * the whole call ({@code audit.extract}, {@code audit.portfolio}, {@code audit.ui.import},
 * {@code audit.ui.load} when a saved portfolio cannot be read); writing a paper is audited by
 * {@link WorkingPaperExporter} ({@code audit.paper}). Callers never audit these themselves.
 * Extraction itself is {@link CreditReportExtractor}'s; this service only orchestrates it.
 *
 * <p>Implementations are thread-safe; the long calls report to the given {@link Progress} and
 * stop with {@link Progress.CanceledException} when it is canceled.
 */
public interface CreditAuditService {

    /**
     * A report file that could not be read and was skipped.
     *
     * @param path  the file as found
     * @param error what was wrong, naming the file
     */
    record Failure(String path, String error) {
    }

    /**
     * A report file that was read but not added because the portfolio already holds it.
     *
     * @param path        the file as found
     * @param reason      why, naming the file (same content, or same borrower credit code and facility)
     * @param duplicateOf the {@link CreditReport#source()} of the report already in the portfolio
     */
    record Skipped(String path, String reason, String duplicateOf) {
    }

    /**
     * Reports read into a portfolio.
     *
     * @param portfolio the analysed portfolio, with the auditor's decisions applied to its findings
     *                  and the auditor's corrections applied to its reports
     * @param texts     each report's extracted text by {@link CreditReport#source()}: what evidence
     *                  offsets point into
     * @param read      the sources of the reports this call read, in the order read; empty for a
     *                  saved portfolio
     * @param failed    the files that could not be read or are not credit reports, in the order met;
     *                  empty for a saved portfolio
     * @param skipped   the files not added because the portfolio already holds the same report
     */
    record Reading(Portfolio portfolio, Map<String, String> texts, List<String> read, List<Failure> failed,
            List<Skipped> skipped) {

        /** A reading that skipped nothing. */
        public Reading(Portfolio portfolio, Map<String, String> texts, List<String> read, List<Failure> failed) {
            this(portfolio, texts, read, failed, List.of());
        }

        /** A reading with no reports. */
        public static Reading empty() {
            return new Reading(new Portfolio(List.of(), List.of(), List.of(), List.of(), List.of()), Map.of(), List.of(),
                    List.of());
        }
    }

    /**
     * Reads one report and extracts it, with the auditor's corrections for its content applied
     * (see {@link CreditReport#corrections()}); audited as {@code audit.extract}.
     *
     * @param withModel also let the workspace's active chat model propose the borrower and facility
     *                  fields the rules left empty (a value is kept only with evidence in the report)
     * @throws dev.enclave.core.EnclaveException (bad input) naming the file when it cannot be read
     *         or is not a supported report, or when {@code withModel} is asked but no model runtime
     *         is installed
     */
    CreditReport extract(Workspace workspace, Subject user, Path file, boolean withModel, Progress progress);

    /**
     * Reads the reports under {@code paths} (folders searched recursively for .txt, .md, .docx and
     * .pdf files) and analyses them as one portfolio; audited once as {@code audit.portfolio}. A
     * file that cannot be read, or that is not a credit report (neither a borrower nor a facility
     * found in it), is listed in {@link Reading#failed()}; a file whose content, or whose borrower
     * credit code and facility, is already in the portfolio is listed in {@link Reading#skipped()}.
     * Corrections apply before the analysis, so the network and the findings use corrected values.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) when a path does not exist, or no report
     *         is found or none can be read
     */
    Reading portfolio(Workspace workspace, Subject user, List<Path> paths, Progress progress);

    /**
     * Reads and analyses the reports under {@code paths} as {@link #portfolio} does, then writes
     * their working paper with {@link WorkingPaperExporter#export}, which audits it once as
     * {@code audit.paper}; the reading itself adds no entry of its own.
     *
     * @param docx the Word file to write, or {@code null}
     * @param xlsx the Excel file to write, or {@code null}
     * @throws dev.enclave.core.EnclaveException (bad input) as for {@link #portfolio}, or when
     *         neither file is given or one cannot be written
     */
    Reading paper(Workspace workspace, Subject user, List<Path> paths, Path docx, Path xlsx, Progress progress);

    /**
     * The auditor's workbench portfolio as last saved in the workspace, its findings with the
     * decisions taken since; empty when none was saved. A saved portfolio that cannot be read is
     * left in place, audited as {@code audit.ui.load} (failure), and an empty one is returned, so
     * that a damaged file never keeps the workbench from opening.
     */
    Reading workbench(Workspace workspace, Subject user);

    /**
     * Adds the reports under {@code folder} (or the one file) to the saved workbench portfolio (a
     * report already there from the same path is replaced; one whose content or borrower credit
     * code and facility is already there is skipped, as in {@link #portfolio}), analyses it again, saves it, and
     * audits the import once as {@code audit.ui.import} (a failure outcome when some files could
     * not be read). Unlike {@link #portfolio}, files that cannot be read never fail the call.
     *
     * @return the whole workbench portfolio after the import, with this import's failures
     * @throws dev.enclave.core.EnclaveException (bad input) naming the folder when it does not exist
     *         or holds no report file at all
     */
    Reading importToWorkbench(Workspace workspace, Subject user, Path folder, Progress progress);

    /** Empties the saved workbench portfolio; the decisions and corrections stay in the workspace. */
    void clearWorkbench(Workspace workspace);
}
