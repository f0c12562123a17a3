package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import dev.enclave.audit.AuditJson;
import dev.enclave.audit.CreditReport;
import dev.enclave.audit.FieldExtractor;
import dev.enclave.audit.Finding;
import dev.enclave.audit.ReportDocument;
import dev.enclave.audit.RiskRule;
import dev.enclave.audit.RiskThresholds;

/**
 * What banks and partners add through the SPI: the resolver that lets {@link FieldExtractor}
 * candidates fill the borrower and facility fields the built-in rules left empty (highest rank
 * first, evidence kept), and the application of {@link RiskRule}s to a report. A reader or rule
 * that throws is left out for that report; it never fails the extraction.
 */
final class Extensions {
    private static final Set<String> SCALARS = Set.of("borrower.name", "borrower.credit_code", "borrower.legal_rep",
            "borrower.controller", "borrower.registered_capital_yuan", "borrower.established", "borrower.industry",
            "borrower.address", "facility.product", "facility.amount_yuan", "facility.term_months", "facility.rate",
            "facility.purpose", "facility.repayment_source");

    private Extensions() {
    }

    /** The report with the readers' best candidates in the scalar fields it left empty. */
    static CreditReport fill(CreditReport r, String text, List<FieldExtractor> readers) {
        if (readers.isEmpty()) {
            return r;
        }
        ReportDocument doc = ReportDocument.of(text);
        Map<String, FieldExtractor.Candidate> best = new LinkedHashMap<>();
        for (FieldExtractor reader : readers) {
            List<FieldExtractor.Candidate> cs;
            try {
                cs = reader.candidates(doc);
            } catch (RuntimeException e) {
                continue;
            }
            for (FieldExtractor.Candidate c : cs == null ? List.<FieldExtractor.Candidate>of() : cs) {
                if (c == null || !SCALARS.contains(c.field()) || c.value() == null || c.start() < 0
                        || c.end() > text.length() || c.start() >= c.end()) {
                    continue;
                }
                FieldExtractor.Candidate b = best.get(c.field());
                if (b == null || c.rank() > b.rank()) {
                    best.put(c.field(), c);
                }
            }
        }
        if (best.isEmpty()) {
            return r;
        }
        Gson gson = AuditJson.gson();
        JsonObject json = gson.toJsonTree(r).getAsJsonObject();
        Map<String, int[]> evidence = new LinkedHashMap<>(r.evidence());
        boolean changed = false;
        for (FieldExtractor.Candidate c : best.values()) {
            String[] path = c.field().split("\\.");
            JsonObject section = json.getAsJsonObject(path[0]);
            if (section.has(path[1]) && !section.get(path[1]).isJsonNull()) {
                continue; // the built-in rules found it: they come first
            }
            section.add(path[1], gson.toJsonTree(c.value()));
            evidence.put(c.field(), new int[] { c.start(), c.end() });
            changed = true;
        }
        if (!changed) {
            return r;
        }
        CreditReport filled;
        try {
            filled = gson.fromJson(json, CreditReport.class);
        } catch (RuntimeException wrongType) {
            return r; // a candidate of the wrong type for its field
        }
        return ReportFigures.complete(new CreditReport(r.source(), filled.borrower(), filled.facility(), r.financials(),
                r.guarantees(), r.collateral(), r.relatedParties(), r.suppliers(), r.customers(), r.risksStated(),
                r.risksImplied(), evidence, r.findings(), r.sha256(), r.derived(), r.corrections()));
    }

    /** The report with the codes and findings of the rules that apply to it (earlier ones of theirs replaced). */
    static CreditReport rules(CreditReport r, List<RiskRule> rules, RiskThresholds t) {
        if (rules.isEmpty()) {
            return r;
        }
        List<String> codes = new ArrayList<>(r.risksImplied());
        List<Finding> findings = new ArrayList<>();
        Set<String> ruleCodes = new java.util.HashSet<>();
        rules.forEach(rule -> ruleCodes.add(rule.code()));
        for (Finding f : r.findings()) {
            if (!ruleCodes.contains(f.code())) {
                findings.add(f);
            }
        }
        codes.removeIf(ruleCodes::contains);
        String subject = r.borrower().name() != null ? r.borrower().name() : r.source();
        for (RiskRule rule : rules) {
            String message;
            try {
                message = rule.check(r, t);
            } catch (RuntimeException e) {
                continue;
            }
            if (message == null) {
                continue;
            }
            if (!codes.contains(rule.code())) {
                codes.add(rule.code());
            }
            findings.add(Findings.create(rule.code(), rule.severity(), List.of(subject), message, List.of()));
        }
        return new CreditReport(r.source(), r.borrower(), r.facility(), r.financials(), r.guarantees(), r.collateral(),
                r.relatedParties(), r.suppliers(), r.customers(), r.risksStated(), codes, r.evidence(), findings,
                r.sha256(), r.derived(), r.corrections());
    }
}
