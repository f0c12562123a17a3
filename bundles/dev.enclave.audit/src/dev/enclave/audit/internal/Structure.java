package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A report's layout on normalised text: lines, section headings and what each section is
 * about, table rows split into cells, and {@code 字段：值} pairs.
 */
final class Structure {

    /** What a section is about. */
    enum Kind {
        BORROWER, FACILITY, FINANCIALS, GUARANTEES, COLLATERAL, RELATED, SUPPLIERS, CUSTOMERS, RISKS, MITIGATION,
        OTHER, NONE
    }

    /** A span of normalised text. */
    record Cell(String text, int start, int end) {
    }

    /** One line with its section; {@code cells} has two or more entries for table rows. */
    static final class Line {
        final int start;
        final int end;
        final String text;
        Kind kind = Kind.NONE;
        String heading = "";
        boolean isHeading;
        List<Cell> cells = List.of();
        int table = -1;
        /** A wrapped cell's second line, joined to the row above ("湖南湘江汽车产业投资" + "集团有限公司"). */
        boolean continuation;

        Line(int start, int end, String text) {
            this.start = start;
            this.end = end;
            this.text = text;
        }
    }

    /** A label and its value. */
    record Pair(String label, Cell value, Line line) {
    }

    final String text;
    final List<Line> lines = new ArrayList<>();
    final List<List<Line>> tables = new ArrayList<>();
    final List<Pair> pairs = new ArrayList<>();

    private static final Pattern H1 = Pattern.compile(
            "^(?:#{1,3}\\s*)?(?:第[一二三四五六七八九十\\d]+[章节部分]|[一二三四五六七八九十]{1,3}\\s*[、.．]|[【\\[]"
                    + "|(?:Section|SECTION|Part|PART|Chapter|CHAPTER)\\s?(?:[A-Z]|[IVX]{1,4}|\\d{1,2})\\s?[-–—:.]?\\s?(?=[A-Za-z\\u4e00-\\u9fa5]))");
    private static final Pattern H2 = Pattern.compile("^(?:#{4,6}\\s*)?(?:[(（][一二三四五六七八九十]{1,3}[)）])");
    private static final Pattern H3 = Pattern.compile("^(?:\\d{1,2}(?:\\.\\d{1,2})*\\s*[、.．](?!\\d)|[(（]\\d{1,2}[)）]|[①②③④⑤⑥⑦⑧⑨⑩])");

    private static final Pattern INLINE_CAPTION = Pattern.compile("^([\\u4e00-\\u9fa5]{2,8})[:：]\\s*\\S");

