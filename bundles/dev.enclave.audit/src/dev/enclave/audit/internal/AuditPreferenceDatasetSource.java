package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.audit.AuditJson;
import dev.enclave.audit.CreditReportExtractor;
import dev.enclave.audit.FieldCorrections;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.studio.DatasetSource;

/**
 * The auditors' corrections as preference pairs for alignment
 * ({@code enclave data import NAME --from audit-preferences}, then {@code enclave train dpo}): for
 * every corrected field the prompt asks for the field from the report passage around its evidence,
 * the chosen answer is the auditor's value and the rejected one the value the extraction gave
 * (both as JSON, {@code {"field": value}}). The extracted value is the extractor's on the report
 * as it was when corrected: entries whose report changed since (another SHA-256) or is gone are
 * left out, and so are corrections that kept the extracted value. The latest correction of a field
 * wins.
 */
@Component(service = DatasetSource.class)
public final class AuditPreferenceDatasetSource implements DatasetSource {
    private static final Pattern PATH = Pattern.compile("([a-z_]+)(?:\\[(\\d+)\\])?(?:\\.([a-z_0-9]+))?");

    @Reference
    private CreditReportExtractor extractor;
    @Reference
    private FieldCorrections corrections;

    @Override
    public String id() {
        return "audit-preferences";
    }

    @Override
    public String description() {
        return "Auditors' corrections as preference pairs (corrected value chosen, extracted value rejected) / "
                + "审计人员的更正作为偏好对（更正值为优选，抽取值为劣选）";
    }

    @Override
    public String argument() {
        return null;
    }

    @Override
    public List<JsonObject> records(Workspace workspace, Subject subject, String argument, Progress progress) {
        List<JsonObject> out = new ArrayList<>();
        CorrectedReports.forEach(workspace, corrections, extractor, e -> FieldCorrections.CORRECTED.equals(e.kind()),
                progress, r -> {
                    for (FieldCorrections.Entry e : r.latestCorrections().values()) {
                        JsonElement corrected = JsonParser.parseString(e.valueJson());
                        JsonElement extracted = value(r.extraction(), e.field());
                        if (corrected.equals(extracted)) {
                            continue;
                        }
                        JsonObject o = new JsonObject();
                        o.addProperty("prompt", "从授信调查报告的以下段落中抽取字段 " + e.field() + "，只输出 JSON。\n"
                                + "Extract the field " + e.field()
                                + " from this credit report passage; answer with JSON only.\n\n"
                                + AuditDatasetSource.passage(r.text(), r.report(), e));
                        o.addProperty("chosen", answer(e.field(), corrected));
                        o.addProperty("rejected", answer(e.field(), extracted));
                        o.addProperty("source", "audit:" + r.file() + "#" + e.field());
                        out.add(o);
                    }
                });
        return out;
    }

    private static String answer(String field, JsonElement value) {
        JsonObject o = new JsonObject();
        o.add(field, value);
        return AuditJson.gson().toJson(o);
    }

    /** The value at a field path ({@code borrower.name}, {@code guarantees[1].amount_yuan}), JSON null when absent. */
    static JsonElement value(JsonObject root, String field) {
        Matcher m = PATH.matcher(field);
        if (!m.matches() || !root.has(m.group(1))) {
            return JsonNull.INSTANCE;
        }
        JsonElement at = root.get(m.group(1));
        if (m.group(2) != null) {
            int i = Integer.parseInt(m.group(2));
            if (!at.isJsonArray() || at.getAsJsonArray().size() <= i) {
                return JsonNull.INSTANCE;
            }
            at = at.getAsJsonArray().get(i);
        }
        if (m.group(3) != null) {
            if (!at.isJsonObject() || !at.getAsJsonObject().has(m.group(3))) {
                return JsonNull.INSTANCE;
            }
            at = at.getAsJsonObject().get(m.group(3));
        }
        return at == null ? JsonNull.INSTANCE : at;
    }
}
