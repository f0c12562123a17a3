package dev.enclave.studio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.enclave.core.EnclaveException;

/**
 * Finds and masks personal data in Chinese and English text: 身份证号 (with its check digit
 * and birth date), mobile and landline numbers, bank card numbers (Luhn), e-mail addresses,
 * person names ({@link NameFinder}: HanLP's person recognition, context words, a surname list,
 * lists and tables, pinyin and English names), street addresses (省/市/区/县 … 路/街 … 号 … 室),
 * passport numbers, vehicle plates, and, when configured ({@link Options}), the unified social
 * credit codes of individual businesses and employee numbers by a workspace pattern. Company,
 * place and product names stay. Each finding becomes a typed placeholder, in Chinese for text
 * with Chinese characters, else in English; the rest of the text is kept as it was.
 *
 * <p>The built-in patterns are bounded (no unbounded repetition in front of a required
 * character), so the work is linear in the text's length: a crafted string such as fifty thousand
 * letters and an {@code @} cannot hang it. A configured employee-number pattern runs under a time
 * budget. Thread-safe.
 */
public final class PiiMasker {
    /** Kinds of personal data, with their placeholders. */
    public enum Kind {
        ID_CARD("[身份证号]", "[ID_NUMBER]"), MOBILE("[手机号]", "[MOBILE]"), BANK_CARD("[银行卡号]", "[BANK_CARD]"),
        EMAIL("[邮箱]", "[EMAIL]"), PHONE("[电话]", "[PHONE]"), NAME("[姓名]", "[NAME]"),
        ADDRESS("[地址]", "[ADDRESS]"), PASSPORT("[护照号]", "[PASSPORT]"), PLATE("[车牌号]", "[PLATE]"),
        CREDIT_CODE("[信用代码]", "[CREDIT_CODE]"), EMPLOYEE_NO("[工号]", "[EMPLOYEE_NO]");

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

    /**
     * What a workspace configures beyond the built-in kinds.
     *
     * @param employeePattern         a regular expression for the workspace's employee numbers (e.g.
     *                                {@code EMP-\\d{6}}), or null for none
     * @param individualBusinessCodes whether unified social credit codes of individual businesses
     *                                (registration category 92) are masked
     */
    public record Options(String employeePattern, boolean individualBusinessCodes) {
        /** Workspace setting: the regular expression of the workspace's employee numbers (none when unset). */
        public static final String EMPLOYEE_PATTERN = "studio.mask.employeePattern";
        /** Workspace setting: {@code true} to mask unified social credit codes of individual businesses. */
        public static final String INDIVIDUAL_BUSINESS_CODES = "studio.mask.individualBusinessCodes";

        /** The options a workspace's settings give ({@link #EMPLOYEE_PATTERN}, {@link #INDIVIDUAL_BUSINESS_CODES}). */
        public static Options of(dev.enclave.core.Settings settings) {
            return defaults().withEmployeePattern(settings.get(EMPLOYEE_PATTERN).orElse(null))
                    .withIndividualBusinessCodes(Boolean.parseBoolean(settings.get(INDIVIDUAL_BUSINESS_CODES, "false")));
        }

        /** No employee pattern, credit codes left alone. */
        public static Options defaults() {
            return new Options(null, false);
        }

        /** A copy with {@code pattern} as the employee-number pattern (null or blank for none). */
        public Options withEmployeePattern(String pattern) {
            return new Options(pattern == null || pattern.isBlank() ? null : pattern, individualBusinessCodes);
        }

        /** A copy that masks (or not) individual businesses' credit codes. */
        public Options withIndividualBusinessCodes(boolean on) {
            return new Options(employeePattern, on);
        }
    }

    /** How long a configured pattern may run on one text before it is given up, in milliseconds. */
    static final long PATTERN_BUDGET_MS = 2000;

