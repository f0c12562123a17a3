package dev.enclave.semi.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.EclipseContextFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;

import org.eclipse.e4.ui.model.application.ui.MElementContainer;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspective;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.menu.MHandledMenuItem;

import org.eclipse.e4.ui.model.fragment.MModelFragments;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferMapReader;
import dev.enclave.semi.WaferStore;
import dev.enclave.semi.WaferTrainingSettings;
import dev.enclave.semi.WaferGenerator;
import dev.enclave.semi.ui.internal.Ids;
import dev.enclave.semi.ui.internal.WaferMapsPart;
import dev.enclave.ui.Screenshots;
import dev.enclave.tests.support.Workspaces;
import dev.enclave.tests.support.ModelFragments;

/** The Wafer Maps gallery with real widgets, and its model fragment as the workbench reads it. */
class WaferMapsPartTest {
    @TempDir
    Path dir;

    @Test
    void galleryShowsEveryMapWithPatternAndYield() throws Exception {
        try (Opened o = open()) {
            Display display = o.shell().getDisplay();
            Shell shell = o.shell();
            Workspace ws = o.ws();
            WaferMapsPart part = o.part();
            WaferGenerator g = new WaferGenerator(77);
            List<WaferMap> maps = new ArrayList<>();
            for (String label : WaferMap.PATTERNS) {
                maps.add(g.next("W" + maps.size(), label));
            }
            Path file = Files.writeString(dir.resolve("lot42.csv"), WaferMapReader.toCsv(maps), StandardCharsets.UTF_8);
            part.showFile(file);
            List<String> captions = Widgets.texts(shell, Ids.MAPS_CAPTION);
            assertEquals(9, captions.size());
            assertTrue(captions.get(0).startsWith("W0\n"), captions.get(0));
            String message = Widgets.text(shell, Ids.MAPS_MESSAGE);
            assertTrue(message.contains("lot42.csv") && message.contains("9"), message);
            assertTrue(Widgets.text(shell, Ids.MAPS_SUMMARY).contains("%"), Widgets.text(shell, Ids.MAPS_SUMMARY));
            ImageData map = picture(shell, 5);
            Widgets.press(shell, Ids.MAPS_DENSITY, true);
            ImageData heat = picture(shell, 5);
            assertEquals(map.width, heat.width);
            assertNotEquals(map.getPixel(map.width / 2, map.height / 2), heat.getPixel(heat.width / 2, heat.height / 2),
                    "density pictures differ from die maps");
            assertTrue(map.getAlpha(0, 0) == 0, "off-wafer corners are transparent");
            while (display.readAndDispatch()) {
                // let the widgets paint
            }
            Path png = Path.of(System.getProperty("test.output", "target"), "screenshots", "wafer-maps.png");
            Screenshots.save(shell, png);
            assertTrue(Files.size(png) > 2000);
            assertTrue(ws.auditLog().tail(5).stream().anyMatch(e -> e.action().equals("wafer.classify")));

            Path bad = Files.writeString(dir.resolve("bad.csv"), "id,label,rows,cols,data\nx,,20,20,12\n");
            part.showFile(bad);
            assertTrue(Widgets.text(shell, Ids.MAPS_MESSAGE).contains("bad.csv line 2"),
                    Widgets.text(shell, Ids.MAPS_MESSAGE));
        }
    }

    private static ImageData picture(Shell shell, int index) {
        return Widgets.all(shell, Ids.MAPS_PICTURE, Label.class).get(index).getImage().getImageData();
    }

    @Test
    void aRetrainedClassifierIsUsedFromTheNextSelection() throws Exception {
        try (Opened o = open()) {
            IEclipseContext ctx = o.ctx();
            Workspace ws = o.ws();
            Shell shell = o.shell();
            WaferMapsPart part = o.part();
            WaferGenerator g = new WaferGenerator(5);
            List<WaferMap> maps = List.of(g.next("A", "Center"), g.next("B", "Edge-Ring"));
            part.showFile(Files.writeString(dir.resolve("two.csv"), WaferMapReader.toCsv(maps), StandardCharsets.UTF_8));
            List<Composite> cells = Widgets.all(shell, Ids.MAPS_CELL, Composite.class);
            Widgets.click(cells.get(0));
            String shipped = Widgets.text(shell, Ids.MAPS_DETAIL);
            Widgets.click(cells.get(1));
            assertNotEquals(shipped, Widgets.text(shell, Ids.MAPS_DETAIL), "the other map is shown");
            Widgets.click(cells.get(0));
            assertEquals(shipped, Widgets.text(shell, Ids.MAPS_DETAIL), "the same classifier gives the same verdict");

            // A classifier trained briefly into the workspace (as `wafer train` does) is far less sure of itself.
            WaferStore store = ctx.get(WaferStore.class);
            store.train(ws, ctx.get(Subject.class), new WaferTrainingSettings(3, 64, 32, 0.003f), null,
                    Progress.silent());
            Widgets.click(cells.get(0));
            assertNotEquals(shipped, Widgets.text(shell, Ids.MAPS_DETAIL),
                    "the selection after retraining uses the new classifier");
            assertTrue(ws.auditLog().tail(3).stream().anyMatch(e -> e.action().equals("wafer.train")),
                    "the store audits the training run");
        }
    }

