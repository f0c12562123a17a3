package dev.enclave.audit.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.EclipseContextFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;

import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspective;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;

import org.eclipse.e4.ui.model.fragment.MModelFragments;

import org.eclipse.emf.ecore.EObject;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.Finding;
import dev.enclave.audit.FindingDecisions;
import dev.enclave.audit.NetworkLayout;
import dev.enclave.audit.RiskCodes;
import dev.enclave.audit.tests.ReportGenerator;
import dev.enclave.audit.tests.ReportGenerator.Generated;
import dev.enclave.audit.ui.internal.AuditSession;
import dev.enclave.audit.ui.internal.FindingsPart;
import dev.enclave.audit.ui.internal.Messages;
import dev.enclave.audit.ui.internal.NetworkPart;
import dev.enclave.audit.ui.internal.PortfolioPart;
import dev.enclave.audit.ui.internal.ReportPart;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.ui.PageImageView;
import dev.enclave.tests.support.Cli;
import dev.enclave.tests.support.Scans;
import dev.enclave.tests.support.Workspaces;
import dev.enclave.ui.Screenshots;
import dev.enclave.tests.support.ModelFragments;
import dev.enclave.tests.support.WidgetTree;

/**
 * The four parts of the Credit Audit perspective with real widgets over generated reports and
 * the pack's real services, driven as a user would; and the perspective in the model fragment.
 */
class AuditPartsTest {
    @TempDir
    Path dir;

    private static Path output(String name) {
        return Path.of(System.getProperty("test.output", "target"), name);
    }

    /** Runs the display loop until the job has ended and its results were shown. */
    private static void await(Display display, Job job) throws InterruptedException {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (job.getResult() == null && System.nanoTime() < deadline) {
            if (!display.readAndDispatch()) {
                Thread.sleep(10);
            }
        }
        assertNotNull(job.getResult(), "the job ended");
        for (int i = 0; i < 50; i++) {
            while (display.readAndDispatch()) {
                // the job's asyncExec updates
            }
            Thread.sleep(5);
        }
    }

    /** A 1400 x 900 shell with two columns of parts. */
    private static Shell twoColumnShell(Display display) {
        Shell shell = new Shell(display);
        shell.setLayout(new GridLayout(2, true));
        shell.setSize(1400, 900);
        return shell;
    }

    /** A context over the OSGi services (as the workbench's) holding the workspace and the signed-in user. */
    private IEclipseContext servicesWith(Workspace ws, Subject subject) {
        IEclipseContext ctx = EclipseContextFactory
                .getServiceContext(FrameworkUtil.getBundle(getClass()).getBundleContext()).createChild();
        ctx.set(Workspace.class, ws);
        ctx.set(Subject.class, subject);
        return ctx;
    }

    /** The composite each part was created in, to find its widgets as a user sees them. */
    private static final Map<Object, Composite> COMPOSITES = new IdentityHashMap<>();

    private static <T> T make(Class<T> type, IEclipseContext ctx, Composite parent) {
        IEclipseContext child = ctx.createChild(type.getSimpleName());
        Composite c = new Composite(parent, SWT.NONE);
        c.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        child.set(Composite.class, c);
        T part = ContextInjectionFactory.make(type, child);
        COMPOSITES.put(part, c);
        return part;
    }

    /** The {@code index}-th widget of a type in a part, depth first in creation order. */
    private static <W extends Control> W widget(Object part, Class<W> type, int index) {
        List<W> found = WidgetTree.all(COMPOSITES.get(part), type);
        assertTrue(found.size() > index, "the part has " + found.size() + " " + type.getSimpleName());
        return found.get(index);
    }


