package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.audit.internal.ExtractionState.Item;
import dev.enclave.audit.internal.Structure.Kind;
import dev.enclave.audit.internal.Structure.Line;

/**
 * The risk-statements reader of the built-in rules: the risks a report states itself (a risk
 * section's items and phrases, "风险提示：一是…；二是…", "需关注：A；B", a committee member's
 * concern, "Key risks"), each with its span in the normalised text. Not thread-safe; one reader
 * per report, run by {@link RuleExtractor} after the other phases.
 */
final class RiskStatementReader {
    private final NormalizedText nt;
    private final String t;
    private final Structure st;
    private final List<Item<String>> risks;

    /** A reader over {@code nt}'s text and its {@code st}ructure that adds what it finds to {@code risks}. */
    RiskStatementReader(NormalizedText nt, Structure st, List<Item<String>> risks) {
        this.nt = nt;
        this.t = nt.text;
        this.st = st;
        this.risks = risks;
    }

    /**
     * A risk list opening a line outside a risk section: "风险提示：一是…；二是…", "【风险提示】1.…；2.…",
     * "六、风险分析。（一）…", "Risks 风险: 1. …; 2. …".
     */
    private static final Pattern INLINE_RISKS = Pattern.compile(
            "^\\s*(?:[一二三四五六七八九十]{1,3}[、.]|\\d{1,2}[、.](?!\\d))?\\s*[【\\[]?\\s*(?:(?i:key\\s?)?(?i:risks?)\\s*/?\\s*)?"
                    + "(?:[\\u4e00-\\u9fa5]{0,8}?(?:风险提示|风险揭示|主要风险|风险点|风险因素)|风险分析|[\\u4e00-\\u9fa5]{0,6}的风险|风险)"
                    + "(?:如下|包括|主要有|有)?\\s*(?:[】\\]]\\s*[:：]?|[:：。])");
    /** A risk list announced inside a sentence: "我部认为，需关注以下风险：A；B。". */
    private static final Pattern LISTED_RISKS = Pattern.compile(
            "(?:以下风险|下列风险|如下风险|风险如下|以下几方面风险|主要风险(?:为|有|包括))\\s*[:：]");
    /** The label of a form row that lists risks. */
    private static final Pattern RISK_LABEL = Pattern.compile("(主要)?风险(提示|揭示|点|因素|关注点)?|风险及防范|(?i:key risks?|risks?)");
    /** A committee member's or reviewer's concern: "X委员认为，…", "审查人提示…". */
    private static final Pattern OPINION = Pattern.compile(
            "(?:委员|与会人员|评审人员?|审查人员?|审批人)(?:认为|指出|提示|提出|关注到?|担心|强调)[,，:：]?");
    /** An item number inside a risk list: 1. / 1、 / (1) / （一） / ①. */
    static final Pattern ITEM_NUMBER = Pattern.compile(
            "(?:[(（][一二三四五六七八九十\\d]{1,2}[)）]|(?<![\\d.])\\d{1,2}[、.．)）](?!\\d)|[①②③④⑤⑥⑦⑧⑨⑩])");

