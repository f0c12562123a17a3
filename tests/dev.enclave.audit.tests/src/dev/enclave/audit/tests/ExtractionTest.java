package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.FrameworkUtil;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReportExtractor;
import dev.enclave.audit.Portfolio;
import dev.enclave.audit.PortfolioAnalyzer;
import dev.enclave.audit.internal.EvalAuditContribution;
import dev.enclave.audit.internal.NameKey;
import dev.enclave.audit.tests.ReportGenerator.Generated;
import dev.enclave.audit.tests.ReportGenerator.Template;

/**
 * Field-level quality on generated reports of every template (FORM, NARRATIVE and TABLE were
 * developed on; OCR and ALT are held out) and on hand-written reports in other layouts.
 */
class ExtractionTest {
    @TempDir
    Path dir;

    private CreditReportExtractor extractor;

    @BeforeEach
    void find() throws InterruptedException {
        extractor = Services.get(CreditReportExtractor.class);
    }

    private double f1(Path truth) {
        return f1(truth, null);
    }

    /** The set's F1, each miss printed as "SET miss: …" when {@code set} is given (one extraction of the set). */
    @SuppressWarnings("unchecked")
    private double f1(Path truth, String set) {
        List<String> misses = set == null ? null : new ArrayList<>();
        Map<String, Object> r = EvalAuditContribution.evaluate(extractor, truth, misses);
        if (misses != null) {
            misses.forEach(m -> System.out.println(set + " miss: " + m));
        }
        System.out.println(truth.getFileName() + ": " + r);
        assertTrue(((List<?>) r.get("failed")).isEmpty(), r.get("failed").toString());
        return ((Number) ((Map<String, Object>) r.get("overall")).get("f1")).doubleValue();
    }

    @Test
    void everyTemplateScoresAbove095() throws IOException {
        ReportGenerator g = new ReportGenerator(20261123L);
        for (Template t : Template.values()) {
            Path d = dir.resolve(t.name());
            for (int i = 0; i < 6; i++) {
                ReportGenerator.write(d, g.generate(t.name().toLowerCase() + i, t, g.company(),
                        i % 2 == 0 ? List.of(g.company()) : List.of(), i % 3 == 0 ? List.of(g.company()) : List.of()));
            }
            double f1 = f1(d);
            assertTrue(f1 >= 0.95, t + " F1 " + f1);
        }
    }

