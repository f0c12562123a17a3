package dev.enclave.audit.ui.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.enclave.audit.AuditJson;
import dev.enclave.audit.CreditReport;
import dev.enclave.audit.Evidence;
import dev.enclave.audit.FieldCorrections;
import dev.enclave.audit.KeyElement;
import dev.enclave.core.Progress;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.DocumentParsers;
import dev.enclave.knowledge.ExtractedDocument;
import dev.enclave.knowledge.TextRegion;
import dev.enclave.ui.PageImageView;
import dev.enclave.ui.PageLoader;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Report part: a report's text with every evidence span highlighted, and a panel of the
 * extracted fields; choosing a field selects and shows its span in the text and, for a scanned
 * report (an image-only PDF, an image), the page image below the text with the evidence's lines
 * highlighted where they are printed (the page places and the page come from the
 * {@link DocumentParsers} service, read in Jobs; OCR is not run again, its results are cached).
 */
public final class ReportPart {
    /** The part's id in the model, for the other parts to bring it to the front. */
    public static final String ID = "dev.enclave.audit.ui.part.report";

    @Inject
    IEclipseContext context;

    @Inject
    @Optional
    EPartService partService;

    @Inject
    @Optional
    DocumentParsers parsers;

    @Inject
    @Optional
    Workspace workspace;

    private AuditSession session;
    private Label title;
    private StyledText text;
    private Table fields;
    private Text fieldPath;
    private Text rightValue;
    private Text comment;
    private Label correctionStatus;
    private Color evidenceColor;
    private Color currentColor;
    private CreditReport report;
    private Button save;
    /** The correction shown for confirmation (source, field, value, comment), saved on the next click. */
    private List<String> pending;
    private final Consumer<Evidence> openListener = this::show;
    /** The key of a field row's value as the schema holds it, for the correction form. */
    private static final String RAW = "raw";
    private final Runnable changeListener = this::reload;
    private SashForm left;
    private PageImageView page;
    /** Where the shown report's lines are printed (empty for a report whose file held its text). */
    private List<TextRegion> regions = List.of();
    /** The span selected last, to show on its page once the regions have been read. */
    private int[] selected = { 0, 0 };
    private final PageLoader pages = new PageLoader();

