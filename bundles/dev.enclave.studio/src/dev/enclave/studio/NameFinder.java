package dev.enclave.studio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.corpus.dictionary.item.EnumItem;
import com.hankcs.hanlp.corpus.tag.NR;
import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.dictionary.nr.PersonDictionary;
import com.hankcs.hanlp.dictionary.py.Pinyin;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;

/**
 * Finds person names for {@link PiiMasker}: HanLP's statistical person recognition (its role-tagging
 * HMM over the segmentation; the perceptron and CRF models are not part of the offline HanLP
 * portable bundle) combined with a surname list (common surnames where nothing else speaks for a
 * name, the Hundred Family Surnames after a cue, in lists and in tables), given-name character
 * statistics from HanLP's person-name role dictionary, and context: cue words before a name (客户,
 * 联系人, 参会人, 保证人…) and after it (先生, 经理, 说, 反映…), a sentence start before a predicate,
 * lists and table cells next to a name found, table columns headed 姓名/联系人/Name or holding other
 * names, stand-alone list items and signatures, compound surnames, 小杨/老郑, speakers of chat logs and
 * transcripts ({@code [10:32] 王芳: …}) and @-mentions, transliterated names joined by a middle dot and
 * Uyghur/Tibetan/Mongolian name parts (resources {@code names/transliteration-chars.txt},
 * {@code names/minority-name-parts.txt}), Japanese family names ({@code names/japanese-surnames.txt}), and
 * a name's other mentions in the same record. Pinyin names in either
 * order and any case ({@code Li Na}, {@code ZHANG Wei}, {@code wei zhang}), English names (a given-name
 * list, resource {@code names/english-given-names.txt}, then a capitalised surname; a title, label or
 * greeting). Organisations and places stay: a dictionary ({@code names/organisations.txt}),
 * organisation suffixes after a candidate, a city glued before one. Every pattern is bounded, so the
 * work is near-linear in the text's length. Thread-safe.
 */
final class NameFinder {
    /** Common Chinese surnames: a name found only by context must start with one. */
    static final String SURNAMES = "朴王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
            + "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
            + "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛"
            + "曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗"
            + "瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝乐水巴晋";
    static final List<String> COMPOUND_SURNAMES = List.of("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟",
            "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里",
            // The other compound surnames of the Hundred Family Surnames, less those that are also a city (濮阳), a
            // word with a common next character (钟离|开, 段|干部, 东门, 南门, 第五) or a title (单于, 司空).
            "东郭", "闻人", "呼延", "赫连", "澹台", "宗政", "淳于", "申屠", "仲孙", "鲜于", "闾丘", "万俟", "拓跋",
            "公冶", "羊舌", "梁丘", "巫马", "漆雕", "左丘", "公良", "乐正", "颛孙", "壤驷", "公西", "微生", "归海",
            "太叔", "司寇", "亓官", "谷梁", "宰父", "夹谷", "公羊");
    /** Characters that end a name found by context rather than continue it (particles, verbs, titles). */
    private static final String STOP = "的了在于和与及或说等为是已将来到对把被向从负担任持提供承名下因前后中上下先女经总工主同"
            + "等都也还就又再才并而及去给让请要会能可应该需把被曾正拟出入回再同时反称表示介绍认指确签核审陪";
    /** Words before a name: roles in bank and fab documents, and verbs that take a person. */
    private static final Pattern CUE_BEFORE = Pattern.compile("(?:"
            // Any short label of a person before a colon (签收人：, 监盘人：, 验收人员：), first, so that a listed
            // cue that is a prefix of it (验收人) does not end the match inside the label.
            + "[\\u4e00-\\u9fa5]{1,4}[人员](?=\\s{0,2}[:：])|"
            // The same for labels that end in a noun of a person's occupation (转诊医生：, 值班管家：).
            + "[\\u4e00-\\u9fa5]{1,4}(?:医生|医师|老师|经理|主任|管家|师傅|司机|律师)(?=\\s{0,2}[:：])|客户|联系人|参会人|与会人员?(?:包括|有)?|出席人|保证人|担保人|"
            + "共同借款人|借款人|股东|配偶|经办人?|复核人?|审批人?|审核人?|签字人?|签名|抄送|跟进人|负责人|持卡人|户名|收件人|"
            + "收款人|付款人|经营者|开户人|申请人|法定代表人|法人代表|实际控制人|董事长|总经理|副总经理|总监|客户经理|风险经理|"
            + "审计员|审计师|工程师|技术员|操作员|值班员?|报修人|记录人|填表人|制表人?|编制人?|批准人?|核准人?|主持人?|"
            + "姓名|联络人|对接人|推荐人|介绍人|代理人|受托人|委托人|见证人|证人|户主|员工|职员|同事|主管|组长|班长|"
            + "出席|列席|缺席|记录|成员|发件人|收件人|参加人|检查人|放行人|验收人|领用人|保管人|值班人|带班人?|"
            + "部门经理|项目经理|产品经理|经理|总工|"
            // Parties and officers of court records, patients and staff of hospitals, pupils and their families,
            // debtors: the roles of judgments, referral letters, rosters and collection notes.
            + "原告|被告人?|上诉人|被上诉人|第三人|申请执行人|被执行人|被申请人|辩护人|诉讼代理人|审判长|审判员|陪审员|"
            + "书记员|法官|检察官|当事人|犯罪嫌疑人|嫌疑人|债务人|债权人|患者|病人|家属|护士长?|主治医师|医师|班主任|"
            + "监护人|寄件人|车主|"
            // Any short label of a person before a colon (签收人：, 监盘人：), and the signature fields of vouchers
            // and approval forms (制单：, 记账：, 出纳：, 会签：).
            + "(?:制单|记账|出纳|会计主管|会计|授权|发起|会签|归档|"
            + "审阅|批示|主办|协办|经手|监盘|盘点|复查|核对)(?=\\s{0,2}[:：])|"
            + "致|由|据|请|告知|通知|联系|拜访|会见|约见|陪同|感谢|转告|交给|转交|询问|面谈|拍了拍)\\s{0,2}[:：]?\\s{0,2}"
            // 负责人分别是洪涛和严冬: a role before the names of a list.
            + "(?:(?:分别|依次)(?=为|是))?(?:为|是)?");
    /** Words after a name. */
    private static final Pattern CUE_AFTER = Pattern.compile("先生|女士|小姐|同志|经理|总经理|董事长|律师|会计师|主任|"
            + "工程师|老师|博士|教授|医生|说|表示|反映|认为|指出|介绍|来电|来访|负责|确认|提交|签字|签署|同意|反对|"
            + "指示|主持|出席|参加|陪同|提供|承担|持有|名下|夫妇|本人|的(?:身份证|手机|电话|户籍|住址|配偶|账户|护照)|"
            + "反馈|跟进|复检|复核|汇报|提出|发现|建议|要求|申请|拒绝|批准|审批|安排|执行|放行|签收|到场|值班|请假|"
            + "出差|离职|入职|退休|电话|手机|邮箱|已(?:于|经|将|把|完成|提交|确认|离职|退休|批准)|也有意|"
            + "部长|处长|科长|行长|所长|院长|厂长|主管|组长|总监|撤回了|拍了拍|"
            // Kinship and address terms of family and school chats (梁子轩妈妈, 龚建明师傅), a statement in a record.
            + "同学|妈妈|爸爸|家长|师傅|阿姨|护士长?|医师|法官|陈述|辩称|诉称|声称");
    /** A surname followed by a title or prefixed by 老/小: 李经理, 张总, 王工, 老刘, 小陈. */
    private static final Pattern SURNAME_TITLE = Pattern.compile(
            "(?<![\\u4e00-\\u9fa5])([\\u4e00-\\u9fa5])(?=经理|总(?![部结体数量额计共公线])|工(?![程艺厂作序资人号单])|主任|老师|律师|医生|书记|处长|科长|行长|所长|部长|董|博士)"
                    + "|(?<=[老小])([\\u4e00-\\u9fa5])(?=[^\\u4e00-\\u9fa5]|$|[说去来在和与的是也都就已将把被让给负带])");
    private static final Pattern ASCII_WORD = Pattern.compile("[A-Za-z][A-Za-z'’-]{0,20}");
    private static final Pattern EN_TITLE = Pattern.compile(
            "\\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\\.?\\s{1,3}((?:O['’]|Mc|Mac)?[A-Z][a-z]{1,20}(?:-[A-Z][a-z]{1,20})?"
                    + "(?:\\s(?:O['’]|Mc|Mac)?[A-Z][a-z]{1,20}(?:-[A-Z][a-z]{1,20})?)?)");
    private static final Pattern EN_LABEL = Pattern.compile("\\b(?:[Nn]ame|[Cc]ontacts?|[Bb]orrower(?: name)?|"
            + "[Gg]uarantor|[Ss]igned by|[Aa]pplicant|[Pp]repared by|[Rr]eviewed by|[Aa]pproved by|[Oo]wner|[Rr]eviewer|"
            + "[Ss]ign-off|[Aa]ttendees|[Nn]ote from|[Aa]ssignee|[Rr]equester|From|To|Cc|CC|Attn|[Pp]resent|"
            + "[Cc]ontact person|[Mm]inutes taken by|[Aa]pproved|[Ss]igned)\\s{0,3}[:：]\\s{0,3}"
            + "([A-Z][a-z]{1,20}(?:\\s(?:[A-Z][a-z]{1,20}|(?:O['’]|Mc|Mac)[A-Z][a-z]{1,20})){0,2})");
    /** A greeting or a closing before a name: Dear Zhang Ming, Hi Jessica. */
    private static final Pattern GREETING = Pattern.compile("\\b(?:Dear|Hi|Hello|Hey|Attn\\.?|Thanks|Cheers)\\s{1,2}"
            + "([A-Z][a-z'’]{1,20}(?:\\s[A-Z][a-z'’]{1,20})?)(?=[,.!:;\\n]|$)");
    /** Common English given names (resource {@code names/english-given-names.txt}), lower case. */
    private static final Set<String> GIVEN = Set.copyOf(resource("names/english-given-names.txt").stream()
            .flatMap(line -> java.util.Arrays.stream(line.split("\\s+"))).toList());
    /** English words that are also pinyin syllables: a lower-case pair made of them is not taken for a name. */
    private static final Set<String> ENGLISH = Set.copyOf(List.of("a", "an", "he", "she", "me", "man", "men", "long", "fan", "bin",
            "pan", "tan", "sun", "die", "ran", "hang", "bang", "gang", "sang", "tie", "pin", "ping", "pong", "song", "dong",
            "bug", "hen", "pen", "ten", "den", "run", "gun", "bun", "fun", "lie", "pie", "shoe", "she", "hi", "yo", "you",
            "now", "no", "go", "so", "to", "do", "ma", "pa", "la", "ha", "ah", "oh", "ou", "bo", "mo", "lo", "mi", "pi",
            "di", "ti", "li", "ye", "yes", "yang", "chi", "xi", "shi", "jin", "gin", "zen", "tin", "sin", "kin", "fin",
            "win", "min", "bi", "ni", "nu", "wan", "fang", "chin", "chat", "cut", "tun", "bay", "ban", "can", "dan", "hu",
            "ge", "de", "le", "ke", "ce", "en", "er", "wo", "lao", "tao", "mao", "hao", "zoo", "ring", "sing", "king",
            "ling", "wing", "bing", "ding", "jing", "ming", "qing", "xing", "ying"));
    /** English words that, capitalised at a sentence start, make a pinyin-looking pair English (He Said, So Long). */
    private static final Set<String> FUNCTION = Set.of("a", "an", "he", "she", "me", "you", "no", "go", "so", "to", "do",
            "hi", "yo", "yes", "now", "oh", "ah", "ha", "can", "long", "ban", "bin", "pin", "ping", "ring", "sing", "king",
            "win", "run", "die", "lie", "tie", "pie", "hang", "bang", "ten", "pen", "hen", "den", "ye", "zoo", "men", "man",
            "ran", "tan", "pan", "bug", "gun", "bun", "fun", "shoe", "chat", "cut", "bay", "wo", "tin", "sin", "kin", "fin",
            "gin", "zen", "ding", "dong", "pong", "song");
    /** Words after a capitalised pair that make it a place or organisation, not a person. */
    private static final Set<String> NOT_AFTER = Set.of("province", "city", "district", "county", "road", "street",
            "bank", "branch", "co", "co.", "company", "group", "university", "park", "plant", "fab", "line", "river",
            "lake", "mountain", "port", "airport", "station", "zone", "town", "village", "securities", "holdings",
            "semiconductor", "semiconductors", "microelectronics", "electronics", "electric", "technology", "technologies",
            "tech", "inc", "inc.", "ltd", "ltd.", "corp", "corp.", "corporation", "capital", "partners", "optics", "foods",
            "trading", "logistics", "industries", "industrial", "systems", "materials", "energy", "motors", "pharma",
            "labs", "ventures", "plc", "llc", "gmbh", "harbour", "harbor", "bay", "square", "avenue", "hall", "center",
            "centre", "institute", "hospital", "school", "college", "airlines", "insurance", "investment", "fund",
            "garden", "gardens", "hotel", "tower", "plaza", "building", "mall", "restaurant", "resort", "estate",
            "department", "dept", "dept.", "division", "office", "committee", "temple", "market", "court");
    /** Pinyin syllables without tone. */
    private static final Set<String> SYLLABLES = new HashSet<>();
    /** Surnames in pinyin (single syllables and compound surnames joined). */
    private static final Set<String> PINYIN_SURNAMES = new HashSet<>();

    static {
        for (Pinyin p : Pinyin.values()) {
            String s = p.getPinyinWithoutTone();
            if (!s.equals("none")) {
                SYLLABLES.add(s);
            }
        }
        for (int i = 0; i < SURNAMES.length(); i++) {
            PINYIN_SURNAMES.add(pinyin(String.valueOf(SURNAMES.charAt(i))));
        }
        for (String c : COMPOUND_SURNAMES) {
            PINYIN_SURNAMES.add(pinyin(c));
        }
        PINYIN_SURNAMES.remove("");
    }

    private static String pinyin(String han) {
        StringBuilder sb = new StringBuilder();
        for (Pinyin p : HanLP.convertToPinyinList(han)) {
            String s = p.getPinyinWithoutTone();
            if (!s.equals("none")) {
                sb.append(s);
            }
        }
        return sb.toString();
    }

    private final Segment segment = HanLP.newSegment().enableNameRecognize(true).enableTranslatedNameRecognize(true);

