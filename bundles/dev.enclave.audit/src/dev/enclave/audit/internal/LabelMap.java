package dev.enclave.audit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Maps a form label (字段) to the schema field it fills. */
final class LabelMap {
    private LabelMap() {
    }

    private record Rule(Pattern label, String field) {
    }

    private static final Rule[] RULES = {
            rule("(统一|主体)?(社会)?信用代码|组织机构代码|统一代码", "borrower.credit_code"),
            rule("(保证人|担保人|抵押人|出质人).*", "guarantee.party"),
            rule("(法定代表人|法人代表|法人)([/、及和兼](实际控制人|实控人))?", "borrower.legal_rep"),
            rule("实际控制人|实控人|实际控股人", "borrower.controller"),
            rule("注册资本|注册资金|注册资本金|实收资本", "borrower.registered_capital_yuan"),
            rule("成立日期|成立时间|注册日期|设立日期|成立于|注册时间|成立|设立时间", "borrower.established"),
            rule("(所属)?行业(分类|类别)?|所属行业|国民经济行业分类?", "borrower.industry"),
            rule("(注册|经营|办公|公司|企业)?(地址|住所)|注册地|住所地|经营场所|办公场所", "borrower.address"),
            rule("(借款人|申请人|授信申请人|借款企业|申请企业|借款主体|授信主体|授信对象|借款单位|申请单位)(名称|全称)?"
                    + "|(客户|企业|公司)(名称|全称)|(检查|授信|贷款)对象|被检查(人|单位|企业)",
                    "borrower.name"),
            rule("(授信|申请|贷款|业务|融资|借款)?(品种|种类|产品|类型)", "facility.product"),
            rule("(本次)?(申请|授信|贷款|借款|融资)?(金额|额度)|(申请|授信)(敞口)?(金额|额度)", "facility.amount_yuan"),
            rule("(授信|贷款|借款|申请|融资)?期限", "facility.term_months"),
            rule("(执行|贷款|借款|授信)?利率(定价)?|定价|利率水平|(手续)?费率", "facility.rate"),
            rule("(贷款|借款|资金|授信)?用途", "facility.purpose"),
            rule("(第一)?还款来源", "facility.repayment_source"),
            rule("担保(方式|措施|情况|条件)?|对外担保(情况)?|保证(方式|担保)?|增信措施", "guarantee.text"),
            rule("(抵押|质押|抵质押)(物|品|情况)?|押品|抵押物名称", "collateral.text"),
            rule("控股股东|第一大股东|主要股东|股东(情况|构成|结构|名称|及持股比例|及出资)?|股权(结构|构成|情况)|出资(人|情况|结构)", "related.text"),
            rule("(主要|前五大|前五名)?(供应商|上游客户)", "suppliers.text"),
            rule("(主要|前五大|前五名)?(下游)?客户", "customers.text"),
    };

    /**
     * English labels of English and bilingual forms, read from {@code english-labels.properties}
     * beside this class ({@code NN.field = regex}, tried in the order of NN), matched lower case
     * without blanks ("Legal representative" → legalrepresentative).
     */
    private static final List<Rule> ENGLISH = englishRules();

    private static List<Rule> englishRules() {
        Properties p = new Properties();
        try (InputStream in = LabelMap.class.getResourceAsStream("english-labels.properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("english-labels.properties is missing from the audit bundle", e);
        }
        List<Rule> out = new ArrayList<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            out.add(erule(p.getProperty(key).strip(), key.substring(key.indexOf('.') + 1)));
        }
        return List.copyOf(out);
    }

    /**
     * Labels the rules above do not know, read from {@code field-labels.properties} beside this
     * class ({@code field = alternatives}, a regular expression matched against the whole label
     * without blanks): a bank's own form captions go there, not into code.
     */
    private static final List<Rule> EXTRA = extraRules();

    private static List<Rule> extraRules() {
        Properties p = new Properties();
        try (InputStream in = LabelMap.class.getResourceAsStream("field-labels.properties")) {
            if (in != null) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return List.of();
        }
        List<Rule> out = new ArrayList<>();
        for (String field : new TreeSet<>(p.stringPropertyNames())) {
            out.add(rule(p.getProperty(field).strip(), field));
        }
        return List.copyOf(out);
    }

    private static Rule erule(String regex, String field) {
        return new Rule(Pattern.compile(regex), field);
    }

    private static Rule rule(String regex, String field) {
        return new Rule(Pattern.compile("(" + regex + ")(\\(.*\\)|（.*）)?"), field);
    }

    /** The field a label fills, or {@code null}. */
    static String field(String label) {
        String l = label.replaceAll("[\\s:：]", "");
        if (l.matches(".*[A-Za-z].*") && l.matches(".*[\\u4e00-\\u9fa5].*")) {
            // a bilingual label ("Company Name / 企业名称", "Legal rep. 法定代表人"): the Chinese part
            l = l.replaceAll("[A-Za-z/&.'\\-]", "");
        }
        for (Rule r : RULES) {
            if (r.label.matcher(l).matches()) {
                return r.field;
            }
        }
        for (Rule r : EXTRA) {
            if (r.label.matcher(l).matches()) {
                return r.field;
            }
        }
        if (l.matches("[A-Za-z][A-Za-z.\\-/&]*")) {
            String e = l.toLowerCase(java.util.Locale.ROOT).replace("/", "");
            for (Rule r : ENGLISH) {
                if (r.label.matcher(e).matches()) {
                    return r.field;
                }
            }
        }
        return null;
    }

    static boolean isKnown(String label) {
        return field(label) != null;
    }

    /** The unit a label states, e.g. {@code 注册资本（万元）}: 10000; 0 when none. */
    static long unitOf(String label) {
        if (label.matches(".*[(（].*亿.*[)）].*")) {
            return 100_000_000L;
        }
        if (label.matches(".*[(（].*万.*[)）].*")) {
            return 10_000L;
        }
        if (label.matches(".*[(（].*元.*[)）].*")) {
            return 1L;
        }
        return 0;
    }
}
