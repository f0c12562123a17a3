package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;

/**
 * Finds company and person names in a stretch of report text. Company names end in a legal
 * form (有限公司, 集团, 合作社 …) and start where HanLP's segmentation shows a function word,
 * a role noun or punctuation; person names come from HanLP's person recognition.
 */
final class Entities {

    /** A name found in the text; {@code type} is {@code company} or {@code person}. */
    record Entity(String name, String type, int start, int end) {
    }

    private static final Pattern ORG_SUFFIX = Pattern.compile(
            "(股份有限公司|有限责任公司|集团有限公司|有限公司|\\(有限合伙\\)|（有限合伙）|合伙企业|集团|公司|株式会社|合作社|研究院|研究所|事务所"
                    + "|厂(?![房区址长内商家部]))");
    private static final Set<String> BREAK_WORDS = Set.of("提供", "为", "是", "系", "由", "向", "对", "给", "承担", "申请",
            "持有", "包括", "占", "合计", "分别", "签订", "出具", "位于", "作为", "将", "以", "与", "和", "及", "等", "其",
            "借款人", "申请人", "保证人", "担保人", "股东", "控股股东", "供应商", "客户", "抵押人", "出质人", "关联方", "关联企业",
            "母公司", "子公司", "全资子公司", "控股子公司", "本公司", "该公司", "实际控制人", "法定代表人", "配偶", "下游", "上游",
            "前五大", "名称", "被担保人", "追加", "另", "同时", "并", "且", "以及", "或", "即", "该", "本", "上述", "所有权人",
            "权属人", "共有人", "持股", "的", "了", "向其", "有", "在", "后", "前", "对外", "关联", "自然人", "个人", "分别为",
            "同意", "拟", "与其", "担保方", "担保对象", "受益人", "为其", "已", "均", "也", "还", "又", "仍", "现", "目前", "截至",
            "如下", "以下", "其中", "分别是", "由其", "主要为", "主要是", "包含", "例如", "比如", "关于", "参与", "给予",
            "审议", "报送");
    private static final Set<String> BAD_PREFIX = Set.of("本", "该", "子", "母", "贵", "分", "其", "全资子", "控股子", "上述", "此",
            "各", "关联", "我", "担保", "保险", "租赁", "一家", "该集团", "本集团", "集团");

    /** Common Chinese surnames (the 百家姓 head): a person name HanLP proposes must start with one. */
    static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由阎濮郦";

    private static final Pattern ROLE_END = Pattern.compile(".*(客户|供应商|股东|借款人|保证人|担保人|抵押人|出质人|申请人|控制人|代表人|关联方)");
    private static final Pattern NOT_IN_NAME = Pattern.compile(".*[为是的了在和与及等其该此之于以或并由向对从将把被].*");

    /** Role words a name may be glued to at its start. */
    private static final Pattern ROLE_LEAD = Pattern.compile(
            "^(?:关联企业|关联公司|关联方|核心企业|核心客户|企业|公司|借款人|申请人|保证人|担保人|抵押人|客户|供应商|控股股东|股东|还?控制|控股)+");
    /** Verbs of trade a name may be glued to at its start ("原料主要来自X有限公司", "产品主要销往X公司"). */
    private static final Pattern TRADE_LEAD = Pattern.compile(
            "^.*(?:来自于?|来源于|采购自|购自|购于|进货自|销往|销售给|销售予|售予|供货给|供应给|出售给|卖给|发往)");
    /** A name's last character read into a verb ("坚持股", "华持有"). */
    private static final Pattern GLUED_VERB = Pattern.compile("[\\u4e00-\\u9fa5&&[^为是的了在和与及等其该此之于以或并由向对从将把被亦也均还又现曾另则共所]](?:持股|持有)");

    /**
     * English prose before a Chinese name: everything up to the last lower-case English word
     * ("is", "from", "by") or an English abbreviation with its bracket ("Co., Ltd. (") before
     * the name. Normalised text drops the blank between Latin and Han, so a brand glued to the
     * name in capitals ("OPPO广东移动通信有限公司") is told apart by its case and stays.
     */
    private static final Pattern ENGLISH_LEAD = Pattern.compile(
            "^(?:.*[\\s()（）])?[a-z]{2,}[.,;:]?\\s*[(（]?(?=[\\u4e00-\\u9fa5])|^.*[A-Za-z][.,;:]\\s*[(（](?=[\\u4e00-\\u9fa5])");

    /** A list item's mark before a name: (a), （b）, a), 1. */
    private static final Pattern LIST_MARK = Pattern.compile("^\\s*(?:[(（][A-Za-z\\d]{1,2}[)）]|[A-Za-z\\d]{1,2}[).．、])\\s*");