    private static final Pattern ID = Pattern.compile("(?<![0-9A-Za-z])\\d{17}[\\dXx](?![0-9A-Za-z])");
    private static final Pattern CARD = Pattern.compile("(?<![0-9])(?:\\d[ -]?){15,18}\\d(?![0-9])");
    private static final Pattern MOBILE = Pattern.compile(
            "(?<![0-9])(?:\\+?86[ -]?)?1[3-9]\\d(?:[ -]?\\d{4}){2}(?![0-9])");
    private static final Pattern LANDLINE = Pattern.compile(
            "(?<![0-9])(?:\\(0\\d{2,3}\\)|0\\d{2,3})[ -]?\\d{7,8}(?:-\\d{1,5})?(?![0-9])");
    private static final Pattern US_PHONE = Pattern.compile(
            "(?<![0-9])(?:\\+1[ .-]?)?\\(?\\d{3}\\)?[ .-]\\d{3}[ .-]\\d{4}(?![0-9])");
    /**
     * International numbers written with a country code and groups (+86 21 3888 1234, +852 2838 1234,
     * +886 2 2345 6789): 8 to 15 digits in all, checked after the match.
     */
    private static final Pattern INTERNATIONAL_PHONE = Pattern.compile(
            "(?<![0-9A-Za-z+])\\+\\d{1,3}(?:[ .-]\\(?\\d{1,4}\\)?){2,5}(?![0-9])");
    /** Chinese passports (E + 8 digits, E + letter + 7 digits, G/D/S/P + 8 digits). */
    private static final Pattern PASSPORT = Pattern.compile(
            "(?<![A-Za-z0-9])(?:E[A-HJ-NP-Z]?\\d{7,8}|[GDSP]\\d{8})(?![A-Za-z0-9])");
    /** Any passport-like number after the word passport (护照, Passport No.). */
    private static final Pattern PASSPORT_CUE = Pattern.compile("(?:护照|[Pp]assport)(?:号码|号|编号|\\s?[Nn]o\\.?|"
            + "\\s[Nn]umber)?\\s{0,2}[:：#]?\\s{0,2}([A-Z]{1,2}\\d{6,9})(?![A-Za-z0-9])");
    /** Vehicle plates: a province, the issuing letter, five characters (six on new-energy plates). */
    private static final Pattern PLATE = Pattern.compile("[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
            + "[A-HJ-NP-Z][·•\\- ]?([A-HJ-NP-Z0-9]{5,6})(?![A-Za-z0-9])");
    /** Unified social credit code of an individual business: 92, a six-digit region code, ten characters. */
    private static final Pattern INDIVIDUAL_BUSINESS = Pattern.compile(
            "(?<![0-9A-Za-z])92\\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])");
    private static final int[] ID_WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final String ID_CHECK = "10X98765432";

    private final NameFinder names = new NameFinder();
    private final Pattern employee;

    /** A masker of the built-in kinds. */
    public PiiMasker() {
        this(Options.defaults());
    }

    /**
     * A masker with a workspace's configuration.
     *
     * @throws EnclaveException (bad input) when the employee pattern is not a regular expression
     */
    public PiiMasker(Options options) {
        this.options = options;
        try {
            this.employee = options.employeePattern() == null ? null : Pattern.compile(options.employeePattern());
        } catch (PatternSyntaxException e) {
            throw EnclaveException.badInput("The employee-number pattern '" + options.employeePattern()
                    + "' is not a regular expression: " + e.getDescription());
        }
    }

    private final Options options;

