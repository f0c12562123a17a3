package dev.enclave.audit.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.ClientAnchor;
import org.apache.poi.ss.usermodel.Drawing;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.util.Units;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.osgi.service.component.annotations.Component;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.enclave.audit.AuditJson;
import dev.enclave.audit.CreditReport;
import dev.enclave.audit.Evidence;
import dev.enclave.audit.Finding;
import dev.enclave.audit.Portfolio;
import dev.enclave.audit.WorkingPaperExporter;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/** The working paper with Apache POI: XWPF for Word, XSSF for Excel. */
@Component(service = WorkingPaperExporter.class)
public final class PoiWorkingPaperExporter implements WorkingPaperExporter {
    private static final int QUOTE = 160;

    @Override
    public void export(Workspace workspace, Subject user, Portfolio portfolio, Map<String, String> texts, Path docx,
            Path xlsx) {
        if (docx == null && xlsx == null) {
            throw EnclaveException.badInput("no file given for the working paper: name a Word (.docx) or Excel (.xlsx) file.");
        }
        List<String> written = new ArrayList<>();
        if (docx != null) {
            writeDocx(portfolio, texts, user.name(), docx);
            written.add(docx.toString());
        }
        if (xlsx != null) {
            writeXlsx(portfolio, texts, user.name(), xlsx);
            written.add(xlsx.toString());
        }
        workspace.auditLog().append(user.name(), "audit.paper", String.join(",", written), AuditEntry.SUCCESS,
                portfolio.reports().size() + " reports, " + portfolio.findings().size() + " findings");
    }

