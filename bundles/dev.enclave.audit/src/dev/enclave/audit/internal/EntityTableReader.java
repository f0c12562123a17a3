package dev.enclave.audit.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.audit.CreditReport.Collateral;
import dev.enclave.audit.CreditReport.Counterparty;
import dev.enclave.audit.CreditReport.RelatedParty;
import dev.enclave.audit.internal.ExtractionState.Item;
import dev.enclave.audit.internal.Structure.Cell;
import dev.enclave.audit.internal.Structure.Kind;
import dev.enclave.audit.internal.Structure.Line;

/**
 * Reads the entity tables of a report: one row per guarantee, collateral item, related party, supplier
 * or customer, its columns found by their header labels (担保人, 被担保人, 金额, 持股比例 …) and the
 * amounts scaled by the table's unit. {@link FinancialTableReader#tables} hands it each table whose
 * section or header names such a list.
 */
final class EntityTableReader {
    private final ExtractionState x;

    EntityTableReader(ExtractionState x) {
        this.x = x;
    }

    /** A table cell's name: the Chinese of "Sun Hai (孙海)" or "Qingdao … Co., Ltd. (青岛海运集团有限公司)". */
    static String cellName(String cell) {
        Matcher m = ExtractionState.ENGLISH_THEN_ZH.matcher(cell);
        return NormalizedText.stripBlanks(m.matches() ? m.group(1) : cell);
    }

    /** The column headings of an entity table ({@code heading.*} in reader-vocabulary.properties). */
    private static final Pattern BENEFICIARY = ReaderVocabulary.containing("heading.beneficiary");
    private static final Pattern NAME = ReaderVocabulary.containing("heading.name");
    private static final Pattern NAME_ENGLISH = Pattern.compile("(?i)\\s*(" + ReaderVocabulary.words("heading.name.english") + ")\\s*");
    private static final Pattern SHARE = ReaderVocabulary.containing("heading.share");
    private static final Pattern SHARE_ENGLISH = Pattern.compile("(?i)\\s*(" + ReaderVocabulary.words("heading.share.english")
            + ")(\\s*\\(%\\))?\\s*");
    private static final Pattern RELATION = ReaderVocabulary.containing("heading.relation");
    private static final Pattern LTV = ReaderVocabulary.containing("heading.ltv");
    private static final Pattern VALUE = ReaderVocabulary.containing("heading.value");
    private static final Pattern AMOUNT = ReaderVocabulary.containing("heading.amount");
    private static final Pattern KIND = ReaderVocabulary.containing("heading.kind");
    private static final Pattern COLLATERAL = ReaderVocabulary.containing("heading.collateral");
    private static final Pattern OWNER = ReaderVocabulary.containing("heading.owner");
    private static final Pattern LOCATION = ReaderVocabulary.containing("heading.location");

