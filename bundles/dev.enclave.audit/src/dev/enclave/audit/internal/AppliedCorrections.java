package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import dev.enclave.audit.AuditJson;
import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReport.Correction;
import dev.enclave.audit.CreditReport.Financial;
import dev.enclave.audit.FieldCorrections;

/**
 * Applies the auditor's corrections to an extracted report, keyed by the report file's content
 * hash (so a copy or a re-import of the same file keeps them), records each with the value the
 * extraction gave, and computes what the figures imply again.
 */
public final class AppliedCorrections {
    private static final Pattern PATH = Pattern.compile("([a-z_]+)(?:\\[(\\d+)\\])?(?:\\.([a-z_0-9]+))?");

    private AppliedCorrections() {
    }

    /**
     * The report with every correction of {@code entries} made for its {@link CreditReport#sha256()}
     * applied, later ones winning; the report itself when none applies or it has no hash.
     */
    public static CreditReport apply(CreditReport report, List<FieldCorrections.Entry> entries, FieldCorrections fc) {
        if (report.sha256() == null) {
            return report;
        }
        List<FieldCorrections.Entry> mine = entries.stream().filter(e -> FieldCorrections.CORRECTED.equals(e.kind())
                && report.sha256().equals(e.sha256()) && e.field() != null).toList();
        if (mine.isEmpty()) {
            return report;
        }
        Gson gson = AuditJson.gson();
        JsonObject json = gson.toJsonTree(report).getAsJsonObject();
        Map<String, Correction> byField = new LinkedHashMap<>();
        report.corrections().forEach(c -> byField.put(c.field(), c));
        for (FieldCorrections.Entry e : mine) {
            Correction before = byField.get(e.field());
            String extracted = before != null ? before.extractedJson() : gson.toJson(get(json, e.field()));
            byField.put(e.field(), new Correction(e.field(), extracted, e.valueJson(), e.comment(), e.user(), e.time()));
        }
        // one at a time: a value of the wrong type for its field (text for an amount) is left out, not fatal
        JsonObject current = json;
        CreditReport r = report;
        for (FieldCorrections.Entry e : mine) {
            JsonObject next = fc.apply(current, report.sha256(), List.of(e));
            try {
                r = gson.fromJson(next, CreditReport.class);
                current = next;
            } catch (RuntimeException wrongType) {
                byField.remove(e.field());
            }
        }
        List<Financial> fin = new ArrayList<>();
        for (Financial f : r.financials()) {
            fin.add(typed(f));
        }
        return ReportFigures.complete(new CreditReport(r.source(), r.borrower(), r.facility(), fin, r.guarantees(),
                r.collateral(), r.relatedParties(), r.suppliers(), r.customers(), r.risksStated(), r.risksImplied(),
                report.evidence(), report.findings(), report.sha256(), List.of(), List.copyOf(byField.values())));
    }

    /** Amounts as {@link Long}, ratios as {@link Double}, as the extractor gives them (JSON reads numbers lazily). */
    static Financial typed(Financial f) {
        if (f.value() == null || f.metric() == null) {
            return f;
        }
        Number v = Financial.isRatio(f.metric()) ? (Number) f.value().doubleValue()
                : (Number) Math.round(f.value().doubleValue());
        return new Financial(f.year(), f.metric(), v);
    }

    /** The value at a schema path of the report's JSON form, JSON null where there is none. */
    static JsonElement get(JsonObject root, String field) {
        Matcher m = PATH.matcher(field);
        if (!m.matches() || !root.has(m.group(1))) {
            return JsonNull.INSTANCE;
        }
        JsonElement node = root.get(m.group(1));
        if (m.group(2) != null) {
            int i = Integer.parseInt(m.group(2));
            if (!node.isJsonArray() || node.getAsJsonArray().size() <= i) {
                return JsonNull.INSTANCE;
            }
            node = node.getAsJsonArray().get(i);
        }
        if (m.group(3) != null) {
            if (!node.isJsonObject() || !node.getAsJsonObject().has(m.group(3))) {
                return JsonNull.INSTANCE;
            }
            node = node.getAsJsonObject().get(m.group(3));
        }
        return node == null ? JsonNull.INSTANCE : node;
    }
}