    /** Prints the score of each report of {@code d} alone ("SET NAME {precision=…, f1=…}"). */
    private void printPerReport(String set, Path d) throws IOException {
        List<Path> txts;
        try (var files = Files.list(d)) {
            txts = files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
        for (Path txt : txts) {
            String stem = txt.getFileName().toString().replaceFirst("\\.txt$", "");
            Path one = dir.resolve("one-" + set + "-" + stem);
            Files.createDirectories(one);
            Files.copy(txt, one.resolve(txt.getFileName()));
            Files.copy(d.resolve(stem + ".truth.json"), one.resolve(stem + ".truth.json"));
            System.out.println(set + " " + stem + " " + EvalAuditContribution.evaluate(extractor, one, null).get("overall"));
        }
    }

    /** Copies the bundle's {@code data/FOLDER} into the temporary folder; the number of files copied. */
    private int copyData(String folder, Path to) throws IOException {
        Files.createDirectories(to);
        Enumeration<URL> e = FrameworkUtil.getBundle(getClass()).findEntries("data/" + folder, "*", false);
        int n = 0;
        while (e != null && e.hasMoreElements()) {
            URL u = e.nextElement();
            String name = u.getPath().substring(u.getPath().lastIndexOf('/') + 1);
            try (InputStream in = u.openStream()) {
                Files.copy(in, to.resolve(name));
            }
            n++;
        }
        return n;
    }

    @Test
    void handWrittenReportsInOtherLayouts() throws IOException {
        Path d = dir.resolve("handwritten");
        assertEquals(12, copyData("handwritten", d), "six reports with their truth");
        double f1 = f1(d);
        assertTrue(f1 >= 0.98, "F1 " + f1);
    }

    /**
     * Reports written by hand in templates the generator does not know: bank narrative in prose,
     * markdown / tab / space-aligned tables, OCR damage (stray spaces, full-width digits, broken
     * lines), English-labelled bilingual forms, capital-numeral amounts with 2024.3.15 dates.
     */
    @Test
    void holdoutReportsInNewTemplates() throws IOException {
        Path d = dir.resolve("holdout");
        assertEquals(24, copyData("holdout", d), "twelve reports with their truth");
        double f1 = f1(d);
        assertTrue(f1 >= 0.98, "holdout F1 " + f1);
    }

    /**
     * The first untouched set (six reports in bracket forms, a memo, English labels, a transposed
     * table, full-width OCR and numbered prose), scored once at F1 0.889 and since tuned on.
     */
    @Test
    void holdout2ReportsOnceUntouched() throws IOException {
        Path d = dir.resolve("holdout2");
        assertEquals(12, copyData("holdout2", d), "six reports with their truth");
        double f1 = f1(d);
        assertTrue(f1 >= 0.98, "holdout2 F1 " + f1);
    }

    /**
     * Tuning reports in the styles of the second untouched set, written separately from it:
     * committee minutes, an English-first memo, an OCR'd form with semicolons, a group report in
     * tab-separated tables, a rural-bank short form, a post-loan inspection, 亿元 with capital
     * numerals, a group report in prose with cross guarantees.
     */
    @Test
    void styleReportsForTuning() throws IOException {
        Path d = dir.resolve("styles");
        int files = copyData("styles", d);
        assertTrue(files >= 8 && files % 2 == 0, files + " files");
        double f1 = f1(d);
        assertTrue(f1 >= 0.99, "styles F1 " + f1);
    }

    /**
     * The second untouched set, now a tuning set: eight reports in styles no other set used. It
     * scored F1 0.753 before its first round of work and 0.872 at the end of it, when it was
     * still blind; since then its misses have been worked on as families (0.998).
     */
    @Test
    void holdout3Reports() throws IOException {
        Path d = dir.resolve("holdout3");
        assertEquals(16, copyData("holdout3", d), "eight reports with their truth");
        double f1 = f1(d);
        assertTrue(f1 >= 0.99, "holdout3 F1 " + f1);
    }

    /**
     * Tuning reports written this round in the styles of the third untouched set, separately from
     * it (numbered chapters, a form with odd separators, an English club-loan proposal, three-year
     * and guarantor/collateral tables, supply-chain and developer reports).
     */
    @Test
    void styles2Reports() throws IOException {
        Path d = dir.resolve("styles2");
        int files = copyData("styles2", d);
        assertTrue(files >= 12 && files % 2 == 0, files + " files");
        double f1 = f1(d);
        assertTrue(f1 >= 0.99, "styles2 F1 " + f1);
    }

    /**
     * The third untouched set: eight reports in styles no other set uses (numbered chapters, a
     * small-business form with odd separators, an English syndicated memo, a three-year table,
     * guarantor and collateral tables, supply-chain and real-estate reports, bullet risks), never
     * tuned on. Scored F1 0.899 before this round's work and 0.950 (P 0.980, R 0.922) at its end;
     * 0.982 after the general layout work of issue 19 (dev5);
     * the bound sits a little below that so that a regression shows (the extraction is
     * deterministic).
     */
    @Test
    void untouched3ReportsNeverTunedOn() throws IOException {
        Path d = dir.resolve("untouched3");
        assertEquals(16, copyData("untouched3", d), "eight reports with their truth");
        double f1 = f1(d);
        assertTrue(f1 >= 0.97, "untouched3 F1 " + f1);
    }

    /**
     * The fifth development set (issue 19): six reports written by hand, before any tuning, in
     * templates no other set uses (a rural bank's post-loan inspection with full-width digits, a
     * trade-finance memo in yuan with separators, a leasing company's review, an English memo of a
     * foreign bank's China branch in RMB '000, tables with wrapped cells and years as rows, a
     * prose review opinion with Chinese-numeral dates). Scored F1 0.853 (P 0.943, R 0.778) before
     * any work on it and 0.990 (P 1.000, R 0.980) at the end of that round; tuned on since, so the
     * bound sits a little below its last score to show a regression.
     */
    @Test
    void dev5ReportsInNewTemplates() throws IOException {
        Path d = dir.resolve("dev5");
        assertEquals(12, copyData("dev5", d), "six reports with their truth");
        double f1 = f1(d, "dev5");
        assertTrue(f1 >= 0.98, "dev5 F1 " + f1);
    }

    /**
     * The fourth blind set (issue 19): six reports written as blind in the templates a branch's
     * renewal review, a syndicated memo, a micro-business quick form, a group customer report, an
     * approval grid and an interview record use. Scored F1 0.800 when first run; it has been
     * looked at since, so it is a development set now: the last round of issue 19 worked on its
     * misses as families (0.965); the bound sits a little below that to show a regression.
     */
    @Test
    void blind4ReportsNowDevelopedOn() throws IOException {
        Path d = dir.resolve("blind4");
        assertEquals(12, copyData("blind4", d), "six reports with their truth");
        printPerReport("blind4", d);
        double f1 = f1(d, "blind4");
        assertTrue(f1 >= 0.95, "blind4 F1 " + f1);
    }

    /**
     * The sixth development set (issue 19): four reports written by hand, before the round's
     * work, in templates no other set uses (a loan-extension sheet of label-blank-value segments,
     * the borrower's own letter in the first person, a group report with a subsidiaries table and
     * a guarantee table of guarantor and beneficiary columns, a credit committee's numbered
     * resolution). Scored F1 0.818 before the round's work and 1.000 at its end; developed on, so the
     * bound sits a little below its last score to show a regression.
     */
    @Test
    void dev6ReportsDevelopedOn() throws IOException {
        Path d = dir.resolve("dev6");
        assertEquals(8, copyData("dev6", d), "four reports with their truth");
        double f1 = f1(d, "dev6");
        assertTrue(f1 >= 0.98, "dev6 F1 " + f1);
    }

    /**
     * The eighth development set (issue 19, fourth round): four reports written by hand before the
     * round's work, in templates no other set uses (English site-visit reports in full sentences, an
     * Excel key/value export with parenthesised holder notes and an address with a comma, a zh/en memo
     * with a HK$ capital and an English holding company). Scored F1 0.6856 (P 0.7917, R 0.6045)
     * before the round's work and 0.9575 at its end (English names keep "Co., Ltd.", English prose
     * figures, facts, guarantees and risk lists), 0.9885 after the English prose round (collateral,
     * counterparties and holders in sentences); developed on, so the bound is the goal (0.95), not
     * its last score. The two English reports guarantee each other with their names written "Co., Ltd."
     * and "Co.,Ltd": the pair must be found from both reports' prose.
     */
    @Test
    void dev8ReportsAndTheirMutualPair() throws IOException {
        Path d = dir.resolve("dev8");
        assertEquals(8, copyData("dev8", d), "four reports with their truth");
        printPerReport("dev8", d);
        double f1 = f1(d, "dev8");
        assertTrue(f1 >= 0.95, "dev8 F1 " + f1);
        List<CreditReport> reports = extractAll(d);
        Portfolio p = Services.get(PortfolioAnalyzer.class).analyze(reports);
        assertTrue(p.mutualPairs().stream().anyMatch(pair -> pair.stream().anyMatch(
                x -> NameKey.of(x).equals(NameKey.of("Kunshan Bluewave Printing Co., Ltd.")))), p.mutualPairs().toString());
        assertTrue(p.circles().isEmpty(), "no circle planted: " + p.circles());
        // values as the report prints them: a titled English name whole, an English address with its blanks
        CreditReport visit = reports.stream().filter(r -> r.source().endsWith("h2_en_site_visit.txt")).findFirst()
                .orElseThrow();
        assertEquals("Shen Guoliang", visit.borrower().controller(), "'the actual controller is Mr. Shen Guoliang'");
        assertEquals("No. 288 Qianjin East Road, Kunshan Development Zone, Kunshan, Jiangsu Province",
                visit.borrower().address());
    }

    /**
     * The ninth development set (issue 19, English prose round): six English memos written by hand before
     * the round's work, in full sentences and in forms no other set uses (a syndicated-loan committee memo,
     * an annual review letter, a trade-finance memo, a group-customer note, a due-diligence letter and a
     * new-customer proposal), with guarantees, collateral, holders and counterparties told in prose. Scored
     * F1 0.4615 (P 0.774, R 0.329) before the round's work and 0.9403 (P 0.976, R 0.907) at its end;
     * developed on; the bound is the promise (0.93), not its last score. The annual review and the
     * due-diligence letter guarantee each other: the pair must be found.
     */
    @Test
    void dev9EnglishMemosAndTheirMutualPair() throws IOException {
        Path d = dir.resolve("dev9");
        assertEquals(12, copyData("dev9", d), "six reports with their truth");
        printPerReport("dev9", d);
        double f1 = f1(d, "dev9");
        assertTrue(f1 >= 0.93, "dev9 F1 " + f1);
        List<CreditReport> reports = extractAll(d);
        Portfolio p = Services.get(PortfolioAnalyzer.class).analyze(reports);
        assertTrue(p.mutualPairs().stream().anyMatch(pair -> pair.stream().anyMatch(
                x -> NameKey.of(x).equals(NameKey.of("Ningbo Haixin Marine Hardware Co., Ltd.")))), p.mutualPairs().toString());
        assertTrue(p.circles().isEmpty(), "no circle planted: " + p.circles());
        // collateral told in a sentence: the asset, its value and loan-to-value, the owner who pledges "her" flat
        CreditReport proposal = reports.stream().filter(r -> r.source().endsWith("e6_new_customer.txt")).findFirst()
                .orElseThrow();
        assertEquals(1, proposal.collateral().size(), proposal.collateral().toString());
        assertEquals("apartment", proposal.collateral().get(0).type());
        assertEquals("Deng Xiaoyu", proposal.collateral().get(0).owner());
        assertEquals(11_400_000L, proposal.collateral().get(0).appraisedValueYuan());
        assertEquals(0.7, proposal.collateral().get(0).ltv(), 1e-9);
    }

    /** A Chinese address keeps no blank a layout put between its characters; an English one keeps one between words. */
    @Test
    void addressesLoseOnlyTheBlanksBetweenChineseCharacters() throws IOException {
        Path zh = Files.writeString(dir.resolve("zh-address.txt"), "烟台港城食品有限公司授信调查报告\n借款人名称：烟台港城食品有限公司\n"
                + "注册地址：烟台市 港城大道 196 号\n授信金额：500万元\n");
        assertEquals("烟台市港城大道196号", extractor.extract(zh).borrower().address());
        Path en = Files.writeString(dir.resolve("en-address.txt"), "Credit memo\nBorrower: Yantai Harbour Foods Co., Ltd.\n"
                + "Registered address: Room 5, No. 18 Gangcheng Avenue, Yantai\nFacility amount: RMB 5 million\n");
        assertEquals("Room 5, No. 18 Gangcheng Avenue, Yantai", extractor.extract(en).borrower().address());
    }

    /**
     * English prose keeps the blank after a clause's punctuation: "Co., Ltd." stays as written, and "p.a. Purpose"
     * ends a clause where the blank and the capital say so, so the rate stops before the next sentence.
     */
    @Test
    void englishSentencesKeepTheBlankAfterTheirPunctuation() throws IOException {
        Path en = Files.writeString(dir.resolve("en-prose.txt"), "Credit memo\nBorrower: Yantai Harbour Foods Co., Ltd.\n"
                + "We propose a working capital loan of CNY 5 million for 12 months at an interest rate of 4.35% p.a. "
                + "Purpose: purchase of raw materials. Qingdao Bay Cold Chain Co., Ltd. guarantees this loan up to RMB 5 "
                + "million (joint and several).\n");
        CreditReport r = extractor.extract(en);
        assertEquals("Yantai Harbour Foods Co., Ltd.", r.borrower().name());
        assertEquals("working capital loan", r.facility().product(), "the words before the product are not part of it");
        assertTrue(r.facility().rate() != null && r.facility().rate().startsWith("4.35%")
                && !r.facility().rate().contains("Purpose"), String.valueOf(r.facility().rate()));
        assertTrue(r.guarantees().stream().anyMatch(g -> "Qingdao Bay Cold Chain Co., Ltd.".equals(g.guarantor())),
                r.guarantees().toString());
    }

    /** An English name before its role ("Ms. Lin Hui is the legal representative") is read as the role's holder. */
    @Test
    void anEnglishNameBeforeItsRoleIsRead() throws IOException {
        Path en = Files.writeString(dir.resolve("en-roles.txt"), "Site visit note\nBorrower: Weihai Blue Sail Yachts Co., Ltd.\n"
                + "The company was incorporated on 5 May 2012. Ms. Lin Hui is the legal representative, and the actual "
                + "controller is Mr. Gao Feng. We propose a working capital loan of RMB 8 million for 12 months.\n");
        CreditReport r = extractor.extract(en);
        assertEquals("Lin Hui", r.borrower().legalRep());
        assertEquals("Gao Feng", r.borrower().controller());
    }

    /** A capital stated in another currency with its yuan equivalent is read as the equivalent. */
    @Test
    void aForeignCapitalIsReadAsItsStatedYuanEquivalent() throws IOException {
        Path hk = Files.writeString(dir.resolve("hk-capital.txt"), "授信调查报告\n借款人名称：鼎晟精密（深圳）有限公司\n"
                + "注册资本：HK$30,000,000（折合人民币2,730万元）\n授信金额：800万元\n");
        CreditReport r = extractor.extract(hk);
        assertEquals(27_300_000L, r.borrower().registeredCapitalYuan());
        int[] span = r.evidence().get("borrower.registered_capital_yuan");
        assertEquals("HK$30,000,000（折合人民币2,730万元", Files.readString(hk).substring(span[0], span[1]),
                "the evidence shows the stated amount and its equivalent");
    }

    /** Every report of {@code d}, extracted in file-name order. */
    private List<CreditReport> extractAll(Path d) throws IOException {
        List<CreditReport> reports = new ArrayList<>();
        try (var files = Files.list(d)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                reports.add(extractor.extract(p));
            }
        }
        return reports;
    }

