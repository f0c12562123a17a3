package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.audit.internal.Entities.Entity;
import dev.enclave.audit.internal.ExtractionState.Cand;

/**
 * Reads the names in a report: companies (HanLP entities, with the report's own 简称 aliases mapped to their
 * full names), persons (Chinese, romanised and English, honorifics dropped) and the span of a name or a clause
 * that a form value or a cue starts. Every clause and table reader names parties through it.
 */
final class NameReader {
    private final ExtractionState x;

    NameReader(ExtractionState x) {
        this.x = x;
    }

    private static final Pattern NAME_END = Pattern.compile("[,，。;；、(（\\s]|及其|夫妇|先生|女士|担任|系|任|等|持有|和|与");

    /** Only English words, blanks and brackets. */
    private static final Pattern ENGLISH_WORDS = Pattern.compile("[\\sA-Za-z.,:;'()（）-]*");

    /** A company name in {@code [s, e)}: the first company entity, else the text up to a break. */
    int[] nameSpan(int s, int e) {
        String v = x.t.substring(s, e);
        if (!Entities.isCompany(v.strip()) && e < x.t.length() && x.t.charAt(e) == '\n') {
            // a name broken over two lines by OCR ("郑州中原汇通\n商贸有限公司"): the next line completes it
            int nl = x.t.indexOf('\n', e + 1);
            String next = x.t.substring(e + 1, nl < 0 ? x.t.length() : nl).strip();
            if (!next.isEmpty() && next.length() <= 16 && !next.matches(".*[:：,，。;；\\t|].*") && Entities.isCompany(next)
                    && next.matches("[\\u4e00-\\u9fa5()（）]+")) {
                int end = x.t.indexOf(next, e + 1) + next.length();
                String joined = (v + next).replaceAll("\\s", "");
                for (Entity en : entities(joined)) {
                    if (en.type().equals("company") && en.start() <= 2 && en.end() == joined.length()) {
                        return new int[] { s + (v.length() - v.stripLeading().length()), end };
                    }
                }
            }
        }
        for (Entity en : entities(v)) {
            // "The obligor is 上海…有限公司": English words before the name are not part of it
            if (en.type().equals("company") && (en.start() <= 2 || ENGLISH_WORDS.matcher(v.substring(0, en.start())).matches())) {
                return new int[] { s + en.start(), s + en.end() };
            }
        }
        Matcher m = Pattern.compile("[,，。;；\\s]|[(（]以下").matcher(v);
        int end = m.find() ? m.start() : v.length();
        return end >= 2 ? new int[] { s, s + end } : null;
    }

    /** Function words that may stand between a label and a name ("实际控制人亦为刘建华", "均系王某"). */
    private static final Pattern NAME_LEAD = Pattern.compile("^\\s*(?:亦|也|均|同|即|仍|则|现)?(?:为|系|是|由)\\s*");

    /** A romanised name with the Chinese in brackets: "Li Qiang (李强)". */
    private static final Pattern ROMANISED_NAME = Pattern.compile("^\\s*[A-Z][A-Za-z'\\-]*(?:\\s?[A-Z][A-Za-z'\\-]*){0,3}\\s*[(（]([\\u4e00-\\u9fa5·]{2,4})[)）]");

    /** A person written in English alone, as a whole value: "Chen Hao", "Mr. Wang Jun". */
    private static final Pattern ENGLISH_PERSON = Pattern.compile(
            "^\\s*(?:(?:Mr|Mrs|Ms|Dr)\\.?\\s?)?([A-Z][a-z]+(?:\\s[A-Z][a-z]+){1,2})\\s*(?:$|[,;.(（]\\s*(?![A-Z][a-z]+\\s[A-Z]))");

