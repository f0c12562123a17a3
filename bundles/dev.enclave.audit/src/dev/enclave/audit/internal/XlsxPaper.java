package dev.enclave.audit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.ClientAnchor;
import org.apache.poi.ss.usermodel.Drawing;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReport.Financial;
import dev.enclave.audit.CreditReport.Guarantee;
import dev.enclave.audit.Finding;
import dev.enclave.audit.Portfolio;

/**
 * The working paper as an Excel workbook, one sheet per table: numbers are numeric cells with
 * formats (万元 with separators, percentages), every sheet has a frozen header row and filters and
 * prints landscape one page wide. Labels in the paper's locale.
 */
final class XlsxPaper {
    private final PaperText t;
    private CellStyle header;
    private CellStyle text;
    private CellStyle wan;
    private CellStyle pct;
    private CellStyle ratio;
    private CellStyle integer;

    XlsxPaper(PaperText t) {
        this.t = t;
    }

    /** A cell's content: text, or a number with its style. */
    private record V(Object value, CellStyle style) {
    }

    void write(Portfolio p, Map<String, String> texts, String auditor, OutputStream out) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            styles(wb);
            List<List<V>> rows = new ArrayList<>();
            for (CreditReport r : p.reports()) {
                int year = r.financials().stream().mapToInt(Financial::year).max().orElse(0);
                rows.add(List.of(s(r.borrower().name()), s(r.borrower().creditCode()), s(r.facility().product()),
                        num(r.facility().amountYuan() == null ? null : r.facility().amountYuan() / 10_000.0, wan),
                        num(r.facility().termMonths(), integer), num(r.figure(year, "debt_to_asset_ratio"), pct),
                        num(r.figure(year, "current_ratio"), ratio), s(t.codes(r.risksImplied())),
                        s(PaperText.fileName(r.source()))));
            }
            sheet(wb, t.label("paper.sheet.portfolio"), List.of(t.label("paper.col.borrower"), t.label("paper.col.code"),
                    t.label("paper.col.product"), t.label("paper.col.amount"), t.label("paper.col.term"),
                    t.label("paper.col.dar"), t.label("paper.col.cr"), t.label("paper.col.risks"), t.label("paper.col.file")),
                    new int[] { 30, 22, 16, 14, 10, 12, 10, 36, 30 }, rows);

            rows = new ArrayList<>();
            for (Finding f : p.findings()) {
                rows.add(List.of(s(f.id()), s(t.severity(f.severity())), s(t.code(f.code())),
                        s(String.join(t.chinese() ? "、" : ", ", f.subjects())), s(f.message(t.locale)), s(t.decision(f)),
                        s(t.quotes(f.evidence(), texts))));
            }
            sheet(wb, t.label("paper.sheet.findings"), List.of(t.label("paper.col.id"), t.label("paper.col.severity"),
                    t.label("paper.col.finding"), t.label("paper.col.subjects"), t.label("paper.col.message"),
                    t.label("paper.col.decision"), t.label("paper.col.evidence")), new int[] { 24, 10, 18, 30, 60, 16, 70 },
                    rows);

            rows = new ArrayList<>();
            for (CreditReport r : p.reports()) {
                for (dev.enclave.audit.KeyElement e : t.elements(r, texts.get(r.source()))) {
                    rows.add(List.of(s(r.borrower().name()), s(PaperText.fileName(r.source())), s(e.label()), s(e.value()),
                            s(e.evidence())));
                }
            }
            sheet(wb, t.label("paper.sheet.elements"), List.of(t.label("paper.col.borrower"), t.label("paper.col.file"),
                    t.label("paper.col.element"), t.label("paper.col.value"), t.label("paper.col.evidence")),
                    new int[] { 30, 28, 20, 50, 70 }, rows);

            rows = new ArrayList<>();
            for (CreditReport r : p.reports()) {
                for (Financial f : r.financials()) {
                    rows.add(figureRow(r, f, ""));
                }
                for (Financial f : r.derived()) {
                    rows.add(figureRow(r, f, t.label("paper.computed")));
                }
            }
            sheet(wb, t.label("paper.sheet.financials"), List.of(t.label("paper.col.borrower"), t.label("paper.col.year"),
                    t.label("paper.col.metric"), t.label("paper.col.value"), t.label("paper.col.comment")),
                    new int[] { 30, 8, 24, 16, 16 }, rows);

