package dev.enclave.audit;

import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonObject;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * The auditor's corrections of extracted values and confirmations of whole extractions, kept
 * in the workspace ({@code <data>/audit/corrections.jsonl}, appended) and written to the audit
 * log. Each is tied to the report file's SHA-256, so a correction never silently applies to a
 * changed report. The studio turns them into training examples (data source {@code audit}).
 */
public interface FieldCorrections {
    /** Kind of an entry: a field's value corrected. */
    String CORRECTED = "corrected";
    /** Kind of an entry: the whole extraction (with its corrections) confirmed as right. */
    String CONFIRMED = "confirmed";

    /**
     * One entry.
     *
     * @param report    the report file (absolute path)
     * @param sha256    the report file's SHA-256 when the entry was made
     * @param kind      {@link #CORRECTED} or {@link #CONFIRMED}
     * @param field     the field path as in the schema's evidence map (e.g. {@code borrower.name},
     *                  {@code guarantees[1].amount_yuan}); null for a confirmation
     * @param valueJson the corrected value as JSON text (a string, number, null, object); null for a confirmation
     */
    record Entry(String report, String sha256, String kind, String field, String valueJson, String comment,
            String user, String time) {
    }

    /**
     * Corrects one field of a report's extraction.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) for a missing report, a field path the
     *         schema does not have, or a value that is not JSON
     */
    Entry correct(Workspace workspace, Subject user, Path report, String field, String valueJson, String comment);

    /** Confirms a report's extraction (as corrected so far) as right. */
    Entry confirm(Workspace workspace, Subject user, Path report, String comment);

    /** All entries, oldest first. */
    List<Entry> entries(Workspace workspace);

    /**
     * The extraction JSON (schema of {@code credit-report.md}) with the corrections of
     * {@code entries} for this report and hash applied, later ones winning.
     */
    JsonObject apply(JsonObject extraction, String reportSha256, List<Entry> entries);
}