    /** Whether {@code word} can be a Chinese person's name: 2–4 Han characters starting with a common surname. */
    static boolean plausibleChineseName(String word) {
        if (word.length() < 2 || word.length() > 4 || !word.chars().allMatch(NameFinder::han)) {
            return false;
        }
        if (COMPOUND_SURNAMES.stream().anyMatch(word::startsWith)) {
            return word.length() >= 3;
        }
        return word.length() <= 3 && SURNAMES.indexOf(word.charAt(0)) >= 0;
    }

    /**
     * {@code text} with its traditional characters folded to simplified ones by HanLP's converter (陳→陈,
     * 吳→吴, 聯絡→联络), one character for one so that offsets stay; a character that is itself a listed surname
     * (於, which the converter would turn into the particle 于) is kept, and so is the whole text where the
     * converter would change its length.
     */
    static String simplified(String text) {
        boolean any = false;
        for (int i = 0; i < text.length() && !any; i++) {
            any = text.charAt(i) >= 0x3400;
        }
        if (!any) {
            return text;
        }
        String converted = HanLP.convertToSimplifiedChinese(text);
        if (converted.length() != text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (converted.charAt(i) != c && ALL_SURNAMES.indexOf(c) < 0) {
                out.setCharAt(i, converted.charAt(i));
            }
        }
        return out.toString();
    }

    private static boolean han(int c) {
        return c >= 0x4e00 && c <= 0x9fa5;
    }

    /**
     * Adds the names found in {@code original} to {@code spans}, where they overlap nothing found before. The
     * rules read the text with traditional characters folded to simplified ones ({@link #simplified}), so that
     * the surname list and HanLP's name statistics also know 陳大文 and 吳宗憲; the offsets are the original's.
     */
    void find(String original, SpanSet found) {
        String text = simplified(original);
        Run spans = new Run(text, found);
        int first = spans.added().size();
        // Before the English pairs and labels, which would take Lee Ka of Lee Ka Wai and Wang of "Attendees: Wang, Ming".
        invertedNames(text, spans);
        romanisedNames(text, spans);
        english(text, spans);
        pinyinNames(text, spans);
        tableColumns(text, spans);
        asciiLists(text, spans, first);
        if (!PiiMasker.hasChinese(text)) {
            return;
        }
        int offset = 0;
        Set<Integer> tokenStarts = new HashSet<>();
        List<int[]> terms = new ArrayList<>();
        List<int[]> hanlp = new ArrayList<>();
        for (Term t : segment.seg(text)) {
            int at = text.indexOf(t.word, offset);
            if (at < 0) {
                continue;
            }
            offset = at + t.word.length();
            tokenStarts.add(at);
            spans.boundaries.add(at);
            spans.boundaries.add(offset);
            String nature = t.nature == null ? "" : t.nature.toString();
            String word = extend(text, at, trim(t.word));
            boolean person = nature.equals("nr") && (plausibleChineseName(word)
                    // 交给|戎晓梅: HanLP's tag on a three-character name of a rarer surname of the Hundred Family list.
                    || word.length() == 3 && plausibleWide(word) && givenChars(word) && !commonWord(word)
                    && CoreDictionary.get(word) == null && !commonWord(word.substring(0, 2))
                    && "一二三四五六七八九十两".indexOf(word.charAt(1)) < 0 && UNIT_END.indexOf(word.charAt(2)) < 0
                    && (endsName(text, at + 3) || clearSurname(word.charAt(0)))
                    && (at == 0 || !han(text.charAt(at - 1)) || CoreDictionary.get(text.substring(at - 1, at + 1)) == null)
                    || word.length() == 1
                    && word.length() < t.word.length() && SURNAMES.indexOf(word.charAt(0)) >= 0)
                    || nature.equals("nrf") && word.length() >= 3 && word.chars().allMatch(NameFinder::han);
            if (person && word.length() == 2 && commonWord(word) && !boundaryAt(text, at + 2)) {
                // 时长|两小时: HanLP's role tagging took an ordinary word glued to what follows for a name.
                person = false;
            }
            if (person && word.length() == 3 && at + 4 <= text.length()
                    && TITLES.contains(text.substring(at + 2, at + 4))) {
                // 秦海部|长: HanLP took the first character of a title into the name.
                word = word.substring(0, 2);
            }
            if (person) {
                // Added after the speaker, foreign and Japanese rules, which know such names better (白玛央金在).
                hanlp.add(new int[] { at, at + word.length() });
            }
            terms.add(new int[] { at, offset, functionNature(nature) ? 1 : 0,
                    nature.startsWith("m") || nature.startsWith("t") || nature.startsWith("q") || nature.startsWith("f")
                            ? 1 : 0 });
        }
        speakers(text, spans);
        conversationalSpeakers(text, spans);
        foreignNames(text, spans);
        japaneseNames(text, spans);
        for (int[] h : hanlp) {
            if (!spans.overlaps(h[0], h[1])) {
                spans.add(h[0], h[1]);
            }
        }
        splitSurnames(text, spans, terms);
        likelyNames(text, spans, tokenStarts);
        Matcher before = CUE_BEFORE.matcher(text);
        while (before.find()) {
            int s = before.end();
            if (!spans.boundaries.isEmpty() && !spans.boundaries.contains(s)) {
                // 由于原材料: the cue is part of a longer word.
                continue;
            }
            int len = nameAt(text, s);
            // The role itself, less 为/是/分别是 after it (负责人分别是洪涛和严冬).
            String cue = before.group().strip().replaceFirst("(?:分别|依次)?(?:为|是)$", "").strip();
            boolean role = cue.endsWith(":") || cue.endsWith("：") || cue.matches(".*(?:人|员|经理|总监|主管|长|师|者)");
            if (len == 0 && role && !CUE_BEFORE.matcher(text).region(s, text.length()).lookingAt()
                    && !CUE_AFTER.matcher(text).region(s, text.length()).lookingAt()) {
                len = cuedWordName(text, s, spans);
            } else if (len == 3 && !spans.boundaries.contains(s + 3) && spans.boundaries.contains(s + 2)) {
                // 由宁静放行: the segmentation ends the name before a word that starts at its last character.
                len = 2;
            }
            for (int l = Math.min(6, text.length() - s); len == 0 && role && l >= 2; l--) {
                // 经办人热依扎: a minority or transliterated name after a role has no surname to start with.
                if (foreignWord(text.substring(s, s + l)) && boundaryAt(text, s + l)) {
                    len = l;
                }
            }
            for (int k = 0; len == 0 && role && k < JAPANESE_SURNAMES.size(); k++) {
                // 姓名：福原爱子, 预订人渡边: a Japanese family name after a role, with a given name of at most
                // two characters (even a word, 爱子) or alone, up to where the field ends.
                String sur = JAPANESE_SURNAMES.get(k);
                if (sur.length() < 2 || !text.startsWith(sur, s)) {
                    continue;
                }
                for (int g = 2; g >= 0 && len == 0; g--) {
                    int e = s + sur.length() + g;
                    if (e > text.length() || !text.substring(s + sur.length(), e).chars()
                            .allMatch(c -> han(c) && JAPANESE_STOP.indexOf(c) < 0)) {
                        continue;
                    }
                    if (e == text.length() || !han(text.charAt(e)) || g == 0 && STOP.indexOf(text.charAt(e)) >= 0
                            || CUE_AFTER.matcher(text).region(e, text.length()).lookingAt()) {
                        len = e - s;
                    }
                }
            }
            if (len == 0 && s < text.length() && (role || ALL_SURNAMES.indexOf(text.charAt(s)) >= 0)) {
                // After a verb or preposition that takes a person (由, 请, 交给) only a listed surname starts one.
                len = roleName(text, s, spans, cue.endsWith(":") || cue.endsWith("："));
            }
            if (len == 0 && !role && s + 2 < text.length() && SURNAMES.indexOf(text.charAt(s)) >= 0
                    && commonWord(text.substring(s, s + 2)) && strongGivenChar(text.charAt(s + 1), 30)
                    && (STRONG_PREDICATE.matcher(text).region(s + 2, text.length()).lookingAt()
                    || PERSON_VERB.matcher(text).region(s + 2, text.length()).lookingAt())) {
                // 交给高明负责, 感谢林海协调: after a verb that takes a person, a surname and a strong given-name
                // character that form a word are a name when what follows is something a person does.
                len = 2;
            }
            if (len > 0 && !spans.overlaps(s, s + len)) {
                spans.add(s, s + len);
            }
        }
        for (int s = 2; s + 3 <= text.length(); s++) {
            // 药房练美娟登记, 仓库组訾建设负责: a department or place of work right before a name of three
            // characters that passes the strict statistics of a role's name (a surname and two likely
            // given-name characters, no word, ending where a word starts).
            if (DEPARTMENT_END.indexOf(text.charAt(s - 1)) >= 0 && han(text.charAt(s - 2))
                    && spans.boundaries.contains(s) && !spans.overlaps(s, s + 3)) {
                int len = roleName(text, s, spans, false);
                if (len > 0) {
                    spans.add(s, s + len);
                }
            }
        }
        Matcher after = CUE_AFTER.matcher(text);
        while (after.find()) {
            int e = after.start();
            transliteratedBefore(text, spans, e, after.group(), tokenStarts);
            for (int len = 4; len >= 2; len--) {
                int s = e - len;
                if (s < 0) {
                    continue;
                }
                String w = text.substring(s, e);
                boolean boundary = s == 0 || !han(text.charAt(s - 1)) || tokenStarts.contains(s);
                if (len == 3 && !plausibleChineseName(w) && wideCued(text, s) && boundary && !spans.overlaps(s, e)) {
                    // 集成|储晓刚反馈: a rarer surname with likely given-name characters before a cue.
                    spans.add(s, e);
                    break;
                }
                boolean titled = len == 3 && COMPOUND_SURNAMES.stream().noneMatch(w::startsWith)
                        && commonWord(w.substring(1));
                if (plausibleChineseName(w) && boundary && STOP.indexOf(w.charAt(w.length() - 1)) < 0
                        && !commonWord(w) && !titled) {
                    if (!spans.overlaps(s, e)) {
                        spans.add(s, e);
                    }
                    break;
                }
            }
        }
        Matcher title = SURNAME_TITLE.matcher(text);
        while (title.find()) {
            int g = title.group(1) != null ? 1 : 2;
            char c = text.charAt(title.start(g));
            if (g == 2 && CoreDictionary.get(text.substring(title.start(g) - 1, title.end(g))) != null) {
                continue; // 小时, 老师: a word, not 小/老 and a surname
            }
            if (SURNAMES.indexOf(c) >= 0 && !spans.overlaps(title.start(g), title.end(g))) {
                spans.add(title.start(g), title.end(g));
            }
        }
        compoundSurnames(text, spans);
        nicknames(text, spans);
        sentenceStarts(text, spans);
        lists(text, spans, first);
        isolated(text, spans);
        tableColumns(text, spans);
        lists(text, spans, first);
        rosters(text, spans);
        otherMentions(text, spans, first);
    }

    /** What a person does after being named by a verb that takes one (交给高明负责, 由韶华核算). */
    private static final Pattern PERSON_VERB = Pattern.compile("核算|配合|处理|跟进|协调|安排|审核|签收|对接|主持|牵头|办理|落实");

    /** Last characters of departments and places of work (财务部, 药房, 前台, 车间) that a name may follow. */
    private static final String DEPARTMENT_END = "部科处组室房台间队";

    /** Days and shifts, the labels of duty rosters that are written without a space before the name (周二甘露). */
    private static final String SHIFT = "周[一二三四五六日天]|星期[一二三四五六日天]|[早中晚夜白]班";

    /**
     * An item of a roster line: a short label and a space or colon, or a day or shift glued to the name, and a
     * name up to the next separator.
     */
    private static final Pattern ROSTER_ITEM = Pattern.compile(
            "(?<=^|[，,；;、：:→\\t ])(?:([\\u4e00-\\u9fa5]{1,4})[ \\t\\u3000:：]{1,3}|(" + SHIFT + "))"
            + "([\\u4e00-\\u9fa5]{2,4})(?=[ \\t]*(?:[，,；;、。.→]|$))",
            Pattern.MULTILINE);

    /**
     * Rosters and duty lists ({@code 早班 多吉，中班 王强，晚班 格桑}): on a line of two or more items of a label
     * and a name, where one item's name was found, the other items' names too when they can be names: a
     * surname and likely given-name characters, or a Tibetan, Uyghur or Mongolian given name of the minority
     * name resource (which has no surname to start with, so it is taken only in such a list).
     */
    private static void rosters(String text, Run spans) {
        int lineStart = 0;
        while (lineStart <= text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            List<int[]> items = new ArrayList<>();
            Matcher m = ROSTER_ITEM.matcher(text).region(lineStart, lineEnd);
            m.useTransparentBounds(true).useAnchoringBounds(true);
            while (m.find()) {
                items.add(new int[] { m.start(3), m.end(3), m.group(2) != null ? 1 : 0 });
            }
            boolean anchored = items.size() >= 2 && items.stream().anyMatch(i -> spans.overlaps(i[0], i[1]));
            for (int[] i : anchored ? items : List.<int[]>of()) {
                String w = text.substring(i[0], i[1]);
                // After a day or shift a surname and a dictionary word are a name too (周四连城): the roster
                // says person; after another label only a name that is no word.
                boolean word = commonWord(w) && !(i[2] == 1 && plausibleWide(w) && !timeOrNumber(w));
                if (!spans.overlaps(i[0], i[1]) && !functionWord(w) && !word
                        && UNIT_END.indexOf(w.charAt(w.length() - 1)) < 0
                        && (plausibleWide(w) && (givenChars(w) || i[2] == 1) || foreignWord(w)
                        || w.length() == 3 && surnameUses(w.charAt(0)) >= 10 && givenChar(w.charAt(1))
                        && givenChar(w.charAt(2)))) {
                    spans.add(i[0], i[1]);
                }
            }
            lineStart = lineEnd + 1;
        }
    }

    private static final List<String> TITLES = List.of("经理", "总监", "主任", "老师", "律师", "医生", "工程师", "处长",
            "科长", "行长", "部长", "所长", "厂长", "院长", "书记", "董事长", "总经理", "先生", "女士", "小姐", "博士", "教授");