    /** The Portfolio part's rows as shown, cells joined by tabs. */
    private static List<String> rows(PortfolioPart part) {
        Table table = widget(part, Table.class, 0);
        return Arrays.stream(table.getItems()).map(i -> {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < table.getColumnCount(); c++) {
                sb.append(c == 0 ? "" : "\t").append(i.getText(c));
            }
            return sb.toString();
        }).toList();
    }

    /** The Portfolio part's status line (under the progress bar; the first label is the toolbar's spacer). */
    private static String status(PortfolioPart part) {
        return widget(part, Label.class, 1).getText();
    }

    /** Types a correction into the Report part: field path, right value, comment. */
    private static void typeCorrection(ReportPart part, String path, String value, String note) {
        widget(part, Text.class, 0).setText(path);
        widget(part, Text.class, 1).setText(value);
        widget(part, Text.class, 2).setText(note);
    }

    private static void click(Button button) {
        button.notifyListeners(SWT.Selection, new Event());
    }

    /** The findings the Findings part's table shows, in table order. */
    private static List<Finding> shown(FindingsPart part) {
        return Arrays.stream(widget(part, Table.class, 0).getItems()).map(i -> (Finding) i.getData()).toList();
    }

    private static void drain(Display display) {
        while (display.readAndDispatch()) {
            // paint
        }
    }

    @Test
    void importShowsNetworkReportFindingsAndExportsThePaper() throws Exception {
        Path reports = dir.resolve("reports");
        List<Generated> gens = new ReportGenerator(99L).portfolio(3);
        for (Generated g : gens) {
            ReportGenerator.write(reports, g);
        }
        Files.write(reports.resolve("broken.docx"), new byte[] { 1, 2, 3, 4, 5 });
        String borrowerA = (String) ((Map<?, ?>) gens.get(0).truth().get("borrower")).get("name");

        Display display = Display.getDefault();
        Shell shell = twoColumnShell(display);
        Workspace ws = Workspaces.open(dir.resolve("ws"), "auditor");
        IEclipseContext ctx = servicesWith(ws, ws.security().login("auditor", null));
        try {
            PortfolioPart portfolio = make(PortfolioPart.class, ctx, shell);
            NetworkPart network = make(NetworkPart.class, ctx, shell);
            FindingsPart findings = make(FindingsPart.class, ctx, shell);
            ReportPart report = make(ReportPart.class, ctx, shell);
            shell.open();
            drain(display);

            // import a folder: one row per report, the bad file named, the import audited
            await(display, portfolio.importFolder(reports));
            List<String> rows = rows(portfolio);
            assertEquals(gens.size(), rows.size(), rows.toString());
            String rowA = rows.stream().filter(r -> r.startsWith(borrowerA + "\t")).findFirst().orElseThrow(() -> new AssertionError(rows));
            String[] cells = rowA.split("\t");
            Object amount = ((Map<?, ?>) gens.get(0).truth().get("facility")).get("amount_yuan");
            assertEquals(String.format(Locale.ROOT, "%,d", ((Number) amount).longValue()), cells[1]);
            // the risks as the working paper names them, in the parts' language, not as codes
            assertTrue(cells[5].contains(RiskCodes.label(RiskCodes.GUARANTEE_CIRCLE, Locale.getDefault())), cells[5]);
            assertFalse(cells[5].contains("GUARANTEE_CIRCLE"), cells[5]);
            assertTrue(Integer.parseInt(cells[5].split(" ")[0]) >= 1, "risk count first: " + cells[5]);
            assertTrue(status(portfolio).contains("broken.docx"), status(portfolio));
            assertTrue(ws.auditLog().tail(10).stream().anyMatch(e -> e.action().equals("audit.ui.import")));

            // the network holds the circle, drawn in red; clicking a borrower opens its report
            NetworkLayout.Layout layout = network.layout();
            List<NetworkLayout.Edge> circle = layout.edges().stream().filter(NetworkLayout.Edge::circle).toList();
            assertEquals(3, circle.size(), "the three edges of the circle");
            for (NetworkLayout.Edge e : circle) {
                assertEquals(new RGB(200, 30, 30), network.colorOf(e).getRGB());
            }
            assertEquals(new RGB(230, 130, 0),
                    network.colorOf(layout.edges().stream().filter(NetworkLayout.Edge::mutual).findFirst().orElseThrow())
                            .getRGB());
            NetworkLayout.Node nodeA = layout.nodes().stream()
                    .filter(n -> n.report() != null && n.report().endsWith("circle-a.txt")).findFirst().orElseThrow();
            assertTrue(nodeA.circle());
            Point p = network.centerOf(nodeA.name());
            assertEquals(nodeA, network.clickAt(p.x, p.y));
            drain(display);
            String title = widget(report, Label.class, 0).getText();
            assertTrue(title.contains(reports.resolve("circle-a.txt").toString()), "the click opened the report: " + title);
            StyledText reportText = widget(report, StyledText.class, 0);
            Table fields = widget(report, Table.class, 0);
            assertEquals(Files.readString(reports.resolve("circle-a.txt"), StandardCharsets.UTF_8), reportText.getText());
            Screenshots.save(shell.getChildren()[1], output("screenshots/audit-network.png"));

            // a field jumps to its evidence span, selected and painted
            CreditReport a = AuditSession.in(ctx).report(reports.resolve("circle-a.txt").toString());
            assertNotNull(a);
            int[] span = a.evidence().get("borrower.name");
            assertNotNull(span, a.evidence().keySet().toString());
            int row = -1;
            for (int i = 0; i < fields.getItemCount(); i++) {
                if ("borrower.name".equals(fields.getItem(i).getData())) {
                    row = i;
                }
            }
            assertTrue(row >= 0, "the field panel lists borrower.name");
            fields.setSelection(row);
            fields.notifyListeners(SWT.Selection, new Event());
            assertEquals(new Point(span[0], span[1] - span[0]), reportText.getSelectionRange());
            StyleRange style = reportText.getStyleRangeAtOffset(span[0]);
            assertNotNull(style);
            assertEquals(new RGB(255, 170, 80), style.background.getRGB());
            assertTrue(reportText.getSelectionText().contains(borrowerA.substring(0, 2)),
                    "the span quotes the borrower: " + reportText.getSelectionText());
            int[] guarantee = a.evidence().get("guarantees[0]");
            assertTrue(report.jumpTo("guarantees[0]"));
            assertEquals(new Point(guarantee[0], guarantee[1] - guarantee[0]), reportText.getSelectionRange());

            // the auditor corrects a value and confirms the extraction; the studio can learn from both
            Label correctionStatus = widget(report, Label.class, 5); // after the title, the page caption and the form's
            typeCorrection(report, "facility.amount_yuan", "12345678", "");
            click(widget(report, Button.class, 0)); // Save Correction without a comment: refused
            assertTrue(correctionStatus.getText().contains("comment"), correctionStatus.getText());
            typeCorrection(report, "facility.amount_yuan", "12345678", "合同金额以借款合同为准");
            click(widget(report, Button.class, 0)); // Save Correction: asks to confirm, naming borrower and field
            assertTrue(correctionStatus.getText().contains(a.borrower().name())
                    && correctionStatus.getText().contains("facility.amount_yuan"), correctionStatus.getText());
            assertTrue(AuditSession.in(ctx).corrections(a.source()).isEmpty(), "nothing saved before the confirmation");
            click(widget(report, Button.class, 0)); // Confirm Save
            assertEquals("", widget(report, Text.class, 0).getText(), "the form is emptied after saving");
            assertEquals(12_345_678L, AuditSession.in(ctx).report(a.source()).facility().amountYuan(),
                    "the session's portfolio holds the corrected value");
            boolean shownCorrected = false;
            for (int i = 0; i < fields.getItemCount(); i++) {
                if ("facility.amount_yuan".equals(fields.getItem(i).getData())) {
                    shownCorrected = "12345678".equals(fields.getItem(i).getText(2));
                }
            }
            assertTrue(shownCorrected, "the corrected value is shown beside the extracted one");
            typeCorrection(report, "borrower.shoe_size", "42", "试一下");
            click(widget(report, Button.class, 0));
            click(widget(report, Button.class, 0));
            assertTrue(correctionStatus.getText().contains("borrower.shoe_size"), correctionStatus.getText());
            click(widget(report, Button.class, 1)); // Confirm Extraction
            assertTrue(correctionStatus.getText().startsWith("1 correction"), correctionStatus.getText());
            assertTrue(ws.auditLog().tail(5).stream().anyMatch(e -> e.action().equals("audit.correct"))
                    && ws.auditLog().tail(5).stream().anyMatch(e -> e.action().equals("audit.confirm")));

            // findings: sort, filter, decide
            int all = shown(findings).size();
            assertTrue(all >= 2);
            // the code column shows the paper's names of the codes and sorts by them
            Locale reader = Locale.getDefault();
            findings.sortBy(1);
            List<String> labels = shown(findings).stream().map(f -> RiskCodes.label(f.code(), reader)).toList();
            assertEquals(labels.stream().sorted().toList(), labels, "sorted by the code's name");
            Table codeTable = widget(findings, Table.class, 0);
            assertEquals(labels.get(0), codeTable.getItem(0).getText(1));
            assertEquals(RiskCodes.severityLabel(shown(findings).get(0).severity(), reader), codeTable.getItem(0).getText(0));
            findings.sortBy(1);
            assertEquals(labels.reversed(), shown(findings).stream().map(f -> RiskCodes.label(f.code(), reader)).toList(),
                    "reversed");
            // filtered by the name a reader sees, or by the code
            for (String typed : List.of(RiskCodes.label(RiskCodes.GUARANTEE_CIRCLE, reader), "GUARANTEE_CIRCLE")) {
                widget(findings, Text.class, 0).setText(typed);
                assertTrue(!shown(findings).isEmpty() && shown(findings).size() < all, typed);
                String t = typed.toLowerCase(Locale.ROOT);
                assertTrue(shown(findings).stream().allMatch(f -> (f.code() + " " + RiskCodes.label(f.code(), reader) + " "
                        + String.join(" ", f.subjects()) + " " + f.message()).toLowerCase(Locale.ROOT).contains(t)), typed);
                assertTrue(shown(findings).stream().anyMatch(f -> f.code().equals("GUARANTEE_CIRCLE")), typed);
            }
            widget(findings, Text.class, 0).setText("");
            widget(findings, Combo.class, 0).select(1);
            widget(findings, Combo.class, 0).notifyListeners(SWT.Selection, new Event());
            assertTrue(shown(findings).stream().allMatch(f -> f.severity().equals("high")));
            widget(findings, Combo.class, 0).select(0);
            widget(findings, Combo.class, 0).notifyListeners(SWT.Selection, new Event());
            assertEquals(all, shown(findings).size());
            Finding circleFinding = shown(findings).stream().filter(f -> f.code().equals("GUARANTEE_CIRCLE")).findFirst()
                    .orElseThrow();
            findings.select(circleFinding.id());
            widget(findings, Text.class, 1).setText("担保圈需上报");
            findings.decideSelected(FindingDecisions.CONFIRMED);
            Finding decided = shown(findings).stream().filter(f -> f.id().equals(circleFinding.id())).findFirst().orElseThrow();
            assertEquals(FindingDecisions.CONFIRMED, decided.decision());
            assertEquals("担保圈需上报", decided.comment());
            Table findingsTable = widget(findings, Table.class, 0);
            assertTrue(findingsTable.getItem(findingsTable.getSelectionIndex()).getText(2).contains("担保圈需上报"));
            assertTrue(ws.auditLog().tail(5).stream()
                    .anyMatch(e -> e.action().equals("audit.decide") && e.object().equals(circleFinding.id())));
            drain(display);
            Screenshots.save(shell, output("screenshots/audit-all.png"));
            Screenshots.save(widget(portfolio, Table.class, 0).getParent(), output("screenshots/audit-portfolio.png"));
            Screenshots.save(widget(findings, Table.class, 0).getParent(), output("screenshots/audit-findings.png"));
            Screenshots.save(reportText.getParent().getParent(), output("screenshots/audit-report.png"));

            // export the working paper of the portfolio and of one report, DOCX and XLSX
            Path papers = output("papers");
            Files.createDirectories(papers);
            for (String name : List.of("portfolio.docx", "portfolio.xlsx")) {
                Files.deleteIfExists(papers.resolve(name));
                await(display, portfolio.exportPaper(papers.resolve(name), null));
                assertTrue(Files.size(papers.resolve(name)) > 5000, name);
                assertTrue(status(portfolio).contains(name), status(portfolio));
            }
            await(display, portfolio.exportPaper(papers.resolve("circle-a.docx"), a.source()));
            assertTrue(Files.size(papers.resolve("circle-a.docx")) > 5000);
            assertTrue(ws.auditLog().tail(5).stream().filter(e -> e.action().equals("audit.paper")).count() >= 3);
            await(display, portfolio.exportPaper(dir.resolve("paper.pdf"), null));
            assertTrue(status(portfolio).contains("paper.pdf"), "the failure names the file: " + status(portfolio));

            // reopening the workbench over the same workspace shows the same portfolio and the decision
            IEclipseContext again = EclipseContextFactory
                    .getServiceContext(FrameworkUtil.getBundle(getClass()).getBundleContext()).createChild();
            Workspace ws2 = Workspaces.open(dir.resolve("ws"), "auditor");
            again.set(Workspace.class, ws2);
            again.set(Subject.class, ws2.security().login("auditor", null));
            AuditSession reopened = AuditSession.in(again);
            assertEquals(gens.size(), reopened.portfolio().reports().size());
            assertEquals(1, reopened.portfolio().circles().size());
            assertEquals(FindingDecisions.CONFIRMED, reopened.portfolio().findings().stream()
                    .filter(f -> f.id().equals(circleFinding.id())).findFirst().orElseThrow().decision());
            assertEquals(reportText.getText(), reopened.text(a.source()), "texts are kept for evidence");
            again.dispose();
        } finally {
            shell.dispose();
            ctx.dispose();
        }
    }

    /** Runs {@code enclave ARGS…} in-process through the command-line service; it must succeed. */
    private static void cli(String... args) {
        Cli.Run run = Cli.raw(args);
        assertEquals(0, run.code(), run.err());
    }

    /** The entries appended to the log since {@code before} entries were there. */
    private static List<AuditEntry> since(Workspace ws, int before) {
        List<AuditEntry> all = ws.auditLog().tail(100_000);
        return all.subList(before, all.size());
    }

    /**
     * A report that exists only as a scan (an image-only PDF): choosing a field shows, below the report's text, the
     * page with the field's evidence highlighted where it is printed.
     */
    @Test
    void aScannedReportShowsAFieldsEvidenceOnItsPage() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("scans"));
        Generated g = new ReportGenerator(41L).portfolio(1).get(0);
        Path pdf = reports.resolve("scanned-report.pdf");
        Scans.pdf(g.text(), pdf, 3);
        String borrower = (String) ((Map<?, ?>) g.truth().get("borrower")).get("name");

        Display display = Display.getDefault();
        Shell shell = twoColumnShell(display);
        Workspace ws = Workspaces.open(dir.resolve("ws"), "auditor");
        IEclipseContext ctx = servicesWith(ws, ws.security().login("auditor", null));
        try {
            PortfolioPart portfolio = make(PortfolioPart.class, ctx, shell);
            ReportPart report = make(ReportPart.class, ctx, shell);
            shell.open();
            drain(display);
            await(display, portfolio.importFolder(reports));
            assertEquals(1, rows(portfolio).size(), status(portfolio));
            CreditReport r = AuditSession.in(ctx).report(pdf.toString());
            assertNotNull(r, AuditSession.in(ctx).portfolio().reports().toString());
            assertEquals(borrower, r.borrower().name());
            AuditSession.in(ctx).open(pdf.toString());
            drain(display);
            Table fields = widget(report, Table.class, 0);
            int row = -1;
            for (int i = 0; i < fields.getItemCount(); i++) {
                if ("borrower.name".equals(fields.getItem(i).getData())) {
                    row = i;
                }
            }
            assertTrue(row >= 0, "the field panel lists borrower.name");
            long deadline = System.nanoTime() + 120_000_000_000L;
            PageImageView page = report.page();
            // The page places are read in a Job (OCR served from the cache): choose the field until they are there.
            while (page.highlighted().isEmpty() && System.nanoTime() < deadline) {
                fields.setSelection(row);
                fields.notifyListeners(SWT.Selection, new Event());
                for (int i = 0; i < 20; i++) {
                    if (!display.readAndDispatch()) {
                        Thread.sleep(25);
                    }
                }
            }
            assertFalse(page.highlighted().isEmpty(), page.caption());
            String text = widget(report, StyledText.class, 0).getText();
            int[] span = r.evidence().get("borrower.name");
            String printed = String.join("|", page.highlighted().stream().map(x -> text.substring(x.start(), x.end()))
                    .toList());
            assertTrue(printed.contains(text.substring(span[0], span[1])), printed + " / " + text.substring(span[0], span[1]));
            assertTrue(page.caption().contains("scanned-report.pdf"), page.caption());
            assertTrue(page.imageWidth() >= 900, "rendered about 1000 px wide: " + page.imageWidth());
            drain(display);
            Screenshots.save(shell, output("screenshots/audit-scanned-report.png"));
        } finally {
            shell.dispose();
        }
    }

    @Test
    void readingAndExportingThroughTheCliAndThroughThePartsAreAuditedOnceEach() throws Exception {
        Path reports = dir.resolve("reports");
        for (Generated g : new ReportGenerator(7L).portfolio(1)) {
            ReportGenerator.write(reports, g);
        }
        String osUser = System.getProperty("user.name", "auditor");
        Path root = dir.resolve("ws");
        Workspace ws = Workspaces.open(root, osUser);
        Path papers = dir.resolve("papers");

        // the command line: one entry for the portfolio read, one for the paper
        int before = ws.auditLog().tail(100_000).size();
        cli("--data", root.toString(), "audit", "portfolio", "--json", reports.toString());
        List<AuditEntry> entries = since(ws, before);
        assertEquals(List.of("audit.portfolio"), entries.stream().map(AuditEntry::action).toList());
        before = ws.auditLog().tail(100_000).size();
        cli("--data", root.toString(), "audit", "paper", reports.toString(), "--docx",
                papers.resolve("cli.docx").toString());
        entries = since(ws, before);
        assertEquals(List.of("audit.paper"), entries.stream().map(AuditEntry::action).toList());
        assertEquals(papers.resolve("cli.docx").toString(), entries.get(0).object());

        // the parts: one entry for the import, one for the paper, written by the same services
        Display display = Display.getDefault();
        Shell shell = new Shell(display);
        shell.setLayout(new GridLayout(1, true));
        shell.setSize(900, 600);
        IEclipseContext ctx = servicesWith(ws, ws.security().login(osUser, null));
        try {
            PortfolioPart portfolio = make(PortfolioPart.class, ctx, shell);
            shell.open();
            drain(display);
            before = ws.auditLog().tail(100_000).size();
            await(display, portfolio.importFolder(reports));
            entries = since(ws, before);
            assertEquals(List.of("audit.ui.import"), entries.stream().map(AuditEntry::action).toList());
            assertEquals(AuditEntry.SUCCESS, entries.get(0).outcome());
            assertFalse(rows(portfolio).isEmpty());
            before = ws.auditLog().tail(100_000).size();
            await(display, portfolio.exportPaper(papers.resolve("part.xlsx"), null));
            entries = since(ws, before);
            assertEquals(List.of("audit.paper"), entries.stream().map(AuditEntry::action).toList());
            assertEquals(papers.resolve("part.xlsx").toString(), entries.get(0).object());
            assertTrue(Files.size(papers.resolve("part.xlsx")) > 5000);
        } finally {
            shell.dispose();
            ctx.dispose();
        }
        assertTrue(ws.auditLog().verify().intact());
    }

    @Test
    void withoutAWorkspaceThePortfolioPartSaysSoInsteadOfFailing() throws Exception {
        Path reports = dir.resolve("reports");
        ReportGenerator.write(reports, new ReportGenerator(5L).portfolio(0).get(0));
        Display display = Display.getDefault();
        Shell shell = new Shell(display);
        shell.setLayout(new GridLayout(1, true));
        IEclipseContext ctx = EclipseContextFactory
                .getServiceContext(FrameworkUtil.getBundle(getClass()).getBundleContext()).createChild();
        try {
            PortfolioPart portfolio = make(PortfolioPart.class, ctx, shell);
            shell.open();
            await(display, portfolio.importFolder(reports));
            assertEquals(Messages.get("portfolio.noWorkspace"), status(portfolio));
            assertTrue(rows(portfolio).isEmpty());
        } finally {
            shell.dispose();
            ctx.dispose();
        }
    }

    @Test
    void fragmentAddsTheAuditPerspectiveWithFourPartsAndAMenuItem() throws Exception {
        Bundle ui = FrameworkUtil.getBundle(PortfolioPart.class);
        MModelFragments fragments = ModelFragments.of(ui);
        List<MPerspective> perspectives = ModelFragments.elements(fragments, "dev.enclave.ui.perspectivestack",
                MPerspective.class);
        MPerspective perspective = perspectives.isEmpty() ? null : perspectives.get(0);
        boolean menu = !ModelFragments.elements(fragments, "dev.enclave.ui.menu.perspectives", Object.class).isEmpty();
        assertNotNull(perspective);
        assertEquals("dev.enclave.audit.ui.perspective", perspective.getElementId());
        assertTrue(menu, "Window › Perspective › Credit Audit");
        List<String> classes = new ArrayList<>();
        for (var it = ((EObject) perspective).eAllContents(); it.hasNext();) {
            Object o = it.next();
            if (o instanceof MPart part) {
                String uri = part.getContributionURI();
                classes.add(uri.substring(uri.lastIndexOf('/') + 1));
                assertFalse(((MUIElement) part).getElementId().isEmpty());
            }
        }
        assertEquals(List.of(PortfolioPart.class.getName(), FindingsPart.class.getName(), NetworkPart.class.getName(),
                ReportPart.class.getName()), classes);
        for (String c : classes) {
            assertNotNull(ui.loadClass(c));
        }
    }
}