    /** The generator's templates together: the work on other templates must not cost these. */
    @Test
    void generatedReportsDoNotRegress() throws IOException {
        ReportGenerator g = new ReportGenerator(20261123L);
        Path d = dir.resolve("generated");
        for (Template t : Template.values()) {
            for (int i = 0; i < 6; i++) {
                ReportGenerator.write(d, g.generate(t.name().toLowerCase() + i, t, g.company(),
                        i % 2 == 0 ? List.of(g.company()) : List.of(), i % 3 == 0 ? List.of(g.company()) : List.of()));
            }
        }
        double f1 = f1(d);
        assertTrue(f1 >= 0.995, "generated F1 " + f1);
    }

    /**
     * Layout the dev5 work taught the rules: a number glued to its caption, a wrapped table cell,
     * a figure table under a guarantee heading, a leasing form's 承租人, shareholder rows with no
     * header, a list that goes on after a semicolon, and concerns after 需关注.
     */
    @Test
    void layoutsOfOtherTemplates() {
        String text = """
                融资租赁项目审查表
                1 承租人情况
                承租人        温州鹿港纺织机械有限公司
                法人代表      陈立群
                2 增信措施
                序号  保证人名称               担保方式        担保金额（万元）
                1     温州鹿港纺织控股         连带责任保证    3000
                      集团有限公司
                2     陈立群                   连带责任保证    3000
                主要财务数据（单位：万元）
                年度 | 资产总额 | 负债总额 | 经营活动现金流
                2022 | 9,800 | 7,100 | 420
                2023 | 10,500 | 7,700 | -160
                3 股东
                陈立群   持股比例 80%
                林秀珍   持股比例 20%
                下游客户温州华联服饰有限公司，占销售额32%；瑞安永盛制衣有限公司，占销售额12%。
                4 审查结论及风险提示
                同意续作。需关注：纺机订单周期性波动；应收账款回收偏慢。
                """;
        CreditReport r = extractor.extract(text, "layouts.txt");
        assertEquals("温州鹿港纺织机械有限公司", r.borrower().name());
        assertTrue(r.guarantees().stream().anyMatch(g -> g.guarantor().equals("温州鹿港纺织控股集团有限公司")
                && Long.valueOf(30_000_000L).equals(g.amountYuan())), r.guarantees().toString());
        assertTrue(r.guarantees().stream().anyMatch(g -> g.guarantor().equals("陈立群")), r.guarantees().toString());
        assertTrue(r.financials().stream().anyMatch(f -> f.year() == 2023 && f.metric().equals("operating_cash_flow")
                && f.value().longValue() == -1_600_000L), r.financials().toString());
        assertTrue(r.financials().stream().anyMatch(f -> f.year() == 2022 && f.metric().equals("total_liabilities")
                && f.value().longValue() == 71_000_000L), r.financials().toString());
        assertTrue(r.relatedParties().stream().anyMatch(p -> p.name().equals("林秀珍") && p.share() != null
                && Math.abs(p.share() - 0.2) < 1e-9), r.relatedParties().toString());
        assertTrue(r.customers().stream().anyMatch(c -> c.name().equals("瑞安永盛制衣有限公司")), r.customers().toString());
        assertTrue(r.relatedParties().stream().noneMatch(p -> p.name().contains("服饰") || p.name().contains("制衣")),
                "customers under the shareholders heading are not holders: " + r.relatedParties());
        assertTrue(r.risksStated().stream().anyMatch(x -> x.contains("应收账款回收偏慢")), r.risksStated().toString());
        assertTrue(r.risksStated().stream().noneMatch(x -> x.contains("同意续作")), r.risksStated().toString());
    }