    /** Whether {@code word} can be a Chinese person's name: 2–4 Han characters starting with a common surname. */
    static boolean plausibleChineseName(String word) {
        return NameFinder.plausibleChineseName(word);
    }

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
        SpanSet taken = new SpanSet();
        emails(text, spans, taken);
        Matcher id = ID.matcher(text);
        while (id.find()) {
            if (validIdCard(id.group())) {
                add(spans, taken, Kind.ID_CARD, id.start(), id.end());
            }
        }
        if (options.individualBusinessCodes()) {
            add(spans, taken, INDIVIDUAL_BUSINESS.matcher(text), Kind.CREDIT_CODE, 0);
        }
        if (employee != null) {
            add(spans, taken, employee.matcher(new Budgeted(text, System.nanoTime() + PATTERN_BUDGET_MS * 1_000_000L,
                    options.employeePattern())), Kind.EMPLOYEE_NO, 0);
        }
        Matcher card = CARD.matcher(text);
        while (card.find()) {
            if (luhn(card.group()) && issuerPrefix(card.group())) {
                add(spans, taken, Kind.BANK_CARD, card.start(), card.end());
            }
        }
        add(spans, taken, MOBILE.matcher(text), Kind.MOBILE, 0);
        add(spans, taken, LANDLINE.matcher(text), Kind.PHONE, 0);
        add(spans, taken, US_PHONE.matcher(text), Kind.PHONE, 0);
        Matcher international = INTERNATIONAL_PHONE.matcher(text);
        while (international.find()) {
            long digits = international.group().chars().filter(Character::isDigit).count();
            if (digits >= 8 && digits <= 15) {
                add(spans, taken, Kind.PHONE, international.start(), international.end());
            }
        }
        add(spans, taken, PASSPORT_CUE.matcher(text), Kind.PASSPORT, 1);
        add(spans, taken, PASSPORT.matcher(text), Kind.PASSPORT, 0);
        Matcher plate = PLATE.matcher(text);
        while (plate.find()) {
            if (plate.group(1).chars().anyMatch(Character::isDigit)) {
                add(spans, taken, Kind.PLATE, plate.start(), plate.end());
            }
        }
        for (int[] a : Addresses.find(text)) {
            add(spans, taken, Kind.ADDRESS, a[0], a[1]);
        }
        int before = taken.added().size();
        names.find(text, taken);
        for (int[] n : taken.added().subList(before, taken.added().size())) {
            spans.add(new Span(Kind.NAME, n[0], n[1]));
        }
        spans.sort(Comparator.comparingInt(Span::start));
        return spans;
    }

    /**
     * E-mail addresses, found from each {@code @} outwards (a local part of at most 64 characters, a
     * domain of at most 255 with a dot and a top-level name of two letters or more): linear time.
     */
    private static void emails(String text, List<Span> spans, SpanSet taken) {
        int n = text.length();
        int from = 0;
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            int s = at;
            while (s > Math.max(from, at - 64) && localChar(text.charAt(s - 1))) {
                s--;
            }
            if (s == at || s > 0 && localChar(text.charAt(s - 1)) && s > from) {
                continue;
            }
            int e = at + 1;
            while (e < n && e - at <= 255 && (Character.isLetterOrDigit(text.charAt(e)) && text.charAt(e) < 128
                    || text.charAt(e) == '.' || text.charAt(e) == '-')) {
                e++;
            }
            while (e > at + 1 && (text.charAt(e - 1) == '.' || text.charAt(e - 1) == '-')) {
                e--;
            }
            int dot = text.lastIndexOf('.', e - 1);
            if (dot <= at + 1 || e - dot - 1 < 2) {
                continue;
            }
            boolean tld = true;
            for (int i = dot + 1; i < e; i++) {
                tld &= Character.isLetter(text.charAt(i));
            }
            if (tld) {
                add(spans, taken, Kind.EMAIL, s, e);
                from = e;
            }
        }
    }

    private static boolean localChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || "._%+-".indexOf(c) >= 0);
    }

    /** The text as a configured pattern sees it: reading past the deadline stops the match with a clear message. */
    private record Budgeted(CharSequence text, long deadline, String pattern) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if ((index & 0xff) == 0 && System.nanoTime() > deadline) {
                throw EnclaveException.badInput("The employee-number pattern '" + pattern + "' takes longer than "
                        + PATTERN_BUDGET_MS + " ms on a text of " + text.length() + " characters: simplify it.");
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Budgeted(text.subSequence(start, end), deadline, pattern);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private static void add(List<Span> spans, SpanSet taken, Matcher m, Kind kind, int group) {
        while (m.find()) {
            add(spans, taken, kind, m.start(group), m.end(group));
        }
    }

    private static void add(List<Span> spans, SpanSet taken, Kind kind, int start, int end) {
        if (taken.add(start, end)) {
            spans.add(new Span(kind, start, end));
        }
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
