package dev.enclave.audit.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.util.Units;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.TableWidthType;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageMar;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageSz;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTbl;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTblGrid;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTblPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STPageOrientation;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STTblLayoutType;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.Finding;
import dev.enclave.audit.Portfolio;

/**
 * The working paper as a Word document, landscape A4: a summary, the portfolio table, the findings
 * grouped by severity, the guarantee network's picture, one section per borrower with the key
 * elements and their quoted evidence, and the sign-off block. Labels in the paper's locale.
 */
final class DocxPaper {
    /** A4 landscape in twentieths of a point, margins 1.8 cm. */
    private static final long PAGE_W = 16838;
    private static final long PAGE_H = 11906;
    private static final long MARGIN = 1020;

    private final PaperText t;

    DocxPaper(PaperText t) {
        this.t = t;
    }

    void write(Portfolio p, Map<String, String> texts, String auditor, OutputStream out) throws IOException {
        try (XWPFDocument doc = new XWPFDocument()) {
            landscape(doc);
            title(doc, t.label("paper.title"));
            para(doc, t.format("paper.date", LocalDate.now().toString()), false, 10);
            List<String> sources = p.reports().stream().map(CreditReport::source).toList();
            para(doc, t.format("paper.folder", PaperText.commonFolder(sources)), false, 10);
            para(doc, t.format("paper.summary", p.reports().size(), p.guaranteeEdges().size(), p.circles().size(),
                    p.mutualPairs().size(), p.findings().size()), false, 10);
            para(doc, t.label("paper.amounts"), false, 9);

            heading(doc, t.label("paper.s1"));
            List<List<String>> rows = new ArrayList<>();
            int n = 1;
            for (CreditReport r : p.reports()) {
                int year = r.financials().stream().mapToInt(CreditReport.Financial::year).max().orElse(0);
                Number dar = r.figure(year, "debt_to_asset_ratio");
                boolean computed = dar != null && r.financials().stream().noneMatch(
                        f -> f.year() == year && f.metric().equals("debt_to_asset_ratio"));
                Number cr = r.figure(year, "current_ratio");
                rows.add(List.of(String.valueOf(n++), nz(r.borrower().name()), nz(r.borrower().creditCode()),
                        nz(r.facility().product()), PaperText.wan(r.facility().amountYuan()),
                        r.facility().termMonths() == null ? "" : String.valueOf(r.facility().termMonths()),
                        dar == null ? "" : PaperText.pct(dar) + (computed ? t.note(t.label("paper.computed")) : ""),
                        cr == null ? "" : String.format(java.util.Locale.ROOT, "%.2f", cr.doubleValue()),
                        t.codes(r.risksImplied()), PaperText.fileName(r.source())));
            }
            table(doc, List.of(t.label("paper.col.no"), t.label("paper.col.borrower"), t.label("paper.col.code"),
                    t.label("paper.col.product"), t.label("paper.col.amount"), t.label("paper.col.term"),
                    t.label("paper.col.dar"), t.label("paper.col.cr"), t.label("paper.col.risks"), t.label("paper.col.file")),
                    new int[] { 4, 16, 13, 9, 8, 5, 9, 6, 15, 15 }, rows, new boolean[] { false, false, false, false, true,
                            true, true, true, false, false });

            heading(doc, t.label("paper.s2"));
            if (p.findings().isEmpty()) {
                para(doc, t.label("paper.findings.none"), false, 10);
            }
            for (String sev : List.of("high", "medium", "low")) {
                List<Finding> fs = p.findings().stream().filter(f -> f.severity().equals(sev)).toList();
                if (fs.isEmpty()) {
                    continue;
                }
                para(doc, t.format("paper.severity.group", t.severity(sev), fs.size()), true, 11);
                List<List<String>> frows = new ArrayList<>();
                for (Finding f : fs) {
                    frows.add(List.of(f.id(), t.code(f.code()), String.join(t.chinese() ? "、" : ", ", f.subjects()),
                            f.message(t.locale), t.decision(f), t.quotes(f.evidence(), texts)));
                }
                table(doc, List.of(t.label("paper.col.id"), t.label("paper.col.finding"), t.label("paper.col.subjects"),
                        t.label("paper.col.message"), t.label("paper.col.decision"), t.label("paper.col.evidence")),
                        new int[] { 12, 10, 14, 26, 8, 30 }, frows, null);
            }

            heading(doc, t.label("paper.s3"));
            if (p.guaranteeEdges().isEmpty()) {
                para(doc, t.label("paper.network.none"), false, 10);
            } else {
                picture(doc, NetworkPicture.png(p, 900));
            }
            for (List<String> c : p.circles()) {
                para(doc, t.format("paper.circle", String.join(" → ", c) + " → " + c.get(0)), false, 10);
            }
            for (List<String> m : p.mutualPairs()) {
                para(doc, t.format("paper.mutual", m.get(0), m.get(1)), false, 10);
            }

            heading(doc, t.label("paper.s4"));
            n = 1;
            for (CreditReport r : p.reports()) {
                para(doc, n++ + ". " + (r.borrower().name() == null ? PaperText.fileName(r.source()) : r.borrower().name()),
                        true, 12);
                keepWithNext(para(doc, t.format("paper.file", PaperText.fileName(r.source())), false, 9));
                List<List<String>> erows = new ArrayList<>();
                for (dev.enclave.audit.KeyElement e : t.elements(r, texts.get(r.source()))) {
                    erows.add(List.of(e.label(), e.value(), e.evidence().isEmpty() ? "" : "「" + e.evidence() + "」"));
                }
                table(doc, List.of(t.label("paper.col.element"), t.label("paper.col.value"), t.label("paper.col.evidence")),
                        new int[] { 16, 34, 50 }, erows, null);
            }

            heading(doc, t.label("paper.s5"));
            table(doc, List.of(t.label("paper.preparer"), t.label("paper.signdate"), t.label("paper.reviewer"),
                    t.label("paper.signdate")), new int[] { 30, 20, 30, 20 },
                    List.of(List.of(auditor, LocalDate.now().toString(), "", ""), List.of("\n\n", "", "", "")), null);
            doc.write(out);
        }
    }

