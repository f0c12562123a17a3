package dev.enclave.studio;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.dictionary.py.Pinyin;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;

/**
 * Finds person names for {@link PiiMasker}: HanLP's statistical person recognition (its role-tagging
 * HMM over the segmentation; the perceptron and CRF models are not part of the offline HanLP
 * portable bundle), combined with context rules (cue words before a name such as 客户, 联系人,
 * 参会人, 保证人; words after it such as 先生, 经理, 说, 反映), a surname list, names in lists and
 * table cells next to a name already found, pinyin names in either order and any case
 * ({@code Li Na}, {@code ZHANG Wei}, {@code Wei Zhang}), and English names (a list of common given
 * names followed by a capitalised surname, or a title such as Mr./Dr.). Every pattern is bounded, so
 * the work is linear in the text's length. Thread-safe.
 */
final class NameFinder {
    /** Common Chinese surnames: a name found only by context must start with one. */
    static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
            + "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
            + "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛"
            + "曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗"
            + "瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝乐水巴晋";
    static final List<String> COMPOUND_SURNAMES = List.of("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟",
            "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里");
    /** Characters that end a name found by context rather than continue it (particles, verbs, titles). */
    private static final String STOP = "的了在于和与及或说等为是已将来到对把被向从负担任持提供承名下因前后中上下先女经总工主同"
            + "等都也还就又再才并而及去给让请要会能可应该需把被曾正拟出入回再同时反称表示介绍认指确签核审陪";
    /** Words before a name: roles in bank and fab documents, and verbs that take a person. */
    private static final Pattern CUE_BEFORE = Pattern.compile("(?:客户|联系人|参会人|与会人员?(?:包括|有)?|出席人|保证人|担保人|"
            + "共同借款人|借款人|股东|配偶|经办人?|复核人?|审批人?|审核人?|签字人?|签名|抄送|跟进人|负责人|持卡人|户名|收件人|"
            + "收款人|付款人|经营者|开户人|申请人|法定代表人|法人代表|实际控制人|董事长|总经理|副总经理|总监|客户经理|风险经理|"
            + "审计员|审计师|工程师|技术员|操作员|值班员?|报修人|记录人|填表人|制表人?|编制人?|批准人?|核准人?|主持人?|"
            + "姓名|联络人|对接人|推荐人|介绍人|代理人|受托人|委托人|见证人|证人|户主|员工|职员|同事|主管|组长|班长|"
            + "致|由|据|请|告知|通知|联系|拜访|会见|约见|陪同|感谢|转告|交给|转交|询问|面谈)\\s{0,2}[:：]?\\s{0,2}");
    /** Words after a name. */
    private static final Pattern CUE_AFTER = Pattern.compile("先生|女士|小姐|同志|经理|总经理|董事长|律师|会计师|主任|"
            + "工程师|老师|博士|教授|医生|说|表示|反映|认为|指出|介绍|来电|来访|负责|确认|提交|签字|签署|同意|反对|"
            + "指示|主持|出席|参加|陪同|提供|承担|持有|名下|夫妇|本人|的(?:身份证|手机|电话|户籍|住址|配偶|账户|护照)");
    /** A surname followed by a title or prefixed by 老/小: 李经理, 张总, 王工, 老刘, 小陈. */
    private static final Pattern SURNAME_TITLE = Pattern.compile(
            "(?<![\\u4e00-\\u9fa5])([\\u4e00-\\u9fa5])(?=经理|总(?![部结体数量额计共公线])|工(?![程艺厂作序资人号单])|主任|老师|律师|医生|书记|处长|科长|行长|所长|部长|董|博士)"
                    + "|(?<=[老小])([\\u4e00-\\u9fa5])(?=[^\\u4e00-\\u9fa5]|$|[说去来在和与的是也都就已将把被让给负带])");
    private static final Pattern ASCII_WORD = Pattern.compile("[A-Za-z][A-Za-z'’-]{0,20}");
    private static final Pattern EN_TITLE = Pattern.compile(
            "\\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\\.?\\s{1,3}([A-Z][a-z]{1,20}(?:\\s[A-Z][a-z]{1,20})?)");
    private static final Pattern EN_LABEL = Pattern.compile("\\b(?:[Nn]ame|[Cc]ontacts?|[Bb]orrower(?: name)?|"
            + "[Gg]uarantor|[Ss]igned by|[Aa]pplicant|[Pp]repared by|[Rr]eviewed by|[Aa]pproved by|[Oo]wner|[Rr]eviewer|"
            + "[Ss]ign-off|[Aa]ttendees|[Nn]ote from|[Aa]ssignee|[Rr]equester)\\s{0,3}[:：]\\s{0,3}"
            + "([A-Z][a-z]{1,20}(?:\\s[A-Z][a-z]{1,20}){0,2})");
    /** Common English given names (US/UK census lists), lower case. */
    private static final Set<String> GIVEN = Set.copyOf(List.of(("james john robert michael william david richard joseph thomas "
            + "charles christopher daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george "
            + "timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon "
            + "benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry "
            + "douglas zachary peter kyle ethan walter noah jeremy christian keith roger terry gerald harold sean austin carl "
            + "arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah "
            + "randy roy vincent ralph eugene russell bobby mason philip louis carlos luis tom tony jim bob mike steve dave "
            + "chris ben sam alex max leo oliver harry jake luke owen liam lucas martin victor simon neil ian colin "
            + "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra "
            + "ashley kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia "
            + "kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel "
            + "carolyn janet catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina "
            + "joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn "
            + "janice jean abigail alice judy sophia grace denise amber doris marilyn danielle beverly isabella theresa diana "
            + "natalie brittany charlotte marie kayla alexis lori jane lucy sophie chloe ella zoe amelia mia ava emma "
            + "jenny cindy vivian irene tina wendy fiona eva nina rose annie jessie kate susie peggy iris")
            .split(" ")));
    /** English words that are also pinyin syllables: a lower-case pair made of them is not taken for a name. */
    private static final Set<String> ENGLISH = Set.copyOf(List.of("a", "an", "he", "she", "me", "man", "men", "long", "fan", "bin",
            "pan", "tan", "sun", "die", "ran", "hang", "bang", "gang", "sang", "tie", "pin", "ping", "pong", "song", "dong",
            "bug", "hen", "pen", "ten", "den", "run", "gun", "bun", "fun", "lie", "pie", "shoe", "she", "hi", "yo", "you",
            "now", "no", "go", "so", "to", "do", "ma", "pa", "la", "ha", "ah", "oh", "ou", "bo", "mo", "lo", "mi", "pi",
            "di", "ti", "li", "ye", "yes", "yang", "chi", "xi", "shi", "jin", "gin", "zen", "tin", "sin", "kin", "fin",
            "win", "min", "bi", "ni", "nu", "wan", "fang", "chin", "chat", "cut", "tun", "bay", "ban", "can", "dan", "hu",
            "ge", "de", "le", "ke", "ce", "en", "er", "wo", "lao", "tao", "mao", "hao", "zoo", "ring", "sing", "king",
            "ling", "wing", "bing", "ding", "jing", "ming", "qing", "xing", "ying"));
    /** Words after a capitalised pair that make it a place or organisation, not a person. */
    private static final Set<String> NOT_AFTER = Set.of("province", "city", "district", "county", "road", "street",
            "bank", "branch", "co", "co.", "company", "group", "university", "park", "plant", "fab", "line", "river",
            "lake", "mountain", "port", "airport", "station", "zone", "town", "village", "securities", "holdings");
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

