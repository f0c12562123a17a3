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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.assistant.Citation;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.knowledge.TextRegion;
import dev.enclave.tests.support.Cli;
import dev.enclave.tests.support.Workspaces;
import dev.enclave.ui.AssistantPart;
import dev.enclave.ui.LibraryEvents;
import dev.enclave.ui.PageImageView;
import dev.enclave.ui.Tables;
import dev.enclave.ui.internal.Messages;
import dev.enclave.ui.Screenshots;
import dev.enclave.ui.internal.parts.LibraryPart;
import dev.enclave.tests.support.PartHarness;
import dev.enclave.tests.support.WidgetTree;

/**
 * The Library and Assistant parts with real widgets under Xvfb, over a real workspace and the
 * real KnowledgeBase and Assistant services: import a mixed folder, search and open a hit, ask
 * in Chinese about an English document and follow the citation link, the ACL, and one audit entry
 * per search and per question whether the part or the command line asks. The Library is driven
 * through its widgets, as a user would.
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

    private PartHarness ui;
    private Display display;
    private Shell shell;
    private IEclipseContext context;
    private Workspace workspace;
    private Subject admin;

    @BeforeEach
    void setUp() {
        workspace = Workspaces.open(dir.resolve("ws"), "it-admin");
        admin = workspace.security().login("it-admin", null);
        workspace.security().putUser(admin, "eve", List.of("engineer"));
        workspace.security().putUser(admin, "ann", List.of("auditor"));
        ui = new PartHarness(workspace, null, 1300, 800);
        display = ui.display();
        shell = ui.shell();
        context = ui.context();
    }

    @AfterEach
    void tearDown() {
        ui.close();
    }

    private <T> T make(Class<T> partClass, Composite parent, Subject subject) {
        return ui.makeIn(partClass, parent, subject);
    }

    /** Runs the event loop until {@code done} holds, and for at least 200 ms. */
    private void spinUntil(BooleanSupplier done, String what) {
        long settle = System.currentTimeMillis() + 200;
        ui.spinUntil(done, what);
        ui.spin(Math.max(0, settle - System.currentTimeMillis()));
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

    /** Drives a Library part through its widgets: types, chooses, presses and reads what a user sees. */
    private final class Library {
        private final LibraryPart part;
        private final Composite root;

        Library(Composite root, Subject subject) {
            this.root = root;
            this.part = make(LibraryPart.class, root, subject);
        }

        /** Types a collection name and presses Enter. */
        void collection(String name) {
            Combo c = named(Combo.class, "library.collection");
            c.setText(name);
            c.notifyListeners(SWT.DefaultSelection, new Event());
        }

        void roles(String text) {
            named(Text.class, "library.roles").setText(text);
        }

        /** Imports as the Import buttons and a drop do, and waits for the import's summary. */
        void importPaths(Path... paths) {
            Job job = part.importPaths(List.of(paths));
            assertNotNull(job, status());
            spinUntil(() -> job.getResult() != null && !status().endsWith(" …"), "the import");
        }

        String status() {
            return named(Label.class, "library.status").getText();
        }

        /** The documents table's rows, cells as shown. */
        List<String[]> documents() {
            return Tables.rows(named(Table.class, "library.documents"));
        }

        /** Types a query, chooses the mode, presses Search and waits for the hits. */
        void search(String query, SearchMode mode) {
            named(Text.class, "library.query").setText(query);
            named(Combo.class, "library.mode").setText(mode.name().toLowerCase(Locale.ROOT));
            named(Button.class, "library.searchButton").notifyListeners(SWT.Selection, new Event());
            String searching = Messages.get("library.searching", query) + " …";
            spinUntil(() -> !status().equals(searching), "the search");
        }

        List<SearchHit> hits() {
            Table t = named(Table.class, "library.hits");
            List<SearchHit> out = new ArrayList<>();
            for (int i = 0; i < t.getItemCount(); i++) {
                out.add((SearchHit) t.getItem(i).getData());
            }
            return out;
        }

        /** Clicks the hit in row {@code index}. */
        void openHit(int index) {
            select(named(Table.class, "library.hits"), index);
        }

        /** Clicks the document row whose name ends with {@code suffix}. */
        void openDocument(String suffix) {
            Table t = named(Table.class, "library.documents");
            for (int i = 0; i < t.getItemCount(); i++) {
                if (t.getItem(i).getText(0).endsWith(suffix)) {
                    select(t, i);
                    return;
                }
            }
            throw new AssertionError("no document " + suffix + " in " + documents().size() + " rows");
        }

        private void select(Table t, int index) {
            t.setSelection(index);
            t.notifyListeners(SWT.Selection, new Event());
        }

        String viewText() {
            return named(StyledText.class, "library.view").getText();
        }

        /** The highlighted span of the document view, or null when nothing is highlighted. */
        int[] highlighted() {
            StyleRange[] ranges = named(StyledText.class, "library.view").getStyleRanges();
            return ranges.length == 1 && ranges[0].background != null
                    ? new int[] { ranges[0].start, ranges[0].start + ranges[0].length } : null;
        }

        String viewTitle() {
            return named(Label.class, "library.viewTitle").getText();
        }

        private <T extends Control> T named(Class<T> type, String id) {
            return WidgetTree.one(root, type, id);
        }
    }


    @Test
    void importSearchOpenAskAndFollowACitation() throws Exception {
        Path docs = mixedFolder();
        IEventBroker broker = context.get(IEventBroker.class);
        assertNotNull(broker, "the e4 event broker is available to the parts");
        SashForm sash = new SashForm(shell, SWT.HORIZONTAL);
        Composite libraryParent = new Composite(sash, SWT.NONE);
        Composite assistantParent = new Composite(sash, SWT.NONE);
        Library library = new Library(libraryParent, admin);
        library.collection("lib");
        library.roles("admin, engineer");
        library.importPaths(docs);

        String summary = library.status();
        assertTrue(summary.startsWith("lib: 4 added, 0 replaced, 0 unchanged, 1 failed"), summary);
        assertTrue(summary.contains("broken.pdf"), "the failing file is named: " + summary);
        List<String[]> rows = library.documents();
        assertEquals(4, rows.size(), summary);
        assertEquals(List.of("docx", "md", "txt", "xlsx"), rows.stream().map(r -> r[1]).sorted().toList());
        for (String[] r : rows) {
            assertEquals("admin, engineer", r[3], String.join(" | ", r));
            assertTrue(Integer.parseInt(r[4]) >= 1, String.join(" | ", r));
            assertEquals("indexed", r[5]);
        }

        // A second import of the same folder changes nothing.
        library.importPaths(docs);
        assertTrue(library.status().startsWith("lib: 0 added, 0 replaced, 4 unchanged, 1 failed"), library.status());

        // Search, open a hit: the highlighted range is the chunk's span.
        library.search("SC1 tank temperature", SearchMode.BM25);
        List<SearchHit> hits = library.hits();
        assertFalse(hits.isEmpty(), library.status());
        assertTrue(library.status().contains(hits.size() + (hits.size() == 1 ? " hit (bm25)" : " hits (bm25)")), library.status());
        SearchHit hit = hits.get(0);
        assertTrue(hit.source().endsWith("wet-bench-sop.md"), hit.source());
        library.openHit(0);
        assertTrue(library.viewText().contains("65 degrees Celsius"), library.viewText());
        assertEquals(List.of(hit.start(), hit.end()), List.of(library.highlighted()[0], library.highlighted()[1]));
        assertEquals(hit.text(), library.viewText().substring(hit.start(), hit.end()));

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
        library.openHit(hits.size() > 1 ? 1 : 0); // show something else first
        java.util.concurrent.atomic.AtomicReference<Object> posted = new java.util.concurrent.atomic.AtomicReference<>();
        broker.subscribe(LibraryEvents.OPEN_DOCUMENT, e -> posted.set(e.getProperty(IEventBroker.DATA)));
        assistant.openCitation(link);
        spinUntil(() -> posted.get() != null, "the open-document event");
        assertEquals(new LibraryEvents.DocumentSpan("lib", c.docId(), c.source(), c.start(), c.end()), posted.get());
        String passage = assistant.shown()[2];
        assertTrue(passage.startsWith("[" + c.number() + "] " + c.source() + "  [" + c.start() + ", " + c.end() + ")"),
                passage);
        assertTrue(passage.contains(c.text().strip()), passage);
        spinUntil(() -> library.highlighted() != null && library.highlighted()[0] == c.start()
                && library.highlighted()[1] == c.end(), "the Library to open the cited span");
        assertEquals(c.text(), library.viewText().substring(c.start(), c.end()));
        assertTrue(library.viewTitle().contains("wet-bench-sop.md"), library.viewTitle());

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
        library.openDocument("shift-notes.txt");
        assertTrue(library.viewTitle().contains("shift-notes.txt"), library.viewTitle());
        library.part.deleteSelected(false);
        assertEquals(3, library.documents().size());
        assertTrue(library.documents().stream().noneMatch(r -> r[0].endsWith("shift-notes.txt")));
        assertTrue(library.status().contains("shift-notes.txt"), library.status());
    }

    @Test
    void aUserWithoutTheRoleSeesNothingOfTheDocuments() throws Exception {
        Path docs = mixedFolder();
        SashForm sash = new SashForm(shell, SWT.HORIZONTAL);
        Library library = new Library(new Composite(sash, SWT.NONE), admin);
        library.collection("lib");
        library.roles("engineer");
        library.importPaths(docs);
        assertTrue(library.status().startsWith("lib: 4 added"), library.status());
        assertEquals(0, library.documents().size(), "the administrator holds no engineer role");

        Subject eve = workspace.security().login("it-admin", "eve");
        Subject ann = workspace.security().login("it-admin", "ann");
        Library eveLibrary = new Library(new Composite(sash, SWT.NONE), eve);
        eveLibrary.collection("lib");
        assertEquals(4, eveLibrary.documents().size());
        eveLibrary.search("SC1 tank temperature", SearchMode.BM25);
        SearchHit hit = eveLibrary.hits().get(0);

        Library annLibrary = new Library(new Composite(sash, SWT.NONE), ann);
        annLibrary.collection("lib");
        assertEquals(0, annLibrary.documents().size(), "ann (auditor) sees no document");
        annLibrary.search("SC1 tank temperature", SearchMode.HYBRID);
        assertTrue(annLibrary.hits().isEmpty(), annLibrary.status());
        annLibrary.part.open(new LibraryEvents.DocumentSpan("lib", hit.docId(), hit.source(), hit.start(), hit.end()));
        assertEquals("", annLibrary.viewText(), "no extracted text for a reader without the role");
        assertNull(annLibrary.highlighted());
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

    @Test
    void hiddenDocumentsAreCountedAndARoleGivenWhileTheWorkbenchRunsShowsThem() throws Exception {
        Path docs = mixedFolder();
        SashForm sash = new SashForm(shell, SWT.HORIZONTAL);
        Library library = new Library(new Composite(sash, SWT.NONE), admin);
        library.collection("lib");
        library.roles("engineer");
        library.importPaths(docs);
        assertTrue(library.status().contains("You may not read what you imported into lib: it is open to engineer"
                + " only"), "the import says the administrator cannot read it: " + library.status());

        // ann's session starts before she gets the role, as a workbench started in the morning.
        Subject ann = workspace.security().login("it-admin", "ann");
        Library annLibrary = new Library(new Composite(sash, SWT.NONE), ann);
        annLibrary.collection("lib");
        annLibrary.search("SC1 tank temperature", SearchMode.BM25);
        assertTrue(annLibrary.hits().isEmpty(), annLibrary.status());
        assertTrue(annLibrary.status().contains("1 document matching the query is not readable with your roles."),
                annLibrary.status());
        assertFalse(annLibrary.status().contains("wet-bench"), "a count, never what: " + annLibrary.status());

        AssistantPart annAssistant = make(AssistantPart.class, new Composite(sash, SWT.NONE), ann);
        annAssistant.setUp("lib", SearchMode.BM25);
        annAssistant.setQuestion("What is the SC1 tank temperature?");
        annAssistant.ask();
        spinUntil(() -> !annAssistant.busy(), "ann's answer");
        assertTrue(annAssistant.shown()[0].contains("1 document matching the question is not readable with your roles."),
                annAssistant.shown()[0]);
        assertTrue(annAssistant.shown()[1].contains("1 document matching the question is not readable with your roles."),
                annAssistant.shown()[1]);

        // An administrator gives her the role (here, or with 'enclave users put' in another process): no restart.
        workspace.security().putUser(admin, "ann", List.of("auditor", "engineer"));
        annLibrary.part.refreshCollections();
        assertEquals(4, annLibrary.documents().size(), "the same session now lists the documents");
        annLibrary.search("SC1 tank temperature", SearchMode.BM25);
        assertFalse(annLibrary.hits().isEmpty(), annLibrary.status());
        assertFalse(annLibrary.status().contains("not readable"), annLibrary.status());
        annAssistant.setQuestion("What is the SC1 tank temperature?");
        annAssistant.ask();
        spinUntil(() -> !annAssistant.busy(), "ann's second answer");
        assertFalse(annAssistant.links().isEmpty(), annAssistant.shown()[0]);
        assertFalse(annAssistant.shown()[1].contains("not readable"), annAssistant.shown()[1]);
    }

    @Test
    void aSearchAndAQuestionAreAuditedOnceByTheServiceFromThePartsAndTheCommandLine() throws Exception {
        // A workspace of the OS user, so that the command line acts as its administrator.
        String osUser = System.getProperty("user.name");
        Path data = dir.resolve("cli-ws");
        Workspace ws = Workspaces.open(data, osUser);
        Subject me = Workspaces.login(ws, osUser);
        context.set(Workspace.class, ws);
        SashForm sash = new SashForm(shell, SWT.HORIZONTAL);
        Library library = new Library(new Composite(sash, SWT.NONE), me);
        library.collection("audited");
        library.importPaths(mixedFolder());
        assertTrue(library.status().startsWith("audited: 4 added"), library.status());

        long searches = count(ws, "knowledge.search");
        library.search("SC1 tank temperature", SearchMode.HYBRID);
        assertFalse(library.hits().isEmpty(), library.status());
        assertEquals(searches + 1, count(ws, "knowledge.search"), "one search in the Library, one entry");
        Cli.Run run = Cli.run(data, "search", "--collection", "audited", "--json", "SC1 tank temperature");
        assertEquals(0, run.code(), run.toString());
        assertEquals(searches + 2, count(ws, "knowledge.search"), "one search on the command line, one entry");

        long asks = count(ws, "assistant.ask");
        AssistantPart assistant = make(AssistantPart.class, new Composite(sash, SWT.NONE), me);
        assistant.setUp("audited", SearchMode.BM25);
        assistant.setQuestion("How often is the wet bench cleaned?");
        assertNotNull(assistant.ask());
        spinUntil(() -> !assistant.busy(), "the answer");
        assertTrue(assistant.shown()[0].contains("every Monday"), assistant.shown()[0]);
        assertEquals(asks + 1, count(ws, "assistant.ask"), "one question in the Assistant, one entry");
        run = Cli.run(data, "ask", "--collection", "audited", "--mode", "bm25", "--json",
                "How often is the wet bench cleaned?");
        assertEquals(0, run.code(), run.toString());
        assertEquals(asks + 2, count(ws, "assistant.ask"), "one question on the command line, one entry");
        List<AuditEntry> asked = ws.auditLog().tail(100_000).stream().filter(e -> e.action().equals("assistant.ask"))
                .toList();
        assertEquals(me.name(), asked.get(asked.size() - 2).user(), "the part's question is the user's");
        assertTrue(ws.auditLog().verify().intact(), "the chain holds entries from both");
    }

    /**
     * A scanned page (a PNG at 200 dpi, slightly tilted) imported into the Library: the hit on a name printed in
     * it opens with the page image below the text and the name's line highlighted where it is printed; a
     * document whose file held its text shows no page.
     */
    @Test
    void aHitOnAScanShowsThePageWithItsLineHighlighted() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("scans"));
        int w = 1654;
        int h = 2339;
        java.awt.image.BufferedImage scan = new java.awt.image.BufferedImage(w, h,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        java.awt.Graphics2D g = scan.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
                java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.rotate(Math.toRadians(0.4), w / 2.0, h / 2.0);
        g.setColor(java.awt.Color.DARK_GRAY);
        g.setFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 34));
        String[] lines = { "来料检验记录", "供应商：宁波瑞丰精密铸造有限公司", "检验员：李海燕", "结论：合格，准予放行。" };
        for (int i = 0; i < lines.length; i++) {
            g.drawString(lines[i], 200, 900 + 70 * i);
        }
        g.dispose();
        javax.imageio.ImageIO.write(scan, "png", docs.resolve("incoming-inspection.png").toFile());
        Files.writeString(docs.resolve("shift-notes.txt"), "交接班记录：光刻机 A2 的曝光剂量已校准。", StandardCharsets.UTF_8);

        Library library = new Library(shell, admin);
        shell.layout(true, true);
        library.collection("scans");
        library.importPaths(docs);
        assertEquals(2, library.documents().size(), library.status());
        library.search("瑞丰精密铸造", SearchMode.BM25);
        assertTrue(library.hits().get(0).source().endsWith("incoming-inspection.png"), library.hits().toString());
        library.openHit(0);
        Canvas canvas = WidgetTree.one(shell, Canvas.class, "library.page");
        PageImageView page = (PageImageView) canvas.getData(PageImageView.class.getName());
        spinUntil(() -> page.imageWidth() > 0, "the page image");
        String caption = page.caption();
        assertFalse(page.highlighted().isEmpty(), caption);
        assertEquals(Messages.get("library.page", 1, "incoming-inspection.png", page.highlighted().size()), caption);
        SearchHit hit = library.hits().get(0);
        String shownText = library.viewText();
        TextRegion line = page.highlighted().stream()
                .filter(r -> shownText.substring(r.start(), r.end()).contains("瑞丰精密铸造")).findFirst()
                .orElseThrow(() -> new AssertionError(page.highlighted() + " in " + hit));
        // Printed at x = 200 of 1654 px, baseline y = 970 of 2339 px.
        assertTrue(line.x() > 0.09 && line.x() < 0.16 && line.y() > 0.37 && line.y() < 0.42, line.toString());
        org.eclipse.swt.graphics.Rectangle drawn = page.highlightBounds().get(page.highlighted().indexOf(line));
        org.eclipse.swt.graphics.Point size = canvas.getSize();
        assertTrue(drawn.x > 0 && drawn.x + drawn.width < size.x && drawn.y > 0 && drawn.y < size.y,
                drawn + " on a canvas of " + size);
        shell.layout(true, true);
        spinUntil(() -> true, "layout");
        Path shot = screenshot("library-scan.png");
        Screenshots.save(shell, shot);
        assertTrue(Files.size(shot) > 0);

        // A text file has no page: the image goes away.
        library.openDocument("shift-notes.txt");
        spinUntil(() -> page.imageWidth() == 0, "the page image to go");
        assertTrue(library.viewTitle().contains("shift-notes.txt"), library.viewTitle());
    }

    private static long count(Workspace ws, String action) {
        return ws.auditLog().tail(100_000).stream().filter(e -> e.action().equals(action)).count();
    }

    private static Path screenshot(String name) {
        return Path.of(System.getProperty("test.output", System.getProperty("java.io.tmpdir")), name);
    }
}