    Structure(String text) {
        this.text = text;
        int pos = 0;
        while (pos <= text.length()) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl;
            lines.add(new Line(pos, end, text.substring(pos, end)));
            if (nl < 0) {
                break;
            }
            pos = nl + 1;
        }
        markContinuations();
        Kind k1 = Kind.NONE;
        Kind k2 = null;
        Kind k3 = null;
        String h1 = "";
        String h2 = "";
        for (Line line : lines) {
            String t = line.text.strip();
            int level = line.continuation ? 0 : headingLevel(t);
            if (level > 0) {
                line.isHeading = true;
                String title = stripNumbering(t);
                Kind k = classify(title);
                if (level == 1) {
                    k1 = k == Kind.OTHER && k1 == Kind.NONE ? Kind.OTHER : k;
                    k2 = null;
                    k3 = null;
                    h1 = title;
                    h2 = "";
                } else if (level == 2) {
                    k2 = k == Kind.OTHER ? null : k;
                    k3 = null;
                    h2 = title;
                } else if (k != Kind.OTHER) {
                    k3 = k;
                } else if (k3 != Kind.RISKS || !H3.matcher(t).find()) {
                    // a numbered short line under a risk caption ("风险：" then "1. 收入下滑") is an item of it
                    k3 = null;
                }
            }
            line.kind = k3 != null ? k3 : k2 != null ? k2 : k1;
            if (level == 0 && (line.kind == Kind.NONE || line.kind == Kind.OTHER)) {
                // a caption inline with its content ("股权结构：许志明出资…") titles its own line
                Matcher c = INLINE_CAPTION.matcher(t);
                if (c.find()) {
                    Kind k = classify(c.group(1));
                    if (k != Kind.OTHER) {
                        line.kind = k;
                    }
                }
            }
            line.heading = h2.isEmpty() ? h1 : h1 + "/" + h2;
            splitCells(line);
        }
        alignedColumns();
        joinContinuations();
        groupTables();
        collectPairs();
    }

    /** 1 for 一、, 2 for （一）, 3 for 1. / (1); 0 for a content line. */
    static int headingLevel(String t) {
        if (t.isEmpty() || t.length() > 40) {
            return 0;
        }
        int level;
        Matcher m;
        if ((m = H1.matcher(t)).find()) {
            level = 1;
        } else if ((m = H2.matcher(t)).find()) {
            level = 2;
        } else if ((m = H3.matcher(t)).find()) {
            level = 3;
        } else {
            if ((t.length() <= 16 || t.length() <= 32 && t.matches("[A-Za-z][A-Za-z /&\\-]*[:：]")) && (t.endsWith(":") || t.endsWith("："))
                    && classify(t.substring(0, t.length() - 1)) != Kind.OTHER) {
                return 3;
            }
            // a number and a short caption without a mark between them ("1 客户概况", "6 风险揭示")
            if (t.matches("\\d{1,2}\\s*[\\u4e00-\\u9fa5]{2,12}") && classify(t.replaceFirst("^\\d+\\s*", "")) != Kind.OTHER) {
                return 3;
            }
            // a short caption on a line of its own (风险揭示, 担保安排, "Risks / 风险") titles what follows;
            // a table row ("实际控制人<TAB>方建平") is not one
            if (t.indexOf('\t') >= 0 || t.indexOf('|') >= 0) {
                return 0;
            }
            String core = t.replaceAll("[A-Za-z\\s/&]", "");
            if (core.length() >= 2 && core.length() <= 8 && core.matches("[\\u4e00-\\u9fa5]+") && classify(core) != Kind.OTHER) {
                return 3;
            }
            // an English caption on its own line ("Shareholders", "Financial summary (RMB million)")
            if (t.matches("[A-Z][A-Za-z&/'\\-]*(?: [A-Za-z&/'\\-]+){0,3}(?: ?\\([A-Za-z0-9 ,'.]{1,20}\\))?")
                    && classify(t.replaceAll("\\(.*\\)", "").strip()) != Kind.OTHER) {
                return 3;
            }
            return 0;
        }
        String rest = t.substring(m.end()).strip();
        if (rest.isEmpty()) {
            return 0;
        }
        if (m.group().endsWith("【") || m.group().endsWith("[")) {
            int close = Math.max(rest.indexOf('】'), rest.indexOf(']'));
            if (close < 0 || close < rest.length() - 1) {
                return 0; // 【字段】值 is a pair, not a heading
            }
        }
        // a numbered item with a sentence is content, not a heading; a bracketed note such as
        // "（单位：万元）" is part of the heading
        String bare = rest.replaceAll("[(（][^()（）]{0,16}[)）]\\s*$", "");
        int colon = Math.max(bare.indexOf(':'), bare.indexOf('：'));
        // (a bilingual heading is measured by its Chinese: "6. Suppliers and Customers / 供应商与客户")
        int cjkLength = rest.replaceAll("[A-Za-z\\s/&\\-]", "").length();
        if (rest.contains("。") || rest.matches(".*[,，;；].*") || (colon >= 0 && colon < bare.length() - 1)
                || cjkLength > 24 || rest.length() > 64
                || rest.contains("\t") || rest.contains("|")) {
            return 0;
        }
        return level;
    }

    static String stripNumbering(String t) {
        String s = t.replaceFirst("^(?:#{1,6}\\s*)?(?:第[一二三四五六七八九十\\d]+[章节部分]|[一二三四五六七八九十]{1,3}\\s*[、.．]"
                + "|[(（][一二三四五六七八九十\\d]{1,3}[)）]|\\d{1,2}(?:\\.\\d{1,2})*\\s*[、.．]?|[①②③④⑤⑥⑦⑧⑨⑩]"
                + "|(?:Section|SECTION|Part|PART|Chapter|CHAPTER)\\s?(?:[A-Z]|[IVX]{1,4}|\\d{1,2})\\s?[-–—:.]?(?=\\s?[A-Za-z\\u4e00-\\u9fa5]))\\s*", "");
        return s.replaceAll("[【】\\[\\]:：]", "").strip();
    }

    static Kind classify(String title) {
        String t = title;
        if (!t.matches(".*[\\u4e00-\\u9fa5].*") && t.matches(".*[A-Za-z].*")) {
            return classifyEnglish(t.toLowerCase(java.util.Locale.ROOT));
        }
        if (t.matches(".*(缓释|防范|应对|控制措施|防控).*") && !t.matches(".*(风险(分析|揭示|提示|评价|识别|点)|主要风险).*")) {
            return Kind.MITIGATION;
        }
        if (t.contains("风险") && (!t.matches(".*(结论|意见).*") || t.matches(".*风险(提示|揭示|分析|点|因素)?(及|和|与|、).*")
                || t.matches(".*(及|和|与|、)(主要)?风险(提示|揭示|分析|点|因素)?$")) || t.matches(".*(发现的问题|存在的问题|主要问题|关注事项|预警信号).*")) {
            return Kind.RISKS;
        }
        if (t.matches(".*(概况|基本情况|简介).*") && t.matches(".*(集团|企业|公司|客户|借款人|申请人|授信主体|主体).*")
                && !t.matches(".*(关联|股东|股权|财务|经营|担保|抵押|质押|成员|上下游|供应|销售|授信(?!主体)|贷款|方案).*")) {
            // "集团概况", "集团及授信主体概况": the overview of the borrower, though it names the group
            return Kind.BORROWER;
        }
        if (t.matches(".*(供应商|上游|采购).*")) {
            return Kind.SUPPLIERS;
        }
        if (t.matches(".*(下游|主要客户|销售客户|前五大客户|客户情况|客户集中|销售情况).*")) {
            return Kind.CUSTOMERS;
        }
        if (t.matches(".*(对外担保|或有负债).*")) {
            return Kind.GUARANTEES;
        }
        if (t.matches(".*(关联|股东|股权|控制人|集团|组织架构|成员企业|成员单位|子公司|下属企业).*")) {
            return Kind.RELATED;
        }
        if (t.matches(".*(抵押|质押|押品|抵质押).*")) {
            return Kind.COLLATERAL;
        }
        if (t.matches(".*(担保|保证|增信).*")) {
            return Kind.GUARANTEES;
        }
        if (t.matches(".*(财务|经营情况|经营状况|报表|经营分析|偿债|盈利).*")) {
            return Kind.FINANCIALS;
        }
        if (t.matches(".*(银团(结构|安排|方案|概况|要素)|融资安排|授信安排|贷款要素|贷款发放|发放情况|授信使用|用信情况|贷款使用|授信方案|授信申请|申请事项|授信业务|贷款方案|授信品种|业务方案|融资方案|本次授信|授信概况|授信要素|方案|申请授信|授信内容|借款申请|贷款申请).*")) {
            return Kind.FACILITY;
        }
        if (t.matches(".*(借款人|申请人|承租人|基本情况|基本概况|客户概况|企业概况|公司概况|主体|企业简介|公司简介|客户简介).*")) {
            return Kind.BORROWER;
        }
        if (t.matches(".*(结论|意见|建议|声明|调查人|附件).*")) {
            return Kind.OTHER;
        }
        return Kind.OTHER;
    }

    /** Sections of an English-only heading ("KEY RISKS", "4. OWNERSHIP", "Security"). */
    private static Kind classifyEnglish(String t) {
        if (t.matches(".*\\b(mitigants?|mitigation)\\b.*")) {
            return Kind.MITIGATION;
        }
        if (t.matches(".*\\brisks?\\b.*")) {
            return Kind.RISKS;
        }
        if (t.matches(".*\\b(memo|memorandum|proposal|note|report|letter|application)\\s*$")) {
            // the document's title ("NEW CUSTOMER CREDIT PROPOSAL", "GROUP CUSTOMER CREDIT NOTE"), no section
            return Kind.OTHER;
        }
        if (t.matches(".*\\bsuppliers?\\b.*") && !t.matches(".*\\bcustomers?\\b.*")) {
            return Kind.SUPPLIERS;
        }
        if (t.matches(".*\\bcustomers?\\b.*") && !t.matches(".*\\bsuppliers?\\b.*")) {
            return Kind.CUSTOMERS;
        }
        if (t.matches(".*\\b(shareholders?|shareholding|ownership|related part(y|ies)|group structure)\\b.*")) {
            return Kind.RELATED;
        }
        if (t.matches(".*\\b(collateral|mortgages?|pledges?)\\b.*")) {
            return Kind.COLLATERAL;
        }
        if (t.matches(".*\\b(security|guarantees?|guarantors?|credit support|credit enhancement)\\b.*")) {
            return Kind.GUARANTEES;
        }
        if (t.matches(".*\\b(financials?|financial highlights|financial summary|financial review|performance|figures)\\b.*")) {
            return Kind.FINANCIALS;
        }
        if (t.matches(".*\\b(facility|facilities|proposal|proposed|loan|credit request|request)\\b.*")) {
            return Kind.FACILITY;
        }
        if (t.matches(".*\\b(obligor|borrower|client|company profile|profile|background|applicant)\\b.*|(the )?member( under review)?")) {
            return Kind.BORROWER;
        }
        return Kind.OTHER;
    }

    private void splitCells(Line line) {
        String t = line.text;
        if (t.indexOf('\t') < 0 && t.indexOf('|') < 0) {
            return;
        }
        List<Cell> cells = new ArrayList<>();
        int cs = line.start;
        for (int i = line.start; i <= line.end; i++) {
            char c = i < line.end ? text.charAt(i) : '\t';
            if (c == '\t' || c == '|') {
                int s = cs;
                int e = i;
                while (s < e && Character.isWhitespace(text.charAt(s))) {
                    s++;
                }
                while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
                    e--;
                }
                if (e > s || (c == '|' && i > line.start && cs > line.start)) {
                    cells.add(new Cell(text.substring(s, e), s, e));
                }
                cs = i + 1;
            }
        }
        if (cells.stream().allMatch(c -> c.text.matches("[-:\\s=+]*"))) {
            line.cells = List.of();
            line.isHeading = false;
            line.text.length();
            return;
        }
        if (cells.size() >= 2) {
            line.cells = cells;
        }
    }

    private static final Pattern COLUMN_GAP = Pattern.compile("[ \u3000]{2,}");

    /** Cells of a line whose columns are aligned with runs of spaces, or {@code null} for fewer than three. */
    private List<Cell> spacedCells(Line line) {
        if (!line.cells.isEmpty() || line.isHeading || line.text.isBlank()) {
            return null;
        }
        List<Cell> cells = new ArrayList<>();
        Matcher m = COLUMN_GAP.matcher(line.text);
        int from = 0;
        String lt = line.text;
        while (from < lt.length()) {
            boolean gap = m.find(from);
            int end = gap ? m.start() : lt.length();
            int s = from;
            while (s < end && Character.isWhitespace(lt.charAt(s))) {
                s++;
            }
            if (end > s) {
                cells.add(new Cell(lt.substring(s, end), line.start + s, line.start + end));
            }
            from = gap ? m.end() : lt.length();
        }
        return cells.size() >= 3 ? cells : null;
    }

    /**
     * A short line of one phrase between two rows of the same space-aligned table is the wrapped
     * rest of a cell of the row above, not a caption: "1  湖南湘江汽车产业投资  连带责任保证  8000"
     * / "集团有限公司" / "2  谭志远  连带责任保证  8000".
     */
    private void markContinuations() {
        for (int i = 1; i + 1 < lines.size(); i++) {
            Line l = lines.get(i);
            String t = l.text.strip();
            if (t.isEmpty() || t.length() > 20 || t.indexOf('\t') >= 0 || t.indexOf('|') >= 0
                    || COLUMN_GAP.matcher(t).find() || t.matches(".*[,，。;；:：!?！？].*") || t.matches(".*\\d.*")) {
                continue;
            }
            List<String> above = rowParts(lines.get(i - 1).text);
            List<String> below = rowParts(lines.get(i + 1).text);
            if (above.size() >= 3 && above.size() == below.size() && above.stream().anyMatch(x -> !x.matches(".*\\d.*"))) {
                l.continuation = true;
            }
        }
    }

    private static final Pattern ROW_GAP = Pattern.compile("\\t|\\||[ \u3000]{2,}");

    /** The non-blank cells of a row of tabs, bars or wide gaps. */
    private static List<String> rowParts(String t) {
        List<String> out = new ArrayList<>();
        for (String p : ROW_GAP.split(t.strip())) {
            if (!p.isBlank()) {
                out.add(p.strip());
            }
        }
        return out;
    }

    /** Joins each wrapped line to the widest word cell of the row above. */
    private void joinContinuations() {
        for (int i = 1; i < lines.size(); i++) {
            Line l = lines.get(i);
            Line row = lines.get(i - 1);
            if (!l.continuation || row.cells.size() < 3) {
                continue;
            }
            int best = -1;
            for (int c = 0; c < row.cells.size(); c++) {
                String x = row.cells.get(c).text();
                if (!x.matches(".*\\d.*") && (best < 0 || x.length() > row.cells.get(best).text().length())) {
                    best = c;
                }
            }
            List<Cell> cells = new ArrayList<>(row.cells);
            Cell c = cells.get(best);
            String rest = l.text.strip();
            int end = l.start + l.text.indexOf(rest) + rest.length();
            cells.set(best, new Cell(c.text() + rest, c.start(), end));
            row.cells = cells;
        }
    }

    /**
     * Plain-text tables whose columns line up with spaces ("年度  资产  负债  收入"): two or more
     * consecutive lines with the same number (three or more) of space-separated cells.
     */
    private void alignedColumns() {
        List<List<Cell>> split = new ArrayList<>();
        for (Line line : lines) {
            split.add(spacedCells(line));
        }
        for (int i = 0; i < lines.size(); i++) {
            List<Cell> c = split.get(i);
            if (c == null) {
                continue;
            }
            int pi = i - 1;
            while (pi > 0 && lines.get(pi).continuation) {
                pi--;
            }
            int ni = i + 1;
            while (ni < lines.size() - 1 && lines.get(ni).continuation) {
                ni++;
            }
            boolean prev = pi >= 0 && split.get(pi) != null && split.get(pi).size() == c.size();
            boolean next = ni < lines.size() && split.get(ni) != null && split.get(ni).size() == c.size();
            if (prev || next) {
                lines.get(i).cells = c;
            }
        }
    }

    private void groupTables() {
        List<Line> current = null;
        for (Line line : lines) {
            boolean sep = !line.text.isBlank() && line.text.replaceAll("[-|:\\s=+]", "").isEmpty();
            if (line.cells.size() >= 2) {
                if (current == null) {
                    current = new ArrayList<>();
                    tables.add(current);
                }
                line.table = tables.size() - 1;
                current.add(line);
            } else if (!sep && !line.continuation) {
                current = null;
            }
        }
    }

    private static final Pattern BRACKET_LABEL = Pattern.compile("^\\s*[【\\[]([^】\\]]{2,12})[】\\]]\\s*[:：]?\\s*(\\S.*)$");
    private static final Pattern SEGMENT = Pattern.compile("[^\\t;；|]+");

    private void collectPairs() {
        for (Line line : lines) {
            if (line.isHeading && line.cells.isEmpty()) {
                continue;
            }
            if (line.cells.size() >= 2 && line.table >= 0 && isHeaderRow(line)) {
                // a header of labels over one row of values: 授信品种 | 金额 | 期限
                List<Line> rows = tables.get(line.table);
                Line values = rows.get(1);
                for (int i = 0; i < line.cells.size() && i < values.cells.size(); i++) {
                    String label = cleanLabel(line.cells.get(i).text);
                    if (LabelMap.isKnown(label)) {
                        pairs.add(new Pair(label, values.cells.get(i), values));
                    }
                }
                continue;
            }
            if (line.table >= 0 && tables.get(line.table).indexOf(line) == 1 && isHeaderRow(tables.get(line.table).get(0))) {
                continue;
            }
            if (line.cells.size() >= 2 && !isKeyValueRow(line.cells)) {
                // "法定代表人：<TAB>王振华<TAB>实际控制": a label cell that ends in a colon, its value in the next cell
                List<Cell> c = line.cells;
                for (int i = 0; i + 1 < c.size(); i++) {
                    String raw = c.get(i).text.strip();
                    String next = c.get(i + 1).text.strip();
                    if ((raw.endsWith(":") || raw.endsWith("：")) && !next.endsWith(":") && !next.endsWith("：")
                            && isLabel(cleanLabel(raw)) && LabelMap.isKnown(cleanLabel(raw))) {
                        pairs.add(new Pair(cleanLabel(raw), c.get(i + 1), line));
                    }
                }
            }
            brokenLabel(line);
            if (line.cells.size() >= 2 && isKeyValueRow(line.cells)) {
                List<Cell> c = line.cells;
                for (int i = 0; i + 1 < c.size(); i += 2) {
                    String label = cleanLabel(c.get(i).text);
                    if (isLabel(label)) {
                        pairs.add(new Pair(label, c.get(i + 1), line));
                    }
                }
            }
            Matcher br = BRACKET_LABEL.matcher(line.text);
            if (br.find()) {
                String label = cleanLabel(br.group(1));
                int vs = line.start + br.start(2);
                int ve = line.start + br.end(2);
                while (ve > vs && Character.isWhitespace(text.charAt(ve - 1))) {
                    ve--;
                }
                if (isLabel(label) && ve > vs) {
                    pairs.add(new Pair(label, new Cell(text.substring(vs, ve), vs, ve), line));
                }
                continue;
            }
            Matcher m = SEGMENT.matcher(labelStops(ocrColons(englishSentences(line.text))));
            while (m.find()) {
                String seg = m.group();
                int colon = -1;
                for (int i = 0; i < Math.min(seg.length(), seg.matches("^[A-Za-z].*") ? 36 : 20); i++) {
                    if (seg.charAt(i) == ':') {
                        colon = i;
                        break;
                    }
                }
                if (colon <= 0) {
                    continue;
                }
                String label = cleanLabel(seg.substring(0, colon));
                if (!isLabel(label)) {
                    continue;
                }
                int vs = line.start + m.start() + colon + 1;
                int ve = line.start + m.end();
                boolean dashed = "—－-→=".indexOf(text.charAt(vs - 1)) >= 0; // the separator was a dash run
                while (vs < ve && (Character.isWhitespace(text.charAt(vs)) || dashed && "—－->→".indexOf(text.charAt(vs)) >= 0)) {
                    vs++;
                }
                while (ve > vs && (Character.isWhitespace(text.charAt(ve - 1)) || text.charAt(ve - 1) == '。'
                        || text.charAt(ve - 1) == '.' && ve - 2 >= vs && !Character.isDigit(text.charAt(ve - 2))
                                && !NormalizedText.abbreviationDot(text, ve - 1))) {
                    ve--; // "Industry: 通用设备制造业." ends with an English full stop
                }
                if (ve > vs) {
                    pairs.add(new Pair(label, new Cell(text.substring(vs, ve), vs, ve), line));
                }
            }
        }
    }

    private static final Pattern LABEL_TAIL = Pattern.compile("(?:^|[\\t\\s])([\\u4e00-\\u9fa5]{2,6})\\s*$");
    private static final Pattern LABEL_REST = Pattern.compile("^\\s*([\\u4e00-\\u9fa5]{1,4})\\s*[:：;；]\\s*(\\S.*?)\\s*$");

    /**
     * A label that OCR broke over two lines ("…  实际控制" then "人：王振华"): the line's last
     * word and the next line's head form a known label, the rest of the next line is its value.
     */
    private void brokenLabel(Line line) {
        int idx = lines.indexOf(line);
        if (idx < 0 || idx + 1 >= lines.size()) {
            return;
        }
        Matcher tail = LABEL_TAIL.matcher(line.text);
        if (!tail.find() || LabelMap.isKnown(tail.group(1))) {
            return;
        }
        Line next = lines.get(idx + 1);
        Matcher rest = LABEL_REST.matcher(next.text);
        if (!rest.find()) {
            return;
        }
        String label = tail.group(1) + rest.group(1);
        if (LabelMap.isKnown(label) && !LabelMap.isKnown(rest.group(1))) {
            int vs = next.start + rest.start(2);
            int ve = next.start + rest.end(2);
            pairs.add(new Pair(label, new Cell(text.substring(vs, ve), vs, ve), next));
        }
    }

    private static final Pattern STOP_LABEL = Pattern.compile("[。.,，](?=\\s*([\\u4e00-\\u9fa5]{2,8})\\s*[:：])");

    /**
     * The line with a segment break (same length) at a full stop or comma that a known label
     * and colon follow ("供应商：A（占比46%）。客户：B", "…年化4.35%，用途：X，还款来源：Y"), so
     * that each label keeps its own value.
     */
    private static String labelStops(String line) {
        Matcher m = STOP_LABEL.matcher(line);
        StringBuilder sb = null;
        while (m.find()) {
            if (LabelMap.isKnown(m.group(1))) {
                if (sb == null) {
                    sb = new StringBuilder(line);
                }
                sb.setCharAt(m.start(), '\t');
            }
        }
        return sb == null ? line : sb.toString();
    }

    /** An English sentence start after a full stop ("…2016. Legal representative: …"). */
    private static final Pattern ENGLISH_SENTENCE = Pattern.compile("(?<=[^\\d\\s.]\\.)\\s*(?=[A-Z][a-z])");

    /**
     * The line with a segment break (a tab, same length) where an English sentence starts after
     * a full stop, so that labels inside an English paragraph open their own segments.
     */
    private static String englishSentences(String line) {
        if (!line.matches(".*[a-z].*")) {
            return line;
        }
        StringBuilder sb = new StringBuilder(line);
        Matcher m = ENGLISH_SENTENCE.matcher(line);
        while (m.find()) {
            if (m.end() > 0 && m.end() < sb.length() && m.start() == m.end()) {
                // a zero-width start: mark the full stop itself as the break
                sb.setCharAt(m.start() - 1, '\t');
            } else if (m.end() > m.start()) {
                sb.setCharAt(m.start(), '\t');
            }
        }
        return sb.toString();
    }

    /** A known label followed by a semicolon at the start of a line or cell ("借款企业; 合肥庐阳…" from OCR). */
    private static final Pattern OCR_COLON = Pattern.compile(
            "(?:^|(?<=\\t))\\s*([\\u4e00-\\u9fa5()（）/]{2,12})\\s*([;；]|——|—|－{1,2}|-{2,3}|→|=>)(?=\\s*\\S)");

    /** The line with OCR's semicolons after known labels read as colons (same length). */
    static String ocrColons(String line) {
        Matcher m = OCR_COLON.matcher(line);
        StringBuilder sb = null;
        while (m.find()) {
            if (LabelMap.isKnown(cleanLabel(m.group(1))) || m.group(1).matches("风险(提示|揭示|点)?")) {
                if (sb == null) {
                    sb = new StringBuilder(line);
                }
                sb.setCharAt(m.start(2), ':');
                for (int k = m.start(2) + 1; k < m.end(2); k++) {
                    sb.setCharAt(k, ' '); // "申请人名称 —— X": a dash run as the separator
                }
            }
        }
        return sb == null ? line : sb.toString();
    }

    static String cleanLabel(String s) {
        return stripNumbering(s.strip()).replaceAll("\\s", "");
    }

    static boolean isLabel(String label) {
        if (label.matches("[A-Za-z][A-Za-z.\\-/&]{1,35}")) {
            return LabelMap.isKnown(label); // an English label of a bilingual memo
        }
        return !label.isEmpty() && label.length() <= 16 && !label.matches(".*[。，,\\d]{1,}.*[\\u4e00-\\u9fa5].*[。，].*")
                && label.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }

    /** The first row of a table whose cells are mostly labels and whose second row holds no labels. */
    private boolean isHeaderRow(Line line) {
        List<Line> rows = tables.get(line.table);
        if (rows.get(0) != line || rows.size() < 2 || rows.get(1).cells.size() != line.cells.size()) {
            return false;
        }
        long labels = line.cells.stream().filter(c -> LabelMap.isKnown(cleanLabel(c.text))).count();
        long valueLabels = rows.get(1).cells.stream().filter(c -> LabelMap.isKnown(cleanLabel(c.text))).count();
        boolean years = line.cells.stream().anyMatch(c -> c.text.matches(".*(19|20)\\d{2}.*"));
        return labels * 2 >= line.cells.size() && labels >= 2 && valueLabels == 0 && !years;
    }

    private static boolean isKeyValueRow(List<Cell> c) {
        if (c.size() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < c.size(); i += 2) {
            if (!LabelMap.isKnown(cleanLabel(c.get(i).text))) {
                return false;
            }
        }
        return true;
    }

    /** The line that contains normalised offset {@code pos}. */
    Line lineAt(int pos) {
        int lo = 0;
        int hi = lines.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lines.get(mid).start <= pos) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lines.get(lo);
    }
}