    /** What may follow a full name directly: a couple, a title, a holding, an act. */
    private static final Pattern NAME_FOLLOW = Pattern.compile("夫妇|先生|女士|持股|出资|提供|担任|同志");

    private static boolean isHanChar(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    private Entities() {
    }

    static List<Term> terms(String text) {
        Segment seg = HanLP.newSegment().enableNameRecognize(true).enableOrganizationRecognize(false)
                .enablePlaceRecognize(false).enableOffset(true);
        synchronized (Entities.class) {
            return seg.seg(text);
        }
    }

    /**
     * Companies and persons in {@code text}, with the short names a report defines
     * ("（以下简称“鲁润集团”）") read as companies wherever they stand outside a longer name;
     * a person HanLP reads into a short name ("鲁润") gives way to it.
     */
    static List<Entity> find(String text, java.util.Collection<String> shortNames) {
        List<Entity> out = new ArrayList<>(find(text));
        for (String a : shortNames) {
            if (a.length() < 2) {
                continue;
            }
            int from = 0;
            int at;
            while ((at = text.indexOf(a, from)) >= 0) {
                int s = at;
                int e = at + a.length();
                from = e;
                boolean inCompany = out.stream().anyMatch(o -> o.type.equals("company") && s < o.end && e > o.start
                        && (o.start < s || o.end > e || o.end - o.start > a.length()));
                boolean same = out.stream().anyMatch(o -> o.type.equals("company") && o.start == s && o.end == e);
                if (inCompany || same) {
                    continue;
                }
                out.removeIf(o -> s < o.end && e > o.start);
                out.add(new Entity(a, "company", s, e));
            }
        }
        out.sort(Comparator.comparingInt(Entity::start));
        return out;
    }

    /** Companies and persons in {@code text}, in order; offsets relative to {@code text}. */
    static List<Entity> find(String text) {
        List<Entity> out = new ArrayList<>();
        List<Term> terms = terms(text);
        List<int[]> ends = new ArrayList<>();
        Matcher m = ORG_SUFFIX.matcher(text);
        while (m.find()) {
            ends.add(new int[] { m.start(), m.end() });
        }
        // merge 集团 + 有限公司 and similar: keep the last suffix of a run without a break between
        List<int[]> kept = new ArrayList<>();
        for (int i = 0; i < ends.size(); i++) {
            int[] e = ends.get(i);
            if (i + 1 < ends.size()) {
                int[] n = ends.get(i + 1);
                String between = text.substring(e[1], n[0]);
                boolean bracketed = between.matches("[)）]") && e[0] > 0 && "(（".indexOf(text.charAt(e[0] - 1)) >= 0;
                if (between.length() <= 12 && between.matches("[\\u4e00-\\u9fa5()（）]*")
                        && (bracketed || !hasBreak(terms, e[1], n[0]))) { // 舜宇光学科技（集团）有限公司
                    continue;
                }
            }
            kept.add(e);
        }
        int floor = 0;
        for (int[] e : kept) {
            int start = startOf(text, terms, e[0], floor);
            Matcher lead = ROLE_LEAD.matcher(text.substring(start, e[0]));
            if (lead.find() && e[0] - start - lead.end() >= 2) {
                start += lead.end(); // "关联企业常州瑞丰模具有限公司": the role word is not part of the name
            }
            Matcher trade = TRADE_LEAD.matcher(text.substring(start, e[0]));
            if (trade.find() && e[0] - start - trade.end() >= 2) {
                start += trade.end();
            }
            Matcher english = ENGLISH_LEAD.matcher(text.substring(start, e[0]));
            if (english.find() && e[0] - start - english.end() >= 2) {
                start += english.end(); // "The obligor is 上海…", "guarantee (连带责任保证) from 上海…"
            }
            Matcher mark = LIST_MARK.matcher(text.substring(start, e[0]));
            if (mark.find() && e[0] - start - mark.end() >= 2) {
                start += mark.end(); // "(a) 宁波港能集团有限公司…": the item's mark is not part of the name
            }
            String prefix = text.substring(start, e[0]);
            if (prefix.length() >= 2 && !BAD_PREFIX.contains(prefix) && !prefix.endsWith("子")
                    || prefix.length() >= 2 && prefix.matches(".*[\\u4e00-\\u9fa5]{3,}.*")) {
                if (!BAD_PREFIX.contains(prefix)) {
                    out.add(new Entity(text.substring(start, e[1]), "company", start, e[1]));
                }
            }
            floor = e[1];
        }
        for (Term t : terms) {
            String nature = t.nature == null ? "" : t.nature.toString();
            if ((nature.equals("nr") || nature.equals("nrf")) && t.word.length() >= 2 && t.word.length() <= 4
                    && (nature.equals("nrf") || SURNAMES.indexOf(t.word.charAt(0)) >= 0)
                    && !NOT_IN_NAME.matcher(t.word.substring(1)).matches()
                    && t.word.codePoints().allMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)) {
                int s0 = t.offset;
                int en = s0 + t.word.length();
                if (t.word.length() == 2 && s0 > 0 && SURNAMES.indexOf(text.charAt(s0 - 1)) >= 0
                        && (s0 == 1 || !Character.isLetterOrDigit(text.charAt(s0 - 2)) || Character.isDigit(text.charAt(s0 - 2)))
                        && !nature.equals("nrf")) {
                    s0--; // "钱国华" in a table cell: HanLP reads 钱 as money and 国华 as the name
                }
                final int s = s0;
                String name = text.substring(s, en);
                if (name.length() <= 3 && GLUED_VERB.matcher(text.substring(en)).lookingAt()) {
                    // "梁永坚持股88%": HanLP reads 坚持 as a word; the name takes the character back
                    en++;
                    name = text.substring(s, en);
                }
                if (name.length() == 2 && en < text.length() && isHanChar(text.charAt(en))
                        && !NOT_IN_NAME.matcher(String.valueOf(text.charAt(en))).matches()
                        && (en + 1 == text.length() || !isHanChar(text.charAt(en + 1)) || NAME_FOLLOW.matcher(text.substring(en + 1)).lookingAt())) {
                    // "黄美玲夫妇", "黄美玲10%": HanLP ends the name a character early before a break
                    en++;
                    name = text.substring(s, en);
                }
                final int end = en;
                boolean inside = out.stream().anyMatch(o -> o.type.equals("company") && s < o.end && end > o.start);
                if (!inside) {
                    out.add(new Entity(name, "person", s, end));
                }
            }
        }
        english(text, out);
        out.sort(Comparator.comparingInt(Entity::start));
        return out;
    }

