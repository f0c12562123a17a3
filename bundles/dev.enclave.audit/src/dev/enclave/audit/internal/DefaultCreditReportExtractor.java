package dev.enclave.audit.internal;

import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReportExtractor;

/** Rule-based extraction (sections, forms, tables, prose) with HanLP name recognition. */
@Component(service = CreditReportExtractor.class)
public final class DefaultCreditReportExtractor implements CreditReportExtractor {

    @Override
    public CreditReport extract(Path file) {
        return extract(readText(file), file.toString());
    }

    @Override
    public CreditReport extract(String text, String source) {
        return new RuleExtractor(text, source).run();
    }

    @Override
    public String readText(Path file) {
        return ReportFiles.read(file);
    }
}
