package dev.enclave.semi.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.EclipseContextFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.FrameworkUtil;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.semi.DefectImageGenerator;
import dev.enclave.semi.DefectImages;
import dev.enclave.semi.ui.internal.DefectImagesPart;
import dev.enclave.semi.ui.internal.Ids;
import dev.enclave.tests.support.Workspaces;
import dev.enclave.ui.Screenshots;

/** The Defect Images part with real widgets: import in a job, gallery filters, heat map, relabel, training with a loss curve. */
class DefectImagesPartTest {
    @TempDir
    Path dir;

    private static void waitFor(DefectImagesPart part, Display display) throws InterruptedException {
        long until = System.currentTimeMillis() + 180_000;
        while (part.busy()) {
            assertTrue(System.currentTimeMillis() < until, "the job finishes");
            if (!display.readAndDispatch()) {
                Thread.sleep(20);
            }
        }
        while (display.readAndDispatch()) {
            // let the widgets paint
        }
    }

    @Test
    void importFilterHeatMapRelabelAndTrain() throws Exception {
        Path images = dir.resolve("lot7");
        DefectImageGenerator g = new DefectImageGenerator(99);
        for (String c : DefectImages.CLASSES) {
            Files.createDirectories(images.resolve(c));
            for (int i = 0; i < 2; i++) {
                ImageIO.write(g.next(c).image(), "png", images.resolve(c).resolve(c + i + ".png").toFile());
            }
        }
        Workspace ws = Workspaces.open(dir.resolve("ws"), "eng");
        Shell shell = new Shell(Display.getDefault());
        try {
            shell.setLayout(new FillLayout());
            shell.setSize(1280, 800);
            IEclipseContext ctx = EclipseContextFactory
                    .getServiceContext(FrameworkUtil.getBundle(DefectImagesPartTest.class).getBundleContext())
                    .createChild();
            ctx.set(Workspace.class, ws);
            ctx.set(Subject.class, ws.security().login("eng", null));
            ctx.set(Composite.class, new Composite(shell, SWT.NONE));
            DefectImagesPart part = ContextInjectionFactory.make(DefectImagesPart.class, ctx);
            shell.open();
            Display display = shell.getDisplay();
            assertTrue(Widgets.text(shell, Ids.DEFECT_MESSAGE).startsWith("The defect-image library is empty"));

            assertNotNull(part.importFolder(images, "L7"));
            waitFor(part, display);
            assertTrue(Widgets.text(shell, Ids.DEFECT_MESSAGE).startsWith("14 images imported"),
                    Widgets.text(shell, Ids.DEFECT_MESSAGE));
            Table table = Widgets.one(shell, Ids.DEFECT_TABLE, Table.class);
            assertEquals(14, table.getItemCount());
            assertEquals("L7", table.getItem(0).getText(1));

            String shown = table.getItem(0).getText(2).split(" ")[0];
            Widgets.choose(shell, Ids.DEFECT_CLASS, shown);
            assertTrue(table.getItemCount() >= 1 && table.getItemCount() < 14, "filtered: " + table.getItemCount());
            for (int i = 0; i < table.getItemCount(); i++) {
                assertEquals(shown, table.getItem(i).getText(2).split(" ")[0]);
            }
            Widgets.choose(shell, Ids.DEFECT_CLASS, "All classes");
            assertEquals(14, table.getItemCount());

            assertFalse(Widgets.text(shell, Ids.DEFECT_TOP3).isBlank());
            assertEquals(3, Widgets.text(shell, Ids.DEFECT_TOP3).lines().count());
            ImageData plain = Widgets.one(shell, Ids.DEFECT_PICTURE, Label.class).getImage().getImageData();
            Widgets.press(shell, Ids.DEFECT_HEAT, true);
            ImageData heat = Widgets.one(shell, Ids.DEFECT_PICTURE, Label.class).getImage().getImageData();
            assertEquals(plain.width, heat.width);
            boolean differs = false;
            for (int y = 0; y < plain.height && !differs; y += 4) {
                for (int x = 0; x < plain.width && !differs; x += 4) {
                    differs = plain.getPixel(x, y) != heat.getPixel(x, y);
                }
            }
            assertTrue(differs, "the heat map is drawn over the image");
            assertEquals(5, Widgets.texts(shell, Ids.DEFECT_SIMILAR).size());

            Widgets.one(shell, Ids.DEFECT_RELABEL, org.eclipse.swt.widgets.Combo.class).setText("residue");
            Widgets.press(shell, Ids.DEFECT_RELABEL_APPLY, false);
            assertEquals("residue", table.getItem(table.getSelectionIndex()).getText(4));
            assertTrue(ws.auditLog().tail(5).stream().anyMatch(e -> e.action().equals("defect.relabel")));

            assertNotNull(part.train(1));
            waitFor(part, display);
            String message = Widgets.text(shell, Ids.DEFECT_MESSAGE);
            assertTrue(message.startsWith("Trained defect-"), message);
            assertFalse(Widgets.one(shell, Ids.DEFECT_LOSS, org.eclipse.swt.widgets.Canvas.class).isDisposed());
            assertNotEquals(0, ws.auditLog().tail(10).stream().filter(e -> e.action().equals("defect.train")).count());

            Widgets.press(shell, Ids.DEFECT_HEAT, true);
            while (display.readAndDispatch()) {
                // let the widgets paint
            }
            Path png = Path.of(System.getProperty("test.output", "target"), "screenshots", "defect-images.png");
            Screenshots.save(shell, png);
            assertTrue(Files.size(png) > 2000);
        } finally {
            shell.dispose();
        }
    }
}
