package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReport.Financial;
import dev.enclave.audit.CreditReportExtractor;

/** Normalisation of amounts, dates, ratios and OCR noise, with evidence in original offsets. */
class ValuesTest {
    private CreditReportExtractor extractor;

    @BeforeEach
    void find() throws InterruptedException {
        extractor = Services.get(CreditReportExtractor.class);
    }

    private static String at(String text, int[] span) {
        return text.substring(span[0], span[1]);
    }

    @Test
    void capitalNumeralsAndUnits() {
        String[][] cases = { { "人民币叁仟万元整", "30000000" }, { "人民币伍佰万元整", "5000000" }, { "壹亿贰仟万元", "120000000" },
                { "人民币壹亿零伍佰万元整", "105000000" }, { "1.2亿元", "120000000" }, { "3,000万元", "30000000" },
                { "50,000,000.00元", "50000000" }, { "８，０００万元", "80000000" }, { "2 5 0 0 万元", "25000000" } };
        for (String[] c : cases) {
            String text = "授信方案\n申请金额：" + c[0] + "\n";
            CreditReport r = extractor.extract(text, "t.txt");
            assertEquals(Long.valueOf(c[1]), r.facility().amountYuan(), c[0]);
            String quoted = at(text, r.evidence().get("facility.amount_yuan"));
            assertTrue(c[0].startsWith(quoted.replace("人民币", "")) || c[0].startsWith(quoted), quoted + " in " + c[0]);
        }
    }

    /** English amounts in bilingual memos: a scale word, or a currency before a bare number. */
    @Test
    void englishAmounts() {
        String[][] cases = { { "RMB 20 million", "20000000" }, { "CNY 1.5 billion", "1500000000" },
                { "RMB 3,000,000", "3000000" }, { "RMB 45 mn", "45000000" }, { "CNY 800 thousand", "800000" },
                { "RMB 20 million (2000万元)", "20000000" } };
        for (String[] c : cases) {
            String text = "Facility 授信\nAmount 金额: " + c[0] + "\n";
            CreditReport r = extractor.extract(text, "t.txt");
            assertEquals(Long.valueOf(c[1]), r.facility().amountYuan(), c[0]);
            assertTrue(c[0].startsWith(at(text, r.evidence().get("facility.amount_yuan")).strip()), c[0]);
        }
        CreditReport capital = extractor.extract("Borrower 借款人\nRegistered capital 注册资本: RMB 80 million\n", "t.txt");
        assertEquals(80_000_000L, capital.borrower().registeredCapitalYuan());
    }

    /** A full-width OCR table: cells parted by ideographic spaces, full-width digits and separators. */
    @Test
    void fullWidthTableCells() {
        String text = "财务数据（万元）\n项目\u3000２０２２年\u3000２０２３年\n资产总额\u3000１２，４００\u3000１３，８６０\n"
                + "营业收入\u3000９，１５０\u3000８，０２０\n经营活动现金流量净额\u3000１，０２０\u3000－２１０\n"
                + "用途：采购电子元件\u3000还款来源：销售收入\n";
        CreditReport r = extractor.extract(text, "t.txt");
        assertEquals(138_600_000d, value(r, 2023, "total_assets"), 0.5);
        assertEquals(124_000_000d, value(r, 2022, "total_assets"), 0.5);
        assertEquals(-2_100_000d, value(r, 2023, "operating_cash_flow"), 0.5);
        assertEquals("采购电子元件", r.facility().purpose());
        assertEquals("销售收入", r.facility().repaymentSource());
        assertTrue(at(text, r.evidence().get("facility.purpose")).startsWith("采购"));
    }

    private static double value(CreditReport r, int year, String metric) {
        return r.financials().stream().filter(f -> f.year() == year && f.metric().equals(metric)).findFirst()
                .orElseThrow(() -> new AssertionError(year + "/" + metric + " missing: " + r.financials())).value()
                .doubleValue();
    }

    @Test
    void datesInEveryForm() {
        for (String d : List.of("2009年6月18日", "2009-06-18", "2009.6.18", "２００９年６月１８日", "2009/6/18", "二〇〇九年六月十八日")) {
            CreditReport r = extractor.extract("一、借款人基本情况\n成立日期：" + d + "\n", "t.txt");
            assertEquals("2009-06-18", r.borrower().established(), d);
        }
        CreditReport none = extractor.extract("一、借款人基本情况\n成立日期：2009年6月\n", "t.txt");
        assertNull(none.borrower().established(), "a month is not a date: null, never a guess");
    }

    @Test
    void ratiosAsDecimalsAndStatedInconsistencyIsAFinding() {
        String text = "三、财务分析\n2023年末资产总额8,000万元，负债总额6,000万元，资产负债率68.5%，流动比率0.85。\n";
        CreditReport r = extractor.extract(text, "t.txt");
        assertEquals(0.685, value(r, "debt_to_asset_ratio"), 1e-9);
        assertEquals(0.85, value(r, "current_ratio"), 1e-9);
        assertEquals(80_000_000d, value(r, "total_assets"), 0.5);
        assertTrue(r.risksImplied().contains("HIGH_LEVERAGE"), "6000/8000 = 0.75 > 0.7: " + r.risksImplied());
        assertTrue(r.risksImplied().contains("LOW_LIQUIDITY"), r.risksImplied().toString());
        assertEquals(1, r.findings().size(), "68.5% stated vs 75% computed");
        assertEquals("INCONSISTENT_FIGURES", r.findings().get(0).code());

        CreditReport decimal = extractor.extract("三、财务分析\n2023年资产负债率为0.685。\n", "t.txt");
        assertEquals(0.685, value(decimal, "debt_to_asset_ratio"), 1e-9);
    }

    @Test
    void ocrNoiseKeepsEvidenceInOriginalOffsets() {
        String text = "一、借款人基本情况\n借款人名称：江南示例电子有限公司\n注册资本：５ ０００万元\n法定代表人： 王 建 国\n";
        CreditReport r = extractor.extract(text, "t.txt");
        assertEquals("江南示例电子有限公司", r.borrower().name());
        assertEquals(50_000_000L, r.borrower().registeredCapitalYuan());
        assertEquals("王建国", r.borrower().legalRep());
        assertEquals("５ ０００万元", at(text, r.evidence().get("borrower.registered_capital_yuan")));
        assertEquals("王 建 国", at(text, r.evidence().get("borrower.legal_rep")));
        assertEquals("江南示例电子有限公司", at(text, r.evidence().get("borrower.name")));
    }

    @Test
    void missingFieldsAreNull() {
        CreditReport r = extractor.extract("授信调查报告\n借款人：江南示例电子有限公司\n", "t.txt");
        assertEquals("江南示例电子有限公司", r.borrower().name());
        assertNull(r.borrower().creditCode());
        assertNull(r.facility().amountYuan());
        assertNull(r.facility().termMonths());
        assertTrue(r.financials().isEmpty());
        assertTrue(r.guarantees().isEmpty());
    }

    private static double value(CreditReport r, String metric) {
        return r.financials().stream().filter(f -> f.metric().equals(metric)).map(Financial::value)
                .findFirst().orElseThrow(() -> new AssertionError(metric + " missing in " + r.financials())).doubleValue();
    }
}
