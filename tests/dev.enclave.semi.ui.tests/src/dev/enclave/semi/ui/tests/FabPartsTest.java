package dev.enclave.semi.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BooleanSupplier;

import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.assistant.Citation;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferMapReader;
import dev.enclave.semi.WaferStore;
import dev.enclave.semi.YieldModels;
import dev.enclave.semi.YieldSummary;
import dev.enclave.semi.WaferGenerator;
import dev.enclave.semi.ui.internal.FabQaPart;
import dev.enclave.semi.ui.internal.Ids;
import dev.enclave.semi.ui.internal.Messages;
import dev.enclave.semi.ui.internal.WaferMapsPart;
import dev.enclave.semi.ui.internal.YieldChart;
import dev.enclave.semi.ui.internal.YieldPart;
import dev.enclave.ui.AssistantPart;
import dev.enclave.ui.Screenshots;
import dev.enclave.tests.support.Workspaces;
import dev.enclave.tests.support.PartHarness;
import dev.enclave.tests.support.Ui;

/**
 * The Fab perspective's parts with real widgets over a real workspace and the pack's real
 * services: the Wafer Maps gallery over the map library (import, filters, map view with
 * similar maps), the Yield part (charts, report export, fit and suggestions on a runs file)
 * and Fab Q&amp;A (a cited answer from an ingested fab collection).
 */
class FabPartsTest {
    @TempDir
    Path dir;

    private PartHarness ui;
    private Display display;
    private Shell shell;
    private IEclipseContext ctx;
    private Workspace ws;
    private Subject subject;

    @BeforeEach
    void setUp() {
        Messages.setLocale(Locale.ENGLISH);
        ws = Workspaces.open(dir.resolve("ws"), "eng");
        subject = ws.security().login("eng", null);
        ui = new PartHarness(ws, subject, 1200, 860);
        display = ui.display();
        shell = ui.shell();
        ctx = ui.context();
    }

    @AfterEach
    void tearDown() {
        ui.close();
    }

    private <T> T make(Class<T> type) {
        return ui.make(type);
    }

    /** Runs the event loop until {@code done} holds, and for at least 200 ms. */
    private void spinUntil(BooleanSupplier done, String what) {
        long settle = System.currentTimeMillis() + 200;
        ui.spinUntil(done, what);
        ui.spin(Math.max(0, settle - System.currentTimeMillis()));
    }

    private Path screenshot(String name) throws Exception {
        spinUntil(() -> true, "paint");
        Path png = Ui.screenshot(name + ".png");
        Screenshots.save(shell, png);
        assertTrue(Files.size(png) > 5000, png.toString());
        return png;
    }

    /** Two lots of generated maps, a day apart, with every pattern, written as CSV files. */
    private List<Path> lotFiles() throws Exception {
        WaferGenerator g = new WaferGenerator(2024);
        List<Path> files = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-16T08:00:00Z");
        for (int lot = 0; lot < 2; lot++) {
            List<WaferMap> maps = new ArrayList<>();
            for (int i = 0; i < 18; i++) {
                String label = WaferMap.PATTERNS.get(i % WaferMap.PATTERNS.size());
                maps.add(g.next("W" + (i + 1), label).withOrigin("LOT-" + (char) ('A' + lot), "W" + (i + 1),
                        t0.plusSeconds(86_400L * lot + 60L * i)));
            }
            files.add(Files.writeString(dir.resolve("lot" + lot + ".csv"), WaferMapReader.toCsv(maps),
                    StandardCharsets.UTF_8));
        }
        return files;
    }