    /**
     * An English company name: capitalised words ending in a legal form ("Wuxi Taihu Dyeing Co.,
     * Ltd.", "Hema Fresh (Shanghai) Co., Ltd.", "Anta Sports Products Ltd."); the blanks may be gone
     * after normalisation ("Co.,Ltd.").
     */
    private static final Pattern EN_COMPANY = Pattern.compile(
            "(?<![A-Za-z])((?:[A-Z][A-Za-z&'\\-]*\\.?\\s?(?:\\([A-Z][A-Za-z ]*\\)\\s?)?(?:and\\s(?=[A-Z][a-z]+\\s[A-Z]))?){1,8}?)"
                    + "(Co\\.?,?\\s?Ltd\\.?|Company\\s?Limited|Co\\.?,?\\s?Limited|Limited|Ltd\\.?|Inc\\.?|Corporation|Corp\\."
                    + "|Cooperative|LLC|PLC|GmbH|AG|S\\.A\\.|S\\.p\\.A\\.|Ltda\\.?|B\\.V\\.|N\\.V\\.|Sdn\\.?\\s?Bhd\\.?"
                    + "|Partnership\\s?\\(Limited\\s?Partnership\\)|Limited\\s?Partnership)(?![A-Za-z])");
    /** An English person named with a title or as someone's spouse ("Ms. Li Na", "his wife Zhang Li"). */
    private static final Pattern EN_PERSON = Pattern.compile(
            "(?:\\b(?:Mr|Mrs|Ms|Miss|Dr|Madam)\\.?\\s?|\\b(?:wife|husband|spouse)\\s?(?:,\\s?)?)([A-Z][a-z]+(?:\\s[A-Z][a-z]+){1,2})");
    /** Words that open a sentence or a caption, not a name. */
    private static final Pattern EN_LEAD = Pattern.compile("^(?:(?:The|A|An|Top|Main|Largest|Key|Major|Client|Borrower|Security|"
            + "Collateral|Guarantor|Guarantee|Sales|Supplier|Customer|Both|And|Mortgage|Pledge)\\s?)+");

    private static final Pattern BILINGUAL_AFTER = Pattern.compile("\\s?[(（]\\s?[\\u4e00-\\u9fa5]");
    private static final Pattern BILINGUAL_BEFORE = Pattern.compile("[\\u4e00-\\u9fa5][)）]?\\s?[(（]\\s?$");

