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
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.EclipseContextFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.workbench.swt.DisplayUISynchronize;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.FrameworkUtil;

import dev.enclave.assistant.Citation;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.internal.DefaultWorkspace;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.semi.WaferLibrary;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferMapReader;
import dev.enclave.semi.YieldModels;
import dev.enclave.semi.internal.SemiWorkspace;
import dev.enclave.semi.internal.WaferGenerator;
import dev.enclave.semi.internal.YieldReport;
import dev.enclave.semi.ui.internal.FabQaPart;
import dev.enclave.semi.ui.internal.Messages;
import dev.enclave.semi.ui.internal.WaferMapsPart;
import dev.enclave.semi.ui.internal.YieldPart;
import dev.enclave.ui.AssistantPart;
import dev.enclave.ui.internal.Screenshots;

/**
 * The Fab perspective's parts with real widgets over a real workspace and the pack's real
 * services: the Wafer Maps gallery over the map library (import, filters, map view with
 * similar maps), the Yield part (charts, report export, fit and suggestions on a runs file)
 * and Fab Q&amp;A (a cited answer from an ingested fab collection).
 */
class FabPartsTest {
    @TempDir
    Path dir;

    private Display display;
    private Shell shell;
    private IEclipseContext ctx;
    private Workspace ws;
    private Subject subject;

    @BeforeEach
    void setUp() {
        Messages.setLocale(Locale.ENGLISH);
        display = Display.getDefault();
        shell = new Shell(display);
        shell.setLayout(new FillLayout());
        shell.setSize(1200, 860);
        ctx = EclipseContextFactory.getServiceContext(FrameworkUtil.getBundle(getClass()).getBundleContext())
                .createChild();
        ws = new DefaultWorkspace(dir.resolve("ws"), "eng");
        subject = ws.security().login("eng", null);
        ctx.set(Workspace.class, ws);
        ctx.set(Subject.class, subject);
        ctx.set(UISynchronize.class, new DisplayUISynchronize(display));
    }

    @AfterEach
    void tearDown() {
        shell.dispose();
        ctx.dispose();
    }

    private <T> T make(Class<T> type) {
        Composite parent = new Composite(shell, SWT.NONE);
        parent.setLayout(new FillLayout());
        IEclipseContext child = ctx.createChild();
        child.set(Composite.class, parent);
        T part = ContextInjectionFactory.make(type, child);
        shell.layout(true, true);
        shell.open();
        spinUntil(() -> true, "layout");
        return part;
    }

