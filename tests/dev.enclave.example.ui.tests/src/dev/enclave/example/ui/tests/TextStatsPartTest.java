package dev.enclave.example.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.EclipseContextFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import dev.enclave.tests.support.Cli;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.example.ui.internal.TextStatsPart;
import dev.enclave.ui.Screenshots;
import dev.enclave.tests.support.Workspaces;
import dev.enclave.tests.support.ModelFragments;

/**
 * The example pack's part with real widgets, driven through them as a user would; the same
 * action through the CLI and through the part, each audited once by the service; and the
 * part's model fragment as the workbench would read it.
 */
class TextStatsPartTest {
    @TempDir
    Path dir;

    /** A part made by injection in a fresh shell, over a workspace whose creator is the OS user. */
    private record Opened(Shell shell, IEclipseContext context, Composite parent, TextStatsPart part) {
        void close() {
            shell.dispose();
            context.dispose();
        }

        <T extends Control> T find(Class<T> type) {
            for (Control c : parent.getChildren()) {
                if (type.isInstance(c)) {
                    return type.cast(c);
                }
            }
            throw new AssertionError("no " + type.getSimpleName() + " in the part");
        }

        /** The count in the table's row (0-based: characters, Chinese characters, words, lines, paragraphs, sentences). */
        String count(int row) {
            return find(Table.class).getItem(row).getText(1);
        }

        /** The message line under the input: the last label of the part. */
        String message() {
            Label last = null;
            for (Control c : parent.getChildren()) {
                if (c instanceof Label l) {
                    last = l;
                }
            }
            return last.getText();
        }
    }

    private static Opened open(Workspace ws) {
        Display display = Display.getDefault();
        Shell shell = new Shell(display);
        shell.setLayout(new FillLayout());
        shell.setSize(800, 560);
        IEclipseContext ctx = EclipseContextFactory
                .getServiceContext(FrameworkUtil.getBundle(TextStatsPartTest.class).getBundleContext()).createChild();
        ctx.set(Workspace.class, ws);
        String user = System.getProperty("user.name", "eng");
        ctx.set(Subject.class, ws.security().login(user, null));
        Composite parent = new Composite(shell, SWT.NONE);
        ctx.set(Composite.class, parent);
        TextStatsPart part = ContextInjectionFactory.make(TextStatsPart.class, ctx);
        shell.open();
        return new Opened(shell, ctx, parent, part);
    }

    private static Workspace workspace(Path root) {
        return Workspaces.open(root, System.getProperty("user.name", "eng"));
    }

    private static long statsEntries(Workspace ws) {
        return ws.auditLog().tail(1000).stream().filter(e -> e.action().equals("example.stats")).count();
    }

    @Test
    void partCountsTypedTextAndFiles() throws Exception {
        Workspace ws = workspace(dir.resolve("ws"));
        Opened o = open(ws);
        try {
            o.find(Text.class).setText("光刻胶涂布。Spin coat at 3000 rpm.");
            assertEquals("5", o.count(1), "Chinese characters");
            assertEquals("5", o.count(2), "words");
            assertEquals("2", o.count(5), "sentences");
            assertEquals(0, statsEntries(ws), "typed text is not a read of a document");
            Path file = Files.writeString(dir.resolve("8D.txt"), "第一行\n第二行\n", StandardCharsets.UTF_8);
            o.part().showFile(file);
            assertEquals("2", o.count(3), "lines");
            assertTrue(o.message().contains("8D.txt") && o.message().contains("UTF-8"), o.message());
            o.part().showFile(dir.resolve("missing.txt"));
            assertTrue(o.message().contains("missing.txt"), o.message());
            Display display = o.shell().getDisplay();
            while (display.readAndDispatch()) {
                // let the widgets paint
            }
            Path png = Path.of(System.getProperty("test.output", "target"), "screenshots", "text-statistics.png");
            Screenshots.save(o.shell(), png);
            assertTrue(Files.size(png) > 2000);
        } finally {
            o.close();
        }
    }

    @Test
    void theSameCountThroughTheCliAndThroughThePartIsAuditedOnceEach() throws Exception {
        Path root = dir.resolve("ws");
        Workspace ws = workspace(root);
        Path file = Files.writeString(dir.resolve("sop.txt"), "清洗两次。Rinse twice.", StandardCharsets.UTF_8);
        assertEquals(0, statsEntries(ws));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.exec(new String[] { "--data", root.toString(), "example", "stats", "--json", file.toString() },
                        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertEquals(1, statsEntries(ws), "the CLI's count: one entry");

        Opened o = open(ws);
        try {
            o.part().showFile(file);
            assertEquals("4", o.count(1), "Chinese characters");
            assertEquals(2, statsEntries(ws), "the part's count: one more entry");
            assertEquals(file.toString(), ws.auditLog().tail(1).get(0).object());
            o.part().showFile(dir.resolve("missing.txt"));
            assertEquals(2, statsEntries(ws), "a file that could not be read is not counted as read");
        } finally {
            o.close();
        }
        assertTrue(ws.auditLog().verify().intact(), "both wrote to one intact chain");
    }

    @Test
    void fragmentAddsThePartToTheMainStack() throws Exception {
        Bundle ui = FrameworkUtil.getBundle(TextStatsPart.class);
        String header = ui.getHeaders("").get("Model-Fragment");
        assertTrue(header != null && header.startsWith("fragment.e4xmi"), "Model-Fragment header: " + header);
        List<MPart> parts = ModelFragments.elements(ModelFragments.of(ui), "dev.enclave.ui.partstack.main", MPart.class);
        assertEquals(1, parts.size());
        MPart part = parts.get(0);
        assertEquals("dev.enclave.example.ui.part.stats", part.getElementId());
        assertEquals("%part.stats", part.getLabel(), "the label comes from the bundle's localisation");
        String uri = part.getContributionURI();
        String className = uri.substring(uri.lastIndexOf('/') + 1);
        assertNotNull(ui.loadClass(className), "the part class resolves in the pack's bundle");
        assertEquals(TextStatsPart.class.getName(), className);
    }
}
