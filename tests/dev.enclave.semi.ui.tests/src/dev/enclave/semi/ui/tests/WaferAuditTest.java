package dev.enclave.semi.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.tests.support.Cli;
import dev.enclave.core.Workspace;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferMapReader;
import dev.enclave.semi.WaferGenerator;
import dev.enclave.semi.ui.internal.Ids;
import dev.enclave.semi.ui.internal.Messages;
import dev.enclave.tests.support.Workspaces;

/**
 * Classifying and importing wafer maps is audited by the pack's service, so each action
 * leaves exactly one audit entry whether it comes from {@code enclave wafer …} or from the
 * Wafer Maps part (which used to append its own entries beside the command line's).
 */
class WaferAuditTest {
    @TempDir
    Path dir;

    private Path mapsFile() throws Exception {
        WaferGenerator g = new WaferGenerator(31);
        List<WaferMap> maps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            maps.add(g.next("A" + i, WaferMap.PATTERNS.get(i)).withOrigin("LOT-Q", "A" + i, null));
        }
        return Files.writeString(dir.resolve("maps.csv"), WaferMapReader.toCsv(maps), StandardCharsets.UTF_8);
    }

    private static long count(Workspace ws, String action) {
        return ws.auditLog().tail(1000).stream().filter(e -> e.action().equals(action)).count();
    }

    private static int cli(Path data, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--data";
        all[1] = data.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.exec(all, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return code;
    }

    @Test
    void theCommandLineLeavesOneEntryPerClassificationAndImport() throws Exception {
        Path file = mapsFile();
        Path data = dir.resolve("cli");
        cli(data, "wafer", "classify", "--json", file.toString());
        Workspace ws = Workspaces.open(data, System.getProperty("user.name"));
        assertEquals(1, count(ws, "wafer.classify"));
        assertEquals(0, count(ws, "wafer.import"));
        cli(data, "wafer", "import", "--json", file.toString());
        ws = Workspaces.open(data, System.getProperty("user.name"));
        assertEquals(1, count(ws, "wafer.classify"), "importing is not also a classification entry");
        assertEquals(1, count(ws, "wafer.import"));
        assertEquals(file.toString(), ws.auditLog().tail(1).get(0).object());
    }

    @Test
    void thePartLeavesOneEntryPerClassificationAndImport() throws Exception {
        Messages.setLocale(Locale.ENGLISH);
        Path file = mapsFile();
        try (WaferMapsPartTest.Opened o = WaferMapsPartTest.open(Workspaces.open(dir.resolve("ui"), "eng"))) {
            Workspace ws = o.ws();
            o.part().showFile(file);
            assertEquals(1, count(ws, "wafer.classify"));
            // Looking at the maps of the file (the map view classifies the selected one again) is not another entry.
            List<Composite> cells = Widgets.all(o.shell(), Ids.MAPS_CELL, Composite.class);
            assertEquals(4, cells.size());
            Widgets.click(cells.get(2));
            assertTrue(Widgets.text(o.shell(), Ids.MAPS_DETAIL).startsWith("A2"), Widgets.text(o.shell(), Ids.MAPS_DETAIL));
            assertEquals(1, count(ws, "wafer.classify"));

            assertNotNull(o.part().importFiles(List.of(file)));
            Display display = o.shell().getDisplay();
            long until = System.currentTimeMillis() + 120_000;
            while (o.part().busy()) {
                assertTrue(System.currentTimeMillis() < until, "the import finishes");
                if (!display.readAndDispatch()) {
                    Thread.sleep(20);
                }
            }
            assertTrue(Widgets.text(o.shell(), Ids.MAPS_MESSAGE).startsWith("4 maps imported"),
                    Widgets.text(o.shell(), Ids.MAPS_MESSAGE));
            assertEquals(1, count(ws, "wafer.import"));
            assertEquals(1, count(ws, "wafer.classify"));
            assertEquals("eng", ws.auditLog().tail(1).get(0).user());
        }
    }
}
