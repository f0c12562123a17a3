package dev.enclave.example.ui.internal;

import java.nio.file.Path;
import java.util.Locale;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.example.TextStatistics;
import dev.enclave.example.TextStats;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The example pack's part: type or paste text, or choose a file, and see its
 * counts. The model a partner copies: a POJO part, the pack's service injected,
 * state in the service, not in the widget.
 */
public final class TextStatsPart {
    private static final boolean ZH = Locale.getDefault().getLanguage().equals("zh");

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
        hint.setText(ZH ? "输入或粘贴文本，或打开一个文本文件：" : "Type or paste text, or open a text file:");
        hint.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button open = new Button(parent, SWT.PUSH);
        open.setText(ZH ? "打开文件…" : "Open File…");
        open.addListener(SWT.Selection, e -> {
            FileDialog dialog = new FileDialog(parent.getShell(), SWT.OPEN);
            dialog.setFilterExtensions(new String[] { "*.txt;*.md;*.csv", "*.*" });
            String file = dialog.open();
            if (file != null) {
                showFile(Path.of(file));
            }
        });
        input = new Text(parent, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL);
        GridData gd = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        gd.heightHint = 160;
        input.setLayoutData(gd);
        input.addModifyListener(e -> show(statistics.of(input.getText()), ZH ? "输入的文本" : "typed text"));
        message = new Label(parent, SWT.WRAP);
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        result = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION);
        result.setHeaderVisible(true);
        result.setLinesVisible(true);
        for (String c : ZH ? new String[] { "项目", "数量" } : new String[] { "Measure", "Count" }) {
            TableColumn column = new TableColumn(result, SWT.LEFT);
            column.setText(c);
            column.setWidth(180);
        }
        result.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        show(statistics.of(""), ZH ? "输入的文本" : "typed text");
    }

    /** Counts a file and shows the result; errors are shown in the part, naming the file. */
    public void showFile(Path file) {
        try {
            TextStats stats = statistics.of(file);
            if (workspace != null && subject != null) {
                workspace.auditLog().append(subject.name(), "example.stats", file.toString(), AuditEntry.SUCCESS, "");
            }
            show(stats, file.getFileName().toString() + " (" + stats.charset() + ")");
        } catch (EnclaveException e) {
            message.setText(e.getMessage());
        }
    }

    private void show(TextStats s, String what) {
        message.setText((ZH ? "统计对象：" : "Counts for: ") + what);
        result.removeAll();
        row(ZH ? "字符" : "Characters", s.characters());
        row(ZH ? "汉字" : "Chinese characters", s.cjkCharacters());
        row(ZH ? "单词" : "Words", s.words());
        row(ZH ? "行" : "Lines", s.lines());
        row(ZH ? "段落" : "Paragraphs", s.paragraphs());
        row(ZH ? "句子" : "Sentences", s.sentences());
    }

    private void row(String name, long value) {
        TableItem item = new TableItem(result, SWT.NONE);
        item.setText(new String[] { name, Long.toString(value) });
    }

    /** The count shown for a measure row (0-based), for tests. */
    public String shownValue(int row) {
        return result.getItem(row).getText(1);
    }

    /** Sets the input text, for tests. */
    public void setInput(String text) {
        input.setText(text);
    }

    /** The message line, for tests. */
    public String messageText() {
        return message.getText();
    }

    @Focus
    void focus() {
        input.setFocus();
    }
}