            rows = new ArrayList<>();
            for (CreditReport r : p.reports()) {
                for (Guarantee g : r.guarantees()) {
                    rows.add(List.of(s(g.guarantor()), s(t.label("type." + g.guarantorType())), s(g.beneficiary()),
                            s(g.kind() == null ? null : t.term("kind.", g.kind())),
                            num(g.amountYuan() == null ? null : g.amountYuan() / 10_000.0, wan),
                            s(PaperText.fileName(r.source()))));
                }
            }
            Sheet net = sheet(wb, t.label("paper.sheet.network"), List.of(t.label("paper.col.guarantor"),
                    t.label("type.company") + "/" + t.label("type.person"), t.label("paper.col.beneficiary"),
                    t.label("paper.col.kind"), t.label("paper.col.amount"), t.label("paper.col.file")),
                    new int[] { 30, 10, 30, 20, 14, 30 }, rows);
            if (!p.guaranteeEdges().isEmpty()) {
                int pic = wb.addPicture(NetworkPicture.png(p, 900), Workbook.PICTURE_TYPE_PNG);
                Drawing<?> drawing = net.createDrawingPatriarch();
                ClientAnchor anchor = wb.getCreationHelper().createClientAnchor();
                anchor.setCol1(7);
                anchor.setRow1(1);
                drawing.createPicture(anchor, pic).resize(0.6);
            }

            rows = new ArrayList<>();
            rows.add(List.of(s(t.label("paper.preparer")), s(auditor), s(t.label("paper.signdate")), s(LocalDate.now().toString())));
            rows.add(List.of(s(t.label("paper.reviewer")), s(""), s(t.label("paper.signdate")), s("")));
            sheet(wb, t.label("paper.sheet.signoff"), List.of(t.label("paper.col.element"), t.label("paper.col.value"),
                    t.label("paper.signdate"), t.label("paper.col.value")), new int[] { 16, 30, 12, 20 }, rows);
            wb.write(out);
        }
    }

    private List<V> figureRow(CreditReport r, Financial f, String note) {
        boolean isRatio = Financial.isRatio(f.metric());
        Number v = f.value() == null ? null : isRatio ? f.value() : (Number) (f.value().doubleValue() / 10_000.0);
        CellStyle style = "current_ratio".equals(f.metric()) ? ratio : isRatio ? pct : wan;
        return List.of(s(r.borrower().name()), num(f.year(), integer), s(t.label("metric." + f.metric())), num(v, style),
                s(note));
    }

    private V s(String v) {
        return new V(v == null ? "" : v, text);
    }

    private static V num(Number n, CellStyle style) {
        return new V(n, style);
    }

    private void styles(Workbook wb) {
        Font bold = wb.createFont();
        bold.setBold(true);
        header = wb.createCellStyle();
        header.setFont(bold);
        header.setWrapText(true);
        header.setVerticalAlignment(VerticalAlignment.TOP);
        text = wb.createCellStyle();
        text.setWrapText(true);
        text.setVerticalAlignment(VerticalAlignment.TOP);
        var fmt = wb.createDataFormat();
        wan = numeric(wb, fmt.getFormat("#,##0.00"));
        pct = numeric(wb, fmt.getFormat("0.0%"));
        ratio = numeric(wb, fmt.getFormat("0.00"));
        integer = numeric(wb, fmt.getFormat("0"));
    }

    private static CellStyle numeric(Workbook wb, short format) {
        CellStyle s = wb.createCellStyle();
        s.setDataFormat(format);
        s.setVerticalAlignment(VerticalAlignment.TOP);
        return s;
    }

    /** One table on its own sheet: header frozen, filters on, printed landscape one page wide. */
    private Sheet sheet(Workbook wb, String name, List<String> head, int[] widths, List<List<V>> rows) {
        Sheet sheet = wb.createSheet(name);
        sheet.setFitToPage(true);
        sheet.getPrintSetup().setLandscape(true);
        sheet.getPrintSetup().setFitWidth((short) 1);
        sheet.getPrintSetup().setFitHeight((short) 0);
        Row h = sheet.createRow(0);
        for (int c = 0; c < head.size(); c++) {
            Cell cell = h.createCell(c);
            cell.setCellValue(head.get(c));
            cell.setCellStyle(header);
            sheet.setColumnWidth(c, widths[c] * 256);
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = sheet.createRow(r + 1);
            int lines = 1;
            for (int c = 0; c < rows.get(r).size(); c++) {
                V v = rows.get(r).get(c);
                Cell cell = row.createCell(c);
                cell.setCellStyle(v.style());
                if (v.value() instanceof Number n) {
                    cell.setCellValue(n.doubleValue());
                } else if (v.value() instanceof String str) {
                    cell.setCellValue(str.length() > 32_000 ? str.substring(0, 32_000) : str);
                    lines = Math.max(lines, wrappedLines(str, widths[c]));
                }
            }
            // files carry row heights; spreadsheet readers do not grow rows for wrapped text themselves
            row.setHeightInPoints(Math.min(409f, lines * 13f));
        }
        sheet.createFreezePane(0, 1);
        sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, rows.size()), 0, head.size() - 1));
        sheet.setRepeatingRows(new CellRangeAddress(0, 0, -1, -1));
        return sheet;
    }

    /** Lines a text takes in a column {@code width} characters wide (CJK glyphs count double). */
    private static int wrappedLines(String text, int width) {
        int lines = 0;
        for (String line : text.split("\n", -1)) {
            int units = 0;
            for (int i = 0; i < line.length(); i++) {
                units += line.charAt(i) >= 0x2E80 ? 2 : 1;
            }
            lines += Math.max(1, (units + width - 1) / width);
        }
        return lines;
    }
}
