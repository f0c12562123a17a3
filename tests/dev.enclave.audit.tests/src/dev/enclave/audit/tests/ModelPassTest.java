package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReportExtractor;
import dev.enclave.audit.internal.ModelPass;

/** The model pass keeps a proposed value only with evidence found in the report that states it. */
class ModelPassTest {
    private static final String TEXT = """
            授信调查报告
            借款人名称：苏州华新电子有限公司
            王建明负责公司日常经营管理，公司主要从事电子元件贸易。
            本次申请流动资金贷款人民币伍佰万元整。
            """;

    private CreditReportExtractor extractor;
    private CreditReport base;

    @BeforeEach
    void extract() throws InterruptedException {
        extractor = Services.get(CreditReportExtractor.class);
        base = extractor.extract(TEXT, "m.txt");
    }

    @Test
    void acceptsOnlyValuesWithEvidenceInTheText() {
        assertNull(base.borrower().legalRep());
        assertNull(base.facility().rate());
        assertNull(base.facility().termMonths());
        assertEquals(5_000_000L, base.facility().amountYuan());
        String answer = """
                Here is the JSON:
                ```json
                {'borrower.legal_rep': {'value': '王建明', 'evidence': '王建明负责公司日常经营管理'},
                 'facility': {'rate': {'value': 'LPR+50BP', 'evidence': '利率为LPR+50BP'},
                              'term_months': {'value': 12, 'evidence': '本次申请流动资金贷款'},
                              'amount_yuan': {'value': 8000000, 'evidence': '人民币伍佰万元整'}},
                 'borrower.industry': {'value': '电子元件贸易', 'evidence': '公司主要从事电子元件贸易'},
                 'borrower.name': {'value': '别的公司', 'evidence': '借款人名称'}}
                ```""";
        CreditReport r = ModelPass.apply(base, TEXT, answer);
        assertEquals("王建明", r.borrower().legalRep());
        int at = TEXT.indexOf("王建明负责公司日常经营管理");
        assertArrayEquals(new int[] { at, at + "王建明负责公司日常经营管理".length() }, r.evidence().get("borrower.legal_rep"));
        assertEquals("电子元件贸易", r.borrower().industry());
        // evidence not in the report, evidence that does not state the value, a value the rules already have
        assertNull(r.facility().rate());
        assertFalse(r.evidence().containsKey("facility.rate"));
        assertNull(r.facility().termMonths());
        assertEquals(5_000_000L, r.facility().amountYuan());
        assertEquals("苏州华新电子有限公司", r.borrower().name());
    }

    @Test
    void unreadableAnswersChangeNothing() {
        assertSame(base, ModelPass.apply(base, TEXT, "I cannot help with that."));
        assertSame(base, ModelPass.apply(base, TEXT, "{\"borrower.legal_rep\": \"王建明\"}"));
        assertSame(base, ModelPass.apply(base, TEXT, "{\"borrower.legal_rep\": {\"value\": \"李四\", \"evidence\": \"李四\"}}"));
    }
}