    private static boolean han(int c) {
        return c >= 0x4e00 && c <= 0x9fa5;
    }

    /** Adds the names found in {@code text} to {@code spans}, where they overlap nothing found before. */
    void find(String text, SpanSet spans) {
        int first = spans.added().size();
        english(text, spans);
        pinyinNames(text, spans);
        if (!PiiMasker.hasChinese(text)) {
            return;
        }
        int offset = 0;
        Set<Integer> tokenStarts = new HashSet<>();
        for (Term t : segment.seg(text)) {
            int at = text.indexOf(t.word, offset);
            if (at < 0) {
                continue;
            }
            offset = at + t.word.length();
            tokenStarts.add(at);
            String nature = t.nature == null ? "" : t.nature.toString();
            String word = trim(t.word);
            boolean person = nature.equals("nr") && (plausibleChineseName(word) || word.length() == 1
                    && word.length() < t.word.length() && SURNAMES.indexOf(word.charAt(0)) >= 0)
                    || nature.equals("nrf") && word.length() >= 3 && word.chars().allMatch(NameFinder::han);
            if (person && !spans.overlaps(at, at + word.length())) {
                spans.add(at, at + word.length());
            }
        }
        Matcher before = CUE_BEFORE.matcher(text);
        while (before.find()) {
            int s = before.end();
            int len = nameAt(text, s);
            if (len > 0 && !spans.overlaps(s, s + len)) {
                spans.add(s, s + len);
            }
        }
        Matcher after = CUE_AFTER.matcher(text);
        while (after.find()) {
            int e = after.start();
            for (int len = 4; len >= 2; len--) {
                int s = e - len;
                if (s < 0) {
                    continue;
                }
                String w = text.substring(s, e);
                boolean boundary = s == 0 || !han(text.charAt(s - 1)) || tokenStarts.contains(s);
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
            if (SURNAMES.indexOf(c) >= 0 && !spans.overlaps(title.start(g), title.end(g))) {
                spans.add(title.start(g), title.end(g));
            }
        }
        lists(text, spans, first);
    }

    private static final List<String> TITLES = List.of("经理", "总监", "主任", "老师", "律师", "医生", "工程师", "处长",
            "科长", "行长", "部长", "所长", "书记", "董事长", "总经理", "先生", "女士", "小姐", "博士", "教授");

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
        if (s >= n || SURNAMES.indexOf(text.charAt(s)) < 0) {
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

    /** Whether HanLP's core dictionary knows {@code w} as an ordinary word (not a person's name). */
    private static boolean commonWord(String w) {
        CoreDictionary.Attribute a = CoreDictionary.get(w);
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
    private static void lists(String text, SpanSet spans, int first) {
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

    private static final String LIST_SEPARATORS = "、，,；;/|\t";

    private static int[] neighbour(String text, SpanSet spans, int at, boolean forward) {
        int n = text.length();
        int i = at;
        if (forward) {
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
            if (len == 0 || spans.overlaps(i, i + len)) {
                return null;
            }
            int end = i + len;
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
        if (sep == 0 || i < 1) {
            return null;
        }
        for (int len = 3; len >= 2; len--) {
            int s = i + 1 - len;
            if (s < 0) {
                continue;
            }
            boolean boundary = s == 0 || !han(text.charAt(s - 1)) || CUE_BEFORE.matcher(text.substring(Math.max(0, s - 6), s))
                    .find();
            String w = text.substring(s, i + 1);
            if (boundary && plausibleChineseName(w) && !commonWord(w) && !spans.overlaps(s, i + 1)) {
                spans.add(s, i + 1);
                return new int[] { s, i + 1 };
            }
        }
        return null;
    }

    /** English names: a title, a label, or a common given name followed by a capitalised surname. */
    private static void english(String text, SpanSet spans) {
        addGroup(EN_TITLE.matcher(text), spans);
        addGroup(EN_LABEL.matcher(text), spans);
        List<int[]> words = words(text);
        for (int k = 0; k + 1 < words.size(); k++) {
            int[] a = words.get(k);
            int[] b = words.get(k + 1);
            String first = text.substring(a[0], a[1]);
            String last = text.substring(b[0], b[1]);
            if (!adjacent(text, a, b) || !capitalised(first) || !capitalised(last)
                    || !GIVEN.contains(first.toLowerCase(Locale.ROOT)) || followedByPlaceWord(text, words, k + 2)) {
                continue;
            }
            if (!spans.overlaps(a[0], b[1])) {
                spans.add(a[0], b[1]);
            }
        }
    }

    /** Pinyin names: a surname and a given name of one or two syllables, in either order, any consistent case. */
    private void pinyinNames(String text, SpanSet spans) {
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
            if (lower && (ENGLISH.contains(lx) || ENGLISH.contains(ly))) {
                continue;
            }
            if (!lower && ENGLISH.contains(lx) && ENGLISH.contains(ly)) {
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

    private static boolean titleOrLabel(String text, int[] word) {
        String w = text.substring(word[0], word[1]);
        return w.matches("Mr|Mrs|Ms|Dr|Prof|Miss") || word[1] < text.length() && text.charAt(word[1]) == ':';
    }

    /** Capitalised (Li), upper case (ZHANG) or lower case (wei). */
    private static boolean nameCase(String w) {
        return capitalised(w) || w.equals(w.toUpperCase(Locale.ROOT)) && w.length() > 1
                || w.equals(w.toLowerCase(Locale.ROOT));
    }

    private static boolean capitalised(String w) {
        return Character.isUpperCase(w.charAt(0)) && (w.length() == 1 || w.substring(1).equals(w.substring(1)
                .toLowerCase(Locale.ROOT)));
    }

    /** One or two pinyin syllables (Na, Xiaoming). */
    static boolean givenName(String w) {
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

    private static void addGroup(Matcher m, SpanSet spans) {
        while (m.find()) {
            if (!spans.overlaps(m.start(1), m.end(1))) {
                spans.add(m.start(1), m.end(1));
            }
        }
    }

}