    void entityTable(List<Line> rows, String header, Kind k, long unit) {
        List<Cell> head = rows.get(0).cells;
        int nameCol = -1;
        int shareCol = -1;
        int relCol = -1;
        int amountCol = -1;
        int kindCol = -1;
        int benCol = -1;
        int typeCol = -1;
        int ownerCol = -1;
        int valueCol = -1;
        int ltvCol = -1;
        int locCol = -1;
        for (int i = 0; i < head.size(); i++) {
            String h = head.get(i).text();
            if (BENEFICIARY.matcher(h).matches()) {
                benCol = i;
            } else if ((NAME.matcher(h).matches()
                    || NAME_ENGLISH.matcher(h).matches()) && nameCol < 0
                    && !h.matches(".*(抵押物|押品)名称.*")) {
                nameCol = i;
            } else if (SHARE.matcher(h).matches() && !h.contains("抵押率") && !h.contains("质押率")
                    || SHARE_ENGLISH.matcher(h).matches()) {
                shareCol = i;
            } else if (RELATION.matcher(h).matches()) {
                relCol = i;
            } else if (LTV.matcher(h).matches()) {
                ltvCol = i;
            } else if (VALUE.matcher(h).matches()) {
                valueCol = i;
            } else if (AMOUNT.matcher(h).matches()) {
                amountCol = i;
            } else if (KIND.matcher(h).matches() && !h.matches(".*(抵押物|押品).*")) {
                if (k == Kind.COLLATERAL || header.matches(".*(抵押|质押|押品).*")) {
                    typeCol = i;
                } else {
                    kindCol = i;
                }
            } else if (COLLATERAL.matcher(h).matches()) {
                typeCol = i;
            } else if (OWNER.matcher(h).matches()) {
                ownerCol = i;
            } else if (LOCATION.matcher(h).matches()) {
                locCol = i;
            }
        }
        String hdr = header;
        boolean isCollateral = k == Kind.COLLATERAL || typeCol >= 0 && (valueCol >= 0 || ltvCol >= 0)
                || hdr.matches(".*(抵押物|押品|质押物).*");
        boolean isGuarantee = !isCollateral && (hdr.matches(".*(保证人|担保人|被担保).*") || k == Kind.GUARANTEES && nameCol >= 0);
        for (int r = 1; r < rows.size(); r++) {
            Line row = rows.get(r);
            List<Cell> c = row.cells;
            if (isCollateral) {
                String type = typeCol >= 0 && typeCol < c.size() ? CollateralReader.collateralType(c.get(typeCol).text()) : null;
                if (type == null) {
                    type = CollateralReader.collateralType(row.text);
                }
                String owner = ownerCol >= 0 && ownerCol < c.size() ? NormalizedText.stripBlanks(c.get(ownerCol).text()) : null;
                if (owner != null && owner.matches("借款人|本公司|公司|借款人自有")) {
                    owner = x.borrowerName();
                }
                Long val = valueCol >= 0 && valueCol < c.size() ? amt(c.get(valueCol).text(), ExtractionState.unitOr(head.get(valueCol).text(), unit > 0 ? unit : 1)) : null;
                Double ltv = ltvCol >= 0 && ltvCol < c.size() ? ratio(c.get(ltvCol).text()) : null;
                String loc = locCol >= 0 && locCol < c.size() ? NormalizedText.stripBlanks(c.get(locCol).text()) : null;
                if (type != null || val != null) {
                    x.collateral.add(new Item<>(new Collateral(type, blankToNull(owner), val, ltv, blankToNull(loc)), row.start, row.end, 3));
                }
                continue;
            }
            if (nameCol < 0 && benCol < 0 || (nameCol >= c.size() && benCol >= c.size())) {
                continue;
            }
            if (isGuarantee || k == Kind.GUARANTEES) {
                String kind = kindCol >= 0 && kindCol < c.size() ? GuaranteeReader.guaranteeKind(c.get(kindCol).text()) : GuaranteeReader.guaranteeKind(row.text);
                Long amount = amountCol >= 0 && amountCol < c.size() ? amt(c.get(amountCol).text(), ExtractionState.unitOr(head.get(amountCol).text(), unit > 0 ? unit : 1)) : null;
                if (benCol >= 0 && benCol < c.size()) {
                    String ben = NormalizedText.stripBlanks(c.get(benCol).text());
                    String g = nameCol >= 0 && nameCol < c.size() ? cellName(c.get(nameCol).text()) : x.borrowerName();
                    if (!ben.isEmpty() && g != null) {
                        x.guaranteeReader.addGuarantee(g, x.guaranteeReader.typeOf(g), ben, kind, amount, row.start, row.end, 3);
                    }
                } else {
                    String g = cellName(c.get(nameCol).text());
                    if (!g.isEmpty() && !g.matches("合计|小计|无")) {
                        x.guaranteeReader.addGuarantee(g, x.guaranteeReader.typeOf(g), null, kind, amount, row.start, row.end, 3);
                    }
                }
                continue;
            }
            if (nameCol >= c.size()) {
                continue;
            }
            String name = cellName(c.get(nameCol).text());
            if (name.isEmpty() || name.matches("合计|小计|其他|其它|总计")) {
                continue;
            }
            Double share = shareCol >= 0 && shareCol < c.size() ? ratio(c.get(shareCol).text()) : null;
            String h = head.get(nameCol).text() + "|" + hdr;
            Kind target = h.contains("供应商") ? Kind.SUPPLIERS : h.contains("客户") ? Kind.CUSTOMERS
                    : h.matches(".*(股东|关联).*") ? Kind.RELATED : k;
            // a 类别 column that says what each row is ("供应商 | 宝山钢铁… | 28%")
            String rowKind = kindCol >= 0 && kindCol < c.size() ? c.get(kindCol).text() : "";
            if (rowKind.matches(".*(供应商|上游).*")) {
                target = Kind.SUPPLIERS;
            } else if (rowKind.matches(".*(客户|下游).*")) {
                target = Kind.CUSTOMERS;
            }
            if (target == Kind.SUPPLIERS) {
                x.suppliers.add(new Item<>(new Counterparty(name, share), row.start, row.end, 3));
            } else if (target == Kind.CUSTOMERS) {
                x.customers.add(new Item<>(new Counterparty(name, share), row.start, row.end, 3));
            } else if (target == Kind.RELATED) {
                String rel = relCol >= 0 && relCol < c.size() ? NormalizedText.stripBlanks(c.get(relCol).text()) : null;
                if (rel == null || rel.isEmpty()) {
                    String under = rows.get(0).heading == null ? "" : rows.get(0).heading;
                    int at = x.st.lines.indexOf(rows.get(0));
                    for (int b = at - 1; b >= 0 && b >= at - 2; b--) {
                        if (x.st.lines.get(b).isHeading) {
                            under += "|" + x.st.lines.get(b).text; // the caption just above ("Shareholders")
                            break;
                        }
                    }
                    rel = h.contains("股东") || (h + "|" + under).matches("(?i).*(shareholder|股东|股权结构).*") ? "股东" : "关联方";
                }
                x.related.add(new Item<>(new RelatedParty(name, rel, share), row.start, row.end, 3));
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() || s.matches("[-—/无]+") ? null : s;
    }

    private Long amt(String s, long unit) {
        Values.Hit<Long> h = Values.amount(s, 0, unit);
        return h == null ? null : h.value();
    }

    static Double ratio(String s) {
        Values.Hit<Double> h = Values.ratio(s, 0, true, true);
        return h == null ? null : h.value();
    }
}
