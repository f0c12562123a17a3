package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.List;

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
        List<JsonObject> out = new ArrayList<>();
        CorrectedReports.forEach(workspace, corrections, extractor, e -> true, progress, r -> {
            for (FieldCorrections.Entry e : r.latestCorrections().values()) {
                JsonObject value = new JsonObject();
                value.add(e.field(), JsonParser.parseString(e.valueJson()));
                out.add(example("从授信调查报告的以下段落中抽取字段 " + e.field() + "，只输出 JSON。\n"
                        + "Extract the field " + e.field() + " from this credit report passage; answer with JSON only.",
                        passage(r.text(), r.report(), e), AuditJson.gson().toJson(value), r.file() + "#" + e.field()));
            }
            if (r.entries().stream().anyMatch(e -> FieldCorrections.CONFIRMED.equals(e.kind()))) {
                JsonObject corrected = corrections.apply(r.extraction(), r.entries().get(0).sha256(), r.entries());
                corrected.remove("evidence");
                corrected.remove("source");
                corrected.remove("findings");
                out.add(example("抽取这份授信调查报告的全部要素，按授信报告模式只输出 JSON。\n"
                        + "Extract all elements of this credit report in the credit report schema; answer with JSON only.",
                        r.text(), AuditJson.gson().toJson(corrected), r.file().toString()));
            }
        });
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
