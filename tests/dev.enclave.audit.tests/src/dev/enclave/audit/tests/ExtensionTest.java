package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReportExtractor;
import dev.enclave.audit.FieldExtractor;
import dev.enclave.audit.ReportDocument;
import dev.enclave.audit.RiskRule;
import dev.enclave.audit.RiskThresholds;

/**
 * A test pack adds one field reader and one risk rule through the SPI, as OSGi services, and the
 * pack uses them: the reader fills a field the built-in rules leave empty (with its evidence), the
 * rule adds its code and a finding; both go away with their services.
 */
class ExtensionTest {
    @TempDir
    Path dir;

    private static final String TEXT = "授信申报要点\n融资人全称：示例远航新材料有限公司\n注册资本：1,000万元\n申请品种：流动资金贷款\n"
            + "申请金额：人民币3,000万元整\n期限：12个月\n";

    /** A bank's own label for the borrower: 融资人全称. */
    static final class BankLabelReader implements FieldExtractor {
        @Override
        public List<Candidate> candidates(ReportDocument doc) {
            ReportDocument.Span v = doc.value("融资人全称");
            return v == null ? List.of() : List.of(new Candidate("borrower.name", v.text(), v.start(), v.end(), 10));
        }
    }

    /** The facility above twice the registered capital. */
    static final class FacilityAboveCapital implements RiskRule {
        @Override
        public String code() {
            return "FACILITY_ABOVE_CAPITAL";
        }

        @Override
        public String severity() {
            return "medium";
        }

        @Override
        public String check(CreditReport r, RiskThresholds t) {
            Long amount = r.facility().amountYuan();
            Long capital = r.borrower().registeredCapitalYuan();
            return amount != null && capital != null && amount > 2 * capital
                    ? "Facility " + amount + " above twice the registered capital " + capital + ". / 授信金额超过注册资本的两倍。"
                    : null;
        }
    }

    @Test
    void aFieldReaderAndARiskRuleAddedAsServicesAreUsed() throws Exception {
        CreditReportExtractor extractor = Services.get(CreditReportExtractor.class);
        assertEquals(null, extractor.extract(TEXT, "r.txt").borrower().name(), "the built-in rules do not know the label");
        BundleContext ctx = FrameworkUtil.getBundle(getClass()).getBundleContext();
        ServiceRegistration<FieldExtractor> reader = ctx.registerService(FieldExtractor.class, new BankLabelReader(), null);
        ServiceRegistration<RiskRule> rule = ctx.registerService(RiskRule.class, new FacilityAboveCapital(), null);
        try {
            CreditReport r = extractor.extract(TEXT, "r.txt");
            assertEquals("示例远航新材料有限公司", r.borrower().name());
            int[] span = r.evidence().get("borrower.name");
            assertEquals("示例远航新材料有限公司", TEXT.substring(span[0], span[1]), "the value keeps its evidence");

            Path reports = Files.createDirectories(dir.resolve("reports"));
            Files.writeString(reports.resolve("r.txt"), TEXT, StandardCharsets.UTF_8);
            Services.Run run = Services.cli("--data", dir.resolve("ws").toString(), "audit", "portfolio", "--json",
                    reports.toString());
            assertEquals(0, run.code(), run.err());
            JsonObject p = JsonParser.parseString(run.out()).getAsJsonObject();
            JsonObject report = p.getAsJsonArray("reports").get(0).getAsJsonObject();
            assertTrue(report.getAsJsonArray("risks_implied").toString().contains("FACILITY_ABOVE_CAPITAL"), report.toString());
            assertTrue(p.getAsJsonArray("findings").toString().contains("授信金额超过注册资本的两倍"), p.toString());
        } finally {
            reader.unregister();
            rule.unregister();
        }
        assertEquals(null, extractor.extract(TEXT, "r.txt").borrower().name(), "gone with its service");
    }

    @Test
    void aReportDocumentHasLinesSentencesAndPairs() {
        ReportDocument d = ReportDocument.of("借款人名称：甲公司\n本次申请贷款。期限一年；利率3.5%\nBorrower: Jia Co.\n");
        assertEquals(3, d.lines().size());
        assertEquals("甲公司", d.value("借款人名称").text());
        assertEquals("Jia Co.", d.value("Borrower").text());
        assertTrue(d.sentences().stream().anyMatch(s -> s.text().equals("本次申请贷款。")), d.sentences().toString());
        for (ReportDocument.Span s : d.sentences()) {
            assertEquals(s.text(), d.text().substring(s.start(), s.end()));
        }
    }
}
