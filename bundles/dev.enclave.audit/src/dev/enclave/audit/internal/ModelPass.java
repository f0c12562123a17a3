package dev.enclave.audit.internal;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReport.Borrower;
import dev.enclave.audit.CreditReport.Facility;
import dev.enclave.core.Progress;
import dev.enclave.runtime.ChatMessage;
import dev.enclave.runtime.Generation;
import dev.enclave.runtime.GenerationSettings;
import dev.enclave.runtime.LanguageModel;

/**
 * The optional model pass of {@code audit extract --model-pass}: the active chat model proposes
 * values, as JSON, for the borrower and facility fields the rules left empty. A proposal is
 * accepted only when its evidence string occurs in the report text and the evidence says the
 * value (the text of a name or phrase, the amount, date or term the evidence reads as); the
 * evidence span of an accepted value is that occurrence. Values the rules found are never
 * replaced.
 */
public final class ModelPass {
    /** The scalar fields a model may propose. */
    public static final List<String> FIELDS = List.of("borrower.name", "borrower.credit_code", "borrower.legal_rep",
            "borrower.controller", "borrower.registered_capital_yuan", "borrower.established", "borrower.industry",
            "borrower.address", "facility.product", "facility.amount_yuan", "facility.term_months", "facility.rate",
            "facility.purpose", "facility.repayment_source");

    /** The most report characters put into one prompt. */
    static final int MAX_TEXT = 6000;

    private ModelPass() {
    }

    /** The fields of {@code r} that are still empty. */
    public static List<String> missing(CreditReport r) {
        Map<String, Object> v = values(r);
        return FIELDS.stream().filter(f -> v.get(f) == null).toList();
    }

