package dev.enclave.ui.internal;

import java.nio.file.Path;
import java.util.Locale;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.service.prefs.BackingStoreException;

/**
 * Preferences of this workbench installation for this person (Eclipse instance
 * scope): data folder and language. The models folder is a workspace setting,
 * shared with the CLI.
 */
public final class UiPreferences {
    /** Node name. */
    public static final String NODE = "dev.enclave.ui";
    static final String DATA_FOLDER = "dataFolder";
    static final String LANGUAGE = "language";

    /** Language values. */
    public static final String LANG_SYSTEM = "system";
    public static final String LANG_EN = "en";
    public static final String LANG_ZH = "zh_CN";

    private final IEclipsePreferences node = InstanceScope.INSTANCE.getNode(NODE);

    /** The data folder, or {@code fallback} when none is set. */
    public Path dataFolder(Path fallback) {
        String value = node.get(DATA_FOLDER, "");
        return value.isBlank() ? fallback : Path.of(value);
    }

    public String language() {
        return node.get(LANGUAGE, LANG_SYSTEM);
    }

    /** The locale the language preference selects ({@code system} keeps the JVM default). */
    public Locale locale(Locale system) {
        return switch (language()) {
        case LANG_EN -> Locale.ENGLISH;
        case LANG_ZH -> Locale.SIMPLIFIED_CHINESE;
        default -> system;
        };
    }

    public void save(Path dataFolder, String language) {
        node.put(DATA_FOLDER, dataFolder == null ? "" : dataFolder.toString());
        node.put(LANGUAGE, language);
        try {
            node.flush();
        } catch (BackingStoreException e) {
            throw new IllegalStateException("Cannot save preferences: " + e.getMessage(), e);
        }
    }
}
