package dev.enclave.ocr.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.enclave.ocr.OcrBlock;
import dev.enclave.ocr.OcrLine;
import dev.enclave.ocr.OcrPage;
import dev.enclave.ocr.internal.Layout;

/**
 * The layout of lines as the detector boxes them on scanned forms (issue 17), without the networks: rows, cells,
 * a label with its value, columns. Boxes are 40 px high, as 11 pt print at 200 dpi comes out of the detector.
 */
class LayoutTest {
    private static final double H = 40;

    /** A level box of text {@code t} from {@code x0} to {@code x1} centred on {@code y}. */
    private static OcrLine line(String t, double x0, double x1, double y) {
        return line(t, x0, x1, y, H);
    }

    private static OcrLine line(String t, double x0, double x1, double y, double h) {
        return new OcrLine(t, 0.95, new double[] { x0, y - h / 2, x1, y - h / 2, x1, y + h / 2, x0, y + h / 2 });
    }

    @Test
    void cellsTwoCharacterWidthsApartAreCellsOfATable() {
        // A key/value grid printed with two character widths between cells: the boxes stand 1.2 line heights apart.
        List<OcrLine> lines = new ArrayList<>();
        double gap = 1.2 * H;
        String[][] rows = { { "客户名称", "恒信环保科技有限公司", "法定代表人", "孙伟" },
                { "注册资本（元）", "47,000,000", "成立日期", "1998-07-10" } };
        for (int r = 0; r < rows.length; r++) {
            double x = 150;
            for (String cell : rows[r]) {
                double w = cell.length() * 30;
                lines.add(line(cell, x, x + w, 300 + r * 52));
                x += w + gap;
            }
        }
        OcrPage page = Layout.page(1654, 2339, lines);
        assertEquals(1, page.blocks().size(), page.text());
        OcrBlock table = page.blocks().get(0);
        assertTrue(table.table(), page.text());
        assertEquals("客户名称 | 恒信环保科技有限公司 | 法定代表人 | 孙伟\n注册资本（元） | 47,000,000 | 成立日期 | 1998-07-10",
                page.text());
    }

    @Test
    void aLabelEndingInAColonKeepsItsValueOnItsLine() {
        // Label and value far apart on one baseline (a form aligned with spaces): one line, not a table of two cells.
        List<OcrLine> lines = List.of(line("流动资金贷款调查报告（续授信）及授信方案", 150, 1500, 200),
                line("借款人：", 150, 270, 300), line("苏州恒信电子科技有限公司", 400, 760, 300),
                line("法定代表人：", 150, 330, 352), line("张建国", 460, 550, 352));
        OcrPage page = Layout.page(1654, 2339, lines);
        assertEquals("流动资金贷款调查报告（续授信）及授信方案\n\n借款人：苏州恒信电子科技有限公司\n法定代表人：张建国", page.text());
        assertFalse(page.blocks().stream().anyMatch(OcrBlock::table), page.text());
    }

    @Test
    void aNarrowGapSplitsCellsOnlyWhereItsColumnStartsInOtherRows() {
        // Half a line height is no cell gap in itself; under a column that starts cells in the rows below, it is.
        List<OcrLine> lines = new ArrayList<>();
        lines.add(line("年份", 150, 240, 300));
        lines.add(line("资产总额", 260, 380, 300)); // 0.5 H after 年份, where the amounts' column starts below
        lines.add(line("负债总额", 420, 540, 300));
        for (int r = 1; r <= 3; r++) {
            lines.add(line("202" + r, 150, 210, 300 + r * 52));
            lines.add(line("12." + r, 260, 320, 300 + r * 52));
            lines.add(line("7.9" + r, 420, 480, 300 + r * 52));
        }
        lines.add(line("评估价值", 150, 270, 600));
        lines.add(line("较为充分", 300, 420, 600)); // 0.75 H, under no column: one phrase
        OcrPage page = Layout.page(1654, 2339, lines);
        assertEquals("年份 | 资产总额 | 负债总额\n2021 | 12.1 | 7.91\n2022 | 12.2 | 7.92\n2023 | 12.3 | 7.93\n\n评估价值较为充分",
                page.text());
    }

    @Test
    void linesOfDifferentHeightsOnOneBaselineAreOneRow() {
        // A tall box (a stamp-like heading, a bracket) and a short one whose centres differ by more than half the
        // short one's height still overlap on the row: one row, read left to right.
        List<OcrLine> lines = List.of(line("（一）", 150, 240, 300, 60), line("保证担保", 250, 370, 320, 30),
                line("由华达机械提供连带责任保证。", 150, 570, 380));
        OcrPage page = Layout.page(1654, 2339, lines);
        assertEquals("（一）保证担保\n由华达机械提供连带责任保证。", page.text());
    }

    @Test
    void onlyRowsRunningToAMarginSeveralRowsReachWrap() {
        // The widest line of a short form is no margin, and a row starting with a label starts a line; a paragraph
        // whose rows run to the same right edge wraps and is joined.
        List<OcrLine> lines = List.of(line("供应商：宁波瑞丰精密铸造有限公司", 200, 800, 300),
                line("检验员：李海燕", 200, 460, 352),
                line("本批来料经抽检外观尺寸均符合图纸要求，盐雾试验四十八小时无锈", 150, 1500, 500),
                line("蚀，硬度检测结果在规格范围内，同意入库并", 150, 1500, 552),
                line("按先进先出发放。", 150, 400, 604));
        OcrPage page = Layout.page(1654, 2339, lines);
        assertEquals("供应商：宁波瑞丰精密铸造有限公司\n检验员：李海燕\n\n"
                + "本批来料经抽检外观尺寸均符合图纸要求，盐雾试验四十八小时无锈蚀，硬度检测结果在规格范围内，同意入库并按先进先出发放。",
                page.text());
    }
}