    @Test
    void galleryImportsFiltersAndShowsSimilarStoredMaps() throws Exception {
        WaferMapsPart part = make(WaferMapsPart.class);
        assertTrue(message().contains("empty"), message());
        Path broken = Files.writeString(dir.resolve("broken.csv"), "id,label,rows,cols,data\nx,,20,20,12\n");
        List<Path> files = new ArrayList<>(lotFiles());
        files.add(broken);
        assertNotNull(part.importFiles(files));
        spinUntil(() -> !part.busy(), "the import");
        assertTrue(message().startsWith("36 maps imported; the library holds 36 maps."), message());
        assertTrue(message().contains("broken.csv line 2"), "the bad file is named: " + message());
        Combo lots = Widgets.one(shell, Ids.MAPS_LOT, Combo.class);
        assertEquals(List.of("All lots", "LOT-A", "LOT-B"), List.of(lots.getItems()));
        assertEquals(36, captions().size());
        String summary = Widgets.text(shell, Ids.MAPS_SUMMARY);
        assertTrue(summary.startsWith("36 of 36 maps shown"), summary);

        Widgets.choose(shell, Ids.MAPS_LOT, "LOT-B");
        assertEquals(18, captions().size());
        assertTrue(captions().stream().allMatch(c -> c.startsWith("LOT-B · ")), captions().toString());
        assertTrue(captions().get(0).startsWith("LOT-B · W1\n"), captions().get(0));

        Widgets.choose(shell, Ids.MAPS_LOT, null);
        Widgets.choose(shell, Ids.MAPS_CLASS, "Edge-Ring");
        assertFalse(captions().isEmpty());
        assertTrue(captions().stream().allMatch(c -> c.contains("\nEdge-Ring ")), captions().toString());
        Widgets.choose(shell, Ids.MAPS_CLASS, null);
        Widgets.spin(shell, Ids.MAPS_CONFIDENCE, 90);
        assertTrue(captions().stream().allMatch(c -> confidence(c) >= 0.9), captions().toString());
        int confident = captions().size();
        Widgets.spin(shell, Ids.MAPS_CONFIDENCE, 0);
        assertEquals(36, captions().size());
        assertTrue(confident <= 36);

        // The map view: the selected map, its prediction, and its nearest stored neighbours.
        Widgets.choose(shell, Ids.MAPS_LOT, "LOT-A");
        List<Composite> cells = Widgets.all(shell, Ids.MAPS_CELL, Composite.class);
        Widgets.click(cells.get(3));
        String caption = captions().get(3);
        String id = caption.substring("LOT-A · ".length(), caption.indexOf('\n'));
        String predicted = caption.substring(caption.indexOf('\n') + 1, caption.indexOf(' ', caption.indexOf('\n')));
        String detail = Widgets.text(shell, Ids.MAPS_DETAIL);
        assertTrue(detail.startsWith(id + "   lot LOT-A   wafer " + id), detail);
        assertTrue(detail.contains("Pattern " + predicted), detail);
        List<String> similar = Widgets.texts(shell, Ids.MAPS_SIMILAR);
        assertEquals(6, similar.size(), similar.toString());
        assertTrue(similar.stream().noneMatch(c -> c.startsWith("LOT-A · " + id + "\n")),
                "the map itself is not its own neighbour: " + similar);
        double previous = 2;
        for (String c : similar) {
            double cos = Double.parseDouble(c.substring(c.lastIndexOf(' ') + 1));
            assertTrue(cos <= previous + 1e-9, "most similar first: " + similar);
            previous = cos;
        }
        Path png = screenshot("fab-wafer-maps");
        assertTrue(Files.size(png) > 20_000);
    }

    private String message() {
        return Widgets.text(shell, Ids.MAPS_MESSAGE);
    }

    private List<String> captions() {
        return Widgets.texts(shell, Ids.MAPS_CAPTION);
    }

    /** The confidence in a caption {@code LOT · ID\nCLASS 0.97 · yield 88.1%}. */
    private static double confidence(String caption) {
        String[] words = caption.substring(caption.indexOf('\n') + 1).split(" ");
        return Double.parseDouble(words[1]);
    }

    private static YieldChart chart(Composite root, String id) {
        return YieldChart.of(Widgets.one(root, id, Canvas.class));
    }

