package dev.enclave.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.EclipseContextFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.workbench.swt.DisplayUISynchronize;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import dev.enclave.assistant.Citation;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.internal.DefaultWorkspace;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.ui.LibraryEvents;
import dev.enclave.ui.internal.Screenshots;
import dev.enclave.ui.AssistantPart;
import dev.enclave.ui.internal.parts.LibraryPart;

/**
 * The Library and Assistant parts with real widgets under Xvfb, over a real workspace and the
 * real KnowledgeBase and Assistant services: import a mixed folder, search and open a hit, ask
 * in Chinese about an English document and follow the citation link, and the ACL.
 */
class LibraryAssistantPartsTest {
    private static final String SOP = """
            # Wet bench cleaning procedure

            The wet bench is cleaned every Monday before the first lot.

            ## Tank temperature

            The SC1 cleaning tank temperature must be kept at 65 degrees Celsius. Above 70 degrees the \
            particle count rises and the lot must be held for inspection.

            ## Rinse

            Rinse the wafers in deionised water for 10 minutes after the cleaning tank.
            """;

    @TempDir
    Path dir;

    private Display display;
    private Shell shell;
    private IEclipseContext context;
    private Workspace workspace;
    private Subject admin;

    @BeforeEach
    void setUp() {
        display = Display.getDefault();
        shell = new Shell(display);
        shell.setLayout(new FillLayout());
        shell.setSize(1300, 800);
        workspace = new DefaultWorkspace(dir.resolve("ws"), "it-admin");
        admin = workspace.security().login("it-admin", null);
        workspace.security().putUser(admin, "eve", List.of("engineer"));
        workspace.security().putUser(admin, "ann", List.of("auditor"));
        BundleContext bc = FrameworkUtil.getBundle(getClass()).getBundleContext();
        context = EclipseContextFactory.getServiceContext(bc).createChild("test");
        context.set(Workspace.class, workspace);
        context.set(UISynchronize.class, new DisplayUISynchronize(display));
    }

    @AfterEach
    void tearDown() {
        shell.dispose();
        context.dispose();
    }

    private <T> T make(Class<T> partClass, Composite parent, Subject subject) {
        IEclipseContext child = context.createChild(partClass.getSimpleName() + subject.name());
        child.set(Subject.class, subject);
        child.set(Composite.class, parent);
        T part = ContextInjectionFactory.make(partClass, child);
        shell.layout(true, true);
        shell.open();
        spinUntil(() -> true, "layout");
        return part;
    }

