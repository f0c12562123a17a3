package dev.enclave.ui.internal.parts;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import com.google.gson.JsonObject;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.studio.Dataset;
import dev.enclave.studio.Deduplicator;
import dev.enclave.studio.PiiMasker;
import dev.enclave.ui.internal.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The Datasets part: open a JSON Lines dataset, see its statistics and a preview in which
 * the personal data the masker would replace is highlighted, and write a masked or a
 * de-duplicated copy beside it.
 */
public final class DatasetsPart {
    private static final int PREVIEW_RECORDS = 200;

    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    private Text file;
    private Label stats;
    private StyledText preview;
    private Label status;
    private Dataset dataset;
    private Path path;
    private final PiiMasker masker = new PiiMasker();

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(5, false));
        new Label(parent, SWT.NONE).setText(Messages.get("data.file"));
        file = new Text(parent, SWT.BORDER);
        file.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        file.addListener(SWT.DefaultSelection, e -> open(Path.of(file.getText().trim())));
        Button browse = new Button(parent, SWT.PUSH);
        browse.setText(Messages.get("data.open"));
        browse.addListener(SWT.Selection, e -> {
            FileDialog d = new FileDialog(parent.getShell(), SWT.OPEN);
            d.setFilterExtensions(new String[] { "*.jsonl", "*.*" });
            String chosen = d.open();
            if (chosen != null) {
                file.setText(chosen);
                open(Path.of(chosen));
            }
        });
        Button mask = new Button(parent, SWT.PUSH);
        mask.setText(Messages.get("data.mask"));
        mask.addListener(SWT.Selection, e -> writeMasked());
        Button dedup = new Button(parent, SWT.PUSH);
        dedup.setText(Messages.get("data.dedup"));
        dedup.addListener(SWT.Selection, e -> writeDeduplicated());
        stats = Widgets.label(parent, "", 5);
        Widgets.label(parent, Messages.get("data.preview"), 5);
        preview = new StyledText(parent, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL | SWT.READ_ONLY);
        preview.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 5, 1));
        status = Widgets.label(parent, "", 5);
    }

    /** Reads a dataset and shows statistics and the highlighted preview. */
    public void open(Path p) {
        try {
            dataset = Dataset.read(p);
            path = p;
        } catch (RuntimeException e) {
            status.setText(Messages.get("data.failed", e.getMessage()));
            return;
        }
        Map<String, Integer> shapes = new TreeMap<>();
        Map<String, Integer> languages = new TreeMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        int duplicates = 0;
        for (JsonObject r : dataset.records()) {
            shapes.merge(Dataset.shape(r).name().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
            String t = Dataset.text(r);
            boolean zh = t.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
            languages.merge(zh ? "zh" : "en", 1, Integer::sum);
            if (!seen.add(Deduplicator.normalise(t))) {
                duplicates++;
            }
        }
        stats.setText(Messages.get("data.stats", dataset.records().size(), shapes, languages, duplicates));
        StringBuilder text = new StringBuilder();
        List<StyleRange> ranges = new java.util.ArrayList<>();
        for (JsonObject r : dataset.records().subList(0, Math.min(PREVIEW_RECORDS, dataset.records().size()))) {
            String record = Dataset.id(r) + "  " + Dataset.text(r).replace('\n', ' ').trim();
            int base = text.length();
            for (PiiMasker.Span s : masker.find(record)) {
                StyleRange range = new StyleRange(base + s.start(), s.end() - s.start(), null,
                        preview.getDisplay().getSystemColor(SWT.COLOR_YELLOW));
                range.fontStyle = SWT.BOLD;
                ranges.add(range);
            }
            text.append(record).append('\n');
        }
        preview.setText(text.toString());
        preview.setStyleRanges(ranges.toArray(StyleRange[]::new));
        status.setText("");
        stats.getParent().layout(true, true);
    }

    private Path sibling(String suffix) {
        String name = path.getFileName().toString().replaceFirst("\\.jsonl$", "");
        return path.resolveSibling(name + suffix + ".jsonl");
    }

    private void writeMasked() {
        if (dataset == null) {
            return;
        }
        Dataset copy = Dataset.read(path);
        Map<PiiMasker.Kind, Integer> counts = PiiMasker.emptyCounts();
        for (JsonObject r : copy.records()) {
            Dataset.mapText(r, t -> masker.mask(t, counts));
        }
        Path out = sibling("-masked");
        copy.write(out);
        audit("data.mask", counts.toString());
        open(out);
        status.setText(Messages.get("data.written", out, counts));
    }

    private void writeDeduplicated() {
        if (dataset == null) {
            return;
        }
        Deduplicator.Result r = new Deduplicator(0.8).run(dataset.records());
        Path out = sibling("-dedup");
        new Dataset(r.kept()).write(out);
        audit("data.dedup", r.kept().size() + " kept, " + r.clusters().size() + " clusters");
        String done = Messages.get("data.written", out, r.kept().size() + "/" + dataset.records().size());
        open(out);
        status.setText(done);
    }

    private void audit(String action, String detail) {
        if (workspace != null && subject != null) {
            workspace.auditLog().append(subject.name(), action, path.toString(), AuditEntry.SUCCESS, detail);
        }
    }

    /** Statistics line, status line and the number of highlighted spans, for tests. */
    public Object[] shown() {
        return new Object[] { stats.getText(), status.getText(), preview.getStyleRanges().length };
    }

    /** Writes the masked copy, for tests. */
    public void mask() {
        writeMasked();
    }

    @Focus
    void focus() {
        file.setFocus();
    }
}