    private static void landscape(XWPFDocument doc) {
        CTSectPr sect = doc.getDocument().getBody().isSetSectPr() ? doc.getDocument().getBody().getSectPr()
                : doc.getDocument().getBody().addNewSectPr();
        CTPageSz size = sect.isSetPgSz() ? sect.getPgSz() : sect.addNewPgSz();
        size.setOrient(STPageOrientation.LANDSCAPE);
        size.setW(BigInteger.valueOf(PAGE_W));
        size.setH(BigInteger.valueOf(PAGE_H));
        CTPageMar mar = sect.isSetPgMar() ? sect.getPgMar() : sect.addNewPgMar();
        mar.setLeft(BigInteger.valueOf(MARGIN));
        mar.setRight(BigInteger.valueOf(MARGIN));
        mar.setTop(BigInteger.valueOf(MARGIN));
        mar.setBottom(BigInteger.valueOf(MARGIN));
    }

    private void picture(XWPFDocument doc, byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        // within the landscape text width (about 770 pt) and half a page high, never enlarged past half size
        double fit = Math.min(0.5, Math.min(700.0 / img.getWidth(), 330.0 / img.getHeight()));
        XWPFParagraph para = doc.createParagraph();
        para.setAlignment(ParagraphAlignment.CENTER);
        try {
            para.createRun().addPicture(new ByteArrayInputStream(png), XWPFDocument.PICTURE_TYPE_PNG, "network.png",
                    Units.toEMU(img.getWidth() * fit), Units.toEMU(img.getHeight() * fit));
        } catch (InvalidFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void title(XWPFDocument doc, String text) {
        XWPFParagraph p = doc.createParagraph();
        p.setAlignment(ParagraphAlignment.CENTER);
        XWPFRun run = p.createRun();
        run.setBold(true);
        run.setFontSize(18);
        run.setText(text);
    }

    private static void heading(XWPFDocument doc, String text) {
        XWPFParagraph p = doc.createParagraph();
        p.setSpacingBefore(240);
        keepWithNext(p);
        XWPFRun run = p.createRun();
        run.setBold(true);
        run.setFontSize(14);
        run.setText(text);
    }

    /**
     * Keeps a paragraph on the page of the one after it (Word's "keep with next"), so a heading or a
     * borrower's title never ends a page while its picture or table starts the next.
     */
    private static void keepWithNext(XWPFParagraph p) {
        (p.getCTP().isSetPPr() ? p.getCTP().getPPr() : p.getCTP().addNewPPr()).addNewKeepNext();
    }

    private static XWPFParagraph para(XWPFDocument doc, String text, boolean bold, int size) {
        XWPFParagraph p = doc.createParagraph();
        if (bold) {
            keepWithNext(p); // a bold line titles what follows it
        }
        XWPFRun run = p.createRun();
        run.setBold(bold);
        run.setFontSize(size);
        run.setText(text);
        return p;
    }

    /**
     * A full-width table, columns in per cent of the text width (written as a fixed grid in
     * twentieths of a point, which Word and LibreOffice both follow); {@code right} right-aligns
     * numeric columns.
     */
    private static void table(XWPFDocument doc, List<String> header, int[] widths, List<List<String>> rows, boolean[] right) {
        XWPFTable table = doc.createTable(rows.size() + 1, header.size());
        long textWidth = PAGE_W - 2 * MARGIN;
        int[] twips = new int[widths.length];
        for (int c = 0; c < widths.length; c++) {
            twips[c] = (int) (textWidth * widths[c] / 100);
        }
        table.setWidthType(TableWidthType.DXA);
        table.setWidth(String.valueOf(textWidth));
        CTTbl ct = table.getCTTbl();
        CTTblPr pr = ct.getTblPr() == null ? ct.addNewTblPr() : ct.getTblPr();
        (pr.isSetTblLayout() ? pr.getTblLayout() : pr.addNewTblLayout()).setType(STTblLayoutType.FIXED);
        CTTblGrid grid = ct.getTblGrid() == null ? ct.addNewTblGrid() : ct.getTblGrid();
        while (grid.sizeOfGridColArray() > 0) {
            grid.removeGridCol(0);
        }
        for (int w : twips) {
            grid.addNewGridCol().setW(BigInteger.valueOf(w));
        }
        widths = twips;
        fill(table.getRow(0), header, widths, true, null);
        // the header repeats on every page a long table runs over
        table.getRow(0).setRepeatHeader(true);
        for (int i = 0; i < rows.size(); i++) {
            fill(table.getRow(i + 1), rows.get(i), widths, false, right);
        }
    }

    private static void fill(XWPFTableRow row, List<String> cells, int[] widths, boolean bold, boolean[] right) {
        row.setCantSplitRow(false);
        for (int c = 0; c < cells.size(); c++) {
            var cell = row.getCell(c);
            cell.setWidthType(TableWidthType.DXA);
            cell.setWidth(String.valueOf(widths[c]));
            XWPFParagraph p = cell.getParagraphs().get(0);
            if (right != null && right[c]) {
                p.setAlignment(ParagraphAlignment.RIGHT);
            }
            String[] lines = cells.get(c).split("\n", -1);
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

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