    /** Adds every risk the report states to the list. */
    void read() {
        boolean headingIsItem = false;
        for (Line l : st.lines) {
            if (l.cells.size() == 2 && RISK_LABEL.matcher(Structure.cleanLabel(l.cells.get(0).text())).matches()) {
                // a form row "风险提示<TAB>对外担保较多；行业季节性明显"
                riskSentences(l.cells.get(1).start(), l.cells.get(1).end(), true);
                continue;
            }
            Matcher concerns = CONCERNS.matcher(l.text);
            if (!l.isHeading && l.cells.size() < 2 && concerns.find() && !l.text.substring(concerns.end()).isBlank()) {
                riskSentences(l.start + concerns.end(), l.end, true); // "…按约定用途使用。需关注：A；B；C。"
                continue;
            }
            if (l.kind != Kind.RISKS && !l.isHeading && l.cells.size() < 2) {
                Matcher inline = INLINE_RISKS.matcher(Structure.ocrColons(l.text));
                Matcher listed = LISTED_RISKS.matcher(l.text);
                if (inline.find() && inline.end() < l.text.strip().length()) {
                    riskSentences(l.start + inline.end(), l.end, true);
                } else if (listed.find() && listed.end() < l.text.strip().length()) {
                    riskSentences(l.start + listed.end(), l.end, true);
                } else if (englishList(l)) {
                    continue;
                } else {
                    // minutes of a credit committee: "顾华委员认为，企业对大客户依赖程度较高；沈洁委员提示…风险"
                    Matcher op = OPINION.matcher(l.text);
                    while (op.find()) {
                        int end = op.end();
                        while (end < l.text.length() && "。；;".indexOf(l.text.charAt(end)) < 0) {
                            end++;
                        }
                        riskSentences(l.start + op.end(), l.start + end, false);
                    }
                }
            }
            if (l.kind != Kind.RISKS || l.text.isBlank()) {
                if (l.isHeading) {
                    headingIsItem = false;
                }
                continue;
            }
            String text = l.text.strip();
            if (l.isHeading) {
                // a sub-heading that names a risk (（一）行业风险) is an item; its paragraph explains it
                headingIsItem = false;
                if (Structure.headingLevel(text) > 1) {
                    String title = Structure.stripNumbering(text);
                    String core = title.replaceAll("[A-Za-z\\s/&.,]", "");
                    boolean english = core.isEmpty() && title.matches("[A-Za-z][A-Za-z ,'/\\-]{5,}\\.?")
                            && !text.endsWith(":") && !text.endsWith("：") && !RISK_CAPTION.matcher(title).matches();
                    if ((core.length() >= 2 || english) && !core.equals("风险")
                            && !core.matches(".*(风险分析|风险评价|主要风险|风险揭示|风险提示|风险识别|风险因素|风险点|风险评估)$")
                            && !core.matches(".*(关注事项|存在的问题|发现的问题|主要问题|预警信号)$")) {
                        int off = l.text.indexOf(title.substring(0, 1));
                        addRisk(l.start + Math.max(off, 0), l.end, title);
                        headingIsItem = true;
                    }
                }
                continue;
            }
            if (headingIsItem || text.endsWith(":") || text.endsWith("：")) {
                continue;
            }
            if (englishList(l)) {
                continue; // "We consider the key risks to be A and B." under a risks heading
            }
            boolean numbered = text.matches("^(?:\\d{1,2}\\s*[、.．)）]|[(（]\\d{1,2}[)）]|[①②③④⑤⑥⑦⑧⑨⑩]|[-•·*]|[一二三四五六七八九十]+[、.]).*");
            if (numbered && INLINE_ITEMS.matcher(text).find()) {
                riskSentences(l.start, l.end, true); // "1. 资产负债率较高; 2. 营业收入下降较快; 3. …" on one line
            } else if (numbered) {
                String item = Structure.stripNumbering(text).replaceFirst("^[-•·*]\\s*", "");
                // "1. 营业收入下滑风险。2023年…": the first sentence names the risk
                int stop = item.indexOf('。');
                String first = stop > 0 && stop < item.length() - 1 ? item.substring(0, stop) : item;
                int off = l.text.indexOf(first.isEmpty() ? text : first.substring(0, Math.min(2, first.length())));
                int s0 = l.start + Math.max(off, 0);
                addRisk(s0, Math.min(l.end, s0 + first.length()), first);
            } else {
                // "A；B；C。": short phrases in a risk section, each one a risk
                String[] parts = text.replaceAll("[。.]$", "").split("[；;]");
                boolean phrases = parts.length >= 2 && java.util.Arrays.stream(parts).allMatch(p -> p.strip().length() >= 4 && p.strip().length() <= 40);
                riskSentences(l.start, l.end, phrases);
            }
        }
    }

