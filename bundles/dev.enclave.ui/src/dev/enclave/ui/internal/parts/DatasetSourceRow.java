package dev.enclave.ui.internal.parts;

import java.util.List;
import java.util.function.Consumer;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.studio.DatasetSource;
import dev.enclave.studio.DatasetStore;
import dev.enclave.studio.Datasets;
import dev.enclave.ui.UiProgress;
import dev.enclave.ui.internal.Messages;
import dev.enclave.ui.WidgetIds;

/**
 * The Datasets part's "Or import from:" row: a data source (knowledge collections, audit
 * corrections …), what it reads, the dataset name, and the import, run as a background job
 * through {@link Datasets#importSource} with its progress in the row's bar.
 */
final class DatasetSourceRow {
    private final Datasets datasets;
    private final Workspace workspace;
    private final Subject subject;
    private final Consumer<String> status;
    private final Consumer<DatasetStore.Version> imported;
    private final Combo choice;
    private final Text argument;
    private final Text name;
    private final Button button;
    private final ProgressBar progress;
    private List<DatasetSource> sources = List.of();

    /**
     * @param status   shows a status line (UI thread)
     * @param imported called on the UI thread with the version an import made
     */
    DatasetSourceRow(Composite parent, int span, Datasets datasets, Workspace workspace, Subject subject,
            Consumer<String> status, Consumer<DatasetStore.Version> imported) {
        this.datasets = datasets;
        this.workspace = workspace;
        this.subject = subject;
        this.status = status;
        this.imported = imported;
        Composite row = new Composite(parent, SWT.NONE);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, span, 1));
        // two lines of four (source, then the dataset to write), so a narrow part cuts nothing off
        GridLayout layout = new GridLayout(4, false);
        layout.marginWidth = 0;
        row.setLayout(layout);
        new Label(row, SWT.NONE).setText(Messages.get("data.fromSource"));
        choice = new Combo(row, SWT.READ_ONLY);
        WidgetIds.set(choice, "source");
        choice.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, false, false)); // as wide as the dataset name below
        argument = new Text(row, SWT.BORDER);
        WidgetIds.set(argument, "sourceArgument");
        argument.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        new Label(row, SWT.NONE).setText(Messages.get("data.asDataset"));
        name = new Text(row, SWT.BORDER);
        WidgetIds.set(name, "sourceDataset");
        GridData nd = new GridData(SWT.FILL, SWT.CENTER, true, false);
        nd.widthHint = 160;
        name.setLayoutData(nd);
        button = new Button(row, SWT.PUSH);
        button.setText(Messages.get("data.importSource"));
        button.addListener(SWT.Selection, e -> start());
        progress = new ProgressBar(row, SWT.HORIZONTAL);
        progress.setLayoutData(new GridData(120, SWT.DEFAULT));
        choice.addListener(SWT.Selection, e -> chosen());
        refresh();
    }

    /** Lists the sources the installed bundles and packs offer now. */
    void refresh() {
        sources = datasets == null ? List.of() : datasets.sources();
        choice.removeAll();
        for (DatasetSource s : sources) {
            choice.add(s.argument() == null ? s.id() : s.id() + ":" + s.argument());
        }
        if (!sources.isEmpty()) {
            choice.select(0);
        }
        chosen();
        button.setEnabled(!sources.isEmpty());
    }

    private void chosen() {
        DatasetSource s = chosenSource();
        argument.setEnabled(s != null && s.argument() != null);
        argument.setMessage(s == null || s.argument() == null ? "" : s.argument());
        choice.setToolTipText(s == null ? "" : s.description());
    }

    private DatasetSource chosenSource() {
        int i = choice.getSelectionIndex();
        return i < 0 || i >= sources.size() ? null : sources.get(i);
    }

    /** Starts the import in a background job; a missing name or argument is shown, not run. */
    private void start() {
        DatasetSource source = chosenSource();
        String dataset = name.getText().trim();
        String arg = argument.getText().trim();
        if (source == null || workspace == null || subject == null) {
            return;
        }
        if (dataset.isEmpty() || (source.argument() != null && arg.isEmpty())) {
            status.accept(Messages.get("data.sourceNeeds", source.argument() == null ? "—" : source.argument()));
            return;
        }
        button.setEnabled(false);
        status.accept(Messages.get("data.importing", source.id()));
        Display display = button.getDisplay();
        Job job = Job.create(Messages.get("data.importing", source.id()), monitor -> {
            try {
                DatasetStore.Version v = datasets.importSource(workspace, subject, dataset, source.id(),
                        source.argument() == null ? null : arg, new UiProgress(monitor,
                                (done, total) -> display.asyncExec(() -> {
                                    if (!progress.isDisposed()) {
                                        progress.setMaximum(Math.max(1, total));
                                        progress.setSelection(Math.min(done, total));
                                    }
                                })));
                display.asyncExec(() -> {
                    if (!button.isDisposed()) {
                        button.setEnabled(true);
                        imported.accept(v);
                        status.accept(Messages.get("data.imported", v.dataset(), v.version(), v.records()));
                    }
                });
            } catch (RuntimeException e) {
                display.asyncExec(() -> {
                    if (!button.isDisposed()) {
                        button.setEnabled(true);
                        status.accept(Messages.get("data.failed", e.getMessage()));
                    }
                });
            }
            return Status.OK_STATUS;
        });
        job.setUser(true);
        job.schedule();
    }
}
