package dev.enclave.audit.internal;

import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.enclave.core.DomainPack;

/** The credit-audit pack's {@link DomainPack} service. */
@Component(service = DomainPack.class)
public final class AuditPack implements DomainPack {
    private String version = "0.0.0";

    @Activate
    void activate(BundleContext context) {
        version = context.getBundle().getVersion().toString();
    }

    @Override
    public String id() {
        return "dev.enclave.audit";
    }

    @Override
    public String name() {
        return "Credit Audit Pack / 信贷审计包";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String description() {
        return "Extracts 授信调查报告 with evidence, links a portfolio into its guarantee network and lists risk findings.";
    }

    @Override
    public List<String> contributions() {
        return List.of("service: dev.enclave.audit.CreditAuditService", "service: dev.enclave.audit.CreditReportExtractor", "service: dev.enclave.audit.PortfolioAnalyzer",
                "service: dev.enclave.audit.FindingDecisions", "cli: enclave audit extract FILE",
                "cli: enclave audit portfolio DIR|FILE…", "cli: enclave audit decide ID --confirm|--dismiss",
                "cli: enclave audit paper DIR|FILE… --docx FILE --xlsx FILE",
                "cli: enclave eval audit --truth DIR");
    }
}