    @Test
    void yieldPartChartsReportsFitsAndSuggests() throws Exception {
        WaferMapsPart maps = make(WaferMapsPart.class);
        assertNotNull(maps.importFiles(lotFiles()));
        spinUntil(() -> !maps.busy(), "the import");
        shell.getChildren()[0].dispose();

        YieldPart part = make(YieldPart.class);
        YieldSummary report = ctx.get(WaferStore.class).yieldSummary(ws, null);
        YieldChart byLot = chart(shell, Ids.YIELD_BY_LOT);
        assertEquals(List.of("LOT-A", "LOT-B"), byLot.labels());
        double[] values = byLot.values();
        for (int i = 0; i < report.lots().size(); i++) {
            assertEquals(report.lots().get(i).yield(), values[i], 1e-9, "the chart shows wafer yield's numbers");
        }
        assertEquals(List.of("2026-11-16", "2026-11-17"), chart(shell, Ids.YIELD_OVER_TIME).labels());
        assertTrue(chart(shell, Ids.YIELD_BY_PATTERN).labels().contains("Edge-Ring"),
                chart(shell, Ids.YIELD_BY_PATTERN).labels().toString());
        assertTrue(Widgets.text(shell, Ids.YIELD_SUMMARY).startsWith("36 wafers"), Widgets.text(shell, Ids.YIELD_SUMMARY));
        Combo scope = Widgets.one(shell, Ids.YIELD_SCOPE, Combo.class);
        assertEquals(List.of("Lot LOT-A", "Lot LOT-B", "Week 2026-W47"), List.of(scope.getItems()));

        // A lot report as DOCX, written in a job and audited once by the service.
        Widgets.choose(shell, Ids.YIELD_SCOPE, "Lot LOT-B");
        Widgets.choose(shell, Ids.YIELD_FORMAT, "DOCX");
        Widgets.one(shell, Ids.YIELD_NOTES, Text.class).setText("Checked by the test.");
        Path docx = dir.resolve("lot-b.docx");
        assertNotNull(part.exportReport(docx));
        spinUntil(() -> !part.busy(), "the report");
        String reportStatus = Widgets.text(shell, Ids.YIELD_REPORT_STATUS);
        assertTrue(reportStatus.startsWith("Wrote " + docx + ": 18 wafers"), reportStatus);
        try (XWPFDocument doc = new XWPFDocument(Files.newInputStream(docx))) {
            String text = new org.apache.poi.xwpf.extractor.XWPFWordExtractor(doc).getText();
            assertTrue(text.contains("LOT-B") && text.contains("Checked by the test."), text);
        }
        assertEquals(1, ws.auditLog().tail(100).stream().filter(e -> e.action().equals("wafer.report")).count());

        // Runs with a known effect: defects grow with temperature and tool C is worse.
        Random r = new Random(5);
        StringBuilder csv = new StringBuilder("temp,pressure,tool,defects\n");
        for (int i = 0; i < 240; i++) {
            double temp = 150 + r.nextInt(101);
            double pressure = 1 + r.nextInt(5);
            String tool = List.of("A", "B", "C").get(r.nextInt(3));
            double mean = Math.exp(-1 + 0.012 * (temp - 150) + (tool.equals("C") ? 0.9 : 0));
            int k = 0;
            for (double p = Math.exp(-mean), s = r.nextDouble(); s > p; s *= r.nextDouble()) {
                k++;
            }
            csv.append((int) temp).append(',').append((int) pressure).append(',').append(tool).append(',').append(k)
                    .append('\n');
        }
        Path runs = Files.writeString(dir.resolve("runs.csv"), csv.toString());
        part.openRuns(runs);
        Table params = Widgets.one(shell, Ids.YIELD_PARAMS, Table.class);
        assertEquals(List.of("temp", "pressure", "tool"), Widgets.rows(params).stream().map(x -> x[0]).toList());
        String fitStatus = Widgets.text(shell, Ids.YIELD_FIT_STATUS);
        assertTrue(fitStatus.startsWith("240 runs; outcome defects (a count"), fitStatus);
        assertNotNull(part.fit());
        spinUntil(() -> !part.busy(), "the fit");
        fitStatus = Widgets.text(shell, Ids.YIELD_FIT_STATUS);
        assertTrue(fitStatus.contains("poisson family"), fitStatus);
        List<String[]> rows = Widgets.rows(Widgets.one(shell, Ids.YIELD_SCORES, Table.class));
        assertEquals(5, rows.size());
        assertEquals(1, rows.stream().filter(x -> x[5].equals("✓")).count());
        String[] chosenRow = rows.stream().filter(x -> x[5].equals("✓")).findFirst().orElseThrow();
        assertTrue(Double.parseDouble(chosenRow[2]) < Double.parseDouble(rows.get(0)[2]),
                "the chosen model beats the mean-only baseline: " + String.join(" | ", chosenRow));
        assertTrue(Files.isRegularFile(ctx.get(YieldModels.class).modelFile(ws)),
                "the model is saved where 'yield suggest' reads it");
        assertEquals(1, ws.auditLog().tail(100).stream().filter(e -> e.action().equals("yield.fit")).count());

        Widgets.editBounds(shell, Ids.YIELD_PARAMS, 2, "A|C");
        Widgets.editBounds(shell, Ids.YIELD_PARAMS, 0, "180:240");
        assertEquals("180:240", Widgets.rows(params).get(0)[3]);
        Widgets.press(shell, Ids.YIELD_SUGGEST, false);
        Table table = Widgets.one(shell, Ids.YIELD_SUGGESTIONS, Table.class);
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < table.getColumnCount(); i++) {
            columns.add(table.getColumn(i).getText());
        }
        assertEquals(List.of("Predicted", "temp", "pressure", "tool"), columns);
        List<String[]> s = Widgets.rows(table);
        assertFalse(s.isEmpty(), Widgets.text(shell, Ids.YIELD_FIT_STATUS));
        for (String[] x : s) {
            assertTrue(List.of("A", "C").contains(x[3]), String.join(" | ", x));
            double temp = Double.parseDouble(x[1]);
            assertTrue(temp >= 180 && temp <= 240, String.join(" | ", x));
            double pressure = Double.parseDouble(x[2]);
            assertTrue(pressure >= 1 && pressure <= 5, "unbounded parameters stay in the data's range: "
                    + String.join(" | ", x));
        }
        assertEquals("A", s.get(0)[3], "tool C is worse: " + String.join(" | ", s.get(0)));
        assertEquals(180, Double.parseDouble(s.get(0)[1]), 1e-9, "cooler is better: " + String.join(" | ", s.get(0)));
        for (int i = 1; i < s.size(); i++) {
            assertTrue(Double.parseDouble(s.get(i)[0]) >= Double.parseDouble(s.get(i - 1)[0]),
                    "best (fewest defects) first");
        }
        Widgets.editBounds(shell, Ids.YIELD_PARAMS, 0, "nonsense");
        Widgets.press(shell, Ids.YIELD_SUGGEST, false);
        fitStatus = Widgets.text(shell, Ids.YIELD_FIT_STATUS);
        assertTrue(fitStatus.contains("temp"), "a bad bound names its parameter: " + fitStatus);
        assertFalse(fitStatus.contains("--"), "no command-line option in the part: " + fitStatus);
        screenshot("fab-yield");
    }

    @Test
    void fabQaAnswersFromTheFabCollectionWithCitations() throws Exception {
        Path c = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(c.resolve("8d-scratch-L2417.md"), """
                # 8D report: scratch on lot L2417

                D3 Interim containment: hold every wafer of lot L2417 and of the two following lots on
                the CMP tool P-03, and inspect them on the AOI tool before release.
                D4 The scratch arcs start at the notch; the robot end effector of P-03 was worn.
                """, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("sop-litho.md"), """
                # SOP PH-007 Photoresist coating

                Spin the photoresist at 3000 rpm for 30 seconds. Soft bake at 95 C for 60 seconds.
                """, StandardCharsets.UTF_8);
        KnowledgeBase kb = ctx.get(KnowledgeBase.class);
        kb.ingest(ws, subject, "other", List.of(c.resolve("sop-litho.md")), List.of(), false, Progress.silent());
        kb.ingest(ws, subject, "fab", List.of(c), List.of(), false, Progress.silent());

        FabQaPart part = make(FabQaPart.class);
        part.setQuestion("晶圆出现划痕时应采取什么围堵措施？");
        assertNotNull(part.ask());
        spinUntil(() -> !part.busy(), "the answer");
        String[] shown = part.shown();
        assertTrue(shown[0].contains("晶圆出现划痕时应采取什么围堵措施？"), shown[0]);
        assertTrue(shown[0].contains("L2417"), "the answer quotes the 8D report: " + shown[0]);
        assertTrue(shown[1].contains("Glossary terms added") && shown[1].contains("scratch"), shown[1]);
        List<AssistantPart.Link> links = part.links();
        assertFalse(links.isEmpty(), shown[0]);
        AssistantPart.Link first = links.get(0);
        assertEquals("fab", first.collection(), "the fab collection is chosen by default");
        Citation cited = first.citation();
        assertTrue(cited.source().endsWith("8d-scratch-L2417.md"), cited.source());
        part.openCitation(first);
        String passage = part.shown()[2];
        assertTrue(passage.startsWith("[" + cited.number() + "] " + cited.source()), passage);
        assertTrue(passage.contains("Interim containment"), passage);
        screenshot("fab-qa");
    }
}
