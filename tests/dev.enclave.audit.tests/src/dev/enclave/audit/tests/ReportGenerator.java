package dev.enclave.audit.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * Generates labelled 授信调查报告 in several genuinely different templates, each with its
 * truth in the extract schema ({@code X.txt} + {@code X.truth.json}). The truth's risk codes
 * are computed here from the generated figures, independently of the product's rules.
 */
public final class ReportGenerator {

    /** The report layouts. */
    public enum Template {
        /** 字段：值 lines under 一、二、… headings, amounts in 万元 with separators. */
        FORM,
        /** Narrative prose paragraphs, capital numerals, 亿元, dates like 2009-06-18. */
        NARRATIVE,
        /** Tables: key/value grid, year-column financials, guarantor, collateral, shareholder tables. */
        TABLE,
        /** A form or narrative report after OCR: full-width digits and colons, stray spaces, 2024.3.15 dates. */
        OCR,
        /** Other section names and order (第一部分 …), yuan with separators, decimal ratios, transposed tables. */
        ALT
    }

    private static final String[] REGIONS = { "苏州", "无锡", "常州", "宁波", "杭州", "绍兴", "青岛", "烟台", "合肥", "芜湖", "东莞", "佛山",
            "南通", "嘉兴", "温州", "泉州", "潍坊", "湖州" };
    private static final String[] BRANDS = { "恒信", "华达", "瑞丰", "金泰", "鑫源", "宏远", "凯盛", "永兴", "博远", "通达", "海德", "锦华",
            "天成", "润泽", "中联", "宝鼎", "兴隆", "长青", "启明", "盛世", "汇通", "德昌", "新宇", "嘉禾" };
    private static final String[] TRADES = { "电子科技", "机械制造", "新材料", "纺织", "精细化工", "食品", "物流", "建材", "医药", "汽车零部件",
            "包装材料", "光电", "精密铸造", "环保科技", "家居用品" };
    private static final String[][] INDUSTRIES = { { "电子科技", "计算机、通信和其他电子设备制造业" }, { "机械制造", "通用设备制造业" },
            { "新材料", "化学原料和化学制品制造业" }, { "纺织", "纺织业" }, { "精细化工", "化学原料和化学制品制造业" }, { "食品", "农副食品加工业" },
            { "物流", "道路运输业" }, { "建材", "非金属矿物制品业" }, { "医药", "医药制造业" }, { "汽车零部件", "汽车制造业" },
            { "包装材料", "橡胶和塑料制品业" }, { "光电", "电气机械和器材制造业" }, { "精密铸造", "金属制品业" }, { "环保科技", "生态保护和环境治理业" },
            { "家居用品", "家具制造业" } };
    private static final String[] SURNAMES = { "张", "王", "李", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "朱", "马", "胡", "郭", "林",
            "何", "高", "罗" };
    private static final String[] GIVEN = { "伟", "芳", "强", "洋", "静", "磊", "敏", "勇", "杰", "昊", "丽", "涛", "建国", "志强", "海燕", "晓东",
            "国华", "明辉", "玉兰", "建华", "春生", "立新", "秀英", "文斌" };
    private static final String[] PRODUCTS = { "流动资金贷款", "固定资产贷款", "银行承兑汇票", "国内信用证", "项目贷款" };
    private static final String[] PURPOSES = { "采购原材料", "支付货款", "日常经营周转", "购买生产设备", "厂房建设", "补充营运资金" };
    private static final String[] REPAY = { "企业经营收入", "销售回款", "经营性现金流入", "主营业务收入" };
    private static final String[] RATES = { "LPR+85BP", "LPR+50BP", "一年期LPR上浮20%", "4.35%", "3.85%", "LPR+120BP" };
    private static final String[] RISK_POOL = { "行业竞争加剧风险", "原材料价格波动风险", "应收账款回收风险", "汇率波动风险", "下游需求下滑风险",
            "环保政策趋严风险", "对外担保代偿风险", "短期偿债压力较大", "存货跌价风险", "关联交易风险" };
    private static final String[] RISK_DETAIL = { "，可能压缩企业利润空间", "，企业成本控制能力面临考验", "，回款周期有所延长", "，出口业务收入存在不确定性",
            "，订单量存在下滑可能", "，企业需持续投入环保改造", "，如被担保企业经营恶化将产生代偿责任", "，需关注其资金周转情况", "，期末存货规模较大",
            "，需关注交易价格公允性" };
    private static final String[] STREETS = { "工业园区星湖街", "高新区长江路", "经济开发区科技大道", "滨江路", "港城大道", "新城区金山路" };

    /** A company or person taking part in a report. */
    public record Party(String name, String type) {
    }

    /** One generated report: its text and truth. */
    public record Generated(String name, Template template, String text, Map<String, Object> truth) {
    }

    private final Random rnd;

    public ReportGenerator(long seed) {
        this.rnd = new Random(seed);
    }

    private String pick(String[] a) {
        return a[rnd.nextInt(a.length)];
    }

