package dev.enclave.example.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.EclipseContextFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.internal.workbench.E4XMIResourceFactory;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.fragment.MModelFragment;
import org.eclipse.e4.ui.model.fragment.MModelFragments;
import org.eclipse.e4.ui.model.fragment.MStringModelFragment;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.internal.DefaultWorkspace;
import dev.enclave.example.ui.internal.TextStatsPart;
import dev.enclave.ui.internal.Screenshots;

/** The example pack's part with real widgets, and its model fragment as the workbench would read it. */
class TextStatsPartTest {
    @TempDir
    Path dir;

    @Test
    void partCountsTypedTextAndFiles() throws Exception {
        Display display = Display.getDefault();
        Shell shell = new Shell(display);
        shell.setLayout(new FillLayout());
        shell.setSize(800, 560);
        IEclipseContext ctx = EclipseContextFactory
                .getServiceContext(FrameworkUtil.getBundle(getClass()).getBundleContext()).createChild();
        Workspace ws = new DefaultWorkspace(dir.resolve("ws"), "eng");
        ctx.set(Workspace.class, ws);
        ctx.set(Subject.class, ws.security().login("eng", null));
        ctx.set(Composite.class, new Composite(shell, SWT.NONE));
        try {
            TextStatsPart part = ContextInjectionFactory.make(TextStatsPart.class, ctx);
            shell.open();
            part.setInput("光刻胶涂布。Spin coat at 3000 rpm.");
            assertEquals("5", part.shownValue(1), "Chinese characters");
            assertEquals("5", part.shownValue(2), "words");
            assertEquals("2", part.shownValue(5), "sentences");
            Path file = Files.writeString(dir.resolve("8D.txt"), "第一行\n第二行\n", StandardCharsets.UTF_8);
            part.showFile(file);
            assertEquals("2", part.shownValue(3), "lines");
            assertTrue(part.messageText().contains("8D.txt"), part.messageText());
            part.showFile(dir.resolve("missing.txt"));
            assertTrue(part.messageText().contains("missing.txt"), part.messageText());
            while (display.readAndDispatch()) {
                // let the widgets paint
            }
            Path png = Path.of(System.getProperty("test.output", "target"), "screenshots", "text-statistics.png");
            Screenshots.save(shell, png);
            assertTrue(Files.size(png) > 2000);
            assertTrue(ws.auditLog().tail(5).stream().anyMatch(e -> e.action().equals("example.stats")));
        } finally {
            shell.dispose();
            ctx.dispose();
        }
    }

    @Test
    void fragmentAddsThePartToTheMainStack() throws Exception {
        Bundle ui = FrameworkUtil.getBundle(TextStatsPart.class);
        String header = ui.getHeaders("").get("Model-Fragment");
        assertTrue(header != null && header.startsWith("fragment.e4xmi"), "Model-Fragment header: " + header);
        Resource resource = new E4XMIResourceFactory().createResource(
                URI.createPlatformPluginURI(ui.getSymbolicName() + "/fragment.e4xmi", true));
        resource.load(ui.getEntry("fragment.e4xmi").openStream(), null);
        MModelFragments fragments = (MModelFragments) resource.getContents().get(0);
        List<MPart> parts = new ArrayList<>();
        for (MModelFragment f : fragments.getFragments()) {
            MStringModelFragment sf = (MStringModelFragment) f;
            if (sf.getParentElementId().equals("dev.enclave.ui.partstack.main")) {
                f.getElements().stream().filter(MPart.class::isInstance).map(MPart.class::cast).forEach(parts::add);
            }
        }
        assertEquals(1, parts.size());
        MPart part = parts.get(0);
        assertEquals("dev.enclave.example.ui.part.stats", part.getElementId());
        String uri = part.getContributionURI();
        String className = uri.substring(uri.lastIndexOf('/') + 1);
        assertNotNull(ui.loadClass(className), "the part class resolves in the pack's bundle");
        assertEquals(TextStatsPart.class.getName(), className);
    }
}
