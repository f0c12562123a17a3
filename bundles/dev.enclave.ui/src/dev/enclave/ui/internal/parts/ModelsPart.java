package dev.enclave.ui.internal.parts;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.ChatMessage;
import dev.enclave.runtime.EmbeddingModel;
import dev.enclave.runtime.Generation;
import dev.enclave.runtime.GenerationSettings;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelFile;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.internal.AdapterMerge;
import dev.enclave.runtime.internal.ModelEvaluator;
import dev.enclave.ui.internal.Messages;
import dev.enclave.ui.UiProgress;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Models part: the workspace's models with details and hashes, adding a
 * Hugging Face folder, loading one, a streaming test generation that can be
 * stopped, and an embedding similarity check with the workspace's embedder.
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
    UISynchronize sync;

    private Label header;
    private Table table;
    private Table files;
    private Label lineage;
    private Label status;
    private Text prompt;
    private Text output;
    private Spinner maxTokens;
    private Spinner temperature;
    private Button send;
    private Button stop;
    private Button chatMode;
    private Button reset;
    private final List<ChatMessage> history = new java.util.ArrayList<>();
    private Text left;
    private Text right;
    private Label cosine;
    private volatile LanguageModel loaded;
    private volatile Progress generating;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        header = Widgets.label(parent, "", 1);
        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));

        Composite listSide = new Composite(sash, SWT.NONE);
        listSide.setLayout(new GridLayout(3, false));
        table = Widgets.table(listSide, SWT.SINGLE, Messages.get("models.col.name"), Messages.get("models.col.arch"),
                Messages.get("models.col.kind"), Messages.get("models.col.params"), Messages.get("models.col.dtype"));
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
        Group gen = new Group(trySide, SWT.NONE);
        gen.setText(Messages.get("models.generate"));
        gen.setLayout(new GridLayout(6, false));
        gen.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        new Label(gen, SWT.NONE).setText(Messages.get("models.prompt"));
        prompt = new Text(gen, SWT.BORDER | SWT.MULTI | SWT.WRAP);
        GridData pd = new GridData(SWT.FILL, SWT.FILL, true, false, 5, 1);
        pd.heightHint = 60;
        prompt.setLayoutData(pd);
        new Label(gen, SWT.NONE).setText(Messages.get("models.maxTokens"));
        maxTokens = new Spinner(gen, SWT.BORDER);
        maxTokens.setValues(64, 1, 4096, 0, 16, 64);
        new Label(gen, SWT.NONE).setText(Messages.get("models.temperature"));
        temperature = new Spinner(gen, SWT.BORDER);
        temperature.setValues(0, 0, 200, 2, 10, 50);
        chatMode = new Button(gen, SWT.CHECK);
        chatMode.setText(Messages.get("models.chatMode"));
        chatMode.setSelection(true);
        chatMode.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false, 4, 1));
        reset = button(gen, Messages.get("models.reset"), () -> {
            history.clear();
            output.setText("");
        });
        new Label(gen, SWT.NONE);
        send = button(gen, Messages.get("models.send"), this::generate);
        stop = button(gen, Messages.get("models.stop"), () -> {
            Progress p = generating;
            if (p != null) {
                p.cancel();
            }
        });
        stop.setEnabled(false);
        output = new Text(gen, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL | SWT.READ_ONLY);
        output.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 6, 1));

        Group sim = new Group(trySide, SWT.NONE);
        sim.setText(Messages.get("models.similarity"));
        sim.setLayout(new GridLayout(2, false));
        sim.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        left = new Text(sim, SWT.BORDER);
        left.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        left.setText("企业贷款逾期风险");
        right = new Text(sim, SWT.BORDER);
        right.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        right.setText("公司借款违约风险");
        button(sim, Messages.get("models.compare"), this::compare);
        cosine = new Label(sim, SWT.NONE);
        cosine.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        sash.setWeights(45, 55);

        status = Widgets.label(parent, Messages.get("models.notLoaded"), 1);
        refresh();
    }

    private static Button button(Composite parent, String text, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, false, false));
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    /** Re-reads the models folder and the workspace's choices. */
    public void refresh() {
        if (table.isDisposed()) {
            return;
        }
        table.removeAll();
        if (workspace == null) {
            return;
        }
        try {
            String none = Messages.get("models.none");
            header.setText(Messages.get("models.folder", registry.modelsFolder(workspace)) + "    "
                    + Messages.get("models.chat", workspace.settings().get(ModelRegistry.CHAT_MODEL_SETTING, none))
                    + "    " + Messages.get("models.embeddings", workspace.settings()
                            .get(ModelRegistry.EMBEDDING_MODEL_SETTING, ModelRegistry.BUILT_IN_EMBEDDER)));
            for (ModelInfo m : registry.list(workspace)) {
                Widgets.row(table, m, m.name(), m.architecture(), m.kind(), String.format("%,d", m.parameters()),
                        m.dtype());
            }
            Widgets.row(table, ModelRegistry.BUILT_IN_EMBEDDER, ModelRegistry.BUILT_IN_EMBEDDER, "BertModel (ONNX)",
                    ModelInfo.ENCODER, "24 M", Messages.get("models.builtin"));
            Widgets.pack(table);
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
            lineage.setText(lineageOf(m));
        } else {
            lineage.setText("");
        }
        lineage.getParent().layout(true, true);
    }

    /**
     * The model's version (from the hashes recorded when it was added), where it came from when
     * it was merged from an adapter, and its saved scorecards.
     */
    @SuppressWarnings("unchecked")
    private String lineageOf(ModelInfo m) {
        Map<String, String> hashes = new java.util.TreeMap<>();
        for (ModelFile f : m.files()) {
            if (!f.path().contains("/") && AdapterMerge.versioned(f.path())) {
                hashes.put(f.path(), f.sha256());
            }
        }
        String version = AdapterMerge.version(hashes, null);
        String origin = "";
        java.nio.file.Path recorded = m.folder().resolve("enclave-lineage.json");
        if (java.nio.file.Files.isRegularFile(recorded)) {
            try {
                Map<String, Object> l = AdapterMerge.lineage(m.folder(), null);
                version = String.valueOf(l.get("version"));
                Map<String, Object> base = (Map<String, Object>) l.get("base");
                Map<String, Object> adapter = (Map<String, Object>) l.get("adapter");
                Object training = adapter == null ? null : adapter.get("training");
                origin = Messages.get("models.merged",
                        Path.of(String.valueOf(base.get("folder"))).getFileName(),
                        adapter == null ? "?" : Path.of(String.valueOf(adapter.get("folder"))).getFileName(),
                        training instanceof Map<?, ?> t ? String.valueOf(t.get("data_sha256")).substring(0, 12) : "—");
            } catch (RuntimeException e) {
                origin = e.getMessage();
            }
        }
        StringBuilder cards = new StringBuilder();
        if (workspace != null) {
            for (Map<String, Object> c : ModelEvaluator.list(workspace)) {
                if (String.valueOf(c.get("model_version")).equals(version)) {
                    cards.append(Messages.get("models.scorecard", Path.of(String.valueOf(c.get("data")))
                            .getFileName(), c.get("loss") instanceof Number n ? String.format("%.4f", n.doubleValue()) : "—",
                            c.get("token_f1") instanceof Number f ? String.format("%.3f", f.doubleValue()) : "—"));
                }
            }
        }
        return Messages.get("models.version", version, origin,
                cards.isEmpty() ? Messages.get("models.noScorecard") : cards.toString());
    }

    /** The lineage line of the selected model, for tests. */
    public String lineageShown() {
        return lineage.getText();
    }

    private void addFolder() {
        String dir = new DirectoryDialog(table.getShell()).open();
        if (dir == null) {
            return;
        }
        Path source = Path.of(dir);
        run(Messages.get("models.job.add", source.getFileName()),
                progress -> registry.add(workspace, subject, source, null, progress), m -> refresh());
    }

    /** Loads the selected decoder; for tests and the Load button. */
    public void loadSelected() {
        ModelInfo m = selected();
        if (m == null) {
            return;
        }
        if (!m.kind().equals(ModelInfo.DECODER)) {
            show(Messages.get("models.notDecoder", m.name()));
            return;
        }
        run(Messages.get("models.job.load", m.name()), progress -> registry.openLanguageModel(m.folder(), progress),
                lm -> {
                    unload();
                    loaded = lm;
                    workspace.auditLog().append(subject.name(), "models.load", m.name(), AuditEntry.SUCCESS, "");
                    show(Messages.get("models.loaded", m.name()));
                });
    }

    private void unload() {
        LanguageModel lm = loaded;
        loaded = null;
        history.clear();
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
        workspace.settings().put(setting, name);
        workspace.auditLog().append(subject.name(), "models.use", name, AuditEntry.SUCCESS, setting);
        refresh();
    }

    /** Streams a generation from the loaded model into the output; Stop cancels it. */
    public void generate() {
        LanguageModel lm = loaded;
        if (lm == null) {
            show(Messages.get("models.notLoaded"));
            return;
        }
        String text = filtered(prompt.getText());
        int max = maxTokens.getSelection();
        float temp = temperature.getSelection() / 100f;
        boolean chat = chatMode.getSelection() && lm.hasChatTemplate();
        String input;
        if (chat) {
            history.add(ChatMessage.user(text));
            input = lm.chatPrompt(history);
            output.append((output.getCharCount() > 0 ? "\n\n" : "") + "> " + text + "\n");
            prompt.setText("");
        } else {
            input = text;
            output.setText("");
        }
        send.setEnabled(false);
        stop.setEnabled(true);
        Progress progress = Progress.silent();
        generating = progress;
        Job job = Job.create(Messages.get("models.generate"), monitor -> {
            try {
                Generation g = lm.generate(lm.encode(input), new GenerationSettings(max, temp, 0, 1f, 1f,
                        System.nanoTime(), List.of()), (piece, id) -> sync.asyncExec(() -> {
                            if (!output.isDisposed()) {
                                output.append(piece);
                            }
                        }), progress);
                if (chat) {
                    history.add(ChatMessage.assistant(g.text()));
                }
                workspace.auditLog().append(subject.name(), chat ? "model.chat" : "model.generate", lm.info().name(),
                        AuditEntry.SUCCESS, g.tokenIds().size() + " new tokens, " + g.stopReason());
                sync.asyncExec(() -> show(Messages.get("models.stats", g.tokenIds().size(),
                        String.format("%.1f", g.decodeTokensPerSecond()),
                        String.format("%.1f", g.prefillTokensPerSecond()), g.stopReason())));
            } catch (RuntimeException e) {
                sync.asyncExec(() -> show(Messages.get("models.failed", e.getMessage())));
            } finally {
                generating = null;
                sync.asyncExec(() -> {
                    if (!send.isDisposed()) {
                        send.setEnabled(true);
                        stop.setEnabled(false);
                    }
                });
            }
            return Status.OK_STATUS;
        });
        job.schedule();
    }

    private void compare() {
        String a = left.getText();
        String b = right.getText();
        run(Messages.get("models.similarity"), progress -> {
            try (EmbeddingModel em = registry.openEmbedder(workspace, null, null, progress)) {
                float[][] v = em.embed(List.of(a, b));
                double d = 0;
                for (int i = 0; i < v[0].length; i++) {
                    d += v[0][i] * v[1][i];
                }
                return d;
            }
        }, d -> {
            String text = Messages.get("models.cosine", String.format("%.4f", d));
            cosine.setText(text);
            cosine.getParent().layout(true, true);
            show(text);
        });
    }

    private <T> void run(String name, Function<Progress, T> work, Consumer<T> onDone) {
        show(name + " …");
        Job job = Job.create(name, monitor -> {
            try {
                T result = work.apply(new UiProgress(monitor));
                sync.asyncExec(() -> {
                    if (!status.isDisposed()) {
                        onDone.accept(result);
                    }
                });
            } catch (RuntimeException e) {
                sync.asyncExec(() -> show(Messages.get("models.failed", e.getMessage())));
            }
            return Status.OK_STATUS;
        });
        job.setUser(true);
        job.schedule();
    }

    private void show(String text) {
        if (!status.isDisposed()) {
            status.setText(text);
            status.getParent().layout(true, true);
        }
    }

    /** The status line, the output and the similarity label, for tests. */
    public String[] shownTexts() {
        return new String[] { status.getText(), output.getText(), cosine.getText() };
    }

    /** Selects the table row of {@code name}, for tests. */
    public void select(String name) {
        for (int i = 0; i < table.getItemCount(); i++) {
            if (table.getItem(i).getText(0).equals(name)) {
                table.setSelection(i);
                showDetails();
            }
        }
    }

    /** Switches between chat (the model's template, with history) and plain completion, for tests. */
    public void setChatMode(boolean chat) {
        chatMode.setSelection(chat);
    }

    /** The prompt as the workspace's policy lets the model see it (e.g. personal data masked). */
    private String filtered(String text) {
        if (workspace == null || subject == null) {
            return text;
        }
        org.osgi.framework.BundleContext bc = org.osgi.framework.FrameworkUtil.getBundle(getClass()).getBundleContext();
        List<dev.enclave.core.PromptFilter> filters = new java.util.ArrayList<>();
        try {
            for (var ref : bc.getServiceReferences(dev.enclave.core.PromptFilter.class, null)) {
                dev.enclave.core.PromptFilter f = bc.getService(ref);
                if (f != null) {
                    filters.add(f);
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return dev.enclave.core.PromptFilter.applyAll(filters, workspace, subject.name(), text);
    }

    /** Sets the prompt, for tests. */
    public void setPrompt(String text) {
        prompt.setText(text);
    }

    /** Runs the similarity check, for tests. */
    public void runCompare() {
        compare();
    }

    @Focus
    void focus() {
        table.setFocus();
    }

    @PreDestroy
    void dispose() {
        Progress p = generating;
        if (p != null) {
            p.cancel();
        }
        unload();
    }
}