    /** The instruction for the model: the missing fields, the JSON shape, and the report text. */
    public static String prompt(String text, List<String> fields) {
        StringBuilder sb = new StringBuilder();
        sb.append("Read the credit report below and give values for these fields: ").append(String.join(", ", fields))
                .append(".\nAnswer with one JSON object only, for example\n")
                .append("{\"borrower.legal_rep\": {\"value\": \"张三\", \"evidence\": \"法定代表人张三\"}}\n")
                .append("where evidence is copied exactly from the report. Amounts in yuan as integers, dates as "
                        + "yyyy-mm-dd, terms in months. Leave out a field the report does not state.\n\n")
                .append(text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
        return sb.toString();
    }

    /**
     * Runs the pass with {@code model} over the report {@code text}; returns {@code base} with what was
     * accepted. A report too long for the model's context is asked about by its head (where the
     * borrower and the facility stand), halved until the prompt fits.
     */
    public static CreditReport run(LanguageModel model, CreditReport base, String text, Progress progress) {
        List<String> fields = missing(base);
        if (fields.isEmpty()) {
            return base;
        }
        String head = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        while (true) {
            String p = prompt(head, fields);
            String full = model.hasChatTemplate() ? model.chatPrompt(List.of(ChatMessage.user(p))) : p + "\nJSON:";
            int[] ids = model.encode(full);
            int room = model.contextLength() - ids.length;
            if (room >= 64) {
                Generation g = model.generate(ids, GenerationSettings.greedy(Math.min(384, room)), (piece, id) -> {
                }, progress);
                return apply(base, text, g.text());
            }
            if (head.length() < 400) {
                return base; // the model's context is too small for any of the report
            }
            head = head.substring(0, head.length() / 2);
        }
    }

    /**
     * Applies a model's answer to {@code base}: each proposal for a field that is still empty is
     * kept only when its evidence occurs in {@code text} and states the value.
     */
    public static CreditReport apply(CreditReport base, String text, String modelOutput) {
        JsonObject o = parseLenient(modelOutput);
        if (o == null) {
            return base;
        }
        Map<String, Object> values = values(base);
        Map<String, int[]> evidence = new LinkedHashMap<>(base.evidence());
        boolean changed = false;
        for (String field : FIELDS) {
            if (values.get(field) != null) {
                continue;
            }
            JsonObject proposal = proposal(o, field);
            if (proposal == null || !proposal.has("evidence") || !proposal.has("value")
                    || proposal.get("value").isJsonNull() || !proposal.get("evidence").isJsonPrimitive()) {
                continue;
            }
            String ev = proposal.get("evidence").getAsString().strip();
            int at = ev.isEmpty() ? -1 : text.indexOf(ev);
            if (at < 0) {
                continue; // no evidence in the report: dropped
            }
            Object v = accepted(field, proposal.get("value"), ev);
            if (v == null) {
                continue;
            }
            values.put(field, v);
            evidence.put(field, new int[] { at, at + ev.length() });
            changed = true;
        }
        if (!changed) {
            return base;
        }
        Borrower b = new Borrower((String) values.get("borrower.name"), (String) values.get("borrower.credit_code"),
                (String) values.get("borrower.legal_rep"), (String) values.get("borrower.controller"),
                (Long) values.get("borrower.registered_capital_yuan"), (String) values.get("borrower.established"),
                (String) values.get("borrower.industry"), (String) values.get("borrower.address"));
        Facility f = new Facility((String) values.get("facility.product"), (Long) values.get("facility.amount_yuan"),
                (Integer) values.get("facility.term_months"), (String) values.get("facility.rate"),
                (String) values.get("facility.purpose"), (String) values.get("facility.repayment_source"));
        return new CreditReport(base.source(), b, f, base.financials(), base.guarantees(), base.collateral(),
                base.relatedParties(), base.suppliers(), base.customers(), base.risksStated(), base.risksImplied(),
                evidence, base.findings());
    }

    /** The value to keep, or {@code null} when the evidence does not state the proposed value. */
    private static Object accepted(String field, JsonElement value, String ev) {
        String raw = value.isJsonPrimitive() ? value.getAsString().strip() : null;
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        switch (field) {
            case "borrower.registered_capital_yuan", "facility.amount_yuan" -> {
                Values.Hit<Long> h = Values.amount(ev, 0, 1);
                long proposed;
                try {
                    proposed = Math.round(Double.parseDouble(raw.replace(",", "")));
                } catch (NumberFormatException e) {
                    return null;
                }
                return h != null && h.value() == proposed ? h.value() : null;
            }
            case "facility.term_months" -> {
                Values.Hit<Integer> h = Values.termMonths(ev, 0);
                try {
                    return h != null && h.value() == Integer.parseInt(raw) ? h.value() : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            case "borrower.established" -> {
                Values.Hit<String> h = Values.date(ev, 0);
                return h != null && h.value().equals(raw) ? h.value() : null;
            }
            default -> {
                String v = NormalizedText.stripBlanks(raw);
                return NormalizedText.stripBlanks(ev).contains(v) && v.length() >= 2 ? v : null;
            }
        }
    }

    /** {@code {"borrower.name": {…}}} or {@code {"borrower": {"name": {…}}}}. */
    private static JsonObject proposal(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null) {
            int dot = field.indexOf('.');
            JsonElement sec = o.get(field.substring(0, dot));
            if (sec != null && sec.isJsonObject()) {
                e = sec.getAsJsonObject().get(field.substring(dot + 1));
            }
        }
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    /** The first JSON object in a model's answer (code fences, prose around it, single quotes tolerated). */
    static JsonObject parseLenient(String s) {
        if (s == null) {
            return null;
        }
        int start = s.indexOf('{');
        int end = s.lastIndexOf('}');
        if (start < 0 || end <= start) {
            return null;
        }
        try (JsonReader r = new JsonReader(new StringReader(s.substring(start, end + 1)))) {
            r.setStrictness(Strictness.LENIENT);
            JsonElement e = JsonParser.parseReader(r);
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (JsonParseException | java.io.IOException | IllegalStateException e) {
            return null;
        }
    }

    private static Map<String, Object> values(CreditReport r) {
        Map<String, Object> v = new LinkedHashMap<>();
        Borrower b = r.borrower();
        Facility f = r.facility();
        v.put("borrower.name", b.name());
        v.put("borrower.credit_code", b.creditCode());
        v.put("borrower.legal_rep", b.legalRep());
        v.put("borrower.controller", b.controller());
        v.put("borrower.registered_capital_yuan", b.registeredCapitalYuan());
        v.put("borrower.established", b.established());
        v.put("borrower.industry", b.industry());
        v.put("borrower.address", b.address());
        v.put("facility.product", f.product());
        v.put("facility.amount_yuan", f.amountYuan());
        v.put("facility.term_months", f.termMonths());
        v.put("facility.rate", f.rate());
        v.put("facility.purpose", f.purpose());
        v.put("facility.repayment_source", f.repaymentSource());
        return v;
    }
}
