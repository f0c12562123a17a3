package dev.enclave.example.ui.internal;

import java.nio.file.Path;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.example.TextStatistics;
import dev.enclave.example.TextStats;
import dev.enclave.ui.FileChoosers;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The example pack's part: type or paste text, or choose a file, and see its counts. The model a
 * partner copies: a POJO part that is only a view. The pack's service is injected and does the
 * work, including reading the file and writing the audit entry; the strings come from
 * {@link Messages}; the part keeps no state beyond its widgets.
 */
public final class TextStatsPart {
    @Inject
    TextStatistics statistics;

    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    private Text input;
    private Table result;
    private Label message;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(2, false));
        Label hint = new Label(parent, SWT.WRAP);
        hint.setText(Messages.get("stats.hint"));
        hint.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button open = new Button(parent, SWT.PUSH);
        open.setText(Messages.get("stats.open"));
        open.addListener(SWT.Selection, e -> {
            Path file = FileChoosers.openOne(parent.getShell(), "example.stats", "*.txt;*.md;*.csv", "*.*");
            if (file != null) {
                showFile(file);
            }
        });
        input = new Text(parent, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL);
        GridData gd = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        gd.heightHint = 160;
        input.setLayoutData(gd);
        input.addModifyListener(e -> show(statistics.of(input.getText()), Messages.get("stats.typed")));
        message = new Label(parent, SWT.WRAP);
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        result = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION);
        result.setHeaderVisible(true);
        result.setLinesVisible(true);
        for (String key : new String[] { "stats.col.measure", "stats.col.count" }) {
            TableColumn column = new TableColumn(result, SWT.LEFT);
            column.setText(Messages.get(key));
            column.setWidth(180);
        }
        result.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        show(statistics.of(""), Messages.get("stats.typed"));
    }

    /**
     * Counts a file through the service (which reads it and audits the read) and shows the
     * result; errors are shown in the part, naming the file.
     */
    public void showFile(Path file) {
        if (workspace == null || subject == null) {
            message.setText(Messages.get("stats.noWorkspace"));
            return;
        }
        try {
            TextStats stats = statistics.of(workspace, subject, file);
            show(stats, Messages.get("stats.file", file.getFileName(), stats.charset()));
        } catch (EnclaveException e) {
            message.setText(e.getMessage());
        }
    }

    private void show(TextStats s, String what) {
        message.setText(Messages.get("stats.countsFor", what));
        result.removeAll();
        row("stats.characters", s.characters());
        row("stats.cjk", s.cjkCharacters());
        row("stats.words", s.words());
        row("stats.lines", s.lines());
        row("stats.paragraphs", s.paragraphs());
        row("stats.sentences", s.sentences());
    }

    private void row(String key, long value) {
        TableItem item = new TableItem(result, SWT.NONE);
        item.setText(new String[] { Messages.get(key), Long.toString(value) });
    }

    @Focus
    void focus() {
        input.setFocus();
    }
}