    @PostConstruct
    void create(Composite parent) {
        session = AuditSession.in(context);
        evidenceColor = new Color(parent.getDisplay(), 255, 244, 190);
        currentColor = new Color(parent.getDisplay(), 255, 170, 80);
        parent.setLayout(new GridLayout(1, false));
        title = new Label(parent, SWT.WRAP);
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        title.setText(Messages.get("report.none"));
        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        left = new SashForm(sash, SWT.VERTICAL);
        text = new StyledText(left, SWT.BORDER | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
        text.setMargins(6, 6, 6, 6);
        page = new PageImageView(left, "report");
        left.setWeights(45, 55);
        left.setMaximizedControl(text);
        Composite right = new Composite(sash, SWT.NONE);
        GridLayout rl = new GridLayout(2, false);
        rl.marginWidth = 0;
        rl.marginHeight = 0;
        right.setLayout(rl);
        fields = new Table(right, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        fields.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        fields.setHeaderVisible(true);
        fields.setLinesVisible(true);
        TableColumn f = new TableColumn(fields, SWT.LEFT);
        f.setText(Messages.get("report.field"));
        f.setWidth(150);
        TableColumn v = new TableColumn(fields, SWT.LEFT);
        v.setText(Messages.get("report.value"));
        v.setWidth(240);
        TableColumn c = new TableColumn(fields, SWT.LEFT);
        c.setText(Messages.get("report.corrected"));
        c.setWidth(160);
        new Label(right, SWT.NONE).setText(Messages.get("report.correctField"));
        fieldPath = new Text(right, SWT.BORDER);
        fieldPath.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        fieldPath.setToolTipText(Messages.get("report.correctFieldTip"));
        new Label(right, SWT.NONE).setText(Messages.get("report.correctValue"));
        rightValue = new Text(right, SWT.BORDER);
        rightValue.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(right, SWT.NONE).setText(Messages.get("report.comment"));
        comment = new Text(right, SWT.BORDER);
        comment.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Composite buttons = new Composite(right, SWT.NONE);
        buttons.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        buttons.setLayout(new org.eclipse.swt.layout.RowLayout());
        save = new Button(buttons, SWT.PUSH);
        save.setText(Messages.get("report.saveCorrection"));
        save.addListener(SWT.Selection, e -> saveCorrection());
        Button confirm = new Button(buttons, SWT.PUSH);
        confirm.setText(Messages.get("report.confirm"));
        confirm.setToolTipText(Messages.get("report.confirmTip"));
        confirm.addListener(SWT.Selection, e -> confirmExtraction());
        correctionStatus = new Label(right, SWT.WRAP);
        correctionStatus.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        sash.setWeights(60, 40);
        fields.addListener(SWT.Selection, e -> {
            int i = fields.getSelectionIndex();
            if (i >= 0) {
                String path = (String) fields.getItem(i).getData();
                fieldPath.setText(path);
                rightValue.setText(fields.getItem(i).getText(2).isEmpty() ? (String) fields.getItem(i).getData(RAW)
                        : fields.getItem(i).getText(2));
                jumpTo(path);
            }
        });
        session.onOpen(openListener);
        session.onPortfolioChanged(changeListener);
        // a report opened before this part existed (a Portfolio click with the Report tab never shown)
        Evidence opened = session.current();
        if (opened != null && session.report(opened.source()) != null) {
            showReport(session.report(opened.source()));
            if (opened.end() > opened.start()) {
                select(opened.start(), opened.end());
            }
        }
    }

    @PreDestroy
    void dispose() {
        session.removeListener(openListener);
        session.removeListener(changeListener);
        evidenceColor.dispose();
        currentColor.dispose();
    }

    /** Shows a report and, when the span is not empty, selects it; brings the part to the front. */
    public void show(Evidence evidence) {
        if (text.isDisposed()) {
            return;
        }
        CreditReport r = session.report(evidence.source());
        if (r == null) {
            return;
        }
        if (report == null || !report.source().equals(r.source())) {
            showReport(r);
        }
        if (evidence.end() > evidence.start()) {
            select(evidence.start(), evidence.end());
        }
        if (partService != null) {
            MPart part = partService.findPart(ID);
            if (part != null) {
                partService.showPart(part, EPartService.PartState.VISIBLE);
            }
        }
    }

    private void reload() {
        if (report != null && !text.isDisposed()) {
            CreditReport r = session.report(report.source());
            if (r == null) {
                report = null;
                text.setText("");
                fields.removeAll();
                title.setText(Messages.get("report.none"));
                resetForm();
            } else {
                report = r; // corrected values and recomputed codes
                fillFields();
            }
        }
    }

    /** The correction form belongs to the report on screen: emptied whenever another report is shown. */
    private void resetForm() {
        fieldPath.setText("");
        rightValue.setText("");
        comment.setText("");
        pending = null;
        save.setText(Messages.get("report.saveCorrection"));
    }

    private void showReport(CreditReport r) {
        if (report == null || !report.source().equals(r.source())) {
            resetForm();
        }
        report = r;
        String body = session.text(r.source());
        text.setText(body == null ? "" : body);
        readRegions(r.source(), body);
        title.setText(Messages.get("report.title", r.borrower().name() == null ? "?" : r.borrower().name(), r.source()));
        fillFields();
        highlight(-1, -1);
        title.getParent().layout(true, true);
    }

    /** The fields with their extracted and (latest) corrected values, and the confirmation line. */
    private void fillFields() {
        fields.removeAll();
        Map<String, String> corrected = new java.util.HashMap<>();
        String confirmed = null;
        int count = 0;
        for (FieldCorrections.Entry e : session.corrections(report.source())) {
            if (FieldCorrections.CORRECTED.equals(e.kind())) {
                corrected.put(e.field(), display(e.valueJson()));
                count++;
            } else {
                confirmed = e.time() + " (" + e.user() + ")";
            }
        }
        java.util.Set<String> listed = new java.util.HashSet<>();
        Map<String, String> raw = new java.util.HashMap<>();
        for (String[] row : fieldRows(report)) {
            raw.put(row[0], row[1]);
        }
        // labels and values as the working paper writes them (资产总额 8,420.00万元), the schema path kept as data
        for (KeyElement e : KeyElement.of(report, session.text(report.source()), Messages.locale())) {
            TableItem item = new TableItem(fields, SWT.NONE);
            item.setText(new String[] { e.label(), e.value(), corrected.getOrDefault(e.path(), "") });
            item.setData(e.path());
            item.setData(RAW, raw.getOrDefault(e.path(), e.value()));
            listed.add(e.path());
        }
        for (Map.Entry<String, String> e : corrected.entrySet()) {
            if (!listed.contains(e.getKey())) {
                TableItem item = new TableItem(fields, SWT.NONE);
                item.setText(new String[] { e.getKey(), "—", e.getValue() });
                item.setData(e.getKey());
            }
        }
        correctionStatus.setText(Messages.get("report.correctionStatus", count,
                confirmed == null ? Messages.get("report.notConfirmed") : confirmed));
    }

    private static String display(String json) {
        JsonElement v = com.google.gson.JsonParser.parseString(json);
        return v.isJsonPrimitive() ? v.getAsString() : v.isJsonNull() ? "null" : v.toString();
    }

    /**
     * The Save Correction button: a correction needs a comment, and is saved only on a second
     * click after the part has named the borrower, the field and the value (corrections become
     * training data, so none is stored by a slip).
     */
    private void saveCorrection() {
        if (report == null) {
            return;
        }
        String field = fieldPath.getText().trim();
        String value = rightValue.getText().trim();
        String note = comment.getText().trim();
        List<String> typed = List.of(report.source(), field, value, note);
        try {
            if (note.isEmpty()) {
                pending = null;
                save.setText(Messages.get("report.saveCorrection"));
                correctionStatus.setText(Messages.get("report.commentRequired"));
            } else if (!typed.equals(pending)) {
                pending = typed;
                save.setText(Messages.get("report.confirmSave"));
                correctionStatus.setText(Messages.get("report.confirmCorrection",
                        report.borrower().name() == null ? report.source() : report.borrower().name(), field, value));
            } else {
                session.correct(report.source(), field, value, note);
                resetForm();
                fillFields();
            }
        } catch (RuntimeException ex) {
            pending = null;
            save.setText(Messages.get("report.saveCorrection"));
            correctionStatus.setText(ex.getMessage());
        }
        correctionStatus.getParent().layout(true, true);
    }

    /** Confirms the open report's extraction (the Confirm Extraction button). */
    private void confirmExtraction() {
        if (report == null) {
            return;
        }
        try {
            session.confirm(report.source(), comment.getText().trim());
            comment.setText("");
            fillFields();
        } catch (RuntimeException ex) {
            correctionStatus.setText(ex.getMessage());
        }
    }

    /** Selects a field's evidence span in the text; returns whether the field has one. */
    public boolean jumpTo(String fieldPath) {
        int[] span = report == null ? null : report.evidence().get(fieldPath);
        if (span == null || span[1] > text.getCharCount() || span[0] >= span[1]) {
            return false;
        }
        select(span[0], span[1]);
        for (int i = 0; i < fields.getItemCount(); i++) {
            if (fieldPath.equals(fields.getItem(i).getData()) && fields.getSelectionIndex() != i) {
                fields.setSelection(i);
            }
        }
        return true;
    }

    private void select(int start, int end) {
        int s = Math.max(0, Math.min(start, text.getCharCount()));
        int e = Math.max(s, Math.min(end, text.getCharCount()));
        highlight(s, e);
        text.setSelection(s, e);
        text.showSelection();
        selected = new int[] { s, e };
        showPage();
    }

    /**
     * For a scanned report, reads where its lines are printed (the parse is served from the workspace's OCR
     * cache) in a Job; kept only when the text read is the text the evidence offsets point into.
     */
    private void readRegions(String source, String body) {
        regions = List.of();
        selected = new int[] { 0, 0 };
        left.setMaximizedControl(text);
        DocumentParsers p = parsers;
        Path file = Path.of(source);
        String type = p == null ? null : p.typeOf(file);
        if (body == null || type == null || !List.of("pdf", "png", "jpg", "tiff", "bmp").contains(type)
                || !Files.isRegularFile(file)) {
            return;
        }
        org.eclipse.swt.widgets.Display display = text.getDisplay();
        Job job = Job.create(Messages.get("report.pageReading", file.getFileName()), monitor -> {
            List<TextRegion> read;
            try (InputStream in = Files.newInputStream(file)) {
                ExtractedDocument doc = p.parse(workspace, file.getFileName().toString(), in, Progress.silent());
                read = doc.text().equals(body) ? doc.regions() : List.of();
            } catch (java.io.IOException | RuntimeException e) {
                read = List.of();
            }
            List<TextRegion> found = read;
            display.asyncExec(() -> {
                if (!text.isDisposed() && report != null && report.source().equals(source) && !found.isEmpty()) {
                    regions = found;
                    showPage();
                }
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    /**
     * Shows the page the selected span is printed on with its lines highlighted (the first scanned page when
     * nothing is selected), rendered in a Job; hides the page for a span on a page that held its own text.
     */
    private void showPage() {
        if (regions.isEmpty() || report == null) {
            left.setMaximizedControl(text);
            return;
        }
        int index = TextRegion.pageOf(regions, selected[0], selected[1]);
        if (index < 0) {
            left.setMaximizedControl(text);
            return;
        }
        List<TextRegion> onPage = TextRegion.within(regions, selected[0], selected[1]).stream()
                .filter(r -> r.page() == index).toList();
        String source = report.source();
        Path file = Path.of(source);
        String caption = Messages.get("report.page", index + 1, file.getFileName(), onPage.size());
        left.setMaximizedControl(null);
        ImageData image = pages.cached(file, index);
        if (image != null) {
            page.show(image, onPage, caption);
        } else if (!pages.loading(file, index)) {
            page.message(Messages.get("report.pageLoading", index + 1));
            pages.load(text.getDisplay(), parsers, file, index, Messages.get("report.pageLoading", index + 1),
                    (rendered, error) -> {
                        if (text.isDisposed() || report == null || !report.source().equals(source)) {
                            return;
                        }
                        if (rendered != null) {
                            showPage(); // the span chosen now, which may have moved on meanwhile
                        } else {
                            page.message(Messages.get("report.pageMissing", source, error));
                        }
                    });
        }
    }

    /** The page image under the report's text (for tests). */
    public PageImageView page() {
        return page;
    }

    /** Paints every evidence span, and the current one stronger. */
    private void highlight(int currentStart, int currentEnd) {
        text.setStyleRange(null);
        int n = text.getCharCount();
        List<int[]> spans = new ArrayList<>(report.evidence().values());
        spans.sort((a, b) -> Integer.compare(a[0], b[0]));
        int covered = 0;
        for (int[] sp : spans) {
            int s = Math.max(sp[0], covered);
            int e = Math.min(sp[1], n);
            if (e > s) {
                text.setStyleRange(new StyleRange(s, e - s, null, evidenceColor));
                covered = e;
            }
        }
        if (currentEnd > currentStart) {
            StyleRange cur = new StyleRange(currentStart, currentEnd - currentStart, null, currentColor);
            cur.fontStyle = SWT.BOLD;
            text.setStyleRange(cur);
        }
    }

    /** One row per extracted value: field path (the evidence key) and value. */
    static List<String[]> fieldRows(CreditReport r) {
        JsonObject o = AuditJson.gson().toJsonTree(r).getAsJsonObject();
        List<String[]> rows = new ArrayList<>();
        for (String sec : List.of("borrower", "facility")) {
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject(sec).entrySet()) {
                if (!e.getValue().isJsonNull()) {
                    rows.add(new String[] { sec + "." + e.getKey(), e.getValue().getAsString() });
                }
            }
        }
        for (String list : List.of("financials", "guarantees", "collateral", "related_parties", "suppliers", "customers",
                "risks_stated")) {
            JsonArray arr = o.getAsJsonArray(list);
            for (int i = 0; i < arr.size(); i++) {
                JsonElement v = arr.get(i);
                rows.add(new String[] { list + "[" + i + "]", v.isJsonPrimitive() ? v.getAsString() : compact(v.getAsJsonObject()) });
            }
        }
        return rows;
    }

    private static String compact(JsonObject o) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (!e.getValue().isJsonNull()) {
                sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue().getAsString());
            }
        }
        return sb.toString();
    }
}