    private void spinUntil(BooleanSupplier done, String what) {
        long until = System.currentTimeMillis() + 180_000;
        long settle = System.currentTimeMillis() + 200;
        while (!done.getAsBoolean() || System.currentTimeMillis() < settle) {
            assertTrue(System.currentTimeMillis() < until, "timed out waiting for " + what);
            if (!display.readAndDispatch()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private Path screenshot(String name) throws Exception {
        spinUntil(() -> true, "paint");
        Path png = Path.of(System.getProperty("test.output", "target"), "screenshots", name + ".png");
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
        assertTrue(part.messageText().contains("empty"), part.messageText());
        Path broken = Files.writeString(dir.resolve("broken.csv"), "id,label,rows,cols,data\nx,,20,20,12\n");
        List<Path> files = new ArrayList<>(lotFiles());
        files.add(broken);
        assertNotNull(part.importFiles(files));
        spinUntil(() -> !part.busy(), "the import");
        assertTrue(part.messageText().startsWith("36 maps imported; the library holds 36 maps."), part.messageText());
        assertTrue(part.messageText().contains("broken.csv line 2"), "the bad file is named: " + part.messageText());
        assertEquals(List.of("LOT-A", "LOT-B"), part.lots());
        assertEquals(36, part.shown().size());
        assertTrue(part.summaryText().startsWith("36 of 36 maps shown"), part.summaryText());

        part.setFilters("LOT-B", null, 0);
        assertEquals(18, part.shown().size());
        assertTrue(part.shown().stream().allMatch(e -> e.map().lot().equals("LOT-B")));
        assertTrue(part.captions().get(0).startsWith("LOT-B · W1\n"), part.captions().get(0));

        part.setFilters(null, "Edge-Ring", 0);
        assertFalse(part.shown().isEmpty());
        assertTrue(part.shown().stream().allMatch(e -> e.predicted().equals("Edge-Ring")));
        part.setFilters(null, null, 90);
        assertTrue(part.shown().stream().allMatch(e -> e.confidence() >= 0.9f));
        int confident = part.shown().size();
        part.setFilters(null, null, 0);
        assertTrue(confident < 36 || part.shown().stream().allMatch(e -> e.confidence() >= 0.9f));

        // The map view: the selected map, its prediction, and its nearest stored neighbours.
        part.setFilters("LOT-A", null, 0);
        part.select(3);
        WaferMapsPart.Entry chosen = part.shown().get(3);
        String detail = part.detailText();
        assertTrue(detail.startsWith(chosen.map().id() + "   lot LOT-A   wafer " + chosen.map().waferId()), detail);
        assertTrue(detail.contains("Pattern " + chosen.predicted()), detail);
        List<String> similar = part.similarCaptions();
        assertEquals(6, similar.size(), similar.toString());
        assertTrue(similar.stream().noneMatch(c -> c.startsWith("LOT-A · " + chosen.map().id() + "\n")),
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

    @Test
    void yieldPartChartsReportsFitsAndSuggests() throws Exception {
        WaferMapsPart maps = make(WaferMapsPart.class);
        assertNotNull(maps.importFiles(lotFiles()));
        spinUntil(() -> !maps.busy(), "the import");
        shell.getChildren()[0].dispose();

        YieldPart part = make(YieldPart.class);
        List<WaferLibrary.StoredMap> stored = ctx.get(WaferLibrary.class).list(SemiWorkspace.mapsIndex(ws), null);
        Map<String, Object> report = YieldReport.of(stored);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lots = (List<Map<String, Object>>) report.get("lots");
        Object[] byLot = part.chart(0);
        assertEquals(List.of("LOT-A", "LOT-B"), byLot[0]);
        double[] values = (double[]) byLot[1];
        for (int i = 0; i < lots.size(); i++) {
            assertEquals((double) lots.get(i).get("yield"), values[i], 1e-9, "the chart shows wafer yield's numbers");
        }
        assertEquals(List.of("2026-11-16", "2026-11-17"), part.chart(1)[0]);
        assertTrue(((List<?>) part.chart(2)[0]).contains("Edge-Ring"), part.chart(2)[0].toString());
        assertTrue(part.statusTexts()[0].startsWith("36 wafers"), part.statusTexts()[0]);
        assertEquals(List.of("Lot LOT-A", "Lot LOT-B", "Week 2026-W47"), part.scopes());

        // A lot report as DOCX, written in a job.
        part.setReport(1, "DOCX", "Checked by the test.");
        Path docx = dir.resolve("lot-b.docx");
        assertNotNull(part.exportReport(docx));
        spinUntil(() -> !part.busy(), "the report");
        assertTrue(part.statusTexts()[1].startsWith("Wrote " + docx + ": 18 wafers"), part.statusTexts()[1]);
        try (XWPFDocument doc = new XWPFDocument(Files.newInputStream(docx))) {
            String text = new org.apache.poi.xwpf.extractor.XWPFWordExtractor(doc).getText();
            assertTrue(text.contains("LOT-B") && text.contains("Checked by the test."), text);
        }

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
        assertEquals(List.of("temp", "pressure", "tool"), part.parameters());
        assertTrue(part.statusTexts()[2].startsWith("240 runs; outcome defects (a count"), part.statusTexts()[2]);
        assertNotNull(part.fit());
        spinUntil(() -> !part.busy(), "the fit");
        YieldModels.Fit fit = part.lastFit();
        assertNotNull(fit, part.statusTexts()[2]);
        assertEquals("poisson", fit.family());
        List<String[]> rows = part.scoreRows();
        assertEquals(fit.scores().size(), rows.size());
        assertEquals(1, rows.stream().filter(x -> x[5].equals("✓")).count());
        String[] chosenRow = rows.stream().filter(x -> x[5].equals("✓")).findFirst().orElseThrow();
        assertTrue(Double.parseDouble(chosenRow[2]) < Double.parseDouble(rows.get(0)[2]),
                "the chosen model beats the mean-only baseline: " + String.join(" | ", chosenRow));
        assertTrue(Files.isRegularFile(SemiWorkspace.yieldModel(ws)), "the model is saved where 'yield suggest' reads it");

        part.setBounds(2, "A|C");
        part.setBounds(0, "180:240");
        part.suggest();
        List<YieldModels.Suggestion> s = part.suggestions();
        assertFalse(s.isEmpty(), part.statusTexts()[2]);
        for (YieldModels.Suggestion x : s) {
            assertTrue(List.of("A", "C").contains(x.settings().get("tool")), x.toString());
            double temp = Double.parseDouble(x.settings().get("temp"));
            assertTrue(temp >= 180 && temp <= 240, x.toString());
            double pressure = Double.parseDouble(x.settings().get("pressure"));
            assertTrue(pressure >= 1 && pressure <= 5, "unbounded parameters stay in the data's range: " + x);
        }
        assertEquals("A", s.get(0).settings().get("tool"), "tool C is worse: " + s.get(0));
        assertEquals(180, Double.parseDouble(s.get(0).settings().get("temp")), 1e-9, "cooler is better: " + s.get(0));
        for (int i = 1; i < s.size(); i++) {
            assertTrue(s.get(i).predicted() >= s.get(i - 1).predicted(), "best (fewest defects) first");
        }
        part.setBounds(0, "nonsense");
        part.suggest();
        assertTrue(part.statusTexts()[2].contains("temp"), "a bad bound names its parameter: " + part.statusTexts()[2]);
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
