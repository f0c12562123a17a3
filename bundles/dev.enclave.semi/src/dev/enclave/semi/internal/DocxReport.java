package dev.enclave.semi.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.util.Units;
import org.apache.poi.xwpf.usermodel.Document;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

import dev.enclave.semi.WaferLibrary.StoredMap;

/** Writes a {@link ReportContent} as DOCX with Apache POI (XWPF). */
final class DocxReport {
    private static final String CJK_FONT = "Microsoft YaHei";
    private static final int IMAGES_PER_ROW = 4;

    private DocxReport() {
    }

    static void write(ReportContent c, OutputStream out) throws IOException {
        try (XWPFDocument doc = new XWPFDocument()) {
            XWPFParagraph t = doc.createParagraph();
            t.setAlignment(ParagraphAlignment.LEFT);
            run(t, c.title.en(), 20, true);
            XWPFParagraph t2 = doc.createParagraph();
            run(t2, c.title.zh(), 16, true);
            run(doc.createParagraph(), c.scope.both() + "   ·   " + String.format("%d wafers / 片晶圆", c.maps.size()), 10,
                    false);

            heading(doc, new ReportContent.Text("Summary and notes", "摘要与备注"));
            for (ReportContent.Text n : c.notes) {
                XWPFParagraph p = doc.createParagraph();
                run(p, "• " + n.en(), 10, false);
                if (!n.zh().equals(n.en())) {
                    XWPFParagraph pz = doc.createParagraph();
                    run(pz, "  " + n.zh(), 10, false);
                }
            }

            heading(doc, new ReportContent.Text("Yield per lot", "各批次良率"));
            table(doc, ReportContent.LOT_HEADER, c.lotRows());
            heading(doc, new ReportContent.Text("Yield trend", "良率趋势"));
            picture(doc, c.trendPng, "yield-trend.png", 16.0);
            heading(doc, new ReportContent.Text("Defect pattern counts", "缺陷模式统计"));
            table(doc, ReportContent.PATTERN_HEADER, c.patternRows());
            picture(doc, c.paretoPng, "pattern-pareto.png", 16.0);

            heading(doc, new ReportContent.Text("Classifier findings", "分类器发现"));
            if (c.findings.isEmpty()) {
                run(doc.createParagraph(), "No map below the confidence threshold and no label disagreement. / "
                        + "没有低置信度或标签不一致的晶圆图。", 10, false);
            } else {
                table(doc, ReportContent.FINDING_HEADER, c.findings.stream()
                        .map(f -> List.of(f.wafer(), f.lot() == null ? "" : f.lot(), f.predicted(),
                                String.format("%.2f", f.confidence()), f.reason().both()))
                        .toList());
            }

            heading(doc, new ReportContent.Text("Yield per wafer", "各晶圆良率"));
            table(doc, ReportContent.WAFER_HEADER, c.waferRows());

            heading(doc, new ReportContent.Text("Wafer maps", "晶圆图"));
            List<StoredMap> images = c.imageMaps();
            if (images.size() < c.maps.size()) {
                run(doc.createParagraph(), String.format("The %d maps with findings or the lowest yields of %d. / "
                        + "共 %d 张，显示有发现或良率最低的 %d 张。", images.size(), c.maps.size(), c.maps.size(),
                        images.size()), 9, false);
            }
            XWPFTable grid = doc.createTable((images.size() + IMAGES_PER_ROW - 1) / IMAGES_PER_ROW, IMAGES_PER_ROW);
            grid.setWidth("100%");
            for (int i = 0; i < images.size(); i++) {
                StoredMap s = images.get(i);
                XWPFTableCell cell = grid.getRow(i / IMAGES_PER_ROW).getCell(i % IMAGES_PER_ROW);
                XWPFParagraph p = cell.getParagraphs().get(0);
                p.setAlignment(ParagraphAlignment.CENTER);
                XWPFRun r = p.createRun();
                try {
                    r.addPicture(new ByteArrayInputStream(ReportCharts.png(WaferRenderer.map(s.map(), 200))),
                            Document.PICTURE_TYPE_PNG, s.map().id() + ".png", Units.toEMU(100), Units.toEMU(100));
                } catch (InvalidFormatException e) {
                    throw new IOException(e);
                }
                XWPFParagraph cap = cell.addParagraph();
                cap.setAlignment(ParagraphAlignment.CENTER);
                run(cap, String.format("%s  %s  %s", s.map().id(), ReportContent.percent(s.map().yield()),
                        s.predicted()), 8, false);
            }
            doc.write(out);
        }
    }

    private static void heading(XWPFDocument doc, ReportContent.Text t) {
        XWPFParagraph p = doc.createParagraph();
        p.setSpacingBefore(240);
        run(p, t.both(), 14, true);
    }

    private static XWPFRun run(XWPFParagraph p, String text, int size, boolean bold) {
        XWPFRun r = p.createRun();
        r.setText(text);
        r.setFontSize(size);
        r.setBold(bold);
        r.setFontFamily("Calibri");
        r.setFontFamily(CJK_FONT, XWPFRun.FontCharRange.eastAsia);
        return r;
    }

    private static void table(XWPFDocument doc, List<ReportContent.Text> header, List<List<String>> rows) {
        XWPFTable table = doc.createTable(rows.size() + 1, header.size());
        table.setWidth("100%");
        XWPFTableRow h = table.getRow(0);
        for (int i = 0; i < header.size(); i++) {
            cell(h.getCell(i), header.get(i).en() + "\n" + header.get(i).zh(), true);
            h.getCell(i).setColor("D9E2F3");
        }
        for (int r = 0; r < rows.size(); r++) {
            for (int i = 0; i < header.size(); i++) {
                cell(table.getRow(r + 1).getCell(i), rows.get(r).get(i), false);
            }
        }
    }

    private static void cell(XWPFTableCell cell, String text, boolean bold) {
        XWPFParagraph p = cell.getParagraphs().get(0);
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            XWPFRun r = run(p, lines[i], 9, bold);
            if (i + 1 < lines.length) {
                r.addBreak();
            }
        }
    }

    private static void picture(XWPFDocument doc, byte[] png, String name, double widthCm) throws IOException {
        XWPFParagraph p = doc.createParagraph();
        p.setAlignment(ParagraphAlignment.CENTER);
        double w = widthCm / 2.54 * 72;
        double h = w * ReportCharts.H / ReportCharts.W;
        try {
            p.createRun().addPicture(new ByteArrayInputStream(png), Document.PICTURE_TYPE_PNG, name, Units.toEMU(w),
                    Units.toEMU(h));
        } catch (InvalidFormatException e) {
            throw new IOException(e);
        }
    }
}