    /**
     * An English sentence that announces its risks ("The main risks are A and B.", "We draw your
     * attention to two risks: first, A; second, B.").
     */
    private static final Pattern EN_LISTED = Pattern.compile(
            "(?i)\\brisks?\\s?(?:are|is|include)\\s|\\b(?:two|three|four|main|principal|key|major)\\s?(?:main\\s?|principal\\s?|key\\s?)?risks?\\s?:\\s?"
                    // "We consider the key risks to be A and B", "We wish to draw attention to A and B", "We identify A and B as the key risks"
                    + "|\\bconsider\\s?the\\s?(?:key|main|principal|major)\\s?risks?\\s?to\\s?be\\s|\\bdraw\\s?(?:your\\s?)?attention\\s?to\\s|\\bwe\\s?identify\\s");
    /** "… as the key risks": the end of a list that names its risks first. */
    private static final Pattern EN_LIST_TAIL = Pattern.compile("(?i)\\s?as\\s?(?:the\\s?)?(?:key|main|principal|major)\\s?risks?");
    /** Where one risk of an English list ends and the next begins. */
    private static final Pattern EN_ITEM_BREAK = Pattern.compile("(?i)(?:,|;)?\\s?(?:\\band\\s|\\b(?:first|second|third|finally),?\\s)|;\\s?");

    /** Reads the risks of an English sentence that lists them; whether it did. */
    private boolean englishList(Line l) {
        String text = l.text;
        if (text.matches("(?s).*[\\u4e00-\\u9fa5].*")) {
            return false;
        }
        Matcher m = EN_LISTED.matcher(text);
        if (!m.find()) {
            return false;
        }
        int end = text.length();
        Matcher stop = Pattern.compile("(?<=[a-z0-9)])(?<![Ll]td|[Cc]o|[Ii]nc|Mr|Ms|No)\\.(?:\\s?[A-Z]|\\s*$)").matcher(text);
        if (stop.find(m.end())) {
            end = stop.start();
        }
        Matcher tail = EN_LIST_TAIL.matcher(text.substring(0, end));
        if (tail.find(m.end())) {
            end = tail.start();
        }
        int from = m.end();
        boolean any = false;
        Matcher br = EN_ITEM_BREAK.matcher(text.substring(0, end));
        br.region(from, end);
        while (true) {
            boolean found = br.find();
            // "movements between the US dollar and the renminbi": an "and" after "between" joins, it does not list
            while (found && text.substring(from, br.start()).matches("(?is).*\\bbetween\\b(?!.*\\band\\b).*")
                    && br.group().strip().equalsIgnoreCase("and")) {
                found = br.find();
            }
            int to = found ? br.start() : end;
            String item = text.substring(from, to).strip();
            if (item.length() >= 6) {
                addRisk(l.start + from + (text.substring(from, to).length() - text.substring(from, to).stripLeading().length()),
                        l.start + to, item);
                any = true;
            }
            if (!found) {
                break;
            }
            from = br.end();
        }
        return any;
    }

    /** An English caption over a list of risks ("Key risks", "Risk factors"), not a risk itself. */
    private static final Pattern RISK_CAPTION = Pattern.compile(
            "(?i)(?:(?:key|main|major|principal|material|identified|credit)\\s*)?risks?(?:\\s*(?:factors|analysis|assessment|summary|identified|and mitigants?))?\\s*\\.?");
    /** A cue that the concerns follow: "需关注：", "应关注以下风险：". */
    private static final Pattern CONCERNS = Pattern.compile(
            "(?:需要?|应当?|值得|请)(?:重点|持续|特别)?关注(?:以下|如下|下列)?(?:几个方面|方面|风险|事项|问题)?\\s*[:：]");

    /** A second item number after a semicolon or full stop on the same line ("…较高; 2. …"). */
    private static final Pattern INLINE_ITEMS = Pattern.compile(
            "[；;。]\\s*(?:\\d{1,2}\\s*[、.．)）](?!\\d)|[(（]\\d{1,2}[)）]|[①②③④⑤⑥⑦⑧⑨⑩]|[(（][一二三四五六七八九十]{1,2}[)）])");