    @Test
    void galleryPagesBeyondTheFirst120Maps() throws Exception {
        try (Opened o = open()) {
            WaferGenerator g = new WaferGenerator(5, 20, 24);
            List<WaferMap> maps = new ArrayList<>();
            for (int i = 0; i < 130; i++) {
                maps.add(g.next("P" + i, WaferMap.PATTERNS.get(i % 9)));
            }
            Path file = Files.writeString(dir.resolve("many.csv"), WaferMapReader.toCsv(maps), StandardCharsets.UTF_8);
            o.part().showFile(file);
            Shell shell = o.shell();
            assertEquals(120, Widgets.texts(shell, Ids.MAPS_CAPTION).size());
            assertTrue(Widgets.text(shell, Ids.MAPS_PAGE).startsWith("Maps 1–120 of 130"), Widgets.text(shell, Ids.MAPS_PAGE));
            Widgets.press(shell, Ids.MAPS_NEXT, false);
            List<String> captions = Widgets.texts(shell, Ids.MAPS_CAPTION);
            assertEquals(10, captions.size());
            assertTrue(captions.get(0).startsWith("P120\n"), captions.get(0));
            assertTrue(Widgets.text(shell, Ids.MAPS_DETAIL).startsWith("P120"), Widgets.text(shell, Ids.MAPS_DETAIL));
            Widgets.press(shell, Ids.MAPS_PREVIOUS, false);
            assertEquals(120, Widgets.texts(shell, Ids.MAPS_CAPTION).size());
        }
    }

    /** The part in a shell, on a fresh workspace, with the pack's services from the OSGi context. */
    record Opened(Shell shell, IEclipseContext ctx, Workspace ws, WaferMapsPart part) implements AutoCloseable {
        @Override
        public void close() {
            shell.dispose();
            ctx.dispose();
        }
    }

    private Opened open() {
        return open(Workspaces.open(dir.resolve("ws"), "eng"));
    }

    /** The part in a shell on a workspace, with the pack's services from the OSGi context. */
    static Opened open(Workspace ws) {
        Shell shell = new Shell(Display.getDefault());
        shell.setLayout(new FillLayout());
        shell.setSize(900, 700);
        IEclipseContext ctx = EclipseContextFactory
                .getServiceContext(FrameworkUtil.getBundle(WaferMapsPartTest.class).getBundleContext()).createChild();
        ctx.set(Workspace.class, ws);
        ctx.set(Subject.class, ws.security().login("eng", null));
        ctx.set(Composite.class, new Composite(shell, SWT.NONE));
        WaferMapsPart part = ContextInjectionFactory.make(WaferMapsPart.class, ctx);
        shell.open();
        shell.layout(true, true);
        return new Opened(shell, ctx, ws, part);
    }

    @Test
    void fragmentAddsTheFabPerspectiveWithItsPartsAndMenuItem() throws Exception {
        Bundle ui = FrameworkUtil.getBundle(WaferMapsPart.class);
        String header = ui.getHeaders("").get("Model-Fragment");
        assertTrue(header != null && header.startsWith("fragment.e4xmi"), "Model-Fragment header: " + header);
        MModelFragments fragments = ModelFragments.of(ui);
        List<MPerspective> perspectives = ModelFragments.elements(fragments, "dev.enclave.ui.perspectivestack",
                MPerspective.class);
        List<MHandledMenuItem> items = ModelFragments.elements(fragments, "dev.enclave.ui.menu.perspectives",
                MHandledMenuItem.class);
        assertEquals(1, perspectives.size());
        MPerspective fab = perspectives.get(0);
        assertEquals("dev.enclave.semi.ui.perspective", fab.getElementId());
        List<MPart> parts = new ArrayList<>();
        collect(fab, parts);
        assertEquals(List.of("dev.enclave.semi.ui.part.wafers", "dev.enclave.semi.ui.part.defects",
                "dev.enclave.semi.ui.part.yield", "dev.enclave.semi.ui.part.qa"),
                parts.stream().map(MPart::getElementId).toList());
        for (MPart p : parts) {
            String uri = p.getContributionURI();
            assertTrue(uri.startsWith("bundleclass://dev.enclave.semi.ui/"), uri);
            Class<?> type = ui.loadClass(uri.substring(uri.lastIndexOf('/') + 1));
            assertTrue(type.getDeclaredConstructor() != null, uri);
        }
        assertEquals(1, items.size());
        assertEquals("dev.enclave.ui.command.showPerspective", items.get(0).getCommand().getElementId());
        assertEquals("dev.enclave.semi.ui.perspective", items.get(0).getParameters().get(0).getValue());
    }

    private static void collect(MUIElement element, List<MPart> parts) {
        if (element instanceof MPart p) {
            parts.add(p);
        } else if (element instanceof MElementContainer<?> c) {
            for (Object child : c.getChildren()) {
                collect((MUIElement) child, parts);
            }
        }
    }
}
