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
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Text;

import com.google.gson.JsonObject;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.studio.Cleaner;
import dev.enclave.studio.Dataset;
import dev.enclave.studio.DatasetSource;
import dev.enclave.studio.DatasetStore;
import dev.enclave.studio.Deduplicator;
import dev.enclave.studio.PiiMasker;
import dev.enclave.ui.internal.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The Datasets part: open a JSON Lines dataset, see its statistics and a preview in which
 * the personal data the masker would replace is highlighted; import it into the workspace,
 * where every cleaning, masking or de-duplication step adds a version that records its
 * parent, step, parameters and hash (the table lists them, the lineage line traces the open
 * one back to its import). A plain file gets its results written beside it.
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
    private org.eclipse.swt.widgets.Table versions;
    private Label lineage;
    private Label stats;
    private StyledText preview;
    private Label status;
    private Dataset dataset;
    private Path path;
    /** The workspace version shown, or null when a plain file is open. */
    private DatasetStore.Version version;
    private final PiiMasker masker = new PiiMasker();
    private final List<DatasetSource> sources = new java.util.ArrayList<>();
    private Combo sourceChoice;
    private Text sourceArgument;
    private Text sourceName;
    private Button sourceButton;
    private ProgressBar sourceProgress;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(7, false));
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
        Button importButton = new Button(parent, SWT.PUSH);
        importButton.setText(Messages.get("data.import"));
        importButton.setToolTipText(Messages.get("data.importTip"));
        importButton.addListener(SWT.Selection, e -> importOpenFile());
        Button clean = new Button(parent, SWT.PUSH);
        clean.setText(Messages.get("data.clean"));
        clean.addListener(SWT.Selection, e -> writeCleaned());
        Button mask = new Button(parent, SWT.PUSH);
        mask.setText(Messages.get("data.mask"));
        mask.addListener(SWT.Selection, e -> writeMasked());
        Button dedup = new Button(parent, SWT.PUSH);
        dedup.setText(Messages.get("data.dedup"));
        dedup.addListener(SWT.Selection, e -> writeDeduplicated());
        Composite from = new Composite(parent, SWT.NONE);
        from.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 7, 1));
        GridLayout fl = new GridLayout(7, false);
        fl.marginWidth = 0;
        from.setLayout(fl);
        new Label(from, SWT.NONE).setText(Messages.get("data.fromSource"));
        sourceChoice = new Combo(from, SWT.READ_ONLY);
        sourceArgument = new Text(from, SWT.BORDER);
        sourceArgument.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(from, SWT.NONE).setText(Messages.get("data.asDataset"));
        sourceName = new Text(from, SWT.BORDER);
        sourceName.setLayoutData(new GridData(160, SWT.DEFAULT));
        sourceButton = new Button(from, SWT.PUSH);
        sourceButton.setText(Messages.get("data.importSource"));
        sourceButton.addListener(SWT.Selection, e -> importFromSource());
        sourceProgress = new ProgressBar(from, SWT.HORIZONTAL);
        sourceProgress.setLayoutData(new GridData(120, SWT.DEFAULT));
        sourceChoice.addListener(SWT.Selection, e -> {
            DatasetSource s = chosenSource();
            sourceArgument.setEnabled(s != null && s.argument() != null);
            sourceArgument.setMessage(s == null || s.argument() == null ? "" : s.argument());
            sourceChoice.setToolTipText(s == null ? "" : s.description());
        });
        refreshSources();
        Widgets.label(parent, Messages.get("data.versions"), 7);
        versions = Widgets.table(parent, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER, Messages.get("data.colDataset"),
                Messages.get("data.colVersion"), Messages.get("data.colStep"), Messages.get("data.colRecords"),
                Messages.get("data.colParams"), Messages.get("data.colCreated"), "SHA-256");
        GridData vd = new GridData(SWT.FILL, SWT.FILL, true, false, 7, 1);
        vd.heightHint = 120;
        versions.setLayoutData(vd);
        versions.addListener(SWT.Selection, e -> {
            if (versions.getSelectionCount() == 1 && versions.getSelection()[0].getData() instanceof DatasetStore.Version v) {
                openVersion(v);
            }
        });
        lineage = Widgets.label(parent, "", 7);
        stats = Widgets.label(parent, "", 7);
        Widgets.label(parent, Messages.get("data.preview"), 7);
        preview = new StyledText(parent, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL | SWT.READ_ONLY);
        preview.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 7, 1));
        status = Widgets.label(parent, "", 7);
        refreshVersions();
    }

    /** Lists every version of every workspace dataset. */
    private void refreshVersions() {
        versions.removeAll();
        if (workspace == null) {
            return;
        }
        DatasetStore store = new DatasetStore(workspace);
        try {
            for (String name : store.names()) {
                for (DatasetStore.Version v : store.versions(name)) {
                    Widgets.row(versions, v, v.dataset(), "v" + v.version(), v.step()
                            + (v.parent() == null ? "" : " ← v" + v.parent()), String.valueOf(v.records()),
                            dev.enclave.core.FileIO.COMPACT.toJson(v.params()), v.created(),
                            v.sha256().substring(0, 12));
                }
            }
        } catch (RuntimeException e) {
            status.setText(Messages.get("data.failed", e.getMessage()));
        }
        Widgets.pack(versions);
    }

    /** Opens a workspace dataset version (checked against its hash) with its lineage. */
    public void openVersion(DatasetStore.Version v) {
        DatasetStore store = new DatasetStore(workspace);
        Dataset d;
        try {
            d = store.read(v);
        } catch (RuntimeException e) {
            status.setText(Messages.get("data.failed", e.getMessage()));
            return;
        }
        show(d, v.file(), v);
        StringBuilder chain = new StringBuilder();
        for (DatasetStore.Version step : store.lineage(v)) {
            if (!chain.isEmpty()) {
                chain.append("  →  ");
            }
            chain.append("v").append(step.version()).append(" ").append(step.step()).append(" (")
                    .append(step.records()).append(")");
        }
        lineage.setText(Messages.get("data.lineage", v.dataset(), chain));
    }

    /** The data sources the installed bundles and packs offer (knowledge collections, audit corrections …). */
    private void refreshSources() {
        sources.clear();
        sourceChoice.removeAll();
        org.osgi.framework.Bundle bundle = org.osgi.framework.FrameworkUtil.getBundle(DatasetsPart.class);
        if (bundle != null && bundle.getBundleContext() != null) {
            org.osgi.framework.BundleContext bc = bundle.getBundleContext();
            try {
                for (var ref : bc.getServiceReferences(DatasetSource.class, null)) {
                    DatasetSource s = bc.getService(ref);
                    if (s != null) {
                        sources.add(s);
                    }
                }
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        sources.sort(java.util.Comparator.comparing(DatasetSource::id));
        for (DatasetSource s : sources) {
            sourceChoice.add(s.argument() == null ? s.id() : s.id() + ":" + s.argument());
        }
        if (!sources.isEmpty()) {
            sourceChoice.select(0);
            sourceChoice.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
        }
        sourceButton.setEnabled(!sources.isEmpty());
    }

    private DatasetSource chosenSource() {
        int i = sourceChoice.getSelectionIndex();
        return i < 0 || i >= sources.size() ? null : sources.get(i);
    }

    /** Imports what the chosen source gives as a new version of the named dataset, in a background job. */
    private void importFromSource() {
        DatasetSource source = chosenSource();
        String name = sourceName.getText().trim();
        String argument = sourceArgument.getText().trim();
        if (source == null || workspace == null || subject == null) {
            return;
        }
        if (name.isEmpty() || (source.argument() != null && argument.isEmpty())) {
            status.setText(Messages.get("data.sourceNeeds", source.argument() == null ? "—" : source.argument()));
            return;
        }
        sourceButton.setEnabled(false);
        status.setText(Messages.get("data.importing", source.id()));
        org.eclipse.swt.widgets.Display display = sourceButton.getDisplay();
        org.eclipse.core.runtime.jobs.Job job = org.eclipse.core.runtime.jobs.Job.create(
                Messages.get("data.importing", source.id()), monitor -> {
                    try {
                        DatasetStore.Version v = new DatasetStore(workspace).importSource(name, source,
                                source.argument() == null ? null : argument, subject,
                                new dev.enclave.ui.UiProgress(monitor, (done, total) -> display.asyncExec(() -> {
                                    if (!sourceProgress.isDisposed()) {
                                        sourceProgress.setMaximum(Math.max(1, total));
                                        sourceProgress.setSelection(Math.min(done, total));
                                    }
                                })));
                        display.asyncExec(() -> {
                            if (!status.isDisposed()) {
                                sourceButton.setEnabled(true);
                                refreshVersions();
                                openVersion(v);
                                status.setText(Messages.get("data.imported", v.dataset(), v.version(), v.records()));
                            }
                        });
                    } catch (RuntimeException e) {
                        display.asyncExec(() -> {
                            if (!status.isDisposed()) {
                                sourceButton.setEnabled(true);
                                status.setText(Messages.get("data.failed", e.getMessage()));
                            }
                        });
                    }
                    return org.eclipse.core.runtime.Status.OK_STATUS;
                });
        job.setUser(true);
        job.schedule();
    }

    /**
     * Chooses a source (by id), its argument and the dataset name and starts the import, as
     * the button does; for tests.
     */
    public void importFrom(String sourceId, String argument, String name) {
        refreshSources();
        for (int i = 0; i < sources.size(); i++) {
            if (sources.get(i).id().equals(sourceId)) {
                sourceChoice.select(i);
                sourceChoice.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
            }
        }
        sourceArgument.setText(argument == null ? "" : argument);
        sourceName.setText(name);
        sourceButton.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
    }

    /** Imports the open file as a new workspace dataset named after it. */
    private void importOpenFile() {
        if (path == null || workspace == null || subject == null) {
            status.setText(Messages.get("data.openFirst"));
            return;
        }
        String name = path.getFileName().toString().replaceFirst("\\.jsonl$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            DatasetStore.Version v = new DatasetStore(workspace).importFiles(name, List.of(path), subject);
            refreshVersions();
            openVersion(v);
            status.setText(Messages.get("data.imported", v.dataset(), v.version(), v.records()));
        } catch (RuntimeException e) {
            status.setText(Messages.get("data.failed", e.getMessage()));
        }
    }

    /** Reads a dataset file and shows statistics and the highlighted preview. */
    public void open(Path p) {
        Dataset d;
        try {
            d = Dataset.read(p);
        } catch (RuntimeException e) {
            status.setText(Messages.get("data.failed", e.getMessage()));
            return;
        }
        lineage.setText("");
        show(d, p, null);
    }

    private void show(Dataset d, Path p, DatasetStore.Version v) {
        dataset = d;
        path = p;
        version = v;
        Map<String, Integer> shapes = new TreeMap<>();
        Map<String, Integer> languages = new TreeMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        int duplicates = 0;
        for (JsonObject r : dataset.records()) {
            shapes.merge(Dataset.shape(r).name().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
            String t = Dataset.text(r);
            languages.merge(Cleaner.language(t), 1, Integer::sum);
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

    /** A fresh copy of the open records, so a step never changes what is shown until it is written. */
    private Dataset copy() {
        return new Dataset(dataset.records().stream().map(JsonObject::deepCopy).toList());
    }

    /**
     * Writes a step's result: a new version when a workspace dataset is open (its parent is the
     * open version), else a sibling file; then shows it.
     */
    private void write(Dataset result, String step, String suffix, Map<String, Object> params, String summary) {
        try {
            if (version != null) {
                DatasetStore.Version v = new DatasetStore(workspace).commit(version.dataset(), result,
                        version.version(), step, params, subject);
                refreshVersions();
                openVersion(v);
                status.setText(Messages.get("data.written", v.dataset() + " v" + v.version(), summary));
            } else {
                Path out = sibling(suffix);
                result.write(out);
                audit("data." + step, summary);
                open(out);
                status.setText(Messages.get("data.written", out, summary));
            }
        } catch (RuntimeException e) {
            status.setText(Messages.get("data.failed", e.getMessage()));
        }
    }

    private void writeCleaned() {
        if (dataset == null) {
            status.setText(Messages.get("data.openFirst"));
            return;
        }
        Cleaner.Result r = new Cleaner(java.util.Set.of(), 1, 0, java.util.Set.of()).run(copy().records());
        write(new Dataset(r.kept()), "clean", "-clean", Map.of("steps", Cleaner.STEPS, "min_chars", 1),
                Messages.get("data.cleanSummary", r.report().kept(), r.report().records(), r.report().changed(),
                        r.report().removed()));
    }

    private void writeMasked() {
        if (dataset == null) {
            status.setText(Messages.get("data.openFirst"));
            return;
        }
        Dataset copy = copy();
        Map<PiiMasker.Kind, Integer> counts = PiiMasker.emptyCounts();
        for (JsonObject r : copy.records()) {
            Dataset.mapText(r, t -> masker.mask(t, counts));
        }
        Map<String, Object> masked = new java.util.LinkedHashMap<>();
        counts.forEach((k, v) -> masked.put(k.key(), v));
        write(copy, "mask", "-masked", Map.of("masked", masked), masked.toString());
    }

    private void writeDeduplicated() {
        if (dataset == null) {
            status.setText(Messages.get("data.openFirst"));
            return;
        }
        Deduplicator.Result r = new Deduplicator(0.8).run(copy().records());
        write(new Dataset(r.kept()), "dedup", "-dedup", Map.of("threshold", 0.8, "clusters", r.clusters().size()),
                r.kept().size() + "/" + dataset.records().size());
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

    /** Runs a step on what is open ({@code import}, {@code clean}, {@code mask}, {@code dedup}), for tests. */
    public void run(String step) {
        switch (step) {
        case "import" -> importOpenFile();
        case "clean" -> writeCleaned();
        case "mask" -> writeMasked();
        case "dedup" -> writeDeduplicated();
        default -> throw new IllegalArgumentException(step);
        }
    }

    /** The lineage line and the number of versions listed, for tests. */
    public Object[] versionsShown() {
        return new Object[] { lineage.getText(), versions.getItemCount() };
    }

    @Focus
    void focus() {
        file.setFocus();
    }
}
