package dev.enclave.ui.internal.parts;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.DomainPack;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.InstalledFeature;
import dev.enclave.core.PackInstaller;
import dev.enclave.core.PackRegistry;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.ui.internal.Messages;
import dev.enclave.ui.UiProgress;
import dev.enclave.ui.FileChoosers;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Packs part: installed features, the packs active now, and installing or
 * uninstalling pack features from a p2 repository (administrators), as Eclipse
 * Jobs with progress and cancel.
 */
public final class PacksPart {
    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    @Inject
    PackRegistry registry;

    @Inject
    PackInstaller installer;

    @Inject
    UISynchronize sync;

    private Table installed;
    private Table active;
    private Table available;
    private Text repository;
    private Label status;
    private Button install;
    private Button uninstall;
    private ProgressBar progressBar;
    private Button cancel;
    private Job running;
    private Runnable unsubscribe;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(4, false));
        status = Widgets.label(parent, "", 3);
        cancel = new Button(parent, SWT.PUSH);
        cancel.setText(Messages.get("packs.cancel"));
        cancel.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, false, false));
        cancel.setEnabled(false);
        cancel.addListener(SWT.Selection, e -> {
            Job job = running;
            if (job != null) {
                job.cancel();
            }
        });
        progressBar = new ProgressBar(parent, SWT.HORIZONTAL | SWT.SMOOTH);
        progressBar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));
        showProgress(false);

        Widgets.cssClass(Widgets.label(parent, Messages.get("packs.installed"), 4), "EnclaveTitle");
        installed = Widgets.table(parent, SWT.SINGLE, Messages.get("packs.col.id"), Messages.get("packs.col.version"),
                Messages.get("packs.col.name"));
        installed.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        uninstall = new Button(parent, SWT.PUSH);
        uninstall.setText(Messages.get("packs.uninstall"));
        uninstall.setLayoutData(new GridData(SWT.FILL, SWT.TOP, false, false));
        uninstall.addListener(SWT.Selection, e -> uninstallSelected());

        Widgets.cssClass(Widgets.label(parent, Messages.get("packs.active"), 4), "EnclaveTitle");
        active = Widgets.table(parent, SWT.SINGLE, "ID", Messages.get("packs.col.name"),
                Messages.get("packs.col.version"));
        active.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));

        new Label(parent, SWT.NONE).setText(Messages.get("packs.repository"));
        repository = new Text(parent, SWT.BORDER);
        repository.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button browse = new Button(parent, SWT.PUSH);
        browse.setText(Messages.get("packs.browse"));
        browse.addListener(SWT.Selection, e -> {
            Path dir = FileChoosers.folder(parent.getShell(), "packs.repository", null);
            if (dir != null) {
                repository.setText(dir.toString());
                loadRepository();
            }
        });
        Button load = new Button(parent, SWT.PUSH);
        load.setText(Messages.get("packs.load"));
        load.addListener(SWT.Selection, e -> loadRepository());

        Widgets.label(parent, Messages.get("packs.available"), 4);
        available = Widgets.table(parent, SWT.SINGLE, Messages.get("packs.col.id"), Messages.get("packs.col.version"),
                Messages.get("packs.col.name"));
        available.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        install = new Button(parent, SWT.PUSH);
        install.setText(Messages.get("packs.install"));
        install.setLayoutData(new GridData(SWT.FILL, SWT.TOP, false, false));
        install.addListener(SWT.Selection, e -> installSelected());

        boolean admin = subject != null && subject.isAdmin() && workspace != null;
        install.setEnabled(admin);
        uninstall.setEnabled(admin);
        if (!admin) {
            status.setText(Messages.get("packs.adminOnly", subject == null ? "—" : subject.name()));
        }
        refresh();
        unsubscribe = registry.addListener(list -> sync.asyncExec(this::refresh));
    }

    /** Re-reads installed features and active packs. */
    public void refresh() {
        if (installed.isDisposed()) {
            return;
        }
        installed.removeAll();
        try {
            for (InstalledFeature f : installer.installed()) {
                Widgets.row(installed, f, f.id(), f.version(), f.name() == null ? "" : f.name());
            }
        } catch (EnclaveException e) {
            show(Messages.get("packs.noProfile", e.getMessage()), false);
            uninstall.setEnabled(false);
            install.setEnabled(false);
        }
        Widgets.pack(installed);
        active.removeAll();
        for (DomainPack p : registry.packs()) {
            Widgets.row(active, p, p.id(), p.name(), p.version());
        }
        Widgets.pack(active);
    }

    private void loadRepository() {
        URI uri = repositoryUri();
        if (uri == null) {
            return;
        }
        run(Messages.get("packs.job.load", uri), progress -> installer.available(uri, progress), features -> {
            available.removeAll();
            for (InstalledFeature f : features) {
                Widgets.row(available, f, f.id(), f.version(), f.name() == null ? "" : f.name());
            }
            Widgets.pack(available);
            show("", true);
        });
    }

    private void installSelected() {
        InstalledFeature f = selected(available);
        URI uri = repositoryUri();
        if (f == null || uri == null) {
            return;
        }
        run(Messages.get("packs.job.install", f.id()),
                progress -> installer.install(workspace, subject, f.id(), uri, progress),
                done -> show(Messages.get("packs.done.install", done.id(), done.version()), true));
    }

    private void uninstallSelected() {
        InstalledFeature f = selected(installed);
        if (f == null) {
            return;
        }
        run(Messages.get("packs.job.uninstall", f.id()), progress -> {
            installer.uninstall(workspace, subject, f.id(), progress);
            return f;
        }, done -> show(Messages.get("packs.done.uninstall", done.id()), true));
    }

    private InstalledFeature selected(Table table) {
        TableItem[] items = table.getSelection();
        if (items.length == 0) {
            show(Messages.get("packs.selectFeature"), false);
            return null;
        }
        return (InstalledFeature) items[0].getData();
    }

    private URI repositoryUri() {
        String text = repository.getText().trim();
        if (text.isEmpty()) {
            show(Messages.get("packs.failed", Messages.get("packs.repository")), false);
            return null;
        }
        if (text.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
            return URI.create(text);
        }
        Path dir = Path.of(text).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            show(Messages.get("packs.failed", Messages.get("prefs.badFolder", dir)), false);
            return null;
        }
        return dir.toUri();
    }

    /**
     * Runs {@code work} as a user Job whose progress shows in this part's bar (and Cancel
     * stops it); shows the result or the error on the UI thread.
     */
    private <T> void run(String name, Function<Progress, T> work, java.util.function.Consumer<T> onSuccess) {
        if (running != null) {
            return;
        }
        show(name + " …", true);
        progressBar.setSelection(0);
        cancel.setEnabled(true);
        showProgress(true);
        Job job = Job.create(name, monitor -> {
            try {
                T result = work.apply(new UiProgress(monitor, (done, total) -> sync.asyncExec(() -> {
                    if (!progressBar.isDisposed()) {
                        progressBar.setMaximum(Math.max(1, total));
                        progressBar.setSelection(Math.min(done, total));
                    }
                })));
                sync.asyncExec(() -> {
                    if (!status.isDisposed()) {
                        onSuccess.accept(result);
                        refresh();
                    }
                });
                return Status.OK_STATUS;
            } catch (Progress.CanceledException e) {
                return Status.CANCEL_STATUS;
            } catch (RuntimeException e) {
                sync.asyncExec(() -> {
                    if (!status.isDisposed()) {
                        show(Messages.get("packs.failed", e.getMessage()), false);
                        refresh();
                    }
                });
                return Status.info(e.getMessage());
            }
        });
        job.setUser(true);
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                sync.asyncExec(() -> {
                    running = null;
                    if (!cancel.isDisposed()) {
                        cancel.setEnabled(false);
                        showProgress(false);
                        if (event.getResult().getSeverity() == IStatus.CANCEL) {
                            show(Messages.get("packs.canceled"), false);
                        }
                    }
                });
            }
        });
        running = job;
        job.schedule();
    }

    /** The progress bar and Cancel take space only while a job runs. */
    private void showProgress(boolean visible) {
        for (org.eclipse.swt.widgets.Control c : new org.eclipse.swt.widgets.Control[] { progressBar, cancel }) {
            c.setVisible(visible);
            ((GridData) c.getLayoutData()).exclude = !visible;
        }
        ((GridData) status.getLayoutData()).horizontalSpan = visible ? 3 : 4;
        status.getParent().layout(true, true);
    }

    private void show(String text, boolean ok) {
        status.setText(text);
        status.setForeground(status.getDisplay().getSystemColor(ok ? SWT.COLOR_WIDGET_FOREGROUND : SWT.COLOR_RED));
        status.getParent().layout(true, true);
    }

    /** The status line, for tests. */
    public String statusText() {
        return status.getText();
    }

    /** Rows in the active-packs table, for tests. */
    public int activePackRows() {
        return active.getItemCount();
    }

    @Focus
    void focus() {
        repository.setFocus();
    }

    @PreDestroy
    void dispose() {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }
}