    /**
     * Mechanisms of issue 19's last round: captions with one blank instead of a colon and " / "
     * between fields, a comma before the next caption, a group umbrella line above the borrower's
     * own share, a pronoun that gives the legal representative a second role, a mutual guarantee
     * told in prose, and a list of guarantors sharing one amount.
     */
    @Test
    void formsWithoutColonsAndGroupLines() {
        String form = """
                授信申报简表
                借款人 泉州市丰泽区明达鞋材有限公司 / 统一社会信用代码 91350503MA31XK7Q2M / 法定代表人 林志明
                注册资本 1,500万元 | 所属行业 皮革、毛皮、羽毛及其制品和制鞋业
                申请：流动资金贷款 600万元，12个月，年化4.20%，用途：采购EVA粒料，还款来源：鞋材销售收入
                保证人 林志明、许丽娟夫妇 连带责任保证 600万元
                出资人 林志明 85%，许丽娟 15%
                """;
        CreditReport f = extractor.extract(form, "form.txt");
        assertEquals("泉州市丰泽区明达鞋材有限公司", f.borrower().name());
        assertEquals("91350503MA31XK7Q2M", f.borrower().creditCode());
        assertEquals("林志明", f.borrower().legalRep());
        assertEquals(Long.valueOf(15_000_000L), f.borrower().registeredCapitalYuan());
        assertEquals("皮革、毛皮、羽毛及其制品和制鞋业", f.borrower().industry());
        assertEquals("流动资金贷款", f.facility().product(), "the product ends where its amount starts");
        assertEquals(Long.valueOf(6_000_000L), f.facility().amountYuan());
        assertEquals("4.20%", f.facility().rate());
        assertEquals("采购EVA粒料", f.facility().purpose(), "a comma before the next caption ends the value");
        assertEquals("鞋材销售收入", f.facility().repaymentSource());
        assertTrue(f.guarantees().stream().anyMatch(g -> g.guarantor().equals("许丽娟")
                && Long.valueOf(6_000_000L).equals(g.amountYuan())), f.guarantees().toString());
        assertTrue(f.guarantees().stream().anyMatch(g -> g.guarantor().equals("林志明")
                && Long.valueOf(6_000_000L).equals(g.amountYuan())), "guarantors of one list share its amount: " + f.guarantees());
        assertTrue(f.relatedParties().stream().anyMatch(p -> p.name().equals("许丽娟") && p.share() != null
                && Math.abs(p.share() - 0.15) < 1e-9), f.relatedParties().toString());

        String text = """
                授信调查报告
                一、基本情况
                借款人泉州市丰泽区明达鞋材有限公司成立于2012年3月8日。
                访谈中得知，法定代表人是林志明，他也是实际控制人。
                二、授信方案
                集团统一授信额度3亿元，本次申报授信主体额度5,000万元，品种为综合授信（含流动资金贷款、银行承兑汇票），期限12个月。
                三、或有负债
                公司与泉州市鲤城区华兴纺织有限公司存在互保关系：我方为其在农业银行的800万元借款提供连带责任保证，对方为我方在建设银行的1,000万元借款提供连带责任保证。
                """;
        CreditReport r = extractor.extract(text, "prose.txt");
        assertEquals("林志明", r.borrower().controller(), "the pronoun's role goes to the person just named");
        assertEquals("综合授信", r.facility().product(), "the product named by 品种为");
        assertEquals(Long.valueOf(50_000_000L), r.facility().amountYuan(), "the borrower's share, not the group's umbrella");
        assertTrue(r.guarantees().stream().anyMatch(g -> g.guarantor().equals("泉州市丰泽区明达鞋材有限公司")
                && g.beneficiary().equals("泉州市鲤城区华兴纺织有限公司") && Long.valueOf(8_000_000L).equals(g.amountYuan())),
                r.guarantees().toString());
        assertTrue(r.guarantees().stream().anyMatch(g -> g.guarantor().equals("泉州市鲤城区华兴纺织有限公司")
                && g.beneficiary().equals("泉州市丰泽区明达鞋材有限公司") && Long.valueOf(10_000_000L).equals(g.amountYuan())),
                r.guarantees().toString());
    }