    /**
     * HanLP sometimes takes the particle after a name into it (黎明和), or a title (刘经理): drop a
     * trailing stop character, and a title (the surname before it stays a name).
     */
    private static String trim(String word) {
        for (String t : TITLES) {
            if (word.endsWith(t) && word.length() > t.length()) {
                return word.substring(0, word.length() - t.length());
            }
        }
        if (word.length() == 3 && STOP.indexOf(word.charAt(2)) >= 0
                && COMPOUND_SURNAMES.stream().noneMatch(word::startsWith)) {
            return word.substring(0, 2);
        }
        return word;
    }

    /** The length of a Chinese name starting at {@code s}, or 0. */
    private static int nameAt(String text, int s) {
        int n = text.length();
        for (String c : COMPOUND_SURNAMES) {
            if (text.startsWith(c, s)) {
                int len = 2;
                while (len < 4 && s + len < n && han(text.charAt(s + len)) && STOP.indexOf(text.charAt(s + len)) < 0) {
                    len++;
                }
                return len >= 3 ? len : 0;
            }
        }
        if (s >= n || SURNAMES.indexOf(text.charAt(s)) < 0 && !wideCued(text, s)) {
            return 0;
        }
        int len = 1;
        while (len < 3 && s + len < n && han(text.charAt(s + len)) && STOP.indexOf(text.charAt(s + len)) < 0) {
            len++;
        }
        if (len < 2) {
            return 0;
        }
        String w = text.substring(s, s + len);
        if (len == 3 && commonWord(w.substring(1))) {
            // 王工程: a surname and a two-character word is more likely a surname and a title.
            return commonWord(w) ? 0 : 3;
        }
        return commonWord(w) ? 0 : len;
    }

    /**
     * Whether a name of a rarer surname (of the Hundred Family Surnames) starts at {@code s}: the surname
     * and two likely given-name characters that are no word (储晓刚), or one before punctuation or the end (阎肃。),
     * so that a cue may take it.
     */
    private static boolean wideCued(String text, int s) {
        if (ALL_SURNAMES.indexOf(text.charAt(s)) < 0 || s + 2 > text.length()) {
            return false;
        }
        String two = text.substring(s, s + 2);
        if (!han(two.charAt(1)) || commonWord(two) || CoreDictionary.get(two) != null || STOP.indexOf(two.charAt(1)) >= 0) {
            return false;
        }
        if (s + 3 <= text.length()) {
            String w = text.substring(s, s + 3);
            boolean ends = boundaryAt(text, s + 3) || CUE_AFTER.matcher(text).region(s + 3, text.length()).lookingAt();
            if (ends && han(w.charAt(2)) && givenChars(w) && !commonWord(w)
                    && (!commonWord(w.substring(1)) || clearSurname(w.charAt(0)))
                    && !functionWord(w.substring(1)) && STOP.indexOf(w.charAt(2)) < 0) {
                return true;
            }
        }
        return givenChars(two) && !functionWord(two.substring(1)) && (s + 2 == text.length() || !han(text.charAt(s + 2)));
    }

    /** Whether HanLP's core dictionary knows {@code w} as an ordinary word (not a person's name). */
    private static boolean commonWord(String w) {
        CoreDictionary.Attribute a = CoreDictionary.get(w);
        if (a == null) {
            // HanLP's larger custom dictionary (房贷, 晶圆) knows many words the core one lacks.
            a = com.hankcs.hanlp.dictionary.CustomDictionary.get(w);
        }
        if (a == null) {
            return false;
        }
        for (var nature : a.nature) {
            if (nature.toString().startsWith("nr")) {
                return false;
            }
        }
        return true;
    }

