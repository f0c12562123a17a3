package dev.enclave.ui.internal.parts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.ChatMessage;
import dev.enclave.runtime.Generation;
import dev.enclave.runtime.GenerationSettings;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelCalls;
import dev.enclave.runtime.TokenListener;
import dev.enclave.ui.internal.Messages;

/**
 * The Models part's try-out: a prompt sent to the loaded model, either as plain completion or as
 * a chat turn through the model's template (the conversation kept until New Chat), streamed into
 * the output and stoppable.
 */
final class GenerationSection {
    private final ModelCalls calls;
    private final Supplier<Workspace> workspace;
    private final Supplier<Subject> subject;
    private final Supplier<LanguageModel> model;
    private final BackgroundJobs jobs;
    private final Consumer<String> show;
    private final Text prompt;
    private final Text output;
    private final Spinner maxTokens;
    private final Spinner temperature;
    private final Button chatMode;
    private final Button send;
    private final Button stop;
    /** The conversation as the model saw it; the generation job appends to it. */
    private final List<ChatMessage> history = Collections.synchronizedList(new ArrayList<>());
    private volatile Progress generating;

    GenerationSection(Composite parent, ModelCalls calls, Supplier<Workspace> workspace, Supplier<Subject> subject,
            Supplier<LanguageModel> model, BackgroundJobs jobs, Consumer<String> show) {
        this.calls = calls;
        this.workspace = workspace;
        this.subject = subject;
        this.model = model;
        this.jobs = jobs;
        this.show = show;
        Group gen = new Group(parent, SWT.NONE);
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
        ModelsPart.button(gen, Messages.get("models.reset"), this::newChat);
        new Label(gen, SWT.NONE);
        send = ModelsPart.button(gen, Messages.get("models.send"), this::generate);
        stop = ModelsPart.button(gen, Messages.get("models.stop"), this::stop);
        stop.setEnabled(false);
        output = new Text(gen, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL | SWT.READ_ONLY);
        output.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 6, 1));
    }

    /** Streams a generation from the loaded model into the output as a Job; Stop cancels it. */
    private void generate() {
        LanguageModel lm = model.get();
        if (lm == null) {
            show.accept(Messages.get("models.notLoaded"));
            return;
        }
        String text = prompt.getText();
        boolean chat = chatMode.getSelection() && lm.hasChatTemplate();
        if (chat) {
            output.append((output.getCharCount() > 0 ? "\n\n" : "") + "> " + text + "\n");
            prompt.setText("");
        } else {
            output.setText("");
        }
        send.setEnabled(false);
        stop.setEnabled(true);
        Progress progress = Progress.silent();
        generating = progress;
        GenerationSettings settings = new GenerationSettings(maxTokens.getSelection(),
                temperature.getSelection() / 100f, 0, 1f, 1f, System.nanoTime(), List.of());
        TokenListener listener = (piece, id) -> jobs.later(() -> output.append(piece));
        Workspace ws = workspace.get();
        Subject who = subject.get();
        Job job = Job.create(Messages.get("models.generate"), monitor -> {
            try {
                Generation g = chat ? calls.chat(ws, who, lm, history, text, settings, listener, progress)
                        : calls.generate(ws, who, lm, text, null, false, settings, listener, progress);
                jobs.later(() -> show.accept(Messages.get("models.stats", g.tokenIds().size(),
                        String.format("%.1f", g.decodeTokensPerSecond()),
                        String.format("%.1f", g.prefillTokensPerSecond()), g.stopReason())));
            } catch (RuntimeException e) {
                jobs.later(() -> show.accept(Messages.get("models.failed", e.getMessage())));
            } finally {
                generating = null;
                jobs.later(() -> {
                    send.setEnabled(true);
                    stop.setEnabled(false);
                });
            }
            return Status.OK_STATUS;
        });
        job.schedule();
    }

    /** Stops the running generation, if any. */
    void stop() {
        Progress p = generating;
        if (p != null) {
            p.cancel();
        }
    }

    private void newChat() {
        history.clear();
        output.setText("");
    }

    /** Forgets the conversation (a new model was loaded or the model was unloaded). */
    void forget() {
        history.clear();
    }
}