    /** Function words and role nouns glued to names, OCR line breaks, capital numerals, dotted dates. */
    @Test
    void namesKeepTheirBoundaries() {
        String text = """
                授信调查报告
                借款人名称：常州华茂
                精密模具有限公司
                公司成立于2015.9.18，注册资本人民币叁仟万元整，实际控制人亦为刘建华，行业属于金属制品业。
                刘建华持股60%，梁永坚持股40%。关联企业常州瑞丰模具有限公司由刘建华之弟控制。
                本次申请流动资金贷款人民币贰仟万元整，期限壹年。
                """;
        CreditReport r = extractor.extract(text, "glued.txt");
        assertEquals("常州华茂精密模具有限公司", r.borrower().name());
        assertEquals("刘建华", r.borrower().controller());
        assertEquals("2015-09-18", r.borrower().established());
        assertEquals(30_000_000L, r.borrower().registeredCapitalYuan());
        assertEquals("金属制品业", r.borrower().industry());
        assertEquals(20_000_000L, r.facility().amountYuan());
        assertEquals(12, r.facility().termMonths());
        List<String> related = r.relatedParties().stream().map(CreditReport.RelatedParty::name).toList();
        assertTrue(related.contains("常州瑞丰模具有限公司"), related.toString());
        assertTrue(related.contains("梁永坚"), related.toString());
        assertTrue(related.stream().noneMatch(n -> n.startsWith("企业") || n.equals("梁永")), related.toString());
    }

