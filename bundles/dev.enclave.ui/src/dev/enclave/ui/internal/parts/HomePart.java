package dev.enclave.ui.internal.parts;

import java.util.List;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;

import dev.enclave.core.DomainPack;
import dev.enclave.core.PackRegistry;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.ui.UiContext;
import dev.enclave.ui.internal.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The Home part: workspace, acting user and roles, and the domain packs present now (live). */
public final class HomePart {
    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    @Inject
    @Optional
    @Named(UiContext.WORKSPACE_ERROR)
    String workspaceError;

    @Inject
    PackRegistry packs;

    @Inject
    @Optional
    ModelRegistry models;

    @Inject
    UISynchronize sync;

    private Label userValue;
    private Label rolesValue;
    private Label workspaceValue;
    private Label runtimeValue;
    private Label packsHint;
    private Table packTable;
    private Label packDetail;
    private Runnable unsubscribe;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(2, false));
        Label title = Widgets.label(parent, Messages.get("home.title"), 2);
        Widgets.cssClass(title, "EnclaveTitle");
        Widgets.label(parent, Messages.get("home.subtitle"), 2);
        new Label(parent, SWT.NONE).setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        if (workspaceError != null || workspace == null) {
            Label error = Widgets.label(parent, Messages.get("home.workspaceError",
                    workspaceError == null ? "?" : workspaceError), 2);
            Widgets.cssClass(error, "EnclaveError");
        }
        workspaceValue = field(parent, Messages.get("home.workspace"),
                workspace == null ? "—" : workspace.root().toString());
        userValue = field(parent, Messages.get("home.user"), userText());
        rolesValue = field(parent, Messages.get("home.roles"), rolesText());
        field(parent, Messages.get("home.osUser"), subject == null ? dev.enclave.core.OsIdentity.current() : subject.osUser());
        if (workspace != null && models != null) {
            runtimeValue = field(parent, Messages.get("home.runtime"), runtimeText());
        }

        Label packsTitle = Widgets.label(parent, Messages.get("home.packs"), 2);
        Widgets.cssClass(packsTitle, "EnclaveTitle");
        packsHint = Widgets.label(parent, "", 2);
        packTable = Widgets.table(parent, SWT.SINGLE, Messages.get("home.col.id"), Messages.get("home.col.name"),
                Messages.get("home.col.version"), Messages.get("home.col.adds"));
        packTable.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        packTable.addListener(SWT.Selection, e -> showDetail());
        // What the selected pack adds, one item a line: the table's cell shows only the start.
        packDetail = new Label(parent, SWT.WRAP);
        packDetail.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        showPacks(packs.packs());
        unsubscribe = packs.addListener(list -> sync.asyncExec(() -> showPacks(list)));
    }

    private static Label field(Composite parent, String name, String value) {
        Label key = new Label(parent, SWT.NONE);
        key.setText(name);
        key.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
        Label v = new Label(parent, SWT.WRAP);
        v.setText(value);
        v.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return v;
    }

    /** The workspace's models as they really are: how many, which serves chat, which embeddings. */
    private String runtimeText() {
        try {
            List<ModelInfo> list = models.list(workspace);
            long count = list.size();
            long gguf = list.stream().filter(m -> ModelsPart.format(m).equals("GGUF")).count();
            String storage = Messages.get("home.modelStorage", gguf,
                    ModelsPart.megabytes(list.stream().mapToLong(ModelsPart::onDisk).sum()));
            return Messages.get("home.runtimeState", count, storage,
                    workspace.settings().get(ModelRegistry.CHAT_MODEL_SETTING, Messages.get("models.none")),
                    workspace.settings().get(ModelRegistry.EMBEDDING_MODEL_SETTING, ModelRegistry.BUILT_IN_EMBEDDER));
        } catch (RuntimeException e) {
            return Messages.get("data.failed", e.getMessage());
        }
    }

    private String userText() {
        if (subject == null) {
            return "—";
        }
        return subject.impersonating() ? Messages.get("home.impersonating", subject.name(), subject.osUser())
                : subject.name();
    }

    private String rolesText() {
        if (subject == null) {
            return "—";
        }
        return subject.roles().isEmpty() ? Messages.get("home.noRoles", subject.name())
                : String.join(", ", subject.roles().stream().sorted().toList());
    }

    void showPacks(List<DomainPack> list) {
        if (packTable == null || packTable.isDisposed()) {
            return;
        }
        packTable.removeAll();
        for (DomainPack p : list) {
            Widgets.row(packTable, p, p.id(), p.name(), p.version(), String.join("; ", p.contributions()));
        }
        Widgets.pack(packTable);
        if (packTable.getItemCount() > 0) {
            packTable.setSelection(0);
        }
        showDetail();
        packsHint.setText(list.isEmpty() ? Messages.get("home.noPacks") : "");
        packsHint.getParent().layout(true, true);
    }

    private void showDetail() {
        TableItem[] selected = packTable.getSelection();
        if (selected.length == 0 || !(selected[0].getData() instanceof DomainPack pack)) {
            packDetail.setText("");
        } else {
            StringBuilder text = new StringBuilder(pack.name()).append(": ").append(pack.description());
            pack.contributions().forEach(c -> text.append("\n  • ").append(c));
            packDetail.setText(text.toString());
        }
        packDetail.getParent().layout(true, true);
    }

    /** Texts shown, for tests: user, roles, workspace, models. */
    public String[] shownTexts() {
        return new String[] { userValue.getText(), rolesValue.getText(), workspaceValue.getText(),
                runtimeValue == null ? "" : runtimeValue.getText() };
    }

    /** Number of pack rows shown, for tests. */
    public int shownPackCount() {
        return packTable.getItemCount();
    }

    @Focus
    void focus() {
        packTable.setFocus();
    }

    @PreDestroy
    void dispose() {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }
}
