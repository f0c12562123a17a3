package dev.enclave.studio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;

/**
 * Finds and masks personal data in Chinese and English text: 身份证号 (with its check digit
 * and birth date), mobile and landline numbers, bank card numbers (Luhn), e-mail addresses
 * and person names (HanLP's person recognition for Chinese, plus the context a name appears
 * in: 先生/女士/经理…, 联系人：…, Mr./Ms./Dr. …, Name: …). Each finding becomes a typed
 * placeholder, in Chinese for text with Chinese characters, else in English.
 * Thread-safe.
 */
public final class PiiMasker {
    /** Kinds of personal data, with their placeholders. */
    public enum Kind {
        ID_CARD("[身份证号]", "[ID_NUMBER]"), MOBILE("[手机号]", "[MOBILE]"), BANK_CARD("[银行卡号]", "[BANK_CARD]"),
        EMAIL("[邮箱]", "[EMAIL]"), PHONE("[电话]", "[PHONE]"), NAME("[姓名]", "[NAME]");

        final String zh;
        final String en;

        Kind(String zh, String en) {
            this.zh = zh;
            this.en = en;
        }

        /** The JSON key of the count ({@code id_card}, {@code mobile} …). */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One finding: {@code [start, end)} in the text. */
    public record Span(Kind kind, int start, int end) {
    }

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern ID = Pattern.compile("(?<![0-9A-Za-z])\\d{17}[\\dXx](?![0-9A-Za-z])");
    private static final Pattern CARD = Pattern.compile("(?<![0-9])(?:\\d[ -]?){15,18}\\d(?![0-9])");
    private static final Pattern MOBILE = Pattern.compile(
            "(?<![0-9])(?:\\+?86[ -]?)?1[3-9]\\d(?:[ -]?\\d{4}){2}(?![0-9])");
    private static final Pattern LANDLINE = Pattern.compile(
            "(?<![0-9])(?:\\(0\\d{2,3}\\)|0\\d{2,3})[ -]?\\d{7,8}(?:-\\d{1,5})?(?![0-9])");
    private static final Pattern US_PHONE = Pattern.compile(
            "(?<![0-9])(?:\\+1[ .-]?)?\\(?\\d{3}\\)?[ .-]\\d{3}[ .-]\\d{4}(?![0-9])");
    private static final Pattern EN_NAME_TITLE = Pattern.compile(
            "\\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\\.?\\s+([A-Z][a-z]+(?:\\s+[A-Z][a-z]+)?)");
    private static final Pattern EN_NAME_LABEL = Pattern.compile(
            "\\b(?:[Nn]ame|[Cc]ontact|[Bb]orrower|[Gg]uarantor|[Ss]igned by|[Aa]pplicant)\\s*[:：]\\s*"
                    + "([A-Z][a-z]+(?:\\s+[A-Z][a-z]+){1,2})");
    /** Common Chinese surnames: a name found only by context or by HanLP must start with one. */
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
            + "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
            + "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛"
            + "曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗"
            + "瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";
    private static final List<String> COMPOUND_SURNAMES = List.of("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟",
            "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里");

    /** Whether {@code word} can be a Chinese person's name: 2–4 Han characters starting with a common surname. */
    static boolean plausibleChineseName(String word) {
        if (word.length() < 2 || word.length() > 4 || !word.chars().allMatch(c -> c >= 0x4e00 && c <= 0x9fa5)) {
            return false;
        }
        return SURNAMES.indexOf(word.charAt(0)) >= 0 || COMPOUND_SURNAMES.stream().anyMatch(word::startsWith);
    }

    private static final Pattern ZH_NAME_LABEL = Pattern.compile(
            "(?:姓名|联系人|法定代表人|法人代表|实际控制人|负责人|经办人|客户经理|申请人|担保人|配偶|身份证持有人|开户人|户名|"
                    + "收款人|持卡人|签字人|借款人姓名)"
                    + "\\s*[:：]?\\s*([\\u4e00-\\u9fa5]{2,4}?)(?=[，,。；;、\\s（(]|先生|女士|$)");
    private static final Pattern ZH_NAME_TITLE = Pattern.compile(
            "([\\u4e00-\\u9fa5]{2,3}?)(?=先生|女士|小姐|经理|总经理|董事长|律师|会计师|主任|工程师)");
    private static final int[] ID_WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final String ID_CHECK = "10X98765432";

    private final Segment segment = HanLP.newSegment().enableNameRecognize(true).enableTranslatedNameRecognize(true)
            .enableOrganizationRecognize(true);