    /** Runs the event loop until {@code done} holds (or fails after two minutes). */
    private void spinUntil(BooleanSupplier done, String what) {
        long until = System.currentTimeMillis() + 120_000;
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

    private Path mixedFolder() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("wet-bench-sop.md"), SOP, StandardCharsets.UTF_8);
        Files.writeString(docs.resolve("shift-notes.txt"),
                "交接班记录：光刻机 A2 的曝光剂量已校准，下一班检查对准标记。", StandardCharsets.UTF_8);
        try (XWPFDocument doc = new XWPFDocument(); OutputStream out = Files.newOutputStream(docs.resolve("credit.docx"))) {
            doc.createParagraph().createRun().setText("授信调查报告");
            doc.createParagraph().createRun().setText("借款人示例化纤有限公司申请流动资金贷款 3000 万元，期限 12 个月。");
            doc.write(out);
        }
        try (XSSFWorkbook book = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(docs.resolve("yield.xlsx"))) {
            XSSFSheet sheet = book.createSheet("Yield");
            XSSFRow header = sheet.createRow(0);
            header.createCell(0).setCellValue("Lot");
            header.createCell(1).setCellValue("Yield");
            XSSFRow row = sheet.createRow(1);
            row.createCell(0).setCellValue("L042");
            row.createCell(1).setCellValue(0.93);
            book.write(out);
        }
        Files.writeString(docs.resolve("broken.pdf"), "this is not a PDF", StandardCharsets.UTF_8);
        return docs;
    }

    @Test
    void importSearchOpenAskAndFollowACitation() throws Exception {
        Path docs = mixedFolder();
        IEventBroker broker = context.get(IEventBroker.class);
        assertNotNull(broker, "the e4 event broker is available to the parts");
        SashForm sash = new SashForm(shell, SWT.HORIZONTAL);
        Composite libraryParent = new Composite(sash, SWT.NONE);
        Composite assistantParent = new Composite(sash, SWT.NONE);
        LibraryPart library = make(LibraryPart.class, libraryParent, admin);
        library.selectCollection("lib");
        library.setRoles("admin, engineer");
        assertNotNull(library.importPaths(List.of(docs)), library.status());
        spinUntil(() -> !library.busy(), "the import");

        String summary = library.status();
        assertTrue(summary.startsWith("lib: 4 added, 0 replaced, 0 unchanged, 1 failed"), summary);
        assertTrue(summary.contains("broken.pdf"), "the failing file is named: " + summary);
        List<String[]> rows = library.documentRows();
        assertEquals(4, rows.size(), summary);
        assertEquals(List.of("docx", "md", "txt", "xlsx"), rows.stream().map(r -> r[1]).sorted().toList());
        for (String[] r : rows) {
            assertEquals("admin, engineer", r[3], String.join(" | ", r));
            assertTrue(Integer.parseInt(r[4]) >= 1, String.join(" | ", r));
            assertEquals("indexed", r[5]);
        }

        // A second import of the same folder changes nothing.
        library.importPaths(List.of(docs));
        spinUntil(() -> !library.busy(), "the second import");
        assertTrue(library.status().startsWith("lib: 0 added, 0 replaced, 4 unchanged, 1 failed"), library.status());

        // Search, open a hit: the highlighted range is the chunk's span.
        library.setQuery("SC1 tank temperature", SearchMode.BM25);
        library.search();
        spinUntil(() -> !library.busy(), "the search");
        List<SearchHit> hits = library.hits();
        assertFalse(hits.isEmpty(), library.status());
        SearchHit hit = hits.get(0);
        assertTrue(hit.source().endsWith("wet-bench-sop.md"), hit.source());
        library.openHit(0);
        Object[] view = library.documentView();
        assertTrue(((String) view[0]).contains("65 degrees Celsius"), (String) view[0]);
        assertEquals(List.of(hit.start(), hit.end()), List.of(((int[]) view[1])[0], ((int[]) view[1])[1]));
        assertEquals(hit.text(), ((String) view[0]).substring(hit.start(), hit.end()));

        // Ask in Chinese about the English document; the citation link opens the span in the Library.
        AssistantPart assistant = make(AssistantPart.class, assistantParent, admin);
        assistant.setUp("lib", SearchMode.HYBRID);
        assistant.setQuestion("SC1 槽的温度是多少？");
        assertNotNull(assistant.ask());
        spinUntil(() -> !assistant.busy(), "the answer");
        String chat = assistant.shown()[0];
        assertTrue(chat.contains("SC1 槽的温度是多少？"), chat);
        assertTrue(chat.contains("65 degrees"), chat);
        assertTrue(chat.contains("[1]"), chat);
        List<AssistantPart.Link> links = assistant.links();
        assertFalse(links.isEmpty(), chat);
        AssistantPart.Link link = links.stream().filter(l -> l.citation().source().endsWith("wet-bench-sop.md"))
                .findFirst().orElseThrow(() -> new AssertionError(chat));
        assertEquals(chat.substring(link.start(), link.end()), "[" + link.citation().number() + "]");
        Citation c = link.citation();
        library.openHit(hits.size() - 1 > 0 ? 1 : 0); // show something else first
        java.util.concurrent.atomic.AtomicReference<Object> posted = new java.util.concurrent.atomic.AtomicReference<>();
        broker.subscribe(LibraryEvents.OPEN_DOCUMENT, e -> posted.set(e.getProperty(IEventBroker.DATA)));
        assistant.openCitation(link);
        spinUntil(() -> posted.get() != null, "the open-document event");
        assertEquals(new LibraryEvents.DocumentSpan("lib", c.docId(), c.source(), c.start(), c.end()), posted.get());
        String passage = assistant.shown()[2];
        assertTrue(passage.startsWith("[" + c.number() + "] " + c.source() + "  [" + c.start() + ", " + c.end() + ")"),
                passage);
        assertTrue(passage.contains(c.text().strip()), passage);
        spinUntil(() -> library.documentView()[1] != null
                && ((int[]) library.documentView()[1])[0] == c.start() && ((int[]) library.documentView()[1])[1] == c.end(),
                "the Library to open the cited span");
        String text = (String) library.documentView()[0];
        assertEquals(c.text(), text.substring(c.start(), c.end()));
        assertTrue(((String) library.documentView()[2]).contains("wet-bench-sop.md"));

        // Copy and export the answer with its sources.
        String md = assistant.answerMarkdown();
        assertTrue(md.startsWith("## SC1 槽的温度是多少？"), md);
        assertTrue(md.contains("wet-bench-sop.md") && md.contains("[" + c.start() + ", " + c.end() + ")"), md);
        Path exported = dir.resolve("answer.md");
        assistant.exportMarkdown(exported);
        assertEquals(md, Files.readString(exported));
        assistant.copyAnswer();
        org.eclipse.swt.dnd.Clipboard clipboard = new org.eclipse.swt.dnd.Clipboard(display);
        try {
            Object copied = clipboard.getContents(org.eclipse.swt.dnd.TextTransfer.getInstance());
            assertEquals(md, copied);
        } finally {
            clipboard.dispose();
        }

        // The chat history keeps both exchanges.
        assistant.setQuestion("How often is the wet bench cleaned?");
        assistant.ask();
        spinUntil(() -> !assistant.busy(), "the second answer");
        String both = assistant.shown()[0];
        assertTrue(both.contains("SC1 槽的温度") && both.contains("How often is the wet bench cleaned?"), both);
        assertEquals(2, both.split("Assistant: ", -1).length - 1, both);
        assertTrue(assistant.links().size() > links.size(), "the second answer has its own links: " + both);
        assertTrue(both.startsWith(chat), "the first exchange is kept as it was");

        for (Composite shown : new Composite[] { libraryParent, assistantParent }) {
            sash.setMaximizedControl(shown);
            shell.layout(true, true);
            spinUntil(() -> true, "layout");
            Path shot = screenshot(shown == libraryParent ? "library.png" : "assistant.png");
            Screenshots.save(shell, shot);
            assertTrue(Files.size(shot) > 0);
        }
        sash.setMaximizedControl(null);

        // Delete a document (confirmed by the caller): it leaves the table.
        assertTrue(library.selectDocument("shift-notes.txt"));
        library.deleteSelected(false);
        assertEquals(3, library.documentRows().size());
        assertTrue(library.documentRows().stream().noneMatch(r -> r[0].endsWith("shift-notes.txt")));
    }

    @Test
    void aUserWithoutTheRoleSeesNothingOfTheDocuments() throws Exception {
        Path docs = mixedFolder();
        SashForm sash = new SashForm(shell, SWT.HORIZONTAL);
        LibraryPart library = make(LibraryPart.class, new Composite(sash, SWT.NONE), admin);
        library.selectCollection("lib");
        library.setRoles("engineer");
        library.importPaths(List.of(docs));
        spinUntil(() -> !library.busy(), "the import");
        assertTrue(library.status().startsWith("lib: 4 added"), library.status());
        assertEquals(0, library.documentRows().size(), "the administrator holds no engineer role");

        Subject eve = workspace.security().login("it-admin", "eve");
        Subject ann = workspace.security().login("it-admin", "ann");
        LibraryPart eveLibrary = make(LibraryPart.class, new Composite(sash, SWT.NONE), eve);
        eveLibrary.selectCollection("lib");
        assertEquals(4, eveLibrary.documentRows().size());
        eveLibrary.setQuery("SC1 tank temperature", SearchMode.BM25);
        eveLibrary.search();
        spinUntil(() -> !eveLibrary.busy(), "eve's search");
        SearchHit hit = eveLibrary.hits().get(0);

        LibraryPart annLibrary = make(LibraryPart.class, new Composite(sash, SWT.NONE), ann);
        annLibrary.selectCollection("lib");
        assertEquals(0, annLibrary.documentRows().size(), "ann (auditor) sees no document");
        annLibrary.setQuery("SC1 tank temperature", SearchMode.HYBRID);
        annLibrary.search();
        spinUntil(() -> !annLibrary.busy(), "ann's search");
        assertTrue(annLibrary.hits().isEmpty(), annLibrary.status());
        annLibrary.open(new LibraryEvents.DocumentSpan("lib", hit.docId(), hit.source(), hit.start(), hit.end()));
        assertEquals("", annLibrary.documentView()[0], "no extracted text for a reader without the role");
        assertNull(annLibrary.documentView()[1]);
        assertTrue(annLibrary.status().contains("may not read"), annLibrary.status());

        AssistantPart annAssistant = make(AssistantPart.class, new Composite(sash, SWT.NONE), ann);
        annAssistant.setUp("lib", SearchMode.HYBRID);
        annAssistant.setQuestion("SC1 槽的温度是多少？");
        annAssistant.ask();
        spinUntil(() -> !annAssistant.busy(), "ann's answer");
        String chat = annAssistant.shown()[0];
        assertFalse(chat.contains("65 degrees"), chat);
        assertTrue(annAssistant.links().isEmpty(), chat);
        Screenshots.save(shell, screenshot("library-acl.png"));
    }

    private static Path screenshot(String name) {
        return Path.of(System.getProperty("test.output", System.getProperty("java.io.tmpdir")), name);
    }
}