    /**
     * The phrasing families the first untouched set missed, in sentences of their own: roles in a
     * note after a name, shareholders and counterparties in prose, inline risk lists.
     */
    @Test
    void phrasingFamiliesInProse() {
        String text = """
                关于绍兴越州纺织印染有限公司的授信调查报告
                企业名称：绍兴越州纺织印染有限公司
                法定代表人：俞国平（兼实际控制人）
                本次申请综合授信，其中流动资金贷款RMB 3,000,000，期限12个月，拟以印染加工收入作为还款来源。
                股权结构：由绍兴越州控股有限公司、俞国平分别持有65%和35%的股权。
                宁波新材投资有限公司出资3600万元，占注册资本的60%。
                原材料主要采购自浙江恒逸石化有限公司，约占采购总额的42%；产品主要销售给江苏阳光集团有限公司，占比0.18。
                公司以位于绍兴市柯桥区滨海工业区兴滨路8号的厂房提供抵押，评估价值2,400万元，抵押率62%。
                【风险揭示】（一）环保政策趋严；（二）下游需求疲软
                """;
        CreditReport r = extractor.extract(text, "families.txt");
        assertEquals("俞国平", r.borrower().legalRep());
        assertEquals("俞国平", r.borrower().controller());
        assertEquals("流动资金贷款", r.facility().product());
        assertEquals(3_000_000L, r.facility().amountYuan());
        assertEquals("印染加工收入", r.facility().repaymentSource());
        Map<String, Double> holders = new java.util.HashMap<>();
        r.relatedParties().forEach(p -> holders.put(p.name(), p.share()));
        assertEquals(0.65, holders.get("绍兴越州控股有限公司"), 1e-9, holders.toString());
        assertEquals(0.35, holders.get("俞国平"), 1e-9, holders.toString());
        assertEquals(0.6, holders.get("宁波新材投资有限公司"), 1e-9, holders.toString());
        assertEquals(List.of("浙江恒逸石化有限公司"), r.suppliers().stream().map(CreditReport.Counterparty::name).toList());
        assertEquals(0.42, r.suppliers().get(0).share(), 1e-9);
        assertEquals(List.of("江苏阳光集团有限公司"), r.customers().stream().map(CreditReport.Counterparty::name).toList());
        assertEquals(0.18, r.customers().get(0).share(), 1e-9);
        assertEquals(1, r.collateral().size(), r.collateral().toString());
        assertEquals("绍兴越州纺织印染有限公司", r.collateral().get(0).owner());
        assertEquals(List.of("环保政策趋严", "下游需求疲软"), r.risksStated());
    }

