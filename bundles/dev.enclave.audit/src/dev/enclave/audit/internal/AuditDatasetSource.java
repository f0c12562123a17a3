package dev.enclave.audit.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.audit.AuditJson;
import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReportExtractor;
import dev.enclave.audit.FieldCorrections;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.studio.DatasetSource;

/**
 * The auditors' own work as training data ({@code enclave data import NAME --from audit}):
 * every corrected field becomes an instruction example (the report passage around the field →
 * the corrected value as JSON), every confirmed extraction one (the report → the whole
 * corrected extraction as JSON). Reports that changed since (another SHA-256) or are gone are
 * left out.
 */
@Component(service = DatasetSource.class)
public final class AuditDatasetSource implements DatasetSource {
    /** Characters of context kept on each side of a field's evidence. */
    static final int CONTEXT = 160;

    @Reference
    private CreditReportExtractor extractor;
    @Reference
    private FieldCorrections corrections;

    @Override
    public String id() {
        return "audit";
    }

    @Override
    public String description() {
        return "Auditors' corrected fields and confirmed extractions as instruction examples / "
                + "审计人员更正的字段与确认的抽取结果（指令样本）";
    }

    @Override
    public String argument() {
        return null;
    }

    @Override
    public List<JsonObject> records(Workspace workspace, Subject subject, String argument, Progress progress) {
        Map<String, List<FieldCorrections.Entry>> byReport = new LinkedHashMap<>();
        for (FieldCorrections.Entry e : corrections.entries(workspace)) {
            byReport.computeIfAbsent(e.report() + "\n" + e.sha256(), k -> new ArrayList<>()).add(e);
        }
        progress.begin("audit corrections", byReport.size());
        List<JsonObject> out = new ArrayList<>();
        for (List<FieldCorrections.Entry> entries : byReport.values()) {
            progress.checkCanceled();
            FieldCorrections.Entry first = entries.get(0);
            Path file = Path.of(first.report());
            if (!Files.isRegularFile(file) || !FileFieldCorrections.sha256(file).equals(first.sha256())) {
                progress.worked(1);
                continue;
            }
            String text = extractor.readText(file);
            CreditReport report = extractor.extract(text, file.toString());
            JsonObject extraction = AuditJson.gson().toJsonTree(report).getAsJsonObject();
            JsonObject corrected = corrections.apply(extraction, first.sha256(), entries);
            Map<String, FieldCorrections.Entry> latest = new LinkedHashMap<>();
            boolean confirmed = false;
            for (FieldCorrections.Entry e : entries) {
                if (FieldCorrections.CORRECTED.equals(e.kind())) {
                    latest.put(e.field(), e);
                } else if (FieldCorrections.CONFIRMED.equals(e.kind())) {
                    confirmed = true;
                }
            }
            for (FieldCorrections.Entry e : latest.values()) {
                JsonObject value = new JsonObject();
                value.add(e.field(), JsonParser.parseString(e.valueJson()));
                out.add(example("从授信调查报告的以下段落中抽取字段 " + e.field() + "，只输出 JSON。\n"
                        + "Extract the field " + e.field() + " from this credit report passage; answer with JSON only.",
                        passage(text, report, e), AuditJson.gson().toJson(value), file + "#" + e.field()));
            }
            if (confirmed) {
                corrected.remove("evidence");
                corrected.remove("source");
                corrected.remove("findings");
                out.add(example("抽取这份授信调查报告的全部要素，按授信报告模式只输出 JSON。\n"
                        + "Extract all elements of this credit report in the credit report schema; answer with JSON only.",
                        text, AuditJson.gson().toJson(corrected), file.toString()));
            }
            progress.worked(1);
        }
        progress.done();
        return out;
    }

    private static JsonObject example(String instruction, String input, String output, String source) {
        JsonObject o = new JsonObject();
        o.addProperty("instruction", instruction);
        o.addProperty("input", input);
        o.addProperty("output", output);
        o.addProperty("source", "audit:" + source);
        return o;
    }

    /**
     * The text around the field's evidence (or its list item's), else around the corrected value
     * where the report states it, else the report's beginning.
     */
    static String passage(String text, CreditReport report, FieldCorrections.Entry e) {
        int[] span = report.evidence().get(e.field());
        if (span == null && e.field().contains("].")) {
            span = report.evidence().get(e.field().substring(0, e.field().indexOf("].") + 1));
        }
        if (span == null) {
            JsonElement v = JsonParser.parseString(e.valueJson());
            if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
                int at = text.indexOf(v.getAsString());
                if (at >= 0) {
                    span = new int[] { at, at + v.getAsString().length() };
                }
            }
        }
        if (span == null) {
            return text.substring(0, Math.min(text.length(), 2 * CONTEXT));
        }
        return text.substring(Math.max(0, span[0] - CONTEXT), Math.min(text.length(), span[1] + CONTEXT));
    }
}
