package dev.enclave.audit.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.google.gson.JsonObject;

import dev.enclave.audit.AuditJson;
import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReportExtractor;
import dev.enclave.audit.FieldCorrections;
import dev.enclave.core.Progress;
import dev.enclave.core.Workspace;

/**
 * The reports the auditors' corrections were made on, as the dataset sources read them: grouped by
 * report and content hash, a report changed or gone since left out, each read and extracted afresh.
 *
 * @param file       the report
 * @param text       its text
 * @param report     what the extractor reads in it now
 * @param extraction {@code report} as JSON
 * @param entries    the corrections recorded on this content, oldest first
 */
record CorrectedReports(Path file, String text, CreditReport report, JsonObject extraction,
        List<FieldCorrections.Entry> entries) {

    /** The latest correction (kind {@link FieldCorrections#CORRECTED}) of each field, in the order first seen. */
    Map<String, FieldCorrections.Entry> latestCorrections() {
        Map<String, FieldCorrections.Entry> latest = new LinkedHashMap<>();
        for (FieldCorrections.Entry e : entries) {
            if (FieldCorrections.CORRECTED.equals(e.kind())) {
                latest.put(e.field(), e);
            }
        }
        return latest;
    }

    /**
     * Calls {@code action} for each report holding corrections that {@code keep} accepts, with those
     * corrections, under {@code progress} (one unit a report; cancellable between reports).
     */
    static void forEach(Workspace workspace, FieldCorrections corrections, CreditReportExtractor extractor,
            Predicate<FieldCorrections.Entry> keep, Progress progress, Consumer<CorrectedReports> action) {
        Map<String, List<FieldCorrections.Entry>> byReport = new LinkedHashMap<>();
        for (FieldCorrections.Entry e : corrections.entries(workspace)) {
            if (keep.test(e)) {
                byReport.computeIfAbsent(e.report() + "\n" + e.sha256(), k -> new ArrayList<>()).add(e);
            }
        }
        progress.begin("audit corrections", byReport.size());
        for (List<FieldCorrections.Entry> entries : byReport.values()) {
            progress.checkCanceled();
            FieldCorrections.Entry first = entries.get(0);
            Path file = Path.of(first.report());
            if (Files.isRegularFile(file) && FileFieldCorrections.sha256(file).equals(first.sha256())) {
                String text = extractor.readText(file);
                CreditReport report = extractor.extract(text, file.toString());
                action.accept(new CorrectedReports(file, text, report,
                        AuditJson.gson().toJsonTree(report).getAsJsonObject(), entries));
            }
            progress.worked(1);
        }
        progress.done();
    }
}