    /** An umbrella facility with its own amount stays the product; the line under it does not replace it. */
    @Test
    void umbrellaWithItsOwnAmountStays() {
        CreditReport r = extractor.extract("二、授信方案\n本次申请综合授信额度6,000万元，其中流动资金贷款4,000万元，期限12个月。\n",
                "u.txt");
        assertEquals("综合授信", r.facility().product());
        assertEquals(60_000_000L, r.facility().amountYuan());
    }

    /** Bilingual risk items keep their Chinese; English-only items keep their word spaces. */
    @Test
    void bilingualRiskItems() {
        CreditReport r = extractor.extract("Risks 风险：\n1. Revenue decline 收入下滑\n2. Currency mismatch risk\n", "b.txt");
        assertEquals(List.of("收入下滑", "Currency mismatch risk"), r.risksStated());
    }

    @Test
    void everyEvidenceSpanQuotesItsValue() throws IOException {
        ReportGenerator g = new ReportGenerator(7L);
        List<String> problems = new ArrayList<>();
        for (Template t : Template.values()) {
            Generated gen = g.generate("e", t, g.company(), List.of(g.company()), List.of(g.company()));
            CreditReport r = extractor.extract(gen.text(), "e.txt");
            for (Map.Entry<String, int[]> ev : r.evidence().entrySet()) {
                int[] s = ev.getValue();
                if (s[0] < 0 || s[1] > gen.text().length() || s[0] >= s[1]) {
                    problems.add(t + " " + ev.getKey() + " " + s[0] + ".." + s[1]);
                }
            }
            String name = r.borrower().name();
            int[] span = r.evidence().get("borrower.name");
            String quoted = gen.text().substring(span[0], span[1]).replaceAll("[\\s\u3000]", "");
            if (!quoted.equals(name)) {
                problems.add(t + " borrower.name quotes " + quoted + " for " + name);
            }
            for (int i = 0; i < r.guarantees().size(); i++) {
                int[] gs = r.evidence().get("guarantees[" + i + "]");
                String text = gen.text().substring(gs[0], gs[1]).replaceAll("[\\s\u3000]", "");
                String guarantor = r.guarantees().get(i).guarantor();
                if (!text.contains(guarantor) && !text.contains("借款人") && !text.contains("实际控制人")) {
                    problems.add(t + " guarantees[" + i + "] span does not name " + guarantor + ": " + text);
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