    /** Items of a list or table row next to a name found: 2–4 Han characters that can be a name. */
    private static void lists(String text, Run spans, int first) {
        java.util.ArrayDeque<int[]> work = new java.util.ArrayDeque<>(spans.added().subList(first, spans.added().size()));
        while (!work.isEmpty()) {
            int[] sp = work.poll();
            int[] next = neighbour(text, spans, sp[1], true);
            if (next != null) {
                work.add(next);
            }
            int[] previous = neighbour(text, spans, sp[0], false);
            if (previous != null) {
                work.add(previous);
            }
        }
        // Table cells and CSV fields that hold only a name.
        int n = text.length();
        int cellStart = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || isCellSeparator(text.charAt(i))) {
                String cell = text.substring(cellStart, i).strip();
                int lead = text.substring(cellStart, i).indexOf(cell);
                int s = cellStart + Math.max(0, lead);
                boolean inTable = i < n || cellStart > 0;
                if (inTable && plausibleChineseName(cell) && !commonWord(cell) && !spans.overlaps(s, s + cell.length())) {
                    spans.add(s, s + cell.length());
                }
                cellStart = i + 1;
            }
        }
    }

    private static boolean isCellSeparator(char c) {
        return c == '|' || c == '\t' || c == ',' || c == '\n';
    }

    /** Separators of list items, and the arrows of approval chains (张三→李四→王五). */
    private static final String LIST_SEPARATORS = "、，,；;/|\t→➜➔⇒";

    private static int[] neighbour(String text, Run spans, int at, boolean forward) {
        int n = text.length();
        int i = at;
        if (forward) {
            int skipped = skipBracket(text, i, true);
            boolean bracketed = skipped != i;
            i = skipped;
            int sep = 0;
            while (i < n && (LIST_SEPARATORS.indexOf(text.charAt(i)) >= 0 || text.charAt(i) == ' '
                    || text.charAt(i) == '和' || text.charAt(i) == '与' || text.charAt(i) == '及') && sep < 3) {
                i++;
                sep++;
            }
            if (sep == 0) {
                return null;
            }
            int len = nameAt(text, i);
            char separator = text.charAt(i - 1) == ' ' && i >= 2 ? text.charAt(i - 2) : text.charAt(i - 1);
            if (len == 0 && "、；;，,→➜➔⇒".indexOf(separator) >= 0) {
                // A whole list item between separators may also be a dictionary word (雷霆, 仲夏).
                int e = i;
                while (e < n && han(text.charAt(e))) {
                    e++;
                }
                String item = text.substring(i, e);
                if ((plausibleWide(item) && givenChars(item) || foreignWord(item)
                        || item.length() >= 3 && japanese(item, 0) == item.length()) && !functionWord(item)
                        && UNIT_END.indexOf(item.charAt(item.length() - 1)) < 0
                        && (e == n || "、；;，,。.！!？?)）(（\n ".indexOf(text.charAt(e)) >= 0)) {
                    len = item.length();
                }
            }
            if (len == 0 && "和与及".indexOf(separator) >= 0) {
                len = joinedItem(text, i);
            }
            if (len == 0 || spans.overlaps(i, i + len)) {
                return null;
            }
            int end = i + len;
            if (bracketed && end < n && "（(、，,；;。\n".indexOf(text.charAt(end)) < 0) {
                // After a bracketed note only a whole list item is a name (not 苏州吴|中创业投资有限公司).
                return null;
            }
            if (end < n && han(text.charAt(end)) && STOP.indexOf(text.charAt(end)) < 0 && text.charAt(end) != '和'
                    && text.charAt(end) != '与' && text.charAt(end) != '夫') {
                return null;
            }
            spans.add(i, end);
            return new int[] { i, end };
        }
        int sep = 0;
        i = at - 1;
        while (i >= 0 && (LIST_SEPARATORS.indexOf(text.charAt(i)) >= 0 || text.charAt(i) == ' '
                || text.charAt(i) == '和' || text.charAt(i) == '与' || text.charAt(i) == '及') && sep < 3) {
            i--;
            sep++;
        }
        if (sep > 0 && i >= 0) {
            i = skipBracket(text, i + 1, false) - 1;
        }
        if (sep == 0 || i < 1) {
            return null;
        }
        for (int len = 3; len >= 2; len--) {
            int s = i + 1 - len;
            if (s < 0) {
                continue;
            }
            boolean boundary = s == 0 || !han(text.charAt(s - 1)) || spans.boundaries.contains(s)
                    || CUE_BEFORE.matcher(text.substring(Math.max(0, s - 6), s)).find();
            String w = text.substring(s, i + 1);
            if (boundary && plausibleChineseName(w) && !commonWord(w) && !spans.overlaps(s, i + 1)) {
                spans.add(s, i + 1);
                return new int[] { s, i + 1 };
            }
        }
        char separator = text.charAt(i + 1) == ' ' && i + 2 < n ? text.charAt(i + 2) : text.charAt(i + 1);
        if ("、；;，,→➜➔⇒".indexOf(separator) >= 0) {
            // As forward: a whole list item before a name may also be a dictionary word (安然、周涛).
            int b = i + 1;
            while (b > 0 && han(text.charAt(b - 1))) {
                b--;
            }
            String item = text.substring(b, i + 1);
            if (item.length() >= 2 && item.length() <= 4 && (b == 0 || "、；;，,：:→➜➔⇒\n ".indexOf(text.charAt(b - 1)) >= 0)
                    && (plausibleWide(item) && givenChars(item) || foreignWord(item)) && !functionWord(item)
                    && UNIT_END.indexOf(item.charAt(item.length() - 1)) < 0 && !spans.overlaps(b, i + 1)
                    && spans.add(b, i + 1)) {
                return new int[] { b, i + 1 };
            }
        }
        return null;
    }

    /**
     * Skips a short bracketed note beside a list item (郜雨晴（运营部）、侯佳宁（财务部）): forward, from
     * {@code i} at an opening bracket to after its closing one; backward, from {@code i} just after a closing
     * bracket to its opening one. Returns {@code i} unchanged when there is no such note of at most 12 characters.
     */
    private static int skipBracket(String text, int i, boolean forward) {
        if (forward) {
            if (i < text.length() && (text.charAt(i) == '（' || text.charAt(i) == '(')) {
                for (int j = i + 1; j < Math.min(text.length(), i + 14); j++) {
                    char c = text.charAt(j);
                    if (c == '）' || c == ')') {
                        return j + 1;
                    }
                    if (c == '\n' || c == '（' || c == '(') {
                        break;
                    }
                }
            }
            return i;
        }
        if (i > 0 && (text.charAt(i - 1) == '）' || text.charAt(i - 1) == ')')) {
            for (int j = i - 2; j >= Math.max(0, i - 14); j--) {
                char c = text.charAt(j);
                if (c == '（' || c == '(') {
                    return j;
                }
                if (c == '\n' || c == '）' || c == ')') {
                    break;
                }
            }
        }
        return i;
    }

    /**
     * The length of a name after 和/与/及 that follows a name (张伟和林立负责…): two or three characters of a
     * surname and likely given-name characters, no time, place or unit word, before a particle, a
     * predicate or punctuation; 0 when there is none. Such an item may be a dictionary word.
     */
    private static int joinedItem(String text, int i) {
        for (int len = 3; len >= 2; len--) {
            int e = i + len;
            if (e > text.length()) {
                continue;
            }
            String w = text.substring(i, e);
            if (!plausibleWide(w) || !givenChars(w) || functionWord(w) || UNIT_END.indexOf(w.charAt(len - 1)) >= 0
                    || len == 3 && commonWord(w.substring(1))) {
                continue;
            }
            if (e == text.length() || !han(text.charAt(e)) || STOP.indexOf(text.charAt(e)) >= 0
                    || STRONG_PREDICATE.matcher(text).region(e, text.length()).lookingAt()
                    || CUE_AFTER.matcher(text).region(e, text.length()).lookingAt()) {
                return len;
            }
        }
        return 0;
    }

    /** English names: a title, a label, or a common given name followed by a capitalised surname. */
    private static void english(String text, Run spans) {
        addGroup(EN_TITLE.matcher(text), spans);
        addGroup(EN_LABEL.matcher(text), spans);
        Matcher greeting = GREETING.matcher(text);
        while (greeting.find()) {
            String[] w = greeting.group(1).split("\\s");
            String l0 = w[0].toLowerCase(Locale.ROOT);
            boolean name = GIVEN.contains(l0) || w.length == 2 && (PINYIN_SURNAMES.contains(l0)
                    && givenName(w[1].toLowerCase(Locale.ROOT)) || GIVEN.contains(l0));
            if (name) {
                spans.add(greeting.start(1), greeting.end(1));
            }
        }
        List<int[]> words = words(text);
        for (int k = 0; k + 1 < words.size(); k++) {
            int[] a = words.get(k);
            int[] b = words.get(k + 1);
            String first = text.substring(a[0], a[1]);
            String last = text.substring(b[0], b[1]);
            if (!adjacent(text, a, b) || !capitalised(first) || !capitalised(last)
                    || !englishGiven(first) || followedByPlaceWord(text, words, k + 2)) {
                continue;
            }
            if (!spans.overlaps(a[0], b[1])) {
                spans.add(a[0], b[1]);
            }
        }
    }

    /** Whether {@code w} is a common English given name, or two joined by a hyphen (Anne-Marie, Jean-Luc). */
    private static boolean englishGiven(String w) {
        String l = w.toLowerCase(Locale.ROOT);
        if (GIVEN.contains(l)) {
            return true;
        }
        int h = l.indexOf('-');
        return h > 0 && GIVEN.contains(l.substring(0, h)) && (GIVEN.contains(l.substring(h + 1))
                || List.of("luc", "marie", "pierre", "paul", "louis", "claude", "jacques", "yves", "kate", "ann", "anne",
                        "jo", "beth", "lou", "sophie", "michel", "baptiste", "francois").contains(l.substring(h + 1)));
    }

    /**
     * Latin names written surname first with a comma ({@code Liu, Mei}; {@code Gonzalez, Maria}) as items of
     * a list: after a line start, a list number, a label's colon or a semicolon, and before a semicolon, a
     * dash, a bracket, a line end or the text's end. The surname must be a pinyin surname or the given name a
     * common English or pinyin one, so {@code Beijing, China} stays.
     */
    private static final Pattern INVERTED = Pattern.compile("(?m)(?:^|[;；:：]|\\d[.)）]|[(（]|[)）][ \\t]{0,2}[,，])[ \\t]{0,3}"
            + "((?:O['’]|Mc|Mac)?[A-Z][a-z]{1,20}(?:-[A-Z][a-z]{1,20})?|[A-Z]{2,20}),[ ]{0,2}"
            + "([A-Z][a-z]{1,20}(?:-[A-Za-z][a-z]{1,20})?)(?=[ \\t]{0,3}(?:$|[;；(（\\-–—,，]))");

    private void invertedNames(String text, Run spans) {
        Matcher m = INVERTED.matcher(text);
        while (m.find()) {
            String surname = m.group(1).toLowerCase(Locale.ROOT);
            String given = m.group(2).toLowerCase(Locale.ROOT);
            if (FUNCTION.contains(surname) || surname.matches("thanks|regards|best|dear|hi|hello|yes|ok|sorry|note|re|fw")) {
                continue;
            }
            boolean pinyinSurname = PINYIN_SURNAMES.contains(surname) && givenName(given.replace("-", ""))
                    // Park, Soo-jin; Chen, Chih-hao: a romanised surname and a hyphenated given name.
                    || romanSurname(surname) && hyphenatedGiven(m.group(2));
            boolean english = englishGiven(m.group(2)) && !PINYIN_SURNAMES.contains(given)
                    && !NOT_AFTER.contains(surname);
            if ((pinyinSurname || english) && !spans.overlaps(m.start(1), m.end(2))) {
                spans.add(m.start(1), m.end(2));
            }
        }
    }

    /** Pinyin names: a surname and a given name of one or two syllables, in either order, any consistent case. */
    private void pinyinNames(String text, Run spans) {
        List<int[]> words = words(text);
        for (int k = 0; k + 1 < words.size(); k++) {
            int[] a = words.get(k);
            int[] b = words.get(k + 1);
            if (!adjacent(text, a, b) || spans.overlaps(a[0], b[1])) {
                continue;
            }
            String x = text.substring(a[0], a[1]);
            String y = text.substring(b[0], b[1]);
            if (!nameCase(x) || !nameCase(y)) {
                continue;
            }
            boolean lower = x.equals(x.toLowerCase(Locale.ROOT)) && y.equals(y.toLowerCase(Locale.ROOT));
            String lx = x.toLowerCase(Locale.ROOT);
            String ly = y.toLowerCase(Locale.ROOT);
            boolean surnameFirst = PINYIN_SURNAMES.contains(lx) && givenName(ly);
            boolean surnameLast = PINYIN_SURNAMES.contains(ly) && givenName(lx);
            if (!surnameFirst && !surnameLast) {
                continue;
            }
            boolean chinese = a[0] > 0 && !asciiAlnum(text.charAt(a[0] - 1)) && text.charAt(a[0] - 1) > 127
                    || b[1] < text.length() && text.charAt(b[1]) > 127;
            boolean listed = listItem(text, a[0], b[1]);
            if (lower && !chinese && !listed && (ENGLISH.contains(lx) || ENGLISH.contains(ly))) {
                continue;
            }
            boolean upperSurname = x.length() > 1 && x.equals(x.toUpperCase(Locale.ROOT)) && capitalised(y)
                    && PINYIN_SURNAMES.contains(lx) || y.length() > 1 && y.equals(y.toUpperCase(Locale.ROOT))
                    && capitalised(x) && PINYIN_SURNAMES.contains(ly);
            if (!lower && !listed && !upperSurname && (FUNCTION.contains(lx) || FUNCTION.contains(ly))) {
                continue;
            }
            if (followedByPlaceWord(text, words, k + 2) || k > 0 && adjacent(text, words.get(k - 1), a)
                    && capitalised(text.substring(words.get(k - 1)[0], words.get(k - 1)[1]))
                    && !GIVEN.contains(text.substring(words.get(k - 1)[0], words.get(k - 1)[1]).toLowerCase(Locale.ROOT))
                    && !titleOrLabel(text, words.get(k - 1))) {
                continue;
            }
            spans.add(a[0], b[1]);
        }
    }

    /** Hong Kong (Cantonese) and Taiwanese (Wade-Giles) surnames, lower case (resource {@code names/romanised-names.txt}). */
    private static final Set<String> ROMAN_SURNAMES = romanised("surnames:");
    /** Given-name syllables of those spellings, lower case. */
    private static final Set<String> ROMAN_GIVEN = romanised("given:");
    /** Korean surnames and given-name syllables in Latin letters, lower case (same resource). */
    private static final Set<String> KOREAN_SURNAMES = romanised("korean-surnames:");
    private static final Set<String> KOREAN_GIVEN = romanised("korean-given:");
    /** Vietnamese family names that are seldom English words, and common Vietnamese middle names (same resource). */
    private static final Set<String> VIETNAMESE_SURNAMES = romanised("vietnamese-surnames:");
    private static final Set<String> VIETNAMESE_MIDDLE = romanised("vietnamese-middle:");

    private static Set<String> romanised(String prefix) {
        Set<String> out = new HashSet<>();
        for (String line : resource("names/romanised-names.txt")) {
            if (line.startsWith(prefix)) {
                out.addAll(List.of(line.substring(prefix.length()).strip().split("\\s+")));
            }
        }
        return Set.copyOf(out);
    }

    /** A romanised given-name syllable: Cantonese, Wade-Giles or pinyin. */
    private static boolean romanSyllable(String w) {
        String l = w.toLowerCase(Locale.ROOT);
        return ROMAN_GIVEN.contains(l) || SYLLABLES.contains(l) || KOREAN_GIVEN.contains(l);
    }

    /** A romanised surname: pinyin, Cantonese, Wade-Giles or Korean (lower case). */
    private static boolean romanSurname(String l) {
        return ROMAN_SURNAMES.contains(l) || PINYIN_SURNAMES.contains(l) || KOREAN_SURNAMES.contains(l);
    }

    /** A hyphenated two-syllable given name, the second part in lower case: Chih-hao, Soo-jin, Min-ho. */
    private static boolean hyphenatedGiven(String y) {
        int h = y.indexOf('-');
        return h > 0 && h < y.length() - 1 && Character.isUpperCase(y.charAt(0))
                && y.substring(1, h).equals(y.substring(1, h).toLowerCase(Locale.ROOT))
                && romanSyllable(y.substring(0, h)) && romanSyllable(y.substring(h + 1))
                && y.substring(h + 1).equals(y.substring(h + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Hong Kong and Taiwanese romanised names, surname first: {@code Chan Tai Man}, {@code CHAN Siu Ling}
     * (a surname and two capitalised given syllables) and {@code Lin Chih-hao}, {@code Hsu Ya-wen} (a surname
     * and a hyphenated given name), where the surname is a Cantonese, Wade-Giles or pinyin one and the given
     * syllables are romanised syllables ({@code names/romanised-names.txt}). A place or organisation word after
     * the name ({@code Wong Tai Sin Temple}) or a capitalised word before it that is no title keeps it.
     */
    private void romanisedNames(String text, Run spans) {
        List<int[]> words = words(text);
        for (int k = 0; k + 1 < words.size(); k++) {
            int[] a = words.get(k);
            int[] b = words.get(k + 1);
            String x = text.substring(a[0], a[1]);
            String lx = x.toLowerCase(Locale.ROOT);
            boolean surname = romanSurname(lx);
            boolean shape = capitalised(x) || x.length() > 1 && x.equals(x.toUpperCase(Locale.ROOT));
            if (!surname || !shape || !adjacent(text, a, b) || FUNCTION.contains(lx) && capitalised(x)) {
                continue;
            }
            if (k > 0 && adjacent(text, words.get(k - 1), a)
                    && capitalised(text.substring(words.get(k - 1)[0], words.get(k - 1)[1]))
                    && !titleOrLabel(text, words.get(k - 1))
                    && !GIVEN.contains(text.substring(words.get(k - 1)[0], words.get(k - 1)[1]).toLowerCase(Locale.ROOT))) {
                continue;
            }
            String y = text.substring(b[0], b[1]);
            int end = -1;
            int next = k + 2;
            int h = y.indexOf('-');
            if (hyphenatedGiven(y)) {
                end = b[1];
            } else if (k + 2 < words.size() && adjacent(text, b, words.get(k + 2))) {
                String z = text.substring(words.get(k + 2)[0], words.get(k + 2)[1]);
                if (capitalised(y) && capitalised(z) && romanSyllable(y) && romanSyllable(z)
                        && (ROMAN_GIVEN.contains(y.toLowerCase(Locale.ROOT)) || ROMAN_GIVEN.contains(z.toLowerCase(Locale.ROOT))
                        || ROMAN_SURNAMES.contains(lx))) {
                    end = words.get(k + 2)[1];
                    next = k + 3;
                }
            }
            if (end < 0 || followedByPlaceWord(text, words, next) || spans.overlaps(a[0], end)) {
                continue;
            }
            spans.add(a[0], end);
        }
        // 我係Kelvin Yip，: a Western given name and a romanised surname glued to Chinese text on either side,
        // where an English given-name list cannot know every given name (not Hong Kong: Hong is a syllable);
        // a Cantonese or Wade-Giles surname, or a pinyin one of four letters or more (not Power Bi).
        for (int k = 0; k + 1 < words.size(); k++) {
            int[] a = words.get(k);
            int[] b = words.get(k + 1);
            String x = text.substring(a[0], a[1]);
            String y = text.substring(b[0], b[1]);
            boolean glued = a[0] > 0 && han(text.charAt(a[0] - 1)) || b[1] < text.length() && han(text.charAt(b[1]));
            if (glued && adjacent(text, a, b) && x.length() >= 3 && capitalised(x) && capitalised(y)
                    && x.chars().allMatch(Character::isLetter) && (ROMAN_SURNAMES.contains(y.toLowerCase(Locale.ROOT))
                    || y.length() >= 4 && romanSurname(y.toLowerCase(Locale.ROOT)))
                    && !romanSyllable(x) && !romanSurname(x.toLowerCase(Locale.ROOT))
                    && !FUNCTION.contains(x.toLowerCase(Locale.ROOT)) && !ENGLISH.contains(x.toLowerCase(Locale.ROOT))
                    && !NOT_AFTER.contains(y.toLowerCase(Locale.ROOT)) && !spans.overlaps(a[0], b[1])) {
                spans.add(a[0], b[1]);
            }
        }
        // Vietnamese names, family name first: Nguyen Van An, Tran Thi Mai, Pham Hung.
        for (int k = 0; k + 1 < words.size(); k++) {
            int[] a = words.get(k);
            int[] b = words.get(k + 1);
            String x = text.substring(a[0], a[1]);
            String y = text.substring(b[0], b[1]);
            if (!capitalised(x) || !capitalised(y) || !adjacent(text, a, b)
                    || !VIETNAMESE_SURNAMES.contains(x.toLowerCase(Locale.ROOT))) {
                continue;
            }
            int end = b[1];
            int next = k + 2;
            if (VIETNAMESE_MIDDLE.contains(y.toLowerCase(Locale.ROOT)) && k + 2 < words.size()
                    && adjacent(text, b, words.get(k + 2))
                    && capitalised(text.substring(words.get(k + 2)[0], words.get(k + 2)[1]))) {
                end = words.get(k + 2)[1];
                next = k + 3;
            }
            if (!followedByPlaceWord(text, words, next) && !spans.overlaps(a[0], end)) {
                spans.add(a[0], end);
            }
        }
        // Given name first: Soo-jin Park, Chih-hao Lin.
        for (int k = 0; k + 1 < words.size(); k++) {
            int[] a = words.get(k);
            int[] b = words.get(k + 1);
            String y = text.substring(b[0], b[1]);
            if (adjacent(text, a, b) && hyphenatedGiven(text.substring(a[0], a[1])) && capitalised(y)
                    && romanSurname(y.toLowerCase(Locale.ROOT)) && !followedByPlaceWord(text, words, k + 2)
                    && !spans.overlaps(a[0], b[1])) {
                spans.add(a[0], b[1]);
            }
        }
    }

    /** Whether {@code [s, e)} is a whole item of a list: a label's colon or a separator before, a separator or line end after. */
    private static boolean listItem(String text, int s, int e) {
        int i = s - 1;
        while (i >= 0 && text.charAt(i) == ' ') {
            i--;
        }
        int j = e;
        while (j < text.length() && text.charAt(j) == ' ') {
            j++;
        }
        return i >= 0 && ":：,，;；、".indexOf(text.charAt(i)) >= 0
                && (j >= text.length() || ",，;；、.。\n".indexOf(text.charAt(j)) >= 0);
    }

    private static boolean titleOrLabel(String text, int[] word) {
        String w = text.substring(word[0], word[1]);
        return w.matches("Mr|Mrs|Ms|Dr|Prof|Miss|Dear|Hi|Hello|Hey|Per|From|To|Cc|Attn|Thanks|Regards|Present")
                || word[1] < text.length() && text.charAt(word[1]) == ':';
    }

    /** Capitalised (Li), upper case (ZHANG) or lower case (wei). */
    private static boolean nameCase(String w) {
        return capitalised(w) || w.equals(w.toUpperCase(Locale.ROOT)) && w.length() > 1
                || w.equals(w.toLowerCase(Locale.ROOT));
    }

    private static final Pattern SURNAME_SHAPE = Pattern.compile("(?:O['’]|Mc|Mac|D['’])[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
            + "|[A-Z][a-z]+-[A-Z][a-z]+");

    private static boolean capitalised(String w) {
        return Character.isUpperCase(w.charAt(0)) && (w.length() == 1 || w.substring(1).equals(w.substring(1)
                .toLowerCase(Locale.ROOT))) || SURNAME_SHAPE.matcher(w).matches();
    }

    /** One or two pinyin syllables (Na, Xiaoming). */
    static boolean givenName(String w) {
        int hyphen = w.indexOf('-');
        if (hyphen > 0) {
            // Mei-Ling, Xiao-Ming: a two-syllable given name written with a hyphen.
            return SYLLABLES.contains(w.substring(0, hyphen)) && SYLLABLES.contains(w.substring(hyphen + 1));
        }
        if (SYLLABLES.contains(w)) {
            return true;
        }
        for (int i = 1; i < w.length(); i++) {
            if (SYLLABLES.contains(w.substring(0, i)) && SYLLABLES.contains(w.substring(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean followedByPlaceWord(String text, List<int[]> words, int k) {
        return k < words.size() && adjacent(text, words.get(k - 1), words.get(k)) && NOT_AFTER.contains(text.substring(words.get(k)[0], words.get(k)[1])
                .toLowerCase(Locale.ROOT));
    }

    private static List<int[]> words(String text) {
        List<int[]> out = new ArrayList<>();
        Matcher m = ASCII_WORD.matcher(text);
        while (m.find()) {
            boolean glued = m.start() > 0 && asciiAlnum(text.charAt(m.start() - 1))
                    || m.end() < text.length() && asciiAlnum(text.charAt(m.end()));
            if (!glued) {
                out.add(new int[] { m.start(), m.end() });
            }
        }
        return out;
    }

    private static boolean asciiAlnum(char c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }

    /** Two words separated by a single space. */
    private static boolean adjacent(String text, int[] a, int[] b) {
        return b[0] == a[1] + 1 && text.charAt(a[1]) == ' ';
    }

    private static void addGroup(Matcher m, Run spans) {
        while (m.find()) {
            if (!spans.overlaps(m.start(1), m.end(1))) {
                spans.add(m.start(1), m.end(1));
            }
        }
    }


    /** The Hundred Family Surnames (single characters): a name with a cue, in a list or in a table may start with any. */
    static final String ALL_SURNAMES = SURNAMES + "褚卫尤吕云奚昌凤花酆廉皮元平萧湛禹狄贝计伏谈茅危梁支昝经裘干宣贲"
            + "郁杭洪诸嵇滑荀羊於惠家封芮羿储汲邴糜松井富乌弓牧隗山蓬郗班仰秋伊暴钭厉戎祖幸韶郜蓟薄印宿怀邰从鄂索咸"
            + "籍赖蔺屠阴胥能苍双闻莘贡劳逄扶堵宰郦雍却璩濮寿通扈燕冀郏浦别充慕茹习宦鱼容慎戈庾终暨居衡步都满弘匡国"
            + "禄阙东殳沃利蔚越夔隆厍晁勾融訾阚那空毋乜养鞠须丰巢蒯相后荆红竺权逯盖益桓阎傅"
            // The rest of the Hundred Family Surnames (less 广 and 公, mostly parts of words), and 朴 for Korean names.
            + "强钮宓束朴"
            // Surnames that HanLP's person-name role dictionary tags as a surname in at least half of five or more
            // uses, less characters that are common words alone (么, 台, 考, 阿 ...).
            + "丘亓亢仉仝仵侍冼庹恽旷栗楚漆眭睢矫粟綦翦菅虢衷谌蹇辜邸鄢";
    /** Compound surnames that are seldom anything else, so a name starting with one needs no cue. */
    private static final List<String> CLEAR_COMPOUND_SURNAMES = List.of("欧阳", "司马", "诸葛", "上官", "皇甫", "尉迟",
            "慕容", "令狐", "宇文", "夏侯", "端木", "独孤", "司徒", "轩辕", "公孙", "东郭", "呼延", "赫连", "澹台", "申屠",
            "万俟", "拓跋", "闾丘", "淳于", "鲜于", "公冶", "羊舌", "漆雕", "巫马", "颛孙", "壤驷");
    /** Words that end organisation names: a name candidate directly before one is part of a company's name. */
    private static final List<String> ORG_SUFFIXES = List.of("有限公司", "公司", "集团", "股份", "科技", "微电子", "电子",
            "半导体", "精密", "光电", "实业", "控股", "电器", "汽车", "材料", "装备", "物流", "置业", "建材", "贸易", "银行",
            "证券", "保险", "基金", "信托", "投资", "资本", "合作社", "事务所", "研究院", "研究所", "大学", "学院", "医院",
            "酒店", "药业", "制药", "化工", "能源", "软件", "网络", "通讯", "通信", "传媒", "食品", "农业", "机械", "重工",
            "钢铁", "纺织", "服装", "地产", "物业", "国际", "精科", "易购", "存储", "集成", "商贸", "电气", "新材",
            // Law firms, bank outlets and shops named after a place or a founder (金杜律师事务所, 和田网点).
            "律师事务所", "律所", "网点", "支行", "分行", "营业部", "营业厅", "门店", "专卖店", "旗舰店", "商行", "工作室",
            // Brands and shops named after a founder (杨国福麻辣烫, 孔乙己酒家, 陈李济药厂, 王守义十三香), and
            // residential places named after a family (何家湾小区, 龙华街道).
            "药厂", "酒家", "酒楼", "饭店", "餐厅", "面馆", "麻辣烫", "剪刀", "十三香", "小区", "街道", "社区");
    /** Provinces and large cities: a candidate right after one and glued to more characters is an organisation's name. */
    private static final List<String> PLACES = List.of("北京", "上海", "天津", "重庆", "深圳", "广州", "杭州", "南京", "苏州",
            "无锡", "合肥", "武汉", "成都", "西安", "厦门", "青岛", "宁波", "长沙", "郑州", "济南", "大连", "沈阳", "哈尔滨",
            "长春", "福州", "南昌", "昆明", "贵阳", "南宁", "海口", "太原", "石家庄", "兰州", "银川", "西宁", "乌鲁木齐",
            "江苏", "浙江", "广东", "山东", "河南", "河北", "湖南", "湖北", "四川", "福建", "安徽", "江西", "辽宁", "吉林",
            "黑龙江", "陕西", "山西", "云南", "贵州", "广西", "海南", "甘肃", "青海", "宁夏", "新疆", "内蒙古", "香港",
            "澳门", "台湾", "中国", "东莞", "佛山", "珠海", "常州", "南通", "绍兴", "嘉兴", "温州", "泉州", "烟台");
    /** Last characters of place and unit names (华东区, 质量部, 设备厂): such a word is not a person's name. */
    private static final String UNIT_END = "部区厂省市县镇村路街行司所院局处科组室站馆园场库楼层号线段班队系中心";
    /** Organisations that look like names (resource {@code names/organisations.txt}). */
    private static final List<String> ORGANISATIONS = resource("names/organisations.txt");
    /** Brands and places that begin with a surname (resource {@code names/brand-place-guards.txt}). */
    private static final List<String> GUARDS = resource("names/brand-place-guards.txt").stream()
            .flatMap(line -> java.util.Arrays.stream(line.split("\\s+"))).toList();
    private static final List<String> GUARDS_AND_PLACES = java.util.stream.Stream.concat(GUARDS.stream(),
            PLACES.stream()).toList();
    /** What follows a name at the start of a sentence when the name is also a dictionary word (夏天提交…). */
    private static final Pattern STRONG_PREDICATE = Pattern.compile("说|表示|负责|提交|反馈|确认|指出|认为|签字|介绍|"
            + "是我们|为本|为该|今天|明天|昨天|的(?:工牌|车|房|配偶|身份证|手机|电话|账户|护照)|在[^，。]{1,8}(?:工作|值班|上班|"
            + "开立|办理|任职)");
    /** What follows a name at the start of a sentence when the name is no dictionary word. */
    private static final Pattern WEAK_PREDICATE = Pattern.compile("已|在|也|还|将|于|和|与|、|，|,|向|把|对|给|让|被");
    /** A table header naming a column of people. */
    private static final Pattern NAME_HEADER = Pattern.compile("(?i)(?:姓名|名字|联系人|负责人|经办人|客户经理|经理|审批人|"
            + "复核人|申请人|借款人|保证人|担保人|法定代表人|法人|工程师|员工|人员|操作员|值班人?|签字人?|收件人|跟进人|"
            + "出席人|参会人|name|contact|owner|engineer|manager|person|staff|employee|attendee|borrower|guarantor|"
            + "reviewer|approver|assignee|officer|analyst|signatory)");

    private static List<String> resource(String name) {
        List<String> out = new ArrayList<>();
        try (InputStream in = NameFinder.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The studio bundle lacks its resource " + name);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    out.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }

    /**
     * Whether {@code c} is often a character of a given name, by HanLP's person-name role dictionary
     * (counts of the character as first, last or single given-name character against all its roles): 静
     * and 伟 are, 部 and 期 are not.
     */
    static boolean givenChar(char c) {
        int[] uses = givenUses(c);
        return uses[0] >= 3 && 2 * uses[0] >= uses[1];
    }

    /**
     * {@code {given, total}}: how often HanLP's person-name role dictionary has {@code c} as a first, last or
     * single given-name character, and how often in any role ({@code {0, 0}} when it does not list it).
     */
    private static int[] givenUses(char c) {
        EnumItem<NR> e = PersonDictionary.dictionary.get(String.valueOf(c));
        if (e == null) {
            return new int[2];
        }
        int given = 0;
        int total = 0;
        for (var entry : e.labelMap.entrySet()) {
            total += entry.getValue();
            if (entry.getKey() == NR.C || entry.getKey() == NR.D || entry.getKey() == NR.E) {
                given += entry.getValue();
            }
        }
        return new int[] { given, total };
    }

    /**
     * Whether {@code c} is a strong given-name character: in HanLP's person-name role dictionary at least
     * {@code min} uses as a first, last or single given-name character and at least half of all its uses
     * (晓, 雨, 轩 are; 天, 大, 明 are not), so that a surname and two of them make a likely name even
     * with no cue around it.
     */
    static boolean strongGivenChar(char c, int min) {
        int[] uses = givenUses(c);
        return uses[0] >= min && 10 * uses[0] >= 7 * uses[1];
    }

    /**
     * Three-character names with no cue around them (郜明轩明天去…, 请把回单交给戎晓梅): a surname of the
     * Hundred Family Surnames and two strong given-name characters ({@link #strongGivenChar}), starting
     * where the segmentation starts a word and ending at a boundary, a predicate or a cue, where neither
     * the three characters, their given part nor the surname with the next character is a dictionary word.
     */
    private static void likelyNames(String text, Run spans, Set<Integer> tokenStarts) {
        int n = text.length();
        for (int s = 0; s + 3 <= n; s++) {
            if (ALL_SURNAMES.indexOf(text.charAt(s)) < 0 || !(s == 0 || !han(text.charAt(s - 1))
                    || tokenStarts.contains(s)) || spans.overlaps(s, s + 3)) {
                continue;
            }
            String w = text.substring(s, s + 3);
            if (STOP.indexOf(w.charAt(0)) >= 0 && s > 0 && han(text.charAt(s - 1))) {
                continue; // 抛光|后晶圆: a particle or preposition that is also a surname, inside a sentence
            }
            if (s > 0 && han(text.charAt(s - 1)) && CoreDictionary.get(text.substring(s - 1, s + 1)) != null) {
                continue; // 醉翁|亭记: the surname ends a word before it
            }
            if (s > 0 && han(text.charAt(s - 1)) && STOP.indexOf(text.charAt(s - 1)) < 0 && tokenStarts.contains(s - 1)) {
                continue; // 醉|翁|亭|记: after a lone character that is no particle the three are more likely a word
            }
            if (!han(w.charAt(1)) || !han(w.charAt(2)) || "一二三四五六七八九十百千万亿两零".indexOf(w.charAt(1)) >= 0
                    || transliterated(w) || !strongGivenChar(w.charAt(1), 30)
                    || !strongGivenChar(w.charAt(2), 30) || CoreDictionary.get(w) != null || commonWord(w)
                    || commonWord(w.substring(0, 2)) || CoreDictionary.get(w.substring(1)) != null
                    || commonWord(w.substring(1)) || functionWord(w.substring(0, 2))) {
                continue;
            }
            int e = s + 3;
            boolean ends = boundaryAt(text, e) || CUE_AFTER.matcher(text).region(e, n).lookingAt()
                    || STRONG_PREDICATE.matcher(text).region(e, n).lookingAt()
                    || WEAK_PREDICATE.matcher(text).region(e, n).lookingAt()
                    || e + 2 <= n && timeOrNumber(text.substring(e, e + 2));
            if (!ends || e + 1 < n && han(text.charAt(e)) && CoreDictionary.get(text.substring(e - 1, e + 1)) != null
                    && !(e + 2 <= n && timeOrNumber(text.substring(e, e + 2)))) {
                continue;
            }
            spans.add(s, e);
        }
    }

    /**
     * Whether {@code c} is a surname and seldom anything else: HanLP's person-name role dictionary counts it
     * as a surname in at least 9 of 10 of five or more uses (郗, 訾, 郜, 谌), so that a name after a cue may
     * have a given part that is a word (訾建设, 郗文静).
     */
    static boolean clearSurname(char c) {
        EnumItem<NR> e = PersonDictionary.dictionary.get(String.valueOf(c));
        if (e == null || ALL_SURNAMES.indexOf(c) < 0) {
            return false;
        }
        int surname = e.labelMap.getOrDefault(NR.B, 0);
        int total = 0;
        for (int v : e.labelMap.values()) {
            total += v;
        }
        return surname >= 5 && 10 * surname >= 9 * total;
    }

    /** Whether a name may end at {@code i}: {@link #boundaryAt}, or a cue or predicate follows. */
    private static boolean endsName(String text, int i) {
        return boundaryAt(text, i) || CUE_AFTER.matcher(text).region(i, text.length()).lookingAt()
                || STRONG_PREDICATE.matcher(text).region(i, text.length()).lookingAt()
                || WEAK_PREDICATE.matcher(text).region(i, text.length()).lookingAt();
    }

    /** Whether the characters of {@code word} after its surname are all likely given-name characters. */
    private static boolean givenChars(String word) {
        int from = COMPOUND_SURNAMES.stream().anyMatch(word::startsWith) ? 2 : 1;
        for (int i = from; i < word.length(); i++) {
            if (!givenChar(word.charAt(i))) {
                return false;
            }
        }
        return from < word.length();
    }

    /** {@link #plausibleChineseName} over all surnames of the Hundred Family Surnames. */
    static boolean plausibleWide(String word) {
        if (word.length() < 2 || word.length() > 4 || !word.chars().allMatch(NameFinder::han)) {
            return false;
        }
        if (COMPOUND_SURNAMES.stream().anyMatch(word::startsWith)) {
            return word.length() >= 3;
        }
        return word.length() <= 3 && ALL_SURNAMES.indexOf(word.charAt(0)) >= 0;
    }

    /** A dictionary word of time, number, direction or pronoun (周三, 明天): never a name. */
    private static boolean functionWord(String w) {
        CoreDictionary.Attribute a = CoreDictionary.get(w);
        if (a == null) {
            return false;
        }
        for (var nature : a.nature) {
            String n = nature.toString();
            if (n.startsWith("t") || n.startsWith("m") || n.startsWith("f") || n.startsWith("r") || n.startsWith("ns")
                    || n.startsWith("nt") || n.startsWith("q") || n.startsWith("p") || n.startsWith("c")
                    || n.startsWith("d") || n.startsWith("u")) {
                return true;
            }
        }
        return false;
    }

    /** A dictionary word of time or number (周三, 三月): a surname before it is a preposition or part of a date. */
    private static boolean timeOrNumber(String w) {
        CoreDictionary.Attribute a = CoreDictionary.get(w);
        if (a == null) {
            return false;
        }
        for (var nature : a.nature) {
            String n = nature.toString();
            if (n.startsWith("t") || n.startsWith("m") || n.startsWith("q")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a name may end before {@code i}: the text ends, or a character that is no Han or a stop word follows. */
    private static boolean boundaryAt(String text, int i) {
        return i >= text.length() || !han(text.charAt(i)) || STOP.indexOf(text.charAt(i)) >= 0;
    }

    /**
     * HanLP ends some three-character names after two (易建|联): take the next character too when it is a
     * likely given-name character and the name then ends at a boundary.
     */
    private static String extend(String text, int at, String word) {
        int maxLen = COMPOUND_SURNAMES.stream().anyMatch(word::startsWith) ? 4 : 3;
        int e = at + word.length();
        if (word.length() == maxLen - 1 && word.length() >= 2 && e < text.length() && han(text.charAt(e))
                && STOP.indexOf(text.charAt(e)) < 0 && givenChar(text.charAt(e))
                && (e + 1 >= text.length() || !han(text.charAt(e + 1))
                        // 欧阳思|琪妈妈, 邝美|玲辩称: a cue after the third character ends the name there too.
                        || CUE_AFTER.matcher(text).region(e + 1, text.length()).lookingAt()
                        && CoreDictionary.get(text.substring(e, e + 2)) == null)) {
            return text.substring(at, e + 1);
        }
        return word;
    }

    /**
     * A name after a cue that is also a dictionary word (经理方圆已审批, 收件人：廉洁): taken when the word
     * ends at a boundary and its given-name characters are likely ones; 0 when there is none.
     */
    private static int cuedWordName(String text, int s, Run spans) {
        for (int len = 4; len >= 2; len--) {
            if (s + len > text.length()) {
                continue;
            }
            String w = text.substring(s, s + len);
            if (plausibleWide(w) && boundaryAt(text, s + len) && givenChars(w) && !functionWord(w)
                    && !functionWord(w.substring(1)) && !spans.overlaps(s, s + len)) {
                return len;
            }
        }
        return 0;
    }

    /**
     * How often HanLP's person-name role dictionary has {@code c} as a surname: the likelihood that a character
     * starts a name, for surnames outside the lists (练, 帅, 靖).
     */
    private static int surnameUses(char c) {
        EnumItem<NR> e = PersonDictionary.dictionary.get(String.valueOf(c));
        return e == null ? 0 : e.labelMap.getOrDefault(NR.B, 0);
    }

    /**
     * A name right after a role (债务人幸国安承认…, 复核人：练伟东, 主办客户经理冀晓丽陈述): a character that
     * HanLP's person-name role dictionary has as a surname at least ten times (or one of the Hundred Family
     * Surnames) and two likely given-name characters, the three no dictionary word and their given part no
     * function word, ending at a boundary, a cue or predicate, or where the next two characters make a word
     * and the name's last character does not start one with the next; 0 when there is none.
     */
    private static int roleName(String text, int s, Run spans, boolean colon) {
        int n = text.length();
        if (colon && s + 2 <= n && (s + 2 == n || ",，;；、。.\n\t 　)）(（".indexOf(text.charAt(s + 2)) >= 0)) {
            // 会签：靖宇；: a field of its own holding a surname and one likely given-name character.
            String w = text.substring(s, s + 2);
            char c = w.charAt(0);
            return w.chars().allMatch(NameFinder::han) && STOP.indexOf(c) < 0 && STOP.indexOf(w.charAt(1)) < 0
                    && (ALL_SURNAMES.indexOf(c) >= 0 || surnameUses(c) >= 10) && givenChar(w.charAt(1))
                    && CoreDictionary.get(w) == null && !commonWord(w) && !spans.overlaps(s, s + 2) ? 2 : 0;
        }
        if (s + 3 > n || spans.overlaps(s, s + 3)) {
            return 0;
        }
        String w = text.substring(s, s + 3);
        char c = w.charAt(0);
        if (!w.chars().allMatch(NameFinder::han) || STOP.indexOf(c) >= 0 || STOP.indexOf(w.charAt(1)) >= 0
                || STOP.indexOf(w.charAt(2)) >= 0 || ALL_SURNAMES.indexOf(c) < 0 && surnameUses(c) < 10
                || "一二三四五六七八九十百千万亿两零".indexOf(w.charAt(1)) >= 0 || !givenChar(w.charAt(1))
                || !givenChar(w.charAt(2)) || CoreDictionary.get(w) != null || commonWord(w)
                || commonWord(w.substring(0, 2)) || functionWord(w.substring(1))) {
            return 0;
        }
        int e = s + 3;
        boolean ends = endsName(text, e) || e + 2 <= n && text.substring(e, e + 2).chars().allMatch(NameFinder::han)
                && CoreDictionary.get(text.substring(e, e + 2)) != null && CoreDictionary.get(text.substring(e - 1, e + 1)) == null;
        return ends ? 3 : 0;
    }

    private static boolean functionNature(String n) {
        return n.startsWith("p") || n.startsWith("c") || n.startsWith("d") || n.startsWith("u") || n.startsWith("v")
                || n.startsWith("r") || n.startsWith("q") || n.startsWith("m") || n.startsWith("f") || n.startsWith("y")
                || n.startsWith("e") || n.startsWith("o") || n.startsWith("w");
    }

    /**
     * Names the segmentation split up (孟|庆丰, 郑|海涛, 孙|志|刚去): a common surname standing as a token
     * of its own (not a preposition or verb there) followed by one or two likely given-name characters,
     * the whole no dictionary word; three characters unless the third and the next make a word.
     */
    private static void splitSurnames(String text, Run spans, List<int[]> terms) {
        for (int k = 0; k < terms.size(); k++) {
            int[] t = terms.get(k);
            int s = t[0];
            if (t[1] - s != 1 || t[2] == 1 || SURNAMES.indexOf(text.charAt(s)) < 0 || spans.overlaps(s, s + 1)) {
                continue;
            }
            // What comes before: no Han, a word, a number or time (上周三|孙), or a particle that takes a person
            // (是|郑, 和|孟) — not another lone character (醉|翁|亭|记 is one name of a thing).
            int[] p = k > 0 ? terms.get(k - 1) : null;
            boolean opens = s == 0 || !han(text.charAt(s - 1)) || p == null || p[1] != s || p[1] - p[0] >= 2
                    || p[3] == 1 || "是和与跟同及给让被把向对由请在于将为叫找问".indexOf(text.charAt(s - 1)) >= 0;
            if (!opens) {
                continue;
            }
            for (int len = 3; len >= 2; len--) {
                int e = s + len;
                if (e > text.length()) {
                    continue;
                }
                String w = text.substring(s, e);
                if (!w.chars().allMatch(NameFinder::han) || !givenChars(w) || commonWord(w) || functionWord(w)
                        || STOP.indexOf(w.charAt(len - 1)) >= 0 || UNIT_END.indexOf(w.charAt(len - 1)) >= 0) {
                    continue;
                }
                // 路|支行: the last character starts a word with what follows.
                boolean glued = e < text.length() && han(text.charAt(e))
                        && commonWord(text.substring(e - 1, e + 1));
                if (glued) {
                    continue;
                }
                if (spans.add(s, e)) {
                    break;
                }
            }
        }
    }

    /** Names that start with a compound surname that is seldom a word (欧阳娜娜在…, 独孤求败已…), with no cue. */
    private static void compoundSurnames(String text, Run spans) {
        for (String c : CLEAR_COMPOUND_SURNAMES) {
            for (int s = text.indexOf(c); s >= 0; s = text.indexOf(c, s + 1)) {
                if (s > 0 && han(text.charAt(s - 1)) && !spans.boundaries.contains(s)) {
                    continue;
                }
                int g = s + 2;
                if (g + 2 <= text.length() && han(text.charAt(g)) && han(text.charAt(g + 1))
                        && CUE_AFTER.matcher(text).region(g + 2, text.length()).lookingAt()) {
                    spans.add(s, g + 2);
                } else if (g + 2 <= text.length() && han(text.charAt(g)) && han(text.charAt(g + 1))
                        && STOP.indexOf(text.charAt(g)) < 0 && STOP.indexOf(text.charAt(g + 1)) < 0
                        && boundaryAt(text, g + 2)) {
                    spans.add(s, g + 2);
                } else if (g + 1 <= text.length() && han(text.charAt(g)) && STOP.indexOf(text.charAt(g)) < 0
                        && boundaryAt(text, g + 1)) {
                    spans.add(s, g + 1);
                }
            }
        }
    }

    /** 小杨, 老郑: 小 or 老 and a surname that together are no dictionary word, at the start of a phrase. */
    private static void nicknames(String text, Run spans) {
        for (int i = 0; i + 1 < text.length(); i++) {
            char p = text.charAt(i);
            char c = text.charAt(i + 1);
            if ((p != '小' && p != '老') || SURNAMES.indexOf(c) < 0
                    || CoreDictionary.get(text.substring(i, i + 2)) != null) {
                continue;
            }
            boolean start = i == 0 || !han(text.charAt(i - 1)) || "由请和与让给叫找问把被跟同及向对".indexOf(text.charAt(i - 1)) >= 0;
            boolean alone = i + 2 >= text.length() || CoreDictionary.get(text.substring(i + 1, Math.min(text.length(), i + 3))) == null;
            if (start && alone) {
                spans.add(i + 1, i + 2);
            }
        }
    }

    /**
     * A name at the start of a sentence or line, followed by what people do (夏天提交…, 江海是我们的…): a
     * dictionary word only before a strong predicate, any other plausible name before a weak one too.
     */
    private static void sentenceStarts(String text, Run spans) {
        for (int s = 0; s < text.length(); s++) {
            if (s > 0 && "。！？；;\n：:，,!?（(—\t|、 ".indexOf(text.charAt(s - 1)) < 0) {
                continue;
            }
            for (int len = 3; len >= 2; len--) {
                int e = s + len;
                if (e > text.length()) {
                    continue;
                }
                String w = text.substring(s, e);
                if (!plausibleChineseName(w) || !givenChars(w) || functionWord(w) || spans.overlaps(s, e)
                        || UNIT_END.indexOf(w.charAt(len - 1)) >= 0) {
                    continue;
                }
                boolean word = CoreDictionary.get(w) != null;
                boolean strong = STRONG_PREDICATE.matcher(text).region(e, text.length()).lookingAt();
                boolean weak = WEAK_PREDICATE.matcher(text).region(e, text.length()).lookingAt();
                if ((strong || !word && weak) && (len == 2 || !word && !commonWord(w.substring(1)))) {
                    spans.add(s, e);
                    break;
                }
            }
        }
    }

    /**
     * A run of two to four Han characters standing alone between spaces, punctuation or line ends (a
     * list item, a signature, a cell) that can be a name, is no dictionary word and no unit or place.
     */
    private static void isolated(String text, Run spans) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!han(text.charAt(i))) {
                i++;
                continue;
            }
            int s = i;
            while (i < n && han(text.charAt(i))) {
                i++;
            }
            String w = text.substring(s, i);
            if (plausibleWide(w) && (!commonWord(w) || signOff(text, s)) && !functionWord(w) && givenChars(w)
                    && UNIT_END.indexOf(w.charAt(w.length() - 1)) < 0 && standsAlone(text, s, i)) {
                spans.add(s, i);
            }
        }
    }

    /** The closing of a letter or message, before its signature. */
    private static final Pattern CLOSING = Pattern.compile("此致|敬礼|顺颂(?:商祺|时祺)?|商祺|祝好|顺祝|谢谢|"
            + "(?i:best regards|kind regards|regards|sincerely|thanks|cheers)");

    /**
     * Whether {@code s} is in the signature after a closing (此致\n敬礼！\n技术部 蓝天): on the first or second
     * line after one, where a stand-alone word with likely given-name characters is a signer's name.
     */
    private static boolean signOff(String text, int s) {
        int lineStart = text.lastIndexOf('\n', s - 1);
        if (lineStart < 0) {
            return false;
        }
        int previous = text.lastIndexOf('\n', lineStart - 1);
        int before = previous < 0 ? 0 : text.lastIndexOf('\n', previous - 1) + 1;
        String lines = text.substring(Math.max(0, before), lineStart);
        Matcher m = CLOSING.matcher(lines);
        boolean closing = false;
        while (m.find()) {
            closing = true;
        }
        return closing;
    }

    private static boolean standsAlone(String text, int s, int e) {
        String open = " \t\n|,，、;；:：(（[【\"“'-—*•·.";
        String close = " \t\n|,，、;；:：)）]】\"”'-—*•·.。!！?？";
        return (s == 0 || open.indexOf(text.charAt(s - 1)) >= 0) && (e == text.length() || close.indexOf(text.charAt(e)) >= 0);
    }

    /** A cell of a table row: its text's bounds in the record. */
    private record Cell(int start, int end) {
    }

    /** The cells of a line that is a table row (Markdown pipes, tabs, or commas), or null. */
    private static List<Cell> cells(String text, int from, int to) {
        String line = text.substring(from, to);
        char sep;
        if (line.chars().filter(c -> c == '|').count() >= 2) {
            sep = '|';
        } else if (line.indexOf('\t') >= 0) {
            sep = '\t';
        } else if (line.indexOf(',') >= 0 && line.indexOf('，') < 0 && line.indexOf('。') < 0 && line.indexOf(". ") < 0) {
            sep = ',';
        } else {
            return null;
        }
        List<Cell> out = new ArrayList<>();
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || text.charAt(i) == sep) {
                int a = start;
                int b = i;
                while (a < b && Character.isWhitespace(text.charAt(a))) {
                    a++;
                }
                while (b > a && Character.isWhitespace(text.charAt(b - 1))) {
                    b--;
                }
                if (!(sep == '|' && a == b && (start == from || i == to))) {
                    out.add(new Cell(a, b));
                }
                start = i + 1;
            }
        }
        return out;
    }

    /**
     * Table columns of people: every plausible cell of a column whose header names people (姓名, 联系人,
     * Name) or in which two or more other cells are names already found.
     */
    private static void tableColumns(String text, Run spans) {
        List<List<Cell>> rows = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                List<Cell> row = cells(text, from, i);
                boolean rule = row != null && row.stream().allMatch(c -> text.substring(c.start(), c.end()).matches("[-:| ]*"));
                if (row != null && !rule) {
                    if (!rows.isEmpty() && rows.get(0).size() != row.size()) {
                        column(text, spans, rows);
                        rows.clear();
                    }
                    rows.add(row);
                } else if (row == null) {
                    column(text, spans, rows);
                    rows.clear();
                }
                from = i + 1;
            }
        }
        column(text, spans, rows);
    }

    private static void column(String text, Run spans, List<List<Cell>> rows) {
        if (rows.size() < 2) {
            return;
        }
        for (int c = 0; c < rows.get(0).size(); c++) {
            Cell head = rows.get(0).get(c);
            String header = text.substring(head.start(), head.end());
            boolean people = header.length() <= 12 && NAME_HEADER.matcher(header).find()
                    && !header.contains("名称") && !header.matches("(?i).*(?:company|bank|dept|department).*");
            int found = 0;
            for (int r = 1; r < rows.size(); r++) {
                Cell cell = rows.get(r).get(c);
                if (cell.end() > cell.start() && spans.overlaps(cell.start(), cell.end())) {
                    found++;
                }
            }
            if (!people && found < 2) {
                continue;
            }
            for (int r = 1; r < rows.size(); r++) {
                Cell cell = rows.get(r).get(c);
                String v = text.substring(cell.start(), cell.end());
                if (cellName(v) && !spans.overlaps(cell.start(), cell.end())) {
                    spans.add(cell.start(), cell.end());
                }
            }
        }
    }

    /** A table cell that can hold a person's name: Chinese with a surname, or two or three Latin words. */
    private static boolean cellName(String v) {
        if (v.length() >= 2 && v.chars().allMatch(NameFinder::han) && minorityName(v, 1)) {
            return true; // | 3 | 李明 | 次仁 |: a Tibetan or Uyghur given name alone in a column of names
        }
        if (plausibleWide(v)) {
            return !functionWord(v) && UNIT_END.indexOf(v.charAt(v.length() - 1)) < 0;
        }
        return v.matches("[A-Z][A-Za-z'’-]{1,20}(?: [A-Za-z][A-Za-z'’-]{1,20}){1,2}|[a-z]{2,10} [a-z]{2,10}")
                && v.chars().noneMatch(Character::isDigit);
    }

    /** Latin names in a list after a name found: {@code A, B and C}, {@code A; B}, {@code A -> B}, {@code A/B}. */
    private static final Pattern ASCII_SEPARATOR = Pattern.compile(",\\s{0,2}|\\s{1,2}and\\s{1,2}|\\s{0,2}[;/&]\\s{0,2}|"
            + "\\s{0,2}->\\s{0,2}|\\s{0,2}、\\s{0,2}|\\s{0,2}，\\s{0,2}|\\s{0,2}和\\s{0,2}|\\s{0,2}或\\s{0,2}");
    private static final Pattern ASCII_PAIR = Pattern.compile("([A-Za-z][A-Za-z'’-]{0,20}) ([A-Za-z][A-Za-z'’-]{0,20})");

    private void asciiLists(String text, Run spans, int first) {
        ArrayDeque<int[]> work = new ArrayDeque<>();
        for (int[] sp : spans.added().subList(first, spans.added().size())) {
            if (text.charAt(sp[0]) < 128) {
                work.add(sp);
            }
        }
        while (!work.isEmpty()) {
            int[] sp = work.poll();
            Matcher sep = ASCII_SEPARATOR.matcher(text).region(sp[1], text.length());
            if (!sep.lookingAt()) {
                continue;
            }
            Matcher pair = ASCII_PAIR.matcher(text).region(sep.end(), text.length());
            if (!pair.lookingAt() || pair.end() < text.length() && asciiAlnum(text.charAt(pair.end()))) {
                continue;
            }
            String x = pair.group(1);
            String y = pair.group(2);
            String lx = x.toLowerCase(Locale.ROOT);
            String ly = y.toLowerCase(Locale.ROOT);
            boolean pinyin = PINYIN_SURNAMES.contains(lx) && givenName(ly) || PINYIN_SURNAMES.contains(ly) && givenName(lx);
            boolean capitalisedPair = capitalised(x) && capitalised(y) && !NOT_AFTER.contains(ly);
            if ((pinyin && nameCase(x) && nameCase(y) || capitalisedPair) && spans.add(pair.start(), pair.end())) {
                work.add(new int[] { pair.start(), pair.end() });
            }
        }
    }

    /**
     * One call's view of the spans: every name goes through {@link #add}, which leaves out names inside
     * known organisations, before an organisation suffix (华力|微电子), glued between a place and more
     * characters (北京|华卓|精科), or whose given part is a time or number word (于|周三).
     */
    private static final class Run {
        final String text;
        final SpanSet spans;
        /** Starts and ends of the segmentation's tokens. */
        final Set<Integer> boundaries = new HashSet<>();
        private final List<int[]> organisations = new ArrayList<>();
        /** Occurrences of the brands and places of {@link #GUARDS}. */
        private final List<int[]> guards = new ArrayList<>();

        Run(String text, SpanSet spans) {
            this.text = text;
            this.spans = spans;
            String lower = text.toLowerCase(Locale.ROOT);
            for (String o : ORGANISATIONS) {
                boolean latin = o.charAt(0) < 128;
                String hay = latin ? lower : text;
                String needle = latin ? o.toLowerCase(Locale.ROOT) : o;
                for (int at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
                    int e = at + needle.length();
                    boolean whole = !latin || (at == 0 || !asciiAlnum(text.charAt(at - 1)))
                            && (e == text.length() || !asciiAlnum(text.charAt(e)));
                    if (whole) {
                        organisations.add(new int[] { at, e });
                    }
                }
            }
            for (String g : GUARDS) {
                for (int at = text.indexOf(g); at >= 0; at = text.indexOf(g, at + 1)) {
                    if (g.length() > 2 || placeHead(text, at + g.length()) || placeNeighbour(text, at, at + g.length())) {
                        guards.add(new int[] { at, at + g.length() });
                    }
                }
            }
        }

        boolean overlaps(int s, int e) {
            return spans.overlaps(s, e);
        }

        /**
         * Whether a two-character brand or place ending at {@code e} is used as one: followed by a unit
         * character or a common noun (高雄工厂, 金华火腿), not by a time word or a verb (金华昨天回来, where 金华
         * may be a person's name).
         */
        /** Whether a two-character brand or place is an item of a list beside another listed place (邓州、贾汪). */
        private static boolean placeNeighbour(String text, int s, int e) {
            for (String p : GUARDS_AND_PLACES) {
                if (e + 1 < text.length() && "、，,".indexOf(text.charAt(e)) >= 0 && text.startsWith(p, e + 1)
                        || s >= 1 + p.length() && "、，,".indexOf(text.charAt(s - 1)) >= 0
                        && text.startsWith(p, s - 1 - p.length())) {
                    return true;
                }
            }
            return false;
        }

        private static boolean placeHead(String text, int e) {
            if (e < text.length() && UNIT_END.indexOf(text.charAt(e)) >= 0) {
                return true;
            }
            if (e + 2 > text.length()) {
                return false;
            }
            CoreDictionary.Attribute a = CoreDictionary.get(text.substring(e, e + 2));
            return a != null && java.util.Arrays.stream(a.nature).map(Object::toString)
                    .anyMatch(n -> n.equals("n") || n.startsWith("ns") || n.startsWith("nt") || n.equals("nz"));
        }

        List<int[]> added() {
            return spans.added();
        }

        boolean add(int s, int e) {
            if (s >= e || spans.overlaps(s, e)) {
                return false;
            }
            for (int[] o : organisations) {
                if (o[0] < e && s < o[1]) {
                    return false;
                }
            }
            for (int[] g : guards) {
                if (g[0] <= s && e <= g[1]) {
                    return false; // 李锦|记, 莫干山: inside a brand or place that begins with a surname
                }
            }
            if (han(text.charAt(s)) && !person(s, e)) {
                return false;
            }
            if (!han(text.charAt(s)) && (organisationAfter(e)
                    || lastWordOrganisation(text.substring(text.lastIndexOf(' ', e - 1) + 1, e).toLowerCase(Locale.ROOT)))) {
                return false;
            }
            return spans.add(s, e);
        }

        private boolean person(int s, int e) {
            for (String suffix : ORG_SUFFIXES) {
                if (text.startsWith(suffix, e)) {
                    return false;
                }
            }
            if (e < text.length() && han(text.charAt(e)) && STOP.indexOf(text.charAt(e)) < 0) {
                for (String place : PLACES) {
                    if (s >= place.length() && text.startsWith(place, s - place.length())) {
                        return false;
                    }
                }
            }
            for (int k = 1; k <= 2 && e + k < text.length(); k++) {
                // 隆基绿|能科技股份有限公司: one or two more characters, then a company's legal form.
                String glue = text.substring(e, e + k);
                if (!glue.chars().allMatch(NameFinder::han) || glue.chars().anyMatch(c -> "的了在和与及或是说把被向从对给让请为由到去来回找跟往".indexOf(c) >= 0)) {
                    break;
                }
                if (text.startsWith("律师事务所", e + k) || text.startsWith("科技股份", e + k) || text.startsWith("股份有限", e + k) || text.startsWith("有限公司", e + k)
                        || text.startsWith("有限责任", e + k) || text.startsWith("集团有限", e + k)) {
                    return false;
                }
            }
            String w = text.substring(s, e);
            if (s > 0 && han(text.charAt(s - 1)) && (timeOrNumber(text.substring(s - 1, s + 1))
                    || text.charAt(s) == '周' && "上下本每这那该次".indexOf(text.charAt(s - 1)) >= 0)) {
                // 下周|来, 本周|三: the surname is the end of a time word.
                return false;
            }
            if (w.length() == 2 && "记庄村屯寨堡湾桥镇港".indexOf(w.charAt(1)) >= 0 && e < text.length()
                    && han(text.charAt(e)) && STOP.indexOf(text.charAt(e)) < 0
                    && !CUE_AFTER.matcher(text).region(e, text.length()).lookingAt()) {
                // 马记面馆, 何庄村委会: a shop or a village named after a family, not a person.
                return false;
            }
            if (w.length() == 2 && "向朝往".indexOf(w.charAt(0)) >= 0 && "东南西北".indexOf(w.charAt(1)) >= 0
                    && e < text.length() && han(text.charAt(e)) && STOP.indexOf(text.charAt(e)) < 0
                    && !CUE_AFTER.matcher(text).region(e, text.length()).lookingAt()) {
                // 车辆向东行驶, 向东路口: a direction, not 向东 the person.
                return false;
            }
            int from = COMPOUND_SURNAMES.stream().anyMatch(w::startsWith) ? 2 : 1;
            // 于|周三 is a date; 包|国庆 a name: a time word is a given name when both its characters are strong
            // given-name characters and the surname is no particle.
            return w.length() - from < 2 || !timeOrNumber(w.substring(from))
                    || from == 1 && STOP.indexOf(w.charAt(0)) < 0 && strongGivenChar(w.charAt(1), 30)
                    && strongGivenChar(w.charAt(2), 30);
        }

        /** The last word of a pair names an organisation or place (Grace Semiconductor), not a surname (Park, Hall). */
        private static boolean lastWordOrganisation(String w) {
            return NOT_AFTER.contains(w) && !Set.of("park", "hall", "lake", "river", "port", "bay", "town", "street",
                    "square", "mountain").contains(w);
        }

        /** A Latin name directly followed by a word of an organisation or place (Grace Semiconductor). */
        private boolean organisationAfter(int e) {
            Matcher m = ASCII_WORD.matcher(text).region(Math.min(e + 1, text.length()), text.length());
            return e < text.length() && text.charAt(e) == ' ' && m.lookingAt()
                    && NOT_AFTER.contains(m.group().toLowerCase(Locale.ROOT));
        }
    }

    // ---- Speakers, transliterated and minority names, Japanese names, one name's other mentions ----

    /** Characters of transliterated foreign names (resource {@code names/transliteration-chars.txt}). */
    private static final String TRANSLIT = String.join("", resource("names/transliteration-chars.txt"));
    /** Parts of Uyghur, Kazakh, Tibetan and Mongolian names (resource {@code names/minority-name-parts.txt}). */
    private static final Set<String> MINORITY_PARTS = Set.copyOf(resource("names/minority-name-parts.txt").stream()
            .flatMap(line -> java.util.Arrays.stream(line.split("\\s+"))).toList());
    /** Common Japanese family names (resource {@code names/japanese-surnames.txt}). */
    private static final List<String> JAPANESE_SURNAMES = resource("names/japanese-surnames.txt").stream()
            .flatMap(line -> java.util.Arrays.stream(line.split("\\s+"))).toList();
    /** A line of a chat log or transcript: an optional time stamp, then a speaker and a colon. */
    private static final Pattern SPEAKER = Pattern.compile("(?m)^[ \\t]*(\\[?(?:\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}[ T]{1,2})?"
            + "\\d{1,2}:\\d{2}(?::\\d{2})?\\]?[ \\t]*)?([\\u4e00-\\u9fa5·•・]{2,12})[ \\t]?[:：]");
    /** Speaker labels that are roles or headings, not people. */
    private static final Pattern SPEAKER_ROLE = Pattern.compile("我|你|他|她|我们|系统|客服|客户|坐席|群主|管理员|机器人|助手|"
            + "主持|答|问|甲方|乙方|原告|被告|法官|审判长|书记员|记录|备注|时间|地点|内容|主题|议题|结论|决议|问题|原因|措施|附件|"
            + "说明|注意|提示|在线|异常|状态|结果|回复|通知|公告|群公告|所有人|大家|全体|匿名|访客|用户|买家|卖家|商家|店家|"
            + "快递|司机|医生|老师|同学|家长|领导|老板|主管|组长|班长|经理|总监|值班|白班|夜班|中班|早班|晚班|交班|接班");
    /** An @-mention in a chat: {@code @方圆 请…}. */
    private static final Pattern MENTION = Pattern.compile("@([\\u4e00-\\u9fa5]{2,4})(?=[ \\t\\u3000,，:：]|$)");
    /** Titles after which two transliteration characters make a name too (布朗女士). */
    private static final Set<String> PERSONAL_TITLES = Set.of("先生", "女士", "小姐", "博士", "教授", "夫人");

    /**
     * A transliterated foreign name before a cue (约翰逊反映, 布朗女士): three to four transliteration
     * characters that are no word, or two before a personal title, starting at a word boundary.
     */
    private static void transliteratedBefore(String text, Run spans, int e, String cue, Set<Integer> tokenStarts) {
        for (int len = 4; len >= 2; len--) {
            int s = e - len;
            if (s < 0 || spans.overlaps(s, e)) {
                continue;
            }
            String w = text.substring(s, e);
            boolean boundary = s == 0 || !han(text.charAt(s - 1)) || tokenStarts.contains(s);
            if (boundary && w.chars().allMatch(NameFinder::han) && transliterated(w) && !commonWord(w)
                    && !functionWord(w) && (len >= 3 || PERSONAL_TITLES.contains(cue))) {
                spans.add(s, e);
                return;
            }
        }
    }

    /** Middle dots that join the parts of a transliterated name (约翰·史密斯, 阿不都热合曼·买买提). */
    private static final String DOTS = "·•・‧";
    /** Words before a person that a name cannot begin with a surname of: the minority or foreign name after 客户/担保人. */
    private static final Pattern MENTION_BEFORE = Pattern.compile("(?:通知|告诉|跟|找|问|叫|让|给|和|与|请|@|拍了拍)$");

    /** Whether {@code w} splits wholly into parts of minority names, with at least {@code min} parts. */
    static boolean minorityName(String w, int min) {
        return minorityParts(w, 0) >= min;
    }

    /** The fewest parts {@code w} from {@code at} splits into, as many as can be; -1 when it does not split. */
    private static int minorityParts(String w, int at) {
        if (at == w.length()) {
            return 0;
        }
        int best = -1;
        for (int e = Math.min(w.length(), at + 6); e > at; e--) {
            if (MINORITY_PARTS.contains(w.substring(at, e))) {
                int rest = minorityParts(w, e);
                if (rest >= 0 && (best < 0 || rest + 1 > best)) {
                    best = rest + 1;
                }
            }
        }
        return best;
    }

    /** Whether every character of {@code w} is a transliteration character. */
    private static boolean transliterated(String w) {
        return !w.isEmpty() && w.chars().allMatch(c -> TRANSLIT.indexOf(c) >= 0);
    }

    /**
     * A foreign or minority name without a surname that context has already said is a person's (a speaker,
     * a list item, a cue): minority name parts, or three to six transliteration characters that are no word.
     */
    static boolean foreignWord(String w) {
        if (w.length() < 2 || !w.chars().allMatch(NameFinder::han) || functionWord(w)) {
            return false;
        }
        return minorityName(w, 1) || w.length() >= 3 && w.length() <= 6 && transliterated(w) && !commonWord(w)
                && CoreDictionary.get(w) == null;
    }

    /**
     * Speakers of chat logs, WeChat exports and transcripts ({@code [10:32] 王芳: …}, {@code 王芳：…} on
     * several lines). In a time-stamped log any label that is not a role is a person's name, even a word
     * (金星, 黎明); without time stamps a label must look like a name, or the record must hold another
     * speaker line that does.
     */
    private static void speakers(String text, Run spans) {
        List<int[]> labels = new ArrayList<>();
        boolean timed = false;
        boolean dialog = false;
        Matcher m = SPEAKER.matcher(text);
        while (m.find()) {
            String label = m.group(2);
            if (label.charAt(0) == '·' || label.endsWith("·")) {
                continue;
            }
            labels.add(new int[] { m.start(2), m.end(2), m.group(1) != null ? 1 : 0 });
            timed |= m.group(1) != null;
            if (strictSpeaker(label)) {
                dialog = true;
            }
        }
        int count = labels.size();
        for (int[] l : labels) {
            String label = text.substring(l[0], l[1]);
            // Without time stamps a word (范围, 温度) is a heading more often than a name: only no-word labels.
            boolean relaxed = (l[2] == 1 || timed && count >= 2) && relaxedSpeaker(label)
                    || dialog && count >= 2 && relaxedSpeaker(label) && CoreDictionary.get(label) == null
                    && (plausibleWide(label) && givenChars(label) || foreignWord(label));
            if (strictSpeaker(label) || relaxed) {
                spans.add(l[0], l[1]);
            }
        }
        Matcher mention = MENTION.matcher(text);
        while (mention.find()) {
            if (relaxedSpeaker(mention.group(1))) {
                spans.add(mention.start(1), mention.end(1));
            }
        }
    }

    private static boolean strictSpeaker(String label) {
        if (label.indexOf('·') >= 0) {
            return dottedName(label);
        }
        if (SPEAKER_ROLE.matcher(label).matches() || CUE_BEFORE.matcher(label).matches()) {
            return false;
        }
        return plausibleWide(label) && !commonWord(label) && !functionWord(label) && givenChars(label)
                && UNIT_END.indexOf(label.charAt(label.length() - 1)) < 0 || foreignWord(label)
                || japanese(label, 0) == label.length();
    }

    private static boolean relaxedSpeaker(String label) {
        if (label.indexOf('·') >= 0) {
            return dottedName(label);
        }
        if (label.length() > 4 && !foreignWord(label) || SPEAKER_ROLE.matcher(label).matches()
                || CUE_BEFORE.matcher(label).matches() || UNIT_END.indexOf(label.charAt(label.length() - 1)) >= 0
                || label.endsWith("人") || label.endsWith("员")) {
            return false;
        }
        CoreDictionary.Attribute a = CoreDictionary.get(label);
        if (a != null) {
            for (var nature : a.nature) {
                String n = nature.toString();
                if (n.startsWith("r") || n.startsWith("p") || n.startsWith("c") || n.startsWith("u") || n.startsWith("d")
                        || n.startsWith("m") || n.startsWith("q") || n.startsWith("v") || n.startsWith("ns")
                        || n.startsWith("nt")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A line of an untimed dialogue: a short label, a colon, and what was said. */
    private static final Pattern DIALOGUE_LINE = Pattern.compile("(?m)^[ \\t]{0,3}([\\u4e00-\\u9fa5]{2,3})[ \\t]{0,2}[:：][ \\t]{0,2}(.+)$");
    /** What a person says in a chat, not what a heading introduces: pronouns, sentence-final particles, replies. */
    private static final Pattern SPOKEN = Pattern.compile("我|你|咱|[吗呢吧啊哈嘛呀哦噢]|收到|好的|谢谢|辛苦|[？?！!]");

    /**
     * Speakers of an untimed dialogue whose labels are also words (文静：明天的团建改到周六了, 方舟：下午开会吗): a
     * label of a surname and likely given-name characters, the last a strong one ({@link #strongGivenChar}), no
     * function, place or unit word and no frequent word of HanLP's core dictionary (方法, 项目), before a colon and
     * a line that reads as speech ({@link #SPOKEN}); a heading (范围：…, 温度：…) fails the given-name statistics.
     */
    private static void conversationalSpeakers(String text, Run spans) {
        Matcher m = DIALOGUE_LINE.matcher(text);
        while (m.find()) {
            String label = m.group(1);
            CoreDictionary.Attribute word = CoreDictionary.get(label);
            if (plausibleWide(label) && givenChars(label) && !functionWord(label) && relaxedSpeaker(label)
                    && strongGivenChar(label.charAt(label.length() - 1), 30)
                    && (word == null || word.totalFrequency < 100)
                    && SPOKEN.matcher(m.group(2)).find() && !spans.overlaps(m.start(1), m.end(1))) {
                spans.add(m.start(1), m.end(1));
            }
        }
    }

    /** Whether a dotted run is a name: each part minority name parts or transliteration characters. */
    private static boolean dottedName(String w) {
        String[] parts = w.split("[·•・‧]");
        if (parts.length < 2) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || !(transliterated(p) || minorityName(p, 1) || minorityPrefix(p) == p.length())) {
                return false;
            }
        }
        return true;
    }

    /** The length of the longest prefix of {@code p} that is minority parts or transliteration characters. */
    private static int minorityPrefix(String p) {
        for (int e = p.length(); e > 0; e--) {
            String q = p.substring(0, e);
            if (minorityName(q, 1) || transliterated(q)) {
                return e;
            }
        }
        return 0;
    }

    /**
     * Transliterated and minority names: parts joined by middle dots (约翰·史密斯, 吐尔洪·艾则孜), the first
     * part cut to its transliterated tail and the last to its head; and, without a dot, a run that splits
     * wholly into two or more minority name parts (阿依|古丽, 扎西|多吉) and ends where a word ends.
     */
    private static void foreignNames(String text, Run spans) {
        int n = text.length();
        for (int d = 0; d < n; d++) {
            if (DOTS.indexOf(text.charAt(d)) < 0 || d == 0 || !han(text.charAt(d - 1))) {
                continue;
            }
            // The first part: the transliterated or minority tail before the dot (顾问|托马斯).
            int s = d;
            while (s > 0 && han(text.charAt(s - 1)) && (TRANSLIT.indexOf(text.charAt(s - 1)) >= 0
                    || minorityName(text.substring(s - 1, d), 1))) {
                s--;
            }
            if (s == d) {
                continue;
            }
            // Further parts: the head of each run after a dot (穆勒|将参加), chained while a dot follows a whole run.
            int e = d;
            while (e < n && DOTS.indexOf(text.charAt(e)) >= 0) {
                int r = e + 1;
                while (r < n && han(text.charAt(r))) {
                    r++;
                }
                String run = text.substring(e + 1, r);
                int keep = minorityPrefix(run.substring(0, Math.min(run.length(), 12)));
                if (keep == 0) {
                    break;
                }
                e = e + 1 + keep;
                if (keep < run.length()) {
                    break;
                }
            }
            if (e > d + 1 && e - s >= 4) {
                spans.add(s, e);
            }
            d = Math.max(d, e - 1);
        }
        for (int s = 0; s < n; s++) {
            if (!han(text.charAt(s)) || s > 0 && han(text.charAt(s - 1)) && !spans.boundaries.contains(s)
                    || spans.overlaps(s, s + 1)) {
                continue;
            }
            for (int e = Math.min(n, s + 10); e >= s + 3; e--) {
                String w = text.substring(s, e);
                if (!w.chars().allMatch(NameFinder::han) || !minorityName(w, 2) || commonWord(w)) {
                    continue;
                }
                if (e == n || !han(text.charAt(e)) || STOP.indexOf(text.charAt(e)) >= 0 || spans.boundaries.contains(e)) {
                    if (spans.add(s, e)) {
                        s = e - 1;
                    }
                    break;
                }
            }
        }
    }

    /** Whether {@code text[from, end)} ends in minority name parts and {@code at} is where they start. */
    private static boolean minoritySuffix(String text, int from, int at, int end) {
        return at >= from && minorityName(text.substring(at, end), 1);
    }

    /**
     * The length of a Japanese name at {@code s} (a common family name, then a one- or two-character given
     * name that is no dictionary word and ends where a word ends: 山田太郎, 佐藤健一), or 0.
     */
    private static int japanese(String text, int s) {
        for (String sur : JAPANESE_SURNAMES) {
            if (!text.startsWith(sur, s)) {
                continue;
            }
            int g = s + sur.length();
            for (int len = 2; len >= 1; len--) {
                int e = g + len;
                if (e > text.length()) {
                    continue;
                }
                String given = text.substring(g, e);
                if (!given.chars().allMatch(NameFinder::han) || given.chars().anyMatch(c -> JAPANESE_STOP.indexOf(c) >= 0)
                        || UNIT_END.indexOf(given.charAt(len - 1)) >= 0 || functionWord(given)
                        || len == 2 && coreWord(given) && JAPANESE_GIVEN_END.indexOf(given.charAt(1)) < 0
                        || commonWord(text.substring(s, e))) {
                    continue;
                }
                if (e == text.length() || !han(text.charAt(e)) || STOP.indexOf(text.charAt(e)) >= 0
                        || CUE_AFTER.matcher(text).region(e, text.length()).lookingAt()) {
                    return e - s;
                }
            }
        }
        return 0;
    }

    /** Whether HanLP's core dictionary (not the noisier custom one, where 由美 and 太郎 are words) knows {@code w}. */
    private static boolean coreWord(String w) {
        CoreDictionary.Attribute a = CoreDictionary.get(w);
        return a != null && java.util.Arrays.stream(a.nature).noneMatch(n -> n.toString().startsWith("nr"));
    }

    /**
     * Characters that often end a Japanese given name (爱子, 雅人, 健太郎, 美香): a two-character given name that
     * ends in one is a name after a Japanese family name even where the dictionary has it as a word.
     */
    private static final String JAPANESE_GIVEN_END = "子郎人美香介彦夫雄树奈惠代枝乃也哉斗翔";

    /** Characters that end a Japanese name rather than continue it (fewer than {@link #STOP}: 由美, 中村). */
    private static final String JAPANESE_STOP = "的了在和与及或说是为已将把被向从对等都也还就又再才并而去给让请要会能可应该需同";

    /** Japanese names, and a Japanese family name alone before 先生/女士/さん (伊藤先生). */
    private static void japaneseNames(String text, Run spans) {
        for (int s = 0; s < text.length(); s++) {
            if (s > 0 && han(text.charAt(s - 1)) && !spans.boundaries.contains(s) && STOP.indexOf(text.charAt(s - 1)) < 0) {
                continue;
            }
            int len = japanese(text, s);
            if (len > 0) {
                spans.add(s, s + len);
                continue;
            }
            for (String sur : JAPANESE_SURNAMES) {
                if (text.startsWith(sur, s) && text.startsWith("先生", s + sur.length())
                        || text.startsWith(sur, s) && text.startsWith("女士", s + sur.length())
                        || text.startsWith(sur, s) && text.startsWith("さん", s + sur.length())) {
                    spans.add(s, s + sur.length());
                }
            }
        }
    }

    /**
     * Other mentions of a name found in the same record (a speaker named later in a message): every
     * occurrence at a word boundary of a name that is no dictionary word; of one that is a word (林海, 金星)
     * only after a word that takes a person (通知林海, 跟金星) or before a cue after a name.
     */
    private static void otherMentions(String text, Run spans, int first) {
        List<String> names = new ArrayList<>();
        for (int[] sp : new ArrayList<>(spans.added().subList(first, spans.added().size()))) {
            String w = text.substring(sp[0], sp[1]);
            if (w.length() >= 2 && w.chars().allMatch(c -> han(c) || c == '·') && !names.contains(w)) {
                names.add(w);
            }
        }
        for (String w : names) {
            boolean word = commonWord(w) || CoreDictionary.get(w) != null;
            for (int at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) {
                int e = at + w.length();
                if (spans.overlaps(at, e)) {
                    continue;
                }
                boolean startOk = at == 0 || !han(text.charAt(at - 1)) || spans.boundaries.contains(at);
                boolean endOk = e == text.length() || !han(text.charAt(e)) || spans.boundaries.contains(e)
                        || STOP.indexOf(text.charAt(e)) >= 0;
                if (!startOk || !endOk) {
                    continue;
                }
                boolean cued = MENTION_BEFORE.matcher(text.substring(Math.max(0, at - 3), at)).find()
                        || CUE_AFTER.matcher(text).region(e, text.length()).lookingAt();
                if (!word || cued) {
                    spans.add(at, e);
                }
            }
        }
    }
}
