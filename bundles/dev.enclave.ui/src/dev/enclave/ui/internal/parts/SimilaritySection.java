package dev.enclave.ui.internal.parts;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.ModelCalls;
import dev.enclave.ui.internal.Messages;

/** The Models part's embedding check: two texts and their cosine under the workspace's embedding model. */
final class SimilaritySection {
    private final Text left;
    private final Text right;
    private final Label cosine;
    private final ModelCalls calls;
    private final Supplier<Workspace> workspace;
    private final Supplier<Subject> subject;
    private final BackgroundJobs jobs;
    private final Consumer<String> show;

    SimilaritySection(Composite parent, ModelCalls calls, Supplier<Workspace> workspace, Supplier<Subject> subject,
            BackgroundJobs jobs, Consumer<String> show) {
        this.calls = calls;
        this.workspace = workspace;
        this.subject = subject;
        this.jobs = jobs;
        this.show = show;
        Group sim = new Group(parent, SWT.NONE);
        sim.setText(Messages.get("models.similarity"));
        sim.setLayout(new GridLayout(2, false));
        sim.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        left = new Text(sim, SWT.BORDER);
        left.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        left.setText("企业贷款逾期风险");
        right = new Text(sim, SWT.BORDER);
        right.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        right.setText("公司借款违约风险");
        Button compare = new Button(sim, SWT.PUSH);
        compare.setText(Messages.get("models.compare"));
        compare.addListener(SWT.Selection, e -> compare());
        cosine = new Label(sim, SWT.NONE);
        cosine.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
    }

    /** Embeds both texts as a Job and shows their cosine. */
    private void compare() {
        List<String> texts = List.of(left.getText(), right.getText());
        jobs.run(Messages.get("models.similarity"),
                progress -> calls.embed(workspace.get(), subject.get(), null, null, texts, progress).cosine(0, 1),
                d -> {
                    String text = Messages.get("models.cosine", String.format("%.4f", d));
                    cosine.setText(text);
                    cosine.getParent().layout(true, true);
                    show.accept(text);
                });
    }
}