    private static void english(String text, List<Entity> out) {
        Matcher m = EN_COMPANY.matcher(text);
        while (m.find()) {
            int s = m.start();
            Matcher lead = EN_LEAD.matcher(m.group(1));
            if (lead.find()) {
                s += lead.end();
            }
            String name = text.substring(s, m.end()).strip();
            if (name.length() < 6 || !Character.isUpperCase(name.charAt(0)) || name.matches("(?i)(co\\.?,?\\s?)?ltd\\.?|limited|inc\\.?")) {
                continue;
            }
            final int st = s;
            final int en = s + name.length();
            if (BILINGUAL_AFTER.matcher(text.substring(en)).lookingAt() || BILINGUAL_BEFORE.matcher(text.substring(0, st)).find()) {
                continue; // "Suzhou Chengming Holdings Co., Ltd. (苏州澄明控股有限公司)": the Chinese name is the one used
            }
            if (out.stream().noneMatch(o -> st < o.end && en > o.start)) {
                out.add(new Entity(name, "company", st, en));
            }
        }
        Matcher p = EN_PERSON.matcher(text);
        while (p.find()) {
            final int st = p.start(1);
            final int en = p.end(1);
            if (out.stream().noneMatch(o -> st < o.end && en > o.start)) {
                out.add(new Entity(p.group(1), "person", st, en));
            }
        }
    }

    private static boolean hasBreak(List<Term> terms, int from, int to) {
        for (Term t : terms) {
            int s = t.offset;
            int e = s + t.word.length();
            if (e <= from || s >= to) {
                continue;
            }
            if (isBreak(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBreak(Term t) {
        String n = t.nature == null ? "" : t.nature.toString();
        if (BREAK_WORDS.contains(t.word) || ROLE_END.matcher(t.word).matches()) {
            return true;
        }
        if (n.startsWith("w") || n.startsWith("p") || n.startsWith("c") || n.startsWith("u") || n.startsWith("r")
                || n.equals("y") || n.equals("e")) {
            return true;
        }
        return n.equals("m") && t.word.matches(".*[0-9%.].*");
    }

    /** Start of the company name whose legal form starts at {@code suffixStart}. */
    private static int startOf(String text, List<Term> terms, int suffixStart, int floor) {
        int start = suffixStart;
        for (int i = terms.size() - 1; i >= 0; i--) {
            Term t = terms.get(i);
            int s = t.offset;
            int e = s + t.word.length();
            if (s >= suffixStart) {
                continue;
            }
            if (s < floor) {
                start = Math.max(floor, start);
                break;
            }
            if ((t.word.equals(")") || t.word.equals("）")) && e == start) {
                // a bracketed place inside the name: 华达电子（苏州）有限公司
                int j = i - 1;
                while (j >= 0 && i - j <= 6 && !terms.get(j).word.equals("(") && !terms.get(j).word.equals("（")) {
                    j--;
                }
                boolean numbering = j >= 0 && text.substring(terms.get(j).offset + 1, t.offset)
                        .matches("[一二三四五六七八九十0-9]+"); // "（一）X有限公司" opens a numbered item
                if (j >= 0 && i - j <= 6 && terms.get(j).offset >= floor && !numbering) {
                    start = terms.get(j).offset;
                    i = j;
                    continue;
                }
            }
            if (isBreak(t) || t.word.indexOf('\n') >= 0 || t.word.indexOf('\t') >= 0) {
                // a role word glued to the name ("借款人江南"): keep the part after it
                break;
            }
            if (e > suffixStart) {
                // the suffix is inside this term (e.g. "电子公司" as one word): include the term's head
                start = s;
                continue;
            }
            start = s;
            if (suffixStart - start > 40) {
                break;
            }
        }
        while (start < suffixStart && !isNameChar(text.charAt(start))) {
            start++;
        }
        return start;
    }

    private static boolean isNameChar(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN || Character.isLetterOrDigit(c)
                || c == '(' || c == '（';
    }

    /** Whether a name looks like a company (a legal form) rather than a person. */
    static boolean isCompany(String name) {
        return ORG_SUFFIX.matcher(name).find() && name.length() > 3 || EN_LEGAL_FORM.matcher(name).find();
    }

    /** An English legal form at the end of a name ("Co., Ltd.", "Limited", "Inc."). */
    private static final Pattern EN_LEGAL_FORM = Pattern.compile(
            "[A-Za-z][\\s.,]*(?:Co\\.?,?\\s?Ltd|Limited|Ltd|Inc|Corporation|Corp|Cooperative|LLC|PLC|GmbH|S\\.A|S\\.p\\.A|Ltda|B\\.V|N\\.V|Bhd|Partnership\\)?)\\.?\\s*$");
}