    /** A fresh company name such as 苏州恒信电子科技有限公司. */
    public String company() {
        String region = pick(REGIONS);
        String brand = pick(BRANDS) + (rnd.nextInt(3) == 0 ? pick(BRANDS).substring(0, 1) : "");
        String trade = pick(TRADES);
        String suffix = rnd.nextInt(4) == 0 ? "股份有限公司" : rnd.nextInt(6) == 0 ? "集团有限公司" : "有限公司";
        return rnd.nextInt(5) == 0 ? brand + trade + "（" + region + "）" + suffix : region + brand + trade + suffix;
    }

    public String person() {
        return pick(SURNAMES) + pick(GIVEN);
    }

    /** Generates one report; {@code guarantors} are the company guarantors the portfolio wants (may be empty). */
    public Generated generate(String name, Template t, String borrower, List<String> companyGuarantors,
            List<String> outward) {
        Data d = data(borrower, companyGuarantors, outward);
        String text = switch (t) {
            case FORM -> form(d, false);
            case NARRATIVE -> narrative(d);
            case TABLE -> table(d, false);
            case OCR -> ocr(rnd.nextBoolean() ? form(d, true) : narrative(d));
            case ALT -> table(d, true);
        };
        return new Generated(name, t, text, d.truth());
    }

    /** Writes {@code name.txt} and {@code name.truth.json}. */
    public static void write(Path dir, Generated g) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(g.name() + ".txt"), g.text(), StandardCharsets.UTF_8);
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();
        Files.writeString(dir.resolve(g.name() + ".truth.json"), gson.toJson(g.truth()), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- the facts

    private static final class Fin {
        int year;
        long assets;
        long liabilities;
        long revenue;
        long profit;
        long cash;
        double ratio;
        double current;
    }

    private static final class Data {
        String borrower;
        String code;
        String legalRep;
        String controller;
        String spouse;
        long capital;
        String established;
        int[] estDate;
        String industry;
        String address;
        String product;
        long amount;
        int term;
        String rate;
        String purpose;
        String repay;
        List<Fin> fins = new ArrayList<>();
        boolean hasCurrent;
        boolean hasCash;
        List<Map<String, Object>> guarantees = new ArrayList<>();
        List<Map<String, Object>> collateral = new ArrayList<>();
        List<Map<String, Object>> related = new ArrayList<>();
        List<Map<String, Object>> suppliers = new ArrayList<>();
        List<Map<String, Object>> customers = new ArrayList<>();
        List<String> risks = new ArrayList<>();
        List<String> riskDetails = new ArrayList<>();
        boolean hasIndustry;
        boolean hasAddress;
        boolean hasRate;
        boolean hasCode;

        Map<String, Object> truth() {
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("name", borrower);
            b.put("credit_code", hasCode ? code : null);
            b.put("legal_rep", legalRep);
            b.put("controller", controller);
            b.put("registered_capital_yuan", capital);
            b.put("established", established);
            b.put("industry", hasIndustry ? industry : null);
            b.put("address", hasAddress ? address : null);
            m.put("borrower", b);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("product", product);
            f.put("amount_yuan", amount);
            f.put("term_months", term);
            f.put("rate", hasRate ? rate : null);
            f.put("purpose", purpose);
            f.put("repayment_source", repay);
            m.put("facility", f);
            List<Map<String, Object>> fl = new ArrayList<>();
            for (Fin x : fins) {
                fl.add(fin(x.year, "total_assets", x.assets));
                fl.add(fin(x.year, "total_liabilities", x.liabilities));
                fl.add(fin(x.year, "revenue", x.revenue));
                fl.add(fin(x.year, "net_profit", x.profit));
                if (hasCash) {
                    fl.add(fin(x.year, "operating_cash_flow", x.cash));
                }
                fl.add(fin(x.year, "debt_to_asset_ratio", x.ratio));
                if (hasCurrent) {
                    fl.add(fin(x.year, "current_ratio", x.current));
                }
            }
            m.put("financials", fl);
            m.put("guarantees", guarantees);
            m.put("collateral", collateral);
            m.put("related_parties", related);
            m.put("suppliers", suppliers);
            m.put("customers", customers);
            m.put("risks_stated", risks);
            m.put("risks_implied", implied());
            return m;
        }

        private static Map<String, Object> fin(int y, String metric, Object v) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("year", y);
            m.put("metric", metric);
            m.put("value", v);
            return m;
        }

        List<String> implied() {
            List<String> out = new ArrayList<>();
            Fin last = fins.get(fins.size() - 1);
            if (last.ratio > 0.7) {
                out.add("HIGH_LEVERAGE");
            }
            if (hasCurrent && last.current < 1) {
                out.add("LOW_LIQUIDITY");
            }
            if (hasCash && last.profit > 0 && last.cash < 0) {
                out.add("CASH_PROFIT_DIVERGENCE");
            }
            if (concentrated(customers)) {
                out.add("CUSTOMER_CONCENTRATION");
            }
            if (concentrated(suppliers)) {
                out.add("SUPPLIER_CONCENTRATION");
            }
            if (collateral.stream().anyMatch(c -> c.get("ltv") != null && (Double) c.get("ltv") > 0.7)) {
                out.add("HIGH_LTV");
            }
            boolean related = guarantees.stream().anyMatch(g -> borrower.equals(g.get("beneficiary"))
                    && (g.get("guarantor").equals(controller) || g.get("guarantor").equals(spouse)
                            || this.related.stream().anyMatch(r -> r.get("name").equals(g.get("guarantor")))));
            if (related) {
                out.add("RELATED_PARTY_GUARANTEE");
            }
            if (fins.size() >= 2) {
                Fin prev = fins.get(fins.size() - 2);
                if (last.revenue < prev.revenue * 0.85) {
                    out.add("REVENUE_DECLINE");
                }
            }
            return out;
        }

        private static boolean concentrated(List<Map<String, Object>> l) {
            double sum = 0;
            for (Map<String, Object> c : l) {
                double s = (Double) c.get("share");
                if (s > 0.3) {
                    return true;
                }
                sum += s;
            }
            return sum > 0.6;
        }
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private Data data(String borrower, List<String> companyGuarantors, List<String> outward) {
        Data d = new Data();
        d.borrower = borrower;
        String digits = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        StringBuilder code = new StringBuilder("913");
        code.append(String.format("%05d", rnd.nextInt(100000)));
        while (code.length() < 18) {
            code.append(digits.charAt(rnd.nextInt(digits.length())));
        }
        d.code = code.toString();
        d.hasCode = rnd.nextInt(5) != 0;
        d.controller = person();
        d.legalRep = rnd.nextBoolean() ? d.controller : person();
        do {
            d.spouse = person();
        } while (d.spouse.equals(d.controller) || d.spouse.equals(d.legalRep));
        d.capital = (1 + rnd.nextInt(50)) * 1_000_000L;
        int y = 1995 + rnd.nextInt(25);
        d.estDate = new int[] { y, 1 + rnd.nextInt(12), 1 + rnd.nextInt(28) };
        d.established = String.format("%d-%02d-%02d", d.estDate[0], d.estDate[1], d.estDate[2]);
        String trade = null;
        for (String[] ind : INDUSTRIES) {
            if (borrower.contains(ind[0])) {
                trade = ind[1];
            }
        }
        d.industry = trade != null ? trade : "专用设备制造业";
        d.hasIndustry = rnd.nextInt(6) != 0;
        d.address = pick(REGIONS) + "市" + pick(STREETS) + (1 + rnd.nextInt(300)) + "号";
        d.hasAddress = rnd.nextInt(5) != 0;
        d.product = pick(PRODUCTS);
        d.amount = (1 + rnd.nextInt(60)) * 1_000_000L;
        d.term = new int[] { 6, 12, 12, 12, 24, 36 }[rnd.nextInt(6)];
        d.rate = pick(RATES);
        d.hasRate = rnd.nextInt(5) != 0;
        d.purpose = pick(PURPOSES);
        d.repay = pick(REPAY);
        int years = 2 + rnd.nextInt(2);
        long assets = (50 + rnd.nextInt(900)) * 1_000_000L;
        long revenue = (long) (assets * (0.5 + rnd.nextDouble()));
        double ratio = 0.35 + rnd.nextDouble() * 0.5;
        d.hasCurrent = rnd.nextInt(4) != 0;
        d.hasCash = rnd.nextInt(4) != 0;
        for (int i = 0; i < years; i++) {
            Fin f = new Fin();
            f.year = 2024 - years + i;
            f.assets = assets / 10_000 * 10_000;
            f.ratio = Math.round(ratio * 1000) / 1000.0;
            f.liabilities = Math.round(f.assets * f.ratio / 10_000) * 10_000;
            f.ratio = Math.round(f.liabilities * 1000.0 / f.assets) / 1000.0;
            f.revenue = revenue / 10_000 * 10_000;
            f.profit = (long) (revenue * (rnd.nextDouble() * 0.12 - 0.02)) / 10_000 * 10_000;
            f.cash = (long) (revenue * (rnd.nextDouble() * 0.2 - 0.07)) / 10_000 * 10_000;
            f.current = Math.round((0.7 + rnd.nextDouble() * 1.2) * 100) / 100.0;
            d.fins.add(f);
            assets = (long) (assets * (0.9 + rnd.nextDouble() * 0.3));
            revenue = (long) (revenue * (0.75 + rnd.nextDouble() * 0.45));
            ratio = Math.min(0.92, Math.max(0.2, ratio + rnd.nextDouble() * 0.1 - 0.05));
        }
        // guarantees for this facility
        for (String g : companyGuarantors) {
            d.guarantees.add(map("guarantor", g, "guarantor_type", "company", "beneficiary", borrower, "kind", "连带责任保证",
                    "amount_yuan", rnd.nextBoolean() ? d.amount : null));
        }
        if (rnd.nextInt(3) != 0) {
            d.guarantees.add(map("guarantor", d.controller, "guarantor_type", "person", "beneficiary", borrower, "kind",
                    "连带责任保证", "amount_yuan", null));
            if (rnd.nextBoolean()) {
                d.guarantees.add(map("guarantor", d.spouse, "guarantor_type", "person", "beneficiary", borrower, "kind",
                        "连带责任保证", "amount_yuan", null));
            }
        }
        for (String o : outward) {
            d.guarantees.add(map("guarantor", borrower, "guarantor_type", "company", "beneficiary", o, "kind", "连带责任保证",
                    "amount_yuan", (1 + rnd.nextInt(30)) * 1_000_000L));
        }
        // collateral
        int nc = rnd.nextInt(3);
        String[] types = { "房产", "土地使用权", "机器设备" };
        for (int i = 0; i < nc; i++) {
            long value = (2 + rnd.nextInt(80)) * 1_000_000L;
            double ltv = Math.round((0.4 + rnd.nextDouble() * 0.4) * 100) / 100.0;
            String owner = rnd.nextBoolean() ? borrower : d.controller;
            d.collateral.add(map("type", types[i % 3], "owner", owner, "appraised_value_yuan", value, "ltv", ltv,
                    "location", pick(REGIONS) + "市" + pick(STREETS) + (1 + rnd.nextInt(200)) + "号"));
        }
        // related parties
        double main = Math.round((0.4 + rnd.nextDouble() * 0.5) * 100) / 100.0;
        boolean holdingCompany = rnd.nextBoolean();
        String holder = holdingCompany ? company() : d.controller;
        d.related.add(map("name", holder, "relation", "控股股东", "share", main));
        d.related.add(map("name", person(), "relation", "股东", "share", Math.round((1 - main) * 100) / 100.0));
        if (rnd.nextBoolean()) {
            d.related.add(map("name", company(), "relation", "全资子公司", "share", null));
        }
        // counterparties
        for (List<Map<String, Object>> l : List.of(d.suppliers, d.customers)) {
            int n = 2 + rnd.nextInt(2);
            for (int i = 0; i < n; i++) {
                l.add(map("name", company(), "share", Math.round((0.05 + rnd.nextDouble() * 0.3) * 100) / 100.0));
            }
        }
        int nr = 2 + rnd.nextInt(2);
        List<Integer> idx = new ArrayList<>();
        while (idx.size() < nr) {
            int i = rnd.nextInt(RISK_POOL.length);
            if (!idx.contains(i)) {
                idx.add(i);
            }
        }
        for (int i : idx) {
            d.risks.add(RISK_POOL[i]);
            d.riskDetails.add(RISK_DETAIL[i]);
        }
        return d;
    }

    // ---------------------------------------------------------------- formatting helpers

    private String wan(long yuan, boolean separators) {
        double w = yuan / 10_000.0;
        String s = w == Math.rint(w) ? String.format(Locale.ROOT, separators ? "%,d" : "%d", (long) w)
                : String.format(Locale.ROOT, separators ? "%,.2f" : "%.2f", w);
        return s;
    }

    private String money(long yuan) {
        int style = rnd.nextInt(4);
        if (Math.abs(yuan) >= 100_000_000L && yuan % 1_000_000L == 0 && style == 0) {
            return new java.math.BigDecimal(yuan).divide(new java.math.BigDecimal(100_000_000L)).stripTrailingZeros()
                    .toPlainString() + "亿元";
        }
        if (style == 1) {
            return String.format(Locale.ROOT, "%,d元", yuan);
        }
        return wan(yuan, rnd.nextBoolean()) + "万元";
    }

    private static final String CN = "零壹贰叁肆伍陆柒捌玖";

    /** 人民币叁仟万元整 for amounts that are whole 万. */
    static String capital(long yuan) {
        long w = yuan / 10_000;
        StringBuilder sb = new StringBuilder("人民币");
        long yi = w / 10_000;
        long rest = w % 10_000;
        if (yi > 0) {
            sb.append(section(yi)).append("亿");
        }
        if (rest > 0) {
            if (yi > 0 && rest < 1000) {
                sb.append('零');
            }
            sb.append(section(rest)).append("万");
        }
        return sb.append("元整").toString();
    }

    private static String section(long n) {
        String[] units = { "仟", "佰", "拾", "" };
        long[] div = { 1000, 100, 10, 1 };
        StringBuilder sb = new StringBuilder();
        boolean zero = false;
        for (int i = 0; i < 4; i++) {
            long dgt = n / div[i] % 10;
            if (dgt == 0) {
                zero = sb.length() > 0;
                continue;
            }
            if (zero) {
                sb.append('零');
                zero = false;
            }
            sb.append(CN.charAt((int) dgt)).append(units[i]);
        }
        return sb.toString();
    }

    private String pct(double r) {
        return new java.math.BigDecimal(r * 100).setScale(1, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString() + "%";
    }

    private String date(int[] d, int style) {
        return switch (style) {
            case 0 -> d[0] + "年" + d[1] + "月" + d[2] + "日";
            case 1 -> String.format("%d-%02d-%02d", d[0], d[1], d[2]);
            default -> d[0] + "." + d[1] + "." + d[2];
        };
    }

    private String termText(int months) {
        return months % 12 == 0 && rnd.nextBoolean() ? (months / 12) + "年" : months + "个月";
    }

    private String guaranteeSentence(Data d) {
        List<String> companies = new ArrayList<>();
        List<String> persons = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> g : d.guarantees) {
            if (!d.borrower.equals(g.get("beneficiary"))) {
                continue;
            }
            if ("company".equals(g.get("guarantor_type"))) {
                companies.add((String) g.get("guarantor"));
            } else {
                persons.add((String) g.get("guarantor"));
            }
        }
        for (Map<String, Object> g : d.guarantees) {
            if (!d.borrower.equals(g.get("beneficiary")) || !"company".equals(g.get("guarantor_type"))) {
                continue;
            }
            sb.append("由").append(g.get("guarantor")).append("提供连带责任保证");
            if (g.get("amount_yuan") != null) {
                sb.append("，担保金额").append(money((Long) g.get("amount_yuan")));
            }
            sb.append("。");
        }
        if (!persons.isEmpty()) {
            if (persons.size() == 2) {
                sb.append("实际控制人").append(persons.get(0)).append("及其配偶").append(persons.get(1)).append("提供个人连带责任保证。");
            } else {
                sb.append("实际控制人").append(persons.get(0)).append("提供个人连带责任保证。");
            }
        }
        if (sb.length() == 0) {
            sb.append("本笔授信采用抵押担保方式。");
        }
        return sb.toString();
    }

    private String outwardSentence(Data d) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> g : d.guarantees) {
            if (d.borrower.equals(g.get("guarantor"))) {
                sb.append("截至调查日，借款人为").append(g.get("beneficiary")).append("提供连带责任保证，担保金额")
                        .append(money((Long) g.get("amount_yuan"))).append("。");
            }
        }
        return sb.length() == 0 ? "经查询征信系统，借款人无对外担保。" : sb.toString();
    }

    // ---------------------------------------------------------------- templates

    private String form(Data d, boolean ocr) {
        StringBuilder s = new StringBuilder();
        s.append(d.borrower).append("授信调查报告\n\n");
        s.append("一、借款人基本情况\n");
        s.append("借款人名称：").append(d.borrower).append("\n");
        if (d.hasCode) {
            s.append("统一社会信用代码：").append(d.code).append("\n");
        }
        s.append("法定代表人：").append(d.legalRep).append("\n");
        s.append("实际控制人：").append(d.controller).append("\n");
        s.append("注册资本：").append(money(d.capital)).append("\n");
        s.append("成立日期：").append(date(d.estDate, ocr ? 2 : rnd.nextInt(2))).append("\n");
        if (d.hasIndustry) {
            s.append("所属行业：").append(d.industry).append("\n");
        }
        if (d.hasAddress) {
            s.append("注册地址：").append(d.address).append("\n");
        }
        s.append("\n二、授信方案\n");
        s.append("授信品种：").append(d.product).append("\n");
        s.append("授信金额：").append(rnd.nextBoolean() ? capital(d.amount) : money(d.amount)).append("\n");
        s.append("授信期限：").append(termText(d.term)).append("\n");
        if (d.hasRate) {
            s.append("利率：").append(d.rate).append("\n");
        }
        s.append("贷款用途：").append(d.purpose).append("\n");
        s.append("还款来源：").append(d.repay).append("\n");
        s.append("担保方式：").append(guaranteeSentence(d)).append("\n\n");
        s.append("三、财务状况分析\n");
        for (Fin f : d.fins) {
            s.append(f.year).append("年末，资产总额").append(money(f.assets)).append("，负债总额").append(money(f.liabilities))
                    .append("，资产负债率").append(pct(f.ratio)).append("；").append(f.year).append("年实现营业收入")
                    .append(money(f.revenue)).append("，净利润").append(money(f.profit));
            if (d.hasCash) {
                s.append("，经营活动现金流量净额").append(money(f.cash));
            }
            if (d.hasCurrent) {
                s.append("，流动比率").append(String.format(Locale.ROOT, "%.2f", f.current));
            }
            s.append("。\n");
        }
        s.append("\n四、担保及抵质押情况\n");
        s.append("（一）保证担保\n").append(guaranteeSentence(d)).append("\n");
        s.append("（二）抵质押物\n");
        if (d.collateral.isEmpty()) {
            s.append("本笔授信无抵质押物。\n");
        }
        for (Map<String, Object> c : d.collateral) {
            s.append("抵押物：").append(c.get("type")).append("；所有权人：").append(c.get("owner")).append("；评估价值：")
                    .append(money((Long) c.get("appraised_value_yuan"))).append("；抵押率：").append(pct((Double) c.get("ltv")))
                    .append("；坐落：").append(c.get("location")).append("\n");
        }
        s.append("（三）对外担保\n").append(outwardSentence(d)).append("\n\n");
        s.append("五、股东及关联方情况\n");
        for (Map<String, Object> r : d.related) {
            s.append(r.get("relation")).append("：").append(r.get("name"));
            if (r.get("share") != null) {
                s.append("，持股比例").append(pct((Double) r.get("share")));
            }
            s.append("\n");
        }
        s.append("\n六、上下游情况\n");
        s.append("主要供应商：");
        appendParties(s, d.suppliers, "采购占比");
        s.append("\n主要客户：");
        appendParties(s, d.customers, "销售占比");
        s.append("\n\n七、风险分析\n");
        for (int i = 0; i < d.risks.size(); i++) {
            s.append(i + 1).append(". ").append(d.risks.get(i)).append("：").append(d.riskDetails.get(i).substring(1)).append("。\n");
        }
        s.append("\n八、调查结论\n同意按上述方案向借款人提供授信。\n");
        return s.toString();
    }

    private void appendParties(StringBuilder s, List<Map<String, Object>> l, String word) {
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) {
                s.append("、");
            }
            s.append(l.get(i).get("name")).append("（").append(word).append(pct((Double) l.get(i).get("share"))).append("）");
        }
    }

    private String narrative(Data d) {
        StringBuilder s = new StringBuilder();
        s.append("关于").append(d.borrower).append("申请授信的调查报告\n\n");
        s.append("一、客户概况\n");
        s.append("借款人").append(d.borrower).append("成立于").append(date(d.estDate, rnd.nextInt(2))).append("，注册资本")
                .append(money(d.capital)).append("，法定代表人为").append(d.legalRep).append("，实际控制人为").append(d.controller).append("。");
        if (d.hasCode) {
            s.append("公司统一社会信用代码为").append(d.code).append("。");
        }
        if (d.hasAddress) {
            s.append("公司注册地址位于").append(d.address).append("。");
        }
        if (d.hasIndustry) {
            s.append("公司所属行业为").append(d.industry).append("。");
        }
        s.append("\n");
        Map<String, Object> holder = d.related.get(0);
        s.append("公司股权结构清晰，").append(holder.get("name")).append("持有公司").append(pct((Double) holder.get("share")))
                .append("股权，为公司控股股东；").append(d.related.get(1).get("name")).append("持股")
                .append(pct((Double) d.related.get(1).get("share"))).append("，为公司股东。");
        if (d.related.size() > 2) {
            s.append("公司全资子公司为").append(d.related.get(2).get("name")).append("。");
        }
        s.append("\n\n二、授信申请\n");
        s.append("本次借款人申请").append(d.product).append(rnd.nextBoolean() ? capital(d.amount) : money(d.amount))
                .append("，期限").append(termText(d.term)).append("，主要用于").append(d.purpose).append("。");
        if (d.hasRate) {
            s.append("执行利率为").append(d.rate).append("。");
        }
        s.append("第一还款来源为").append(d.repay).append("。\n\n");
        s.append("三、经营及财务分析\n");
        s.append("公司主要供应商为");
        appendNarrativeParties(s, d.suppliers);
        s.append("，采购占比分别为");
        appendShares(s, d.suppliers);
        s.append("。下游主要客户包括");
        appendNarrativeParties(s, d.customers);
        s.append("，销售占比分别为");
        appendShares(s, d.customers);
        s.append("。\n");
        for (Fin f : d.fins) {
            s.append("截至").append(f.year).append("年末，公司资产总额").append(money(f.assets)).append("，负债总额")
                    .append(money(f.liabilities)).append("，资产负债率为").append(pct(f.ratio));
            if (d.hasCurrent) {
                s.append("，流动比率为").append(String.format(Locale.ROOT, "%.2f", f.current));
            }
            s.append("。").append(f.year).append("年度公司实现营业收入").append(money(f.revenue)).append("，净利润")
                    .append(money(f.profit));
            if (d.hasCash) {
                s.append("，经营活动产生的现金流量净额为").append(money(f.cash));
            }
            s.append("。\n");
        }
        s.append("\n四、担保分析\n");
        s.append(guaranteeSentence(d));
        for (Map<String, Object> c : d.collateral) {
            String owner = (String) c.get("owner");
            s.append(owner.equals(d.borrower) ? "借款人" : owner).append("以其名下位于").append(c.get("location")).append("的")
                    .append(c.get("type")).append("提供抵押担保，评估价值").append(money((Long) c.get("appraised_value_yuan")))
                    .append("，抵押率").append(pct((Double) c.get("ltv"))).append("。");
        }
        s.append("\n").append(outwardSentence(d)).append("\n\n");
        s.append("五、风险分析\n");
        s.append("经调查，本笔授信主要风险如下：");
        for (int i = 0; i < d.risks.size(); i++) {
            s.append(new String[] { "一是", "二是", "三是", "四是" }[i]).append(d.risks.get(i)).append(d.riskDetails.get(i)).append("；".replace("；", i + 1 < d.risks.size() ? "；" : "。"));
        }
        s.append("\n\n六、结论\n综上，建议同意该笔授信。\n");
        return s.toString();
    }

    private void appendNarrativeParties(StringBuilder s, List<Map<String, Object>> l) {
        for (int i = 0; i < l.size(); i++) {
            s.append(i == 0 ? "" : i + 1 == l.size() ? "和" : "、").append(l.get(i).get("name"));
        }
    }

    private void appendShares(StringBuilder s, List<Map<String, Object>> l) {
        for (int i = 0; i < l.size(); i++) {
            s.append(i == 0 ? "" : "、").append(pct((Double) l.get(i).get("share")));
        }
    }

    private String table(Data d, boolean alt) {
        StringBuilder s = new StringBuilder();
        String sep = alt ? "\t" : " | ";
        s.append(alt ? "授信业务调查报告\n\n" : "授信调查报告\n\n");
        String hBorrower = alt ? "第一部分 客户基本信息" : "一、借款人基本情况";
        String hFacility = alt ? "第二部分 本次授信方案" : "二、授信方案";
        String hFin = alt ? "第四部分 财务分析" : "三、财务状况";
        String hGuar = alt ? "第三部分 担保情况" : "四、担保分析";
        String hRel = alt ? "第五部分 股权结构及关联企业" : "五、股东及关联方";
        String hUp = alt ? "第六部分 主要供应商与客户" : "六、上下游情况";
        String hRisk = alt ? "第七部分 风险揭示" : "七、风险分析";
        // borrower as a key/value grid
        s.append(hBorrower).append("\n");
        row(s, sep, "客户名称", d.borrower, "法定代表人", d.legalRep);
        row(s, sep, "统一社会信用代码", d.hasCode ? d.code : "—", "实际控制人", d.controller);
        row(s, sep, alt ? "注册资本（元）" : "注册资本（万元）", alt ? String.format(Locale.ROOT, "%,d", d.capital) : wan(d.capital, false),
                "成立日期", date(d.estDate, alt ? 1 : 0));
        if (d.hasIndustry || d.hasAddress) {
            row(s, sep, "所属行业", d.hasIndustry ? d.industry : "—", "注册地址", d.hasAddress ? d.address : "—");
        }
        s.append("\n");
        StringBuilder facility = new StringBuilder(hFacility).append("\n");
        row(facility, sep, "业务品种", d.product, "申请金额", alt ? String.format(Locale.ROOT, "%,d元", d.amount) : capital(d.amount));
        row(facility, sep, "期限", termText(d.term), "利率", d.hasRate ? d.rate : "—");
        row(facility, sep, "用途", d.purpose, "还款来源", d.repay);
        facility.append("\n");
        StringBuilder fin = new StringBuilder(hFin).append("\n");
        if (!alt) {
            fin.append("单位：万元\n");
            List<String> head = new ArrayList<>(List.of("项目"));
            d.fins.forEach(f -> head.add(f.year + "年末"));
            fin.append(String.join(sep, head)).append("\n");
            finRow(fin, sep, "资产总额", d.fins, f -> wan(f.assets, true));
            finRow(fin, sep, "负债总额", d.fins, f -> wan(f.liabilities, true));
            finRow(fin, sep, "营业收入", d.fins, f -> wan(f.revenue, true));
            finRow(fin, sep, "净利润", d.fins, f -> wan(f.profit, true));
            if (d.hasCash) {
                finRow(fin, sep, "经营活动现金流量净额", d.fins, f -> wan(f.cash, true));
            }
            finRow(fin, sep, "资产负债率", d.fins, f -> pct(f.ratio));
            if (d.hasCurrent) {
                finRow(fin, sep, "流动比率", d.fins, f -> String.format(Locale.ROOT, "%.2f", f.current));
            }
        } else {
            List<String> head = new ArrayList<>(List.of("年度", "总资产（元）", "总负债（元）", "营业收入（元）", "净利润（元）"));
            if (d.hasCash) {
                head.add("经营性现金流净额（元）");
            }
            head.add("资产负债率");
            if (d.hasCurrent) {
                head.add("流动比率");
            }
            fin.append(String.join(sep, head)).append("\n");
            for (Fin f : d.fins) {
                List<String> r = new ArrayList<>(List.of(f.year + "年", String.format(Locale.ROOT, "%,d", f.assets),
                        String.format(Locale.ROOT, "%,d", f.liabilities), String.format(Locale.ROOT, "%,d", f.revenue),
                        String.format(Locale.ROOT, "%,d", f.profit)));
                if (d.hasCash) {
                    r.add(String.format(Locale.ROOT, "%,d", f.cash));
                }
                r.add(String.format(Locale.ROOT, "%.3f", f.ratio));
                if (d.hasCurrent) {
                    r.add(String.format(Locale.ROOT, "%.2f", f.current));
                }
                fin.append(String.join(sep, r)).append("\n");
            }
        }
        fin.append("\n");
        StringBuilder guar = new StringBuilder(hGuar).append("\n");
        guar.append(String.join(sep, "保证人", "担保方式", "担保金额（万元）")).append("\n");
        for (Map<String, Object> g : d.guarantees) {
            if (d.borrower.equals(g.get("beneficiary"))) {
                guar.append(String.join(sep, (String) g.get("guarantor"), "连带责任保证",
                        g.get("amount_yuan") == null ? "—" : wan((Long) g.get("amount_yuan"), true))).append("\n");
            }
        }
        guar.append("\n");
        if (!d.collateral.isEmpty()) {
            guar.append(String.join(sep, "抵押物类型", "所有权人", "评估价值（万元）", "抵押率", "坐落")).append("\n");
            for (Map<String, Object> c : d.collateral) {
                guar.append(String.join(sep, (String) c.get("type"), (String) c.get("owner"),
                        wan((Long) c.get("appraised_value_yuan"), true), pct((Double) c.get("ltv")), (String) c.get("location")))
                        .append("\n");
            }
            guar.append("\n");
        }
        guar.append("对外担保情况：").append(outwardSentence(d)).append("\n\n");
        StringBuilder rel = new StringBuilder(hRel).append("\n");
        rel.append(String.join(sep, "股东/关联方名称", "关联关系", "持股比例")).append("\n");
        for (Map<String, Object> r : d.related) {
            rel.append(String.join(sep, (String) r.get("name"), (String) r.get("relation"),
                    r.get("share") == null ? "—" : pct((Double) r.get("share")))).append("\n");
        }
        rel.append("\n");
        StringBuilder up = new StringBuilder(hUp).append("\n");
        up.append(String.join(sep, "供应商名称", "采购占比")).append("\n");
        d.suppliers.forEach(x -> up.append(String.join(sep, (String) x.get("name"), pct((Double) x.get("share")))).append("\n"));
        up.append("\n").append(String.join(sep, "客户名称", "销售占比")).append("\n");
        d.customers.forEach(x -> up.append(String.join(sep, (String) x.get("name"), pct((Double) x.get("share")))).append("\n"));
        up.append("\n");
        if (alt) {
            s.append(facility).append(guar).append(fin).append(rel).append(up);
        } else {
            s.append(facility).append(fin).append(guar).append(rel).append(up);
        }
        s.append(hRisk).append("\n");
        for (int i = 0; i < d.risks.size(); i++) {
            s.append(alt ? "（" + (i + 1) + "）" : (i + 1) + "、").append(d.risks.get(i)).append(d.riskDetails.get(i)).append("。\n");
        }
        s.append("\n").append(alt ? "第八部分 调查结论" : "八、结论").append("\n建议给予授信。\n");
        return s.toString();
    }

    private static void row(StringBuilder s, String sep, String... cells) {
        s.append(String.join(sep, cells)).append("\n");
    }

    private static void finRow(StringBuilder s, String sep, String label, List<Fin> fins,
            java.util.function.Function<Fin, String> f) {
        List<String> cells = new ArrayList<>(List.of(label));
        fins.forEach(x -> cells.add(f.apply(x)));
        s.append(String.join(sep, cells)).append("\n");
    }

    /** OCR noise: full-width digits and punctuation, stray spaces between characters. */
    private String ocr(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' && rnd.nextInt(3) == 0) {
                sb.append((char) (c + 0xFEE0));
            } else if (c == ':' && rnd.nextBoolean()) {
                sb.append('：');
            } else if (c == '%' && rnd.nextBoolean()) {
                sb.append('％');
            } else {
                sb.append(c);
            }
            if (c != '\n' && i + 1 < text.length() && text.charAt(i + 1) != '\n' && rnd.nextInt(25) == 0) {
                sb.append(rnd.nextInt(4) == 0 ? '\u3000' : ' ');
            }
        }
        return sb.toString();
    }

    /**
     * A portfolio: reports whose guarantees form a circle of three (A→B→C→A, each guaranteeing the
     * next one's facility), a mutual pair (D↔E) and unrelated reports; names are written with
     * suffix and bracket variants across reports.
     */
    public List<Generated> portfolio(int extra) {
        String a = company();
        String b = company();
        String c = company();
        String dd = company();
        String e = company();
        List<Generated> out = new ArrayList<>();
        Template[] ts = Template.values();
        out.add(generate("circle-a", ts[0], a, List.of(variant(c)), List.of()));
        out.add(generate("circle-b", ts[1], b, List.of(a), List.of()));
        out.add(generate("circle-c", ts[2], c, List.of(variant(b)), List.of()));
        out.add(generate("mutual-d", ts[0], dd, List.of(e), List.of()));
        out.add(generate("mutual-e", ts[1], e, List.of(dd), List.of()));
        for (int i = 0; i < extra; i++) {
            out.add(generate("other-" + i, ts[rnd.nextInt(ts.length)], company(), List.of(company()), List.of()));
        }
        return out;
    }

    /** The same company written another way: 有限公司 ↔ 股份有限公司 is not a variant, but brackets and spaces are. */
    private String variant(String name) {
        if (name.contains("（")) {
            return name.replace("（", "(").replace("）", ")");
        }
        return name;
    }
}