    int[] personSpan(int s, int e) {
        Matcher lead = NAME_LEAD.matcher(x.t.substring(s, e));
        if (lead.find() && s + lead.end() < e) {
            s += lead.end();
        }
        Matcher roman = ROMANISED_NAME.matcher(x.t.substring(s, e));
        if (roman.lookingAt()) {
            return new int[] { s + roman.start(1), s + roman.end(1) };
        }
        Matcher english = ENGLISH_PERSON.matcher(x.t.substring(s, e));
        if (english.lookingAt()) {
            return new int[] { s + english.start(1), s + english.end(1) }; // "Legal representative: Chen Hao"
        }
        String v = x.t.substring(s, e);
        Matcher m = NAME_END.matcher(v);
        int end = m.find() ? m.start() : v.length();
        if (end < 2 || end > 5) {
            for (Entity en : entities(v)) {
                if (en.type().equals("person")) {
                    return new int[] { s + en.start(), s + en.end() };
                }
            }
            return null;
        }
        String name = v.substring(0, end);
        if (!name.codePoints().allMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN
                || cp == '·')) {
            return null;
        }
        return new int[] { s, s + end };
    }

    Cand companyAfter(int from, int to) {
        String v = x.t.substring(from, to);
        for (Entity e : entities(v)) {
            if (e.type().equals("company") && e.start() == 0) {
                return new Cand(x.nt.surface(from + e.start(), from + e.end()), from + e.start(), from + e.end(), 0);
            }
        }
        return null;
    }

    Cand personAfter(int from, int to) {
        // a Chinese name and its lead fit in 12 characters; a romanised one with a title needs more
        // ("Mr. Shen Guoliang" cut at 12 was "Shen Guol")
        int i = from;
        while (i < to && Character.isWhitespace(x.t.charAt(i))) {
            i++;
        }
        boolean latin = i < to && x.t.charAt(i) < 128 && Character.isLetter(x.t.charAt(i));
        int[] span = personSpan(from, Math.min(to, from + (latin ? 40 : 12)));
        return span == null ? null : new Cand(x.nt.surface(span[0], span[1]), span[0], span[1], 0);
    }

    /** A state owner as controller: "实际控制人为泸州市国有资产监督管理委员会". */
    private static final Pattern CONTROLLING_BODY = Pattern.compile(
            "^[\\u4e00-\\u9fa5]{2,24}?(?:国有资产监督管理委员会|国有资产监督管理局|国资委|人民政府|财政局|财政厅|管理委员会)"
                    // a body under the government: "XX市人民政府国有资产监督管理委员会"
                    + "(?:国有资产监督管理委员会|国有资产监督管理局|国资委|财政局|财政厅|管理委员会)?");

    Cand controllingBodyAfter(int from, int to) {
        Matcher m = CONTROLLING_BODY.matcher(x.t.substring(from, Math.min(to, from + 40)));
        if (m.find()) {
            return new Cand(x.nt.surface(from, from + m.end()), from, from + m.end(), 0);
        }
        return companyAfter(from, to);
    }

    /** "（以下简称“华创精密”或“公司”）": the short names the report gives the borrower. */
    private static final Pattern ALIAS = Pattern.compile("(?:以下简称|下称|简称)\\s*[:：]?\\s*[“\"「『]([^”\"」』]{2,10})[”\"」』]");

    private List<String> aliases;
    /** Short names the report defines ("闽江集团") and the full names they stand for. */
    final Map<String, String> fullNames = new LinkedHashMap<>();

    /** Entities of {@code text}, with the report's defined short names read as companies. */
    List<Entity> entities(String text) {
        aliasAlternatives();
        return fullNames.isEmpty() ? Entities.find(text) : Entities.find(text, fullNames.keySet());
    }

    /** An English title before a person's name: the schema keeps the name alone ("Mr. Gu Wenhao" is "Gu Wenhao"). */
    private static final Pattern HONORIFIC = Pattern.compile("^(?:Mr|Mrs|Ms|Miss|Dr|Madam)\\.?\\s+(?=[A-Z][a-z])");

    /** The full name a short name stands for ("（以下简称“闽江集团”）"), else the name itself. */
    String canonical(String name) {
        if (name == null) {
            return null;
        }
        name = HONORIFIC.matcher(name).replaceFirst("");
        aliasAlternatives();
        String full = fullNames.get(name);
        return full != null ? full : name;
    }

    /** {@code |alias1|alias2} (quoted for a regex) for the borrower's short names, or "". */
    String aliasAlternatives() {
        if (aliases == null) {
            aliases = new ArrayList<>();
            Matcher m = ALIAS.matcher(x.t);
            while (m.find()) {
                String a = NormalizedText.stripBlanks(m.group(1));
                if (a.matches("公司|本公司|借款人|申请人|企业|我行|本行") || aliases.contains(a)) {
                    continue;
                }
                // the company named just before "（以下简称…）"
                String before = x.t.substring(Math.max(0, m.start() - 60), m.start());
                List<Entity> ents = Entities.find(before);
                Entity last = ents.isEmpty() ? null : ents.get(ents.size() - 1);
                String full = last != null && last.type().equals("company") && before.length() - last.end() <= 2
                        ? NormalizedText.stripBlanks(last.name()) : null;
                if (full != null) {
                    fullNames.put(a, full);
                }
                if (full == null || x.borrowerName() == null || ExtractionState.sameName(full, x.borrowerName())) {
                    aliases.add(a); // a short name of the borrower
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String a : aliases) {
            sb.append('|').append(Pattern.quote(a));
        }
        return sb.toString();
    }

    private static final Pattern FAMILY_NAME = Pattern.compile(
            "(?:配偶|妻子|丈夫|之子|之女|儿子|女儿|父亲|母亲|自然人|个人股东|(?i:spouse|wife|husband|son|daughter))\\s*([\\u4e00-\\u9fa5]{2,3}?)(?=提供|共同|承担|、|,|，|和|及|为|作为|以|的|夫妇|\\(|（|;|；|\\s|[a-z]|$)");

    /** Persons the report names elsewhere (legal representative, controller) and family members named by role. */
    List<Entity> knownPersons(String text) {
        List<Entity> out = new ArrayList<>();
        for (String f : List.of("borrower.controller", "borrower.legal_rep")) {
            Cand c = x.scalars.get(f);
            if (c != null) {
                String n = (String) c.value;
                int at = text.indexOf(n);
                if (at >= 0) {
                    out.add(new Entity(n, "person", at, at + n.length()));
                }
            }
        }
        Matcher m = FAMILY_NAME.matcher(text);
        while (m.find()) {
            out.add(new Entity(m.group(1), "person", m.start(1), m.end(1)));
        }
        return out;
    }

    static boolean isBank(String n) {
        return n.endsWith("银行") || n.contains("银行股份") || n.contains("分行") || n.contains("支行");
    }

    /** A person named just before a holding ("阎志刚持股40%") where name recognition missed them. */
    private static final Pattern HOLDER = Pattern.compile(
            "(?:^|(?<=[,，。;；、:：\\s和及与]))([\\u4e00-\\u9fa5]{2,3}?)(?:先生|女士)?"
                    // the holding may follow in a bracketed note, after the name's romanisation:
                    // "陆卫国（持股70%，控股股东）", "何锦荣 Mr. HO Kam Wing（持股60%）"
                    + "(?:\\s?(?:(?:Mr|Mrs|Ms|Miss|Dr)\\.?\\s?)?[A-Z][A-Za-z]*(?:\\s[A-Z][A-Za-z]*){1,3})?\\s?[(（]?"
                    + "(?:直接|间接|个人)?(?:持股|持有|占股)");

    /** Recognised names plus persons named before a holding that recognition missed. */
    List<Entity> parties(String text) {
        List<Entity> ents = new ArrayList<>(entities(text));
        Matcher h = HOLDER.matcher(text);
        while (h.find()) {
            String name = h.group(1);
            int hs = h.start(1);
            int he = h.end(1);
            if (Entities.SURNAMES.indexOf(name.charAt(0)) < 0 || name.matches(".*(公司|集团|股东|企业|其中|合计|分别|直接|间接).*")
                    || ents.stream().anyMatch(o -> hs < o.end() && he > o.start())) {
                continue;
            }
            ents.add(new Entity(name, "person", hs, he));
        }
        ents.sort(java.util.Comparator.comparingInt(Entity::start));
        return withoutNotes(text, ents);
    }

    /**
     * The entities less the persons named in a bracketed note right after another party
     * ("梁伟雄（梁伟强之弟）", "X有限公司（梁伟强控制的企业）"): the note says who they are, it
     * names no party of its own.
     */
    static List<Entity> withoutNotes(String text, List<Entity> ents) {
        List<Entity> out = new ArrayList<>();
        for (Entity en : ents) {
            boolean note = false;
            if (en.type().equals("person")) {
                int open = Math.max(text.lastIndexOf('(', en.start()), text.lastIndexOf('（', en.start()));
                int close = Math.max(text.lastIndexOf(')', en.start()), text.lastIndexOf('）', en.start()));
                if (open >= 0 && open > close) {
                    int closeAfter = text.length();
                    for (int i = en.end(); i < text.length(); i++) {
                        char c = text.charAt(i);
                        if (c == ')' || c == '）') {
                            closeAfter = i;
                            break;
                        }
                    }
                    String inside = text.substring(open + 1, Math.min(closeAfter, text.length()));
                    final int o = open;
                    boolean afterParty = ents.stream().anyMatch(p -> p != en && p.end() == o);
                    note = afterParty && closeAfter < text.length() && inside.length() > en.name().length()
                            && inside.matches(".*(之|的|控制|配偶|妻|夫|兄|弟|姐|妹|子|女|父|母|亲属|股东|法定代表人|实际控制人).*");
                }
            }
            if (!note) {
                out.add(en);
            }
        }
        return out;
    }
}
