package dev.enclave.ui.internal.parts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.studio.DatasetStats;
import dev.enclave.studio.DatasetStore;
import dev.enclave.studio.Datasets;
import dev.enclave.ui.WidgetIds;
import dev.enclave.ui.internal.Messages;
import dev.enclave.ui.FileChoosers;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The Datasets part: open a JSON Lines dataset, see its statistics and a preview in which
 * the personal data the masker would replace is highlighted; import it into the workspace,
 * where every cleaning, masking or de-duplication step adds a version that records its
 * parent, step, parameters and hash (the table lists them, the lineage line traces the open
 * one back to its import). A plain file gets its results written beside it. A view over a
 * {@link DatasetSession}; the {@link Datasets} service does and audits the work.
 */
public final class DatasetsPart {
    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    @Inject
    @Optional
    Datasets datasets;

    private DatasetSession session;
    private Text file;
    private Table versions;
    private Label lineage;
    private Label stats;
    private StyledText preview;
    private Label status;

    @PostConstruct
    void create(Composite parent) {
        session = new DatasetSession(datasets, workspace, subject);
        parent.setLayout(new GridLayout(7, false));
        new Label(parent, SWT.NONE).setText(Messages.get("data.file"));
        file = new Text(parent, SWT.BORDER);
        WidgetIds.set(file, "file");
        file.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 5, 1));
        file.addListener(SWT.DefaultSelection, e -> openFile(Path.of(file.getText().trim())));
        Button browse = new Button(parent, SWT.PUSH);
        browse.setText(Messages.get("data.open"));
        browse.addListener(SWT.Selection, e -> {
            Path chosen = FileChoosers.openOne(parent.getShell(), "data.file", "*.jsonl", "*.*");
            if (chosen != null) {
                file.setText(chosen.toString());
                openFile(chosen);
            }
        });
        // the steps on their own row, wrapping when the part is narrow, so none is cut off at the edge
        Composite steps = new Composite(parent, SWT.NONE);
        steps.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 7, 1));
        RowLayout row = new RowLayout(SWT.HORIZONTAL);
        row.wrap = true;
        row.marginLeft = row.marginTop = row.marginBottom = 0;
        steps.setLayout(row);
        Button importButton = button(steps, Messages.get("data.import"), session::importOpenFile);
        importButton.setToolTipText(Messages.get("data.importTip"));
        button(steps, Messages.get("data.clean"), session::clean);
        button(steps, Messages.get("data.mask"), session::mask);
        button(steps, Messages.get("data.dedup"), session::dedup);
        new DatasetSourceRow(parent, 7, datasets, workspace, subject, this::setStatus, v -> {
            refreshVersions();
            openVersion(v);
        });
        Widgets.label(parent, Messages.get("data.versions"), 7);
        versions = Widgets.table(parent, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER, Messages.get("data.colDataset"),
                Messages.get("data.colVersion"), Messages.get("data.colStep"), Messages.get("data.colRecords"),
                Messages.get("data.colParams"), Messages.get("data.colCreated"), "SHA-256");
        WidgetIds.set(versions, "versions");
        GridData vd = new GridData(SWT.FILL, SWT.FILL, true, false, 7, 1);
        vd.heightHint = 120;
        versions.setLayoutData(vd);
        versions.addListener(SWT.Selection, e -> {
            if (versions.getSelectionCount() == 1 && versions.getSelection()[0].getData() instanceof DatasetStore.Version v) {
                openVersion(v);
            }
        });
        lineage = named(Widgets.label(parent, "", 7), "lineage");
        stats = named(Widgets.label(parent, "", 7), "stats");
        Widgets.label(parent, Messages.get("data.preview"), 7);
        preview = new StyledText(parent, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL | SWT.READ_ONLY);
        WidgetIds.set(preview, "preview");
        preview.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 7, 1));
        status = named(Widgets.label(parent, "", 7), "status");
        refreshVersions();
    }

    private static Label named(Label label, String id) {
        WidgetIds.set(label, id);
        return label;
    }

    /**
     * A button that runs a step of the session on what is open, then shows the result (and the
     * versions, when the step added one) with the step's status line.
     */
    private Button button(Composite parent, String text, Supplier<String> step) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.addListener(SWT.Selection, e -> {
            if (!session.isOpen() || !session.ready()) {
                setStatus(Messages.get("data.openFirst"));
                return;
            }
            try {
                String done = step.get();
                if (session.version() != null) {
                    refreshVersions();
                }
                show();
                setStatus(done);
            } catch (RuntimeException ex) {
                setStatus(Messages.get("data.failed", ex.getMessage()));
            }
        });
        return b;
    }

    private void setStatus(String text) {
        if (!status.isDisposed()) {
            status.setText(text);
            status.getParent().layout(true, true);
        }
    }

    /** Lists every version of every workspace dataset. */
    private void refreshVersions() {
        versions.removeAll();
        if (!session.ready()) {
            return;
        }
        try {
            for (DatasetStore.Version v : session.allVersions()) {
                Widgets.row(versions, v, v.dataset(), "v" + v.version(), v.step()
                        + (v.parent() == null ? "" : " ← v" + v.parent()), String.valueOf(v.records()),
                        DatasetSession.params(v.params()), v.created(), v.sha256().substring(0, 12));
            }
        } catch (RuntimeException e) {
            setStatus(Messages.get("data.failed", e.getMessage()));
        }
        Widgets.pack(versions);
    }

    /** Opens a workspace dataset version (checked against its hash) with its lineage. */
    private void openVersion(DatasetStore.Version v) {
        if (!session.ready()) {
            return;
        }
        try {
            session.open(v);
        } catch (RuntimeException e) {
            setStatus(Messages.get("data.failed", e.getMessage()));
            return;
        }
        show();
        setStatus("");
    }

    /** Reads a dataset file and shows statistics and the highlighted preview. */
    private void openFile(Path p) {
        if (datasets == null) {
            setStatus(Messages.get("data.openFirst"));
            return;
        }
        try {
            session.open(p);
        } catch (RuntimeException e) {
            setStatus(Messages.get("data.failed", e.getMessage()));
            return;
        }
        show();
        setStatus("");
    }

    /** Shows what the session has open: lineage, statistics, and the preview with personal data highlighted. */
    private void show() {
        String chain = session.lineage();
        lineage.setText(chain.isEmpty() ? "" : Messages.get("data.lineage", session.version().dataset(), chain));
        DatasetStats s = session.stats();
        stats.setText(Messages.get("data.stats", s.records(), s.shapes(), s.languages(), s.exactDuplicates()));
        DatasetSession.Preview p = session.preview();
        List<StyleRange> ranges = new ArrayList<>();
        for (int[] r : p.personalData()) {
            StyleRange range = new StyleRange(r[0], r[1] - r[0], null,
                    preview.getDisplay().getSystemColor(SWT.COLOR_YELLOW));
            range.fontStyle = SWT.BOLD;
            ranges.add(range);
        }
        preview.setText(p.text());
        preview.setStyleRanges(ranges.toArray(StyleRange[]::new));
        stats.getParent().layout(true, true);
    }

    @Focus
    void focus() {
        file.setFocus();
    }
}