    void writeDocx(Portfolio p, Map<String, String> texts, String auditor, Path out) {
        withPoiLoader(() -> {
            try (XWPFDocument doc = new XWPFDocument()) {
                heading(doc, "审计工作底稿 / Audit Working Paper", 18);
                para(doc, "编制人 / Prepared by: " + auditor + "    日期 / Date: " + LocalDate.now(), false);
                para(doc, String.format("报告 %d 份，担保关系 %d 条，担保圈 %d 个，互保 %d 对，风险发现 %d 项。 / %d reports, %d guarantee "
                        + "edges, %d circles, %d mutual pairs, %d findings.", p.reports().size(), p.guaranteeEdges().size(),
                        p.circles().size(), p.mutualPairs().size(), p.findings().size(), p.reports().size(),
                        p.guaranteeEdges().size(), p.circles().size(), p.mutualPairs().size(), p.findings().size()), false);

                heading(doc, "一、授信组合 / Portfolio", 14);
                table(doc, List.of("借款人 Borrower", "品种 Product", "金额(元) Amount", "资产负债率 Debt/asset", "流动比率 Current",
                        "风险 Risks"), reportRows(p));

                heading(doc, "二、风险发现 / Findings", 14);
                List<List<String>> rows = new ArrayList<>();
                for (Finding f : p.findings()) {
                    rows.add(List.of(f.id(), f.severity(), f.code(), String.join("、", f.subjects()), f.message(),
                            decision(f), quotes(f.evidence(), texts)));
                }
                table(doc, List.of("编号 ID", "等级 Severity", "代码 Code", "对象 Subjects", "说明 Message", "审计意见 Decision",
                        "证据 Evidence"), rows);

                heading(doc, "三、担保网络 / Guarantee network", 14);
                for (List<String> c : p.circles()) {
                    para(doc, "担保圈 / Circle: " + String.join(" → ", c) + " → " + c.get(0), false);
                }
                for (List<String> m : p.mutualPairs()) {
                    para(doc, "互保 / Mutual: " + m.get(0) + " ⇄ " + m.get(1), false);
                }
                if (!p.guaranteeEdges().isEmpty()) {
                    byte[] png = NetworkPicture.png(p, 900);
                    XWPFRun run = doc.createParagraph().createRun();
                    // the picture is drawn at twice the layout's size at most: show it at most at the layout's size,
                    // within the page's text width (about 450 pt), keeping the aspect ratio
                    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
                    double fit = Math.min(0.5, Math.min(450.0 / img.getWidth(), 600.0 / img.getHeight()));
                    try {
                        run.addPicture(new ByteArrayInputStream(png), XWPFDocument.PICTURE_TYPE_PNG, "network.png",
                                Units.toEMU(img.getWidth() * fit), Units.toEMU(img.getHeight() * fit));
                    } catch (InvalidFormatException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                }

                heading(doc, "四、报告要素与证据 / Extracted elements and evidence", 14);
                for (CreditReport r : p.reports()) {
                    heading(doc, (r.borrower().name() == null ? r.source() : r.borrower().name()) + "  (" + r.source() + ")", 12);
                    table(doc, List.of("字段 Field", "值 Value", "原文 Evidence"), elementRows(r, texts.get(r.source())));
                }
                write(out, doc::write);
            }
            return null;
        });
    }

    void writeXlsx(Portfolio p, Map<String, String> texts, String auditor, Path out) {
        withPoiLoader(() -> {
            try (XSSFWorkbook wb = new XSSFWorkbook()) {
                CellStyle bold = wb.createCellStyle();
                var font = wb.createFont();
                font.setBold(true);
                bold.setFont(font);
                Sheet info = wb.createSheet("底稿 Paper");
                sheetRows(info, bold, List.of("项目 Item", "内容 Value"),
                        List.of(List.of("编制人 Prepared by", auditor), List.of("日期 Date", LocalDate.now().toString()),
                                List.of("报告 Reports", String.valueOf(p.reports().size())),
                                List.of("担保圈 Circles", String.valueOf(p.circles().size())),
                                List.of("互保 Mutual pairs", String.valueOf(p.mutualPairs().size())),
                                List.of("风险发现 Findings", String.valueOf(p.findings().size()))));
                sheetRows(wb.createSheet("组合 Portfolio"), bold, List.of("借款人 Borrower", "品种 Product", "金额(元) Amount",
                        "资产负债率 Debt/asset", "流动比率 Current", "风险 Risks"), reportRows(p));
                List<List<String>> frows = new ArrayList<>();
                for (Finding f : p.findings()) {
                    frows.add(List.of(f.id(), f.severity(), f.code(), String.join("、", f.subjects()), f.message(),
                            f.decision() == null ? "" : f.decision(), f.comment() == null ? "" : f.comment(),
                            quotes(f.evidence(), texts)));
                }
                sheetRows(wb.createSheet("风险发现 Findings"), bold, List.of("编号 ID", "等级 Severity", "代码 Code",
                        "对象 Subjects", "说明 Message", "决定 Decision", "意见 Comment", "证据 Evidence"), frows);
                List<List<String>> erows = new ArrayList<>();
                for (CreditReport r : p.reports()) {
                    for (List<String> row : elementRows(r, texts.get(r.source()))) {
                        List<String> full = new ArrayList<>();
                        full.add(r.source());
                        full.addAll(row);
                        erows.add(full);
                    }
                }
                sheetRows(wb.createSheet("要素 Elements"), bold, List.of("报告 Report", "字段 Field", "值 Value", "原文 Evidence"),
                        erows);
                List<List<String>> nrows = new ArrayList<>();
                for (List<String> e : p.guaranteeEdges()) {
                    nrows.add(List.of(e.get(0), e.get(1)));
                }
                Sheet net = wb.createSheet("担保网络 Network");
                sheetRows(net, bold, List.of("担保人 Guarantor", "被担保人 Beneficiary"), nrows);
                if (!p.guaranteeEdges().isEmpty()) {
                    int pic = wb.addPicture(NetworkPicture.png(p, 900), Workbook.PICTURE_TYPE_PNG);
                    Drawing<?> drawing = net.createDrawingPatriarch();
                    ClientAnchor anchor = wb.getCreationHelper().createClientAnchor();
                    anchor.setCol1(3);
                    anchor.setRow1(1);
                    drawing.createPicture(anchor, pic).resize(0.6);
                    // print the edge list and the picture on one landscape page
                    net.setFitToPage(true);
                    net.getPrintSetup().setLandscape(true);
                    net.getPrintSetup().setFitWidth((short) 1);
                    net.getPrintSetup().setFitHeight((short) 1);
                }
                write(out, wb::write);
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- content

    private static List<List<String>> reportRows(Portfolio p) {
        List<List<String>> rows = new ArrayList<>();
        for (CreditReport r : p.reports()) {
            rows.add(List.of(nz(r.borrower().name()), nz(r.facility().product()),
                    r.facility().amountYuan() == null ? "" : String.valueOf(r.facility().amountYuan()),
                    latest(r, "debt_to_asset_ratio"), latest(r, "current_ratio"), String.join(", ", r.risksImplied())));
        }
        return rows;
    }

    private static String latest(CreditReport r, String metric) {
        Double v = RiskRules.latest(r.financials(), metric, 0);
        return v == null ? "" : String.valueOf(v);
    }

    private static String decision(Finding f) {
        if (f.decision() == null) {
            return "待定 / open";
        }
        String d = f.decision().equals("confirmed") ? "确认 / confirmed" : "排除 / dismissed";
        return f.comment() == null || f.comment().isEmpty() ? d : d + "：" + f.comment();
    }

    private static String quotes(List<Evidence> ev, Map<String, String> texts) {
        StringBuilder sb = new StringBuilder();
        for (Evidence e : ev) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append('「').append(quote(texts.get(e.source()), e.start(), e.end())).append("」 ")
                    .append(e.source()).append(" [").append(e.start()).append(',').append(e.end()).append(')');
        }
        return sb.toString();
    }

    private static String quote(String text, int start, int end) {
        if (text == null || start < 0 || end > text.length() || start >= end) {
            return "";
        }
        String q = text.substring(start, end).replaceAll("\\s+", " ").strip();
        return q.length() > QUOTE ? q.substring(0, QUOTE) + "…" : q;
    }

    /** One row per non-null scalar and per list item: field path, value, quote. */
    static List<List<String>> elementRows(CreditReport r, String text) {
        JsonObject o = AuditJson.gson().toJsonTree(r).getAsJsonObject();
        List<List<String>> rows = new ArrayList<>();
        for (String sec : List.of("borrower", "facility")) {
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject(sec).entrySet()) {
                if (!e.getValue().isJsonNull()) {
                    String path = sec + "." + e.getKey();
                    int[] span = r.evidence().get(path);
                    rows.add(List.of(path, e.getValue().getAsString(), span == null ? "" : quote(text, span[0], span[1])));
                }
            }
        }
        for (String list : List.of("financials", "guarantees", "collateral", "related_parties", "suppliers", "customers",
                "risks_stated")) {
            var arr = o.getAsJsonArray(list);
            for (int i = 0; i < arr.size(); i++) {
                String path = list + "[" + i + "]";
                int[] span = r.evidence().get(path);
                JsonElement v = arr.get(i);
                rows.add(List.of(path, v.isJsonPrimitive() ? v.getAsString() : v.toString(),
                        span == null ? "" : quote(text, span[0], span[1])));
            }
        }
        rows.add(List.of("risks_implied", String.join(", ", r.risksImplied()), ""));
        return rows;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    // ---------------------------------------------------------------- POI plumbing

    private static void heading(XWPFDocument doc, String text, int size) {
        XWPFParagraph p = doc.createParagraph();
        if (size >= 18) {
            p.setAlignment(ParagraphAlignment.CENTER);
        }
        XWPFRun run = p.createRun();
        run.setBold(true);
        run.setFontSize(size);
        run.setText(text);
    }

    private static void para(XWPFDocument doc, String text, boolean bold) {
        XWPFRun run = doc.createParagraph().createRun();
        run.setBold(bold);
        run.setText(text);
    }

    private static void table(XWPFDocument doc, List<String> header, List<List<String>> rows) {
        XWPFTable t = doc.createTable(rows.size() + 1, header.size());
        t.setWidth("100%");
        fill(t.getRow(0), header, true);
        for (int i = 0; i < rows.size(); i++) {
            fill(t.getRow(i + 1), rows.get(i), false);
        }
    }

    private static void fill(XWPFTableRow row, List<String> cells, boolean bold) {
        for (int c = 0; c < cells.size(); c++) {
            XWPFParagraph p = row.getCell(c).getParagraphs().get(0);
            String[] lines = cells.get(c).split("\n");
            XWPFRun run = p.createRun();
            run.setBold(bold);
            run.setFontSize(9);
            for (int l = 0; l < lines.length; l++) {
                if (l > 0) {
                    run.addBreak();
                }
                run.setText(lines[l]);
            }
        }
    }

    private static void sheetRows(Sheet sheet, CellStyle bold, List<String> header, List<List<String>> rows) {
        // printed (and converted to PDF) landscape, all columns on one page wide
        sheet.setFitToPage(true);
        sheet.getPrintSetup().setLandscape(true);
        sheet.getPrintSetup().setFitWidth((short) 1);
        sheet.getPrintSetup().setFitHeight((short) 0);
        // long messages and evidence quotes wrap inside their column instead of running across the page
        CellStyle wrap = sheet.getWorkbook().createCellStyle();
        wrap.setWrapText(true);
        wrap.setVerticalAlignment(VerticalAlignment.TOP);
        Row h = sheet.createRow(0);
        for (int c = 0; c < header.size(); c++) {
            Cell cell = h.createCell(c);
            cell.setCellValue(header.get(c));
            cell.setCellStyle(bold);
            sheet.setColumnWidth(c, 24 * 256);
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = sheet.createRow(r + 1);
            int lines = 1;
            for (int c = 0; c < rows.get(r).size(); c++) {
                String v = rows.get(r).get(c);
                lines = Math.max(lines, wrappedLines(v, 24));
                Cell cell = row.createCell(c);
                cell.setCellValue(v.length() > 32_000 ? v.substring(0, 32_000) : v);
                cell.setCellStyle(wrap);
            }
            // spreadsheet files carry row heights; readers do not grow rows for wrapped text themselves
            row.setHeightInPoints(Math.min(409f, lines * 12.75f));
        }
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

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void write(Path out, Writer w) throws IOException {
        Path abs = out.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp)) {
            w.write(os);
        }
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
    }

    private interface Work {
        Object run() throws IOException;
    }

    /** XMLBeans finds its schema types through the context class loader; in OSGi that must be POI's. */
    private static void withPoiLoader(Work work) {
        Thread t = Thread.currentThread();
        ClassLoader old = t.getContextClassLoader();
        t.setContextClassLoader(XWPFDocument.class.getClassLoader());
        try {
            work.run();
        } catch (IOException e) {
            throw EnclaveException.badInput("cannot write the working paper: " + e.getMessage());
        } finally {
            t.setContextClassLoader(old);
        }
    }
}
