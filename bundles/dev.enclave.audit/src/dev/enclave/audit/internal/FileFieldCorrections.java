package dev.enclave.audit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import dev.enclave.audit.FieldCorrections;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/** Corrections appended to {@code <data>/audit/corrections.jsonl}, one JSON object per line. */
@Component(service = FieldCorrections.class)
public final class FileFieldCorrections implements FieldCorrections {
    /** {@code section.key} or {@code list[i].key} or {@code list[i]}, as in the schema's evidence map. */
    private static final Pattern PATH = Pattern.compile("([a-z_]+)(?:\\[(\\d+)\\])?(?:\\.([a-z_0-9]+))?");
    /** The schema's sections and their keys (credit-report.md); risks_stated is a list of strings. */
    private static final Map<String, Set<String>> OBJECTS = Map.of(
            "borrower", Set.of("name", "credit_code", "legal_rep", "controller", "registered_capital_yuan",
                    "established", "industry", "address"),
            "facility", Set.of("product", "amount_yuan", "term_months", "rate", "purpose", "repayment_source"));
    private static final Map<String, Set<String>> LISTS = Map.of(
            "financials", Set.of("year", "metric", "value"),
            "guarantees", Set.of("guarantor", "guarantor_type", "beneficiary", "kind", "amount_yuan"),
            "collateral", Set.of("type", "owner", "appraised_value_yuan", "ltv", "location"),
            "related_parties", Set.of("name", "relation", "share"),
            "suppliers", Set.of("name", "share"),
            "customers", Set.of("name", "share"),
            "risks_stated", Set.of());

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    static Path file(Workspace ws) {
        return ws.serviceFolder("audit").resolve("corrections.jsonl");
    }

    @Override
    public synchronized Entry correct(Workspace workspace, Subject user, Path report, String field, String valueJson,
            String comment) {
        checkPath(field);
        JsonElement value = value(field, valueJson);
        Entry e = new Entry(absolute(report).toString(), hash(report), CORRECTED, field,
                GSON.toJson(value), comment == null ? "" : comment, user.name(), Instant.now().toString());
        append(workspace, e);
        workspace.auditLog().append(user.name(), "audit.correct", e.report() + "#" + field, AuditEntry.SUCCESS,
                e.comment());
        return e;
    }

    @Override
    public synchronized Entry confirm(Workspace workspace, Subject user, Path report, String comment) {
        Entry e = new Entry(absolute(report).toString(), hash(report), CONFIRMED, null, null,
                comment == null ? "" : comment, user.name(), Instant.now().toString());
        append(workspace, e);
        workspace.auditLog().append(user.name(), "audit.confirm", e.report(), AuditEntry.SUCCESS, e.comment());
        return e;
    }

    @Override
    public List<Entry> entries(Workspace workspace) {
        Path f = file(workspace);
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try {
            int n = 0;
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(GSON.fromJson(line, Entry.class));
                } catch (JsonParseException e) {
                    throw EnclaveException.failure(f + " line " + n + " is damaged: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw EnclaveException.failure("cannot read " + f + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public JsonObject apply(JsonObject extraction, String reportSha256, List<Entry> entries) {
        JsonObject out = extraction.deepCopy();
        for (Entry e : entries) {
            if (!CORRECTED.equals(e.kind()) || !e.sha256().equals(reportSha256)) {
                continue;
            }
            set(out, e.field(), JsonParser.parseString(e.valueJson()));
        }
        return out;
    }

    private static void set(JsonObject root, String field, JsonElement value) {
        Matcher m = PATH.matcher(field);
        if (!m.matches()) {
            return;
        }
        String section = m.group(1);
        String index = m.group(2);
        String key = m.group(3);
        if (index == null) {
            JsonObject o = root.has(section) && root.get(section).isJsonObject() ? root.getAsJsonObject(section)
                    : new JsonObject();
            o.add(key, value);
            root.add(section, o);
            return;
        }
        JsonArray list = root.has(section) && root.get(section).isJsonArray() ? root.getAsJsonArray(section)
                : new JsonArray();
        int i = Integer.parseInt(index);
        while (list.size() <= i) {
            list.add(key == null ? com.google.gson.JsonNull.INSTANCE : new JsonObject());
        }
        if (key == null) {
            list.set(i, value);
        } else {
            JsonElement item = list.get(i);
            JsonObject o = item != null && item.isJsonObject() ? item.getAsJsonObject() : new JsonObject();
            o.add(key, value);
            list.set(i, o);
        }
        root.add(section, list);
    }

    /**
     * The value as typed: JSON when it looks like JSON (a number, null, true, false, or text in
     * double quotes, an object or a list), else the text itself.
     */
    static JsonElement value(String field, String typed) {
        String t = typed == null ? "" : typed.strip();
        boolean json = t.equals("null") || t.equals("true") || t.equals("false")
                || t.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?") || t.startsWith("\"") || t.startsWith("{")
                || t.startsWith("[");
        if (!json) {
            return new com.google.gson.JsonPrimitive(t);
        }
        try {
            return JsonParser.parseString(t);
        } catch (JsonParseException e) {
            throw EnclaveException.badInput("value for " + field + ": not valid JSON (" + e.getMessage() + ").");
        }
    }

    /** Throws naming the path when the schema has no such field. */
    static void checkPath(String field) {
        Matcher m = field == null ? null : PATH.matcher(field);
        boolean ok = false;
        if (m != null && m.matches()) {
            String section = m.group(1);
            String key = m.group(3);
            if (OBJECTS.containsKey(section)) {
                ok = m.group(2) == null && key != null && OBJECTS.get(section).contains(key);
            } else if (LISTS.containsKey(section)) {
                ok = m.group(2) != null && (key == null || LISTS.get(section).contains(key));
            }
        }
        if (!ok) {
            throw EnclaveException.badInput("field '" + field + "': not a field of the credit report schema. Use e.g. "
                    + "borrower.name, facility.amount_yuan, guarantees[0].guarantor, related_parties[1], "
                    + "risks_stated[0] (see credit-report.md).");
        }
    }

    private static Path absolute(Path report) {
        return report.toAbsolutePath().normalize();
    }

    private static String hash(Path report) {
        if (!Files.isRegularFile(report)) {
            throw EnclaveException.badInput(report + ": no such report file.");
        }
        return sha256(report);
    }

    /** Lower-case hex SHA-256 of a file's bytes. */
    static String sha256(Path file) {
        try {
            return dev.enclave.core.Hashes.sha256Hex(file);
        } catch (IOException e) {
            throw EnclaveException.badInput(file + " cannot be read: " + e.getMessage());
        }
    }

    private static void append(Workspace ws, Entry e) {
        Path f = file(ws);
        try {
            Files.writeString(f, GSON.toJson(e) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException ex) {
            throw EnclaveException.failure("cannot write " + f + ": " + ex.getMessage(), ex);
        }
    }
}