    /** Whether an 18-character id number has a valid check digit and birth date. */
    public static boolean validIdCard(String id) {
        if (id.length() != 18) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            sum += (c - '0') * ID_WEIGHTS[i];
        }
        if (Character.toUpperCase(id.charAt(17)) != ID_CHECK.charAt(sum % 11)) {
            return false;
        }
        int year = Integer.parseInt(id.substring(6, 10));
        int month = Integer.parseInt(id.substring(10, 12));
        int day = Integer.parseInt(id.substring(12, 14));
        return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    /** The Luhn check over the digits of {@code number}. */
    public static boolean luhn(String number) {
        String digits = number.replaceAll("[ -]", "");
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return digits.length() >= 16 && digits.length() <= 19 && sum % 10 == 0;
    }

    /**
     * Whether a card number starts like an issued card: UnionPay 62/60/81, Visa 4, Mastercard
     * 51–55 and 22–27, American Express 34/37, JCB 35, Discover 65 (so that an order or
     * contract number that happens to pass Luhn is not taken for a card).
     */
    static boolean issuerPrefix(String number) {
        String d = number.replaceAll("[ -]", "");
        int two = Integer.parseInt(d.substring(0, 2));
        return d.charAt(0) == '4' || two == 62 || two == 60 || two == 81 || (two >= 51 && two <= 55)
                || (two >= 22 && two <= 27) || two == 34 || two == 37 || two == 35 || two == 65;
    }

    /** The findings in {@code text}, without overlaps, in order. */
    public List<Span> find(String text) {
        List<Span> spans = new ArrayList<>();
        add(spans, EMAIL.matcher(text), Kind.EMAIL, null);
        Matcher id = ID.matcher(text);
        while (id.find()) {
            if (validIdCard(id.group())) {
                spans.add(new Span(Kind.ID_CARD, id.start(), id.end()));
            }
        }
        Matcher card = CARD.matcher(text);
        while (card.find()) {
            if (luhn(card.group()) && issuerPrefix(card.group()) && !overlaps(spans, card.start(), card.end())) {
                spans.add(new Span(Kind.BANK_CARD, card.start(), card.end()));
            }
        }
        add(spans, MOBILE.matcher(text), Kind.MOBILE, null);
        add(spans, LANDLINE.matcher(text), Kind.PHONE, null);
        add(spans, US_PHONE.matcher(text), Kind.PHONE, null);
        add(spans, EN_NAME_TITLE.matcher(text), Kind.NAME, 1);
        add(spans, EN_NAME_LABEL.matcher(text), Kind.NAME, 1);
        add(spans, ZH_NAME_LABEL.matcher(text), Kind.NAME, 1);
        Matcher title = ZH_NAME_TITLE.matcher(text);
        while (title.find()) {
            if (plausibleChineseName(title.group(1)) && !overlaps(spans, title.start(1), title.end(1))) {
                spans.add(new Span(Kind.NAME, title.start(1), title.end(1)));
            }
        }
        if (hasChinese(text)) {
            int offset = 0;
            for (Term t : segment.seg(text)) {
                int at = text.indexOf(t.word, offset);
                if (at < 0) {
                    continue;
                }
                offset = at + t.word.length();
                String nature = t.nature == null ? "" : t.nature.toString();
                boolean person = nature.equals("nr") && plausibleChineseName(t.word)
                        || nature.equals("nrf") && t.word.length() >= 3;
                if (person && !overlaps(spans, at, at + t.word.length())) {
                    spans.add(new Span(Kind.NAME, at, at + t.word.length()));
                }
            }
        }
        spans.sort(Comparator.comparingInt(Span::start));
        return spans;
    }

    private static void add(List<Span> spans, Matcher m, Kind kind, Integer group) {
        while (m.find()) {
            int s = group == null ? m.start() : m.start(group);
            int e = group == null ? m.end() : m.end(group);
            if (!overlaps(spans, s, e)) {
                spans.add(new Span(kind, s, e));
            }
        }
    }

    private static boolean overlaps(List<Span> spans, int start, int end) {
        for (Span s : spans) {
            if (start < s.end() && s.start() < end) {
                return true;
            }
        }
        return false;
    }

    static boolean hasChinese(String text) {
        return text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }

    /** Masks {@code text}, adding what was masked to {@code counts}. */
    public String mask(String text, Map<Kind, Integer> counts) {
        List<Span> spans = find(text);
        if (spans.isEmpty()) {
            return text;
        }
        boolean zh = hasChinese(text);
        StringBuilder sb = new StringBuilder();
        int at = 0;
        for (Span s : spans) {
            sb.append(text, at, s.start()).append(zh ? s.kind().zh : s.kind().en);
            at = s.end();
            counts.merge(s.kind(), 1, Integer::sum);
        }
        return sb.append(text.substring(at)).toString();
    }

    /** A zeroed count per kind. */
    public static Map<Kind, Integer> emptyCounts() {
        Map<Kind, Integer> m = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            m.put(k, 0);
        }
        return m;
    }
}
