package dev.enclave.ui.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.e4.ui.css.swt.theme.ITheme;
import org.eclipse.e4.ui.css.swt.theme.IThemeEngine;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Settings;
import dev.enclave.core.SettingsService;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.WorkspaceManager;

/** The preferences dialog. The theme applies at once; data folder and language after a restart. */
// The e4 theme engine is provisional API (there is no other way to switch themes).
@SuppressWarnings("restriction")
public final class PreferencesDialog extends Dialog {
    static final String LIGHT = "dev.enclave.ui.theme.light";
    static final String DARK = "dev.enclave.ui.theme.dark";
    private static final String[] LANGS = { UiPreferences.LANG_SYSTEM, UiPreferences.LANG_EN, UiPreferences.LANG_ZH };

    private final WorkspaceManager manager;
    private final Workspace workspace;
    private final Subject subject;
    private final SettingsService settings;
    private final IThemeEngine themes;
    private final UiPreferences prefs = new UiPreferences();

    private Text data;
    private Text models;
    private Combo language;
    private Combo theme;
    private Label error;
    private boolean restart;

    public PreferencesDialog(Shell parent, WorkspaceManager manager, Workspace workspace, Subject subject,
            SettingsService settings, IThemeEngine themes) {
        super(parent);
        this.manager = manager;
        this.workspace = workspace;
        this.subject = subject;
        this.settings = settings;
        this.themes = themes;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(Messages.get("prefs.title"));
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(3, false));
        data = folderRow(area, Messages.get("prefs.dataFolder"), prefs.dataFolder(manager.defaultRoot()).toString());
        String modelsValue = workspace == null ? ""
                : workspace.settings().get(Settings.MODELS_FOLDER, workspace.root().resolve("models").toString());
        models = folderRow(area, Messages.get("prefs.modelsFolder"), modelsValue);
        models.setEnabled(workspace != null);

        new Label(area, SWT.NONE).setText(Messages.get("prefs.language"));
        language = new Combo(area, SWT.READ_ONLY);
        language.setItems(Messages.get("prefs.lang.system"), Messages.get("prefs.lang.en"), Messages.get("prefs.lang.zh"));
        language.select(indexOf(LANGS, prefs.language()));
        language.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        new Label(area, SWT.NONE).setText(Messages.get("prefs.theme"));
        theme = new Combo(area, SWT.READ_ONLY);
        theme.setItems(Messages.get("prefs.theme.light"), Messages.get("prefs.theme.dark"));
        ITheme current = themes == null ? null : themes.getActiveTheme();
        theme.select(current != null && DARK.equals(current.getId()) ? 1 : 0);
        theme.setEnabled(themes != null);
        theme.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        error = new Label(area, SWT.WRAP);
        error.setForeground(area.getDisplay().getSystemColor(SWT.COLOR_RED));
        error.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        return area;
    }

    private Text folderRow(Composite area, String label, String value) {
        new Label(area, SWT.NONE).setText(label);
        Text text = new Text(area, SWT.BORDER);
        text.setText(value);
        GridData gd = new GridData(SWT.FILL, SWT.CENTER, true, false);
        gd.widthHint = 380;
        text.setLayoutData(gd);
        Button browse = new Button(area, SWT.PUSH);
        browse.setText(Messages.get("prefs.browse"));
        browse.addListener(SWT.Selection, e -> {
            DirectoryDialog dialog = new DirectoryDialog(getShell());
            dialog.setFilterPath(text.getText());
            String chosen = dialog.open();
            if (chosen != null) {
                text.setText(chosen);
            }
        });
        return text;
    }

    private static int indexOf(String[] values, String value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i].equals(value)) {
                return i;
            }
        }
        return 0;
    }

    @Override
    protected void okPressed() {
        Path dataPath = Path.of(data.getText().trim()).toAbsolutePath().normalize();
        if (data.getText().isBlank() || (Files.exists(dataPath) && !Files.isDirectory(dataPath))) {
            error.setText(Messages.get("prefs.badFolder", dataPath));
            return;
        }
        if (workspace != null && !models.getText().isBlank()) {
            Path modelsPath = Path.of(models.getText().trim()).toAbsolutePath().normalize();
            if (Files.exists(modelsPath) && !Files.isDirectory(modelsPath)) {
                error.setText(Messages.get("prefs.badFolder", modelsPath));
                return;
            }
            if (!modelsPath.toString().equals(workspace.settings().get(Settings.MODELS_FOLDER, ""))) {
                try {
                    // Checked (administrators only) and audited by the service, as 'enclave settings set'.
                    settings.set(workspace, subject, Settings.MODELS_FOLDER, modelsPath.toString());
                } catch (EnclaveException e) {
                    error.setText(e.getMessage());
                    return;
                }
            }
        }
        String lang = LANGS[Math.max(0, language.getSelectionIndex())];
        restart = !dataPath.equals(prefs.dataFolder(manager.defaultRoot()).toAbsolutePath().normalize())
                || !lang.equals(prefs.language());
        prefs.save(dataPath, lang);
        if (themes != null) {
            themes.setTheme(theme.getSelectionIndex() == 1 ? DARK : LIGHT, true);
        }
        super.okPressed();
    }

    /** Whether a changed setting needs a restart to apply. */
    public boolean needsRestart() {
        return restart;
    }
}