    /**
     * Risks stated as sentences between {@code from} and {@code to} ("一是…；二是…", "…风险。"). In a
     * {@code listed} run (after a risk label) every item counts, and numbered items ("1.…2.…",
     * "（一）…（二）…") are split even without punctuation between them.
     */
    private void riskSentences(int from, int to, boolean listed) {
        List<int[]> pieces = new ArrayList<>();
        int s = from;
        for (int i = from; i <= to; i++) {
            if (i == to || t.charAt(i) == '。' || t.charAt(i) == '；' || t.charAt(i) == ';') {
                pieces.add(new int[] { s, i });
                s = i + 1;
            }
        }
        if (listed) {
            List<int[]> split = new ArrayList<>();
            for (int[] p : pieces) {
                Matcher num = ITEM_NUMBER.matcher(t.substring(p[0], p[1]));
                int ps = p[0];
                while (num.find()) {
                    int at = p[0] + num.start();
                    if (at > ps && !t.substring(ps, at).isBlank() && !t.substring(ps, at).strip().matches(".*[\\d.]$")) {
                        split.add(new int[] { ps, at });
                        ps = at;
                    }
                }
                split.add(new int[] { ps, p[1] });
            }
            pieces = split;
        }
        for (int[] p : pieces) {
            String raw = t.substring(p[0], p[1]);
            String sent = raw.strip();
            // "…如下：", "本次检查发现：": a short lead that announces the list
            Matcher intro = Pattern.compile("^.*(?:如下|以下风险|以下几方面|主要有|主要存在|主要包括)[:：,，]?|^[^，,。；;:：]{2,10}(?:发现|关注到|注意到|认为|提示)[:：]").matcher(sent);
            int skip = intro.find() && intro.end() < sent.length() ? intro.end() : 0;
            String rest = sent.substring(skip);
            Matcher num = ITEM_NUMBER.matcher(rest);
            if (num.lookingAt()) {
                rest = rest.substring(num.end()).stripLeading();
            } else if (listed && rest.matches("^[一二三四五六七八九十]{1,2}[、.].*")) {
                rest = rest.substring(rest.indexOf(rest.matches("^[一二三四五六七八九十]{1,2}、.*") ? '、' : '.') + 1).stripLeading();
            }
            String unnumbered = rest.replaceFirst("^(?:一是|二是|三是|四是|五是|六是|其一|其二|其三|首先|其次|再次|最后)[,，:：]?", "");
            boolean enumerated = unnumbered.length() < rest.length() || num.lookingAt();
            rest = unnumbered;
            int rs = p[0] + (raw.length() - raw.stripLeading().length()) + (sent.length() - rest.length());
            boolean concluding = rest.matches(".*(风险(总体|基本)?可控|综上|风险较小|可以接受).*");
            if (!concluding && ((listed || enumerated) && rest.replaceAll("[\\s。.,，;；]", "").length() >= 4
                    || rest.length() >= 4 && rest.contains("风险") || rest.length() >= 6
                            && rest.matches(".*(下降|下滑|波动|集中|较高|偏高|较多|过多|过高|偏低|较低|较大|不足|依赖|加剧|压力|紧张|逾期|诉讼|为负|转负|亏损|延期|趋严|恶化|萎缩|放缓|下行|延误|不确定|不稳定).*"))) {
                addRisk(rs, p[1], rest);
            }
        }
    }

    /** An English caption followed by its Chinese: "Revenue decline 收入下滑". */
    private static final Pattern BILINGUAL_ITEM = Pattern.compile("^[A-Za-z][A-Za-z ,'/\\-]*\\s*([\\u4e00-\\u9fa5][^A-Za-z]*)$");

    private void addRisk(int s, int e, String text) {
        // blanks go, except between words of English ("Technology iteration risk")
        String v = nt.original.substring(nt.start(s), nt.end(e)).replaceAll("(?<=[A-Za-z,])[ \\u3000]+(?=[A-Za-z])", "\u0001");
        v = NormalizedText.stripBlanks(v).replace('\u0001', ' ').replaceAll("[。；;，,、：:\\s]+$", "").replaceAll("(?<=[A-Za-z])\\.$", "")
                .replaceAll("(?<=\\p{IsHan})\\.(?=\\p{IsHan})", "，"); // OCR's "." between characters
        Matcher bilingual = BILINGUAL_ITEM.matcher(v);
        if (bilingual.matches()) {
            v = bilingual.group(1); // "High leverage 高杠杆": the Chinese the rest of the report is in
        }
        if (v.length() > 120) {
            v = v.substring(0, 120);
        }
        if (v.length() >= 2) {
            risks.add(new Item<>(v, s, e, 1));
        }
    }
}
