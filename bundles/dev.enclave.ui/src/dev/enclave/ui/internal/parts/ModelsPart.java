package dev.enclave.ui.internal.parts;

import java.nio.file.Path;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelCalls;
import dev.enclave.runtime.ModelFile;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.ModelVersion;
import dev.enclave.runtime.ModelVersions;
import dev.enclave.runtime.Scorecard;
import dev.enclave.ui.internal.Messages;
import dev.enclave.ui.FileChoosers;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Models part: the workspace's models with details, hashes and version, adding a Hugging
 * Face folder, loading one, choosing the workspace's chat and embedding models, a streaming test
 * generation or chat that can be stopped ({@link GenerationSection}), and an embedding similarity
 * check with the workspace's embedder ({@link SimilaritySection}). Every model call goes through
 * {@link ModelCalls}, which audits it.
 */
public final class ModelsPart {
    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    @Inject
    ModelRegistry registry;

    @Inject
    ModelCalls calls;

    @Inject
    ModelVersions versions;

    @Inject
    UISynchronize sync;

    private Label header;
    private Table table;
    private Table files;
    private Label lineage;
    private Label status;
    private GenerationSection generation;
    private SimilaritySection similarity;
    private BackgroundJobs jobs;
    private volatile LanguageModel loaded;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        header = Widgets.label(parent, "", 1);
        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));

        Composite listSide = new Composite(sash, SWT.NONE);
        listSide.setLayout(new GridLayout(3, false));
        table = Widgets.table(listSide, SWT.SINGLE, Messages.get("models.col.name"), Messages.get("models.col.arch"),
                Messages.get("models.col.kind"), Messages.get("models.col.params"), Messages.get("models.col.dtype"),
                Messages.get("models.col.format"), Messages.get("models.col.size"));
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        table.addListener(SWT.Selection, e -> showDetails());
        button(listSide, Messages.get("models.add"), this::addFolder);
        button(listSide, Messages.get("models.load"), this::loadSelected);
        button(listSide, Messages.get("models.unload"), this::unload);
        button(listSide, Messages.get("models.useChat"), () -> use(ModelRegistry.CHAT_MODEL_SETTING));
        button(listSide, Messages.get("models.useEmbeddings"), () -> use(ModelRegistry.EMBEDDING_MODEL_SETTING));
        new Label(listSide, SWT.NONE);
        Widgets.label(listSide, Messages.get("models.files"), 3);
        files = Widgets.table(listSide, SWT.SINGLE, "File", "Bytes", "SHA-256");
        files.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        lineage = new Label(listSide, SWT.WRAP);
        GridData ld = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
        ld.widthHint = 300;
        lineage.setLayoutData(ld);

        Composite trySide = new Composite(sash, SWT.NONE);
        trySide.setLayout(new GridLayout(1, false));
        status = Widgets.label(parent, Messages.get("models.notLoaded"), 1);
        jobs = new BackgroundJobs(sync, status, this::show);
        generation = new GenerationSection(trySide, calls, () -> workspace, () -> subject, () -> loaded, jobs,
                this::show);
        similarity = new SimilaritySection(trySide, calls, () -> workspace, () -> subject, jobs, this::show);
        sash.setWeights(45, 55);
        refresh();
    }

    static Button button(Composite parent, String text, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, false, false));
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    /** Re-reads the models folder and the workspace's choices, keeping the selected model selected. */
    public void refresh() {
        if (table.isDisposed()) {
            return;
        }
        TableItem[] before = table.getSelection();
        String kept = before.length == 1 ? before[0].getText(0) : null;
        table.removeAll();
        if (workspace == null) {
            return;
        }
        try {
            String none = Messages.get("models.none");
            // Format, quantization (the Weights column: q4_0, q8_0 … for GGUF) and size on disk per model.
            header.setText(Messages.get("models.folder", registry.modelsFolder(workspace)) + "    "
                    + Messages.get("models.chat", workspace.settings().get(ModelRegistry.CHAT_MODEL_SETTING, none))
                    + "    " + Messages.get("models.embeddings", workspace.settings()
                            .get(ModelRegistry.EMBEDDING_MODEL_SETTING, ModelRegistry.BUILT_IN_EMBEDDER)));
            for (ModelInfo m : registry.list(workspace)) {
                // A remote model: its id on the server in the Weights column, its URL in the Size column.
                String url = registry.remote(m.folder()).map(r -> r.url()).orElse(null);
                Widgets.row(table, m, m.name(), m.architecture(), m.kind(),
                        url != null ? "—" : String.format("%,d", m.parameters()), m.dtype(), format(m),
                        url != null ? url : megabytes(onDisk(m)));
            }
            Widgets.row(table, ModelRegistry.BUILT_IN_EMBEDDER, ModelRegistry.BUILT_IN_EMBEDDER, "BertModel (ONNX)",
                    ModelInfo.ENCODER, "24 M", Messages.get("models.builtin"), "ONNX", "");
            Widgets.pack(table);
            for (int i = 0; i < table.getItemCount(); i++) {
                if (table.getItem(i).getText(0).equals(kept)) {
                    table.setSelection(i);
                }
            }
        } catch (RuntimeException e) {
            show(Messages.get("models.failed", e.getMessage()));
        }
        header.getParent().layout(true, true);
    }

    private ModelInfo selected() {
        TableItem[] sel = table.getSelection();
        if (sel.length == 0) {
            show(Messages.get("models.selectFirst"));
            return null;
        }
        return sel[0].getData() instanceof ModelInfo m ? m : null;
    }

    private void showDetails() {
        files.removeAll();
        TableItem[] sel = table.getSelection();
        if (sel.length == 1 && sel[0].getData() instanceof ModelInfo m) {
            for (ModelFile f : m.files()) {
                Widgets.row(files, f, f.path(), String.format("%,d", f.size()), f.sha256());
            }
            Widgets.pack(files);
            lineage.setText(registry.remote(m.folder()).map(r -> r.remoteId() + " @ " + r.url() + " (" + r.kind()
                    + (r.tokenFile() == null ? "" : ", " + r.tokenFile()) + ")").orElseGet(() -> lineageOf(m)));
        } else {
            lineage.setText("");
        }
        lineage.getParent().layout(true, true);
    }

    /**
     * The model's version (from the hashes recorded when it was added), where it came from when
     * it was merged from an adapter, and its saved scorecards.
     */
    private String lineageOf(ModelInfo m) {
        String origin = "";
        ModelVersion v;
        try {
            v = versions.of(m);
            if (v.merged()) {
                String data = v.trainingDataSha256();
                origin = Messages.get("models.merged", v.base().getFileName(),
                        v.adapter() == null ? "?" : v.adapter().getFileName(),
                        data == null ? "—" : data.substring(0, Math.min(12, data.length())));
            }
        } catch (RuntimeException e) {
            return Messages.get("models.failed", e.getMessage());
        }
        StringBuilder cards = new StringBuilder();
        if (workspace != null && v.version() != null) {
            for (Scorecard c : versions.scorecards(workspace, v.version())) {
                cards.append(Messages.get("models.scorecard", c.data().getFileName(),
                        Double.isNaN(c.loss()) ? "—" : String.format("%.4f", c.loss()),
                        c.tokenF1() == null ? "—" : String.format("%.3f", c.tokenF1())));
            }
        }
        return Messages.get("models.version", v.version(), origin,
                cards.isEmpty() ? Messages.get("models.noScorecard") : cards.toString());
    }

    private void addFolder() {
        Path source = FileChoosers.folder(table.getShell(), "models.add", null);
        if (source == null) {
            return;
        }
        jobs.run(Messages.get("models.job.add", source.getFileName()),
                progress -> registry.add(workspace, subject, source, null, progress), m -> refresh());
    }

    /** Loads the selected decoder as a Job (audited by the service). */
    private void loadSelected() {
        ModelInfo m = selected();
        if (m == null) {
            return;
        }
        if (!m.kind().equals(ModelInfo.DECODER)) {
            show(Messages.get("models.notDecoder", m.name()));
            return;
        }
        jobs.run(Messages.get("models.job.load", m.name()),
                progress -> calls.load(workspace, subject, m.folder(), null, progress), lm -> {
                    unload();
                    loaded = lm;
                    show(Messages.get("models.loaded", m.name()));
                });
    }

    private void unload() {
        LanguageModel lm = loaded;
        loaded = null;
        generation.forget();
        if (lm != null) {
            lm.close();
            show(Messages.get("models.notLoaded"));
        }
    }

    private void use(String setting) {
        TableItem[] sel = table.getSelection();
        if (sel.length == 0) {
            show(Messages.get("models.selectFirst"));
            return;
        }
        Object data = sel[0].getData();
        String name = data instanceof ModelInfo m ? m.name() : String.valueOf(data);
        String kind = data instanceof ModelInfo m ? m.kind() : ModelInfo.ENCODER;
        boolean chat = setting.equals(ModelRegistry.CHAT_MODEL_SETTING);
        if (chat != kind.equals(ModelInfo.DECODER)) {
            show(Messages.get(chat ? "models.notDecoder" : "models.notEncoder", name));
            return;
        }
        try {
            calls.use(workspace, subject, chat ? name : null, chat ? null : name);
        } catch (RuntimeException e) {
            show(Messages.get("models.failed", e.getMessage()));
            return;
        }
        refresh();
    }

    private void show(String text) {
        if (!status.isDisposed()) {
            status.setText(text);
            status.getParent().layout(true, true);
        }
    }

    @Focus
    void focus() {
        table.setFocus();
    }

    @PreDestroy
    void dispose() {
        generation.stop();
        unload();
    }

    /** remote (a model on an OpenAI-compatible server), else GGUF or safetensors. */
    static String format(ModelInfo m) {
        if (ModelInfo.REMOTE.equals(m.architecture())) {
            return "remote";
        }
        return m.files().stream().anyMatch(f -> f.path().endsWith(".gguf")) ? "GGUF" : "safetensors";
    }

    /** Bytes of the model folder's files. */
    static long onDisk(ModelInfo m) {
        return m.files().stream().mapToLong(dev.enclave.runtime.ModelFile::size).sum();
    }

    static String megabytes(long bytes) {
        return String.format("%,.1f MB", bytes / 1e6);
    }
}
