package dev.enclave.ui;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * A bundle's user-visible strings in English and Simplified Chinese, read from its
 * {@code messages*.properties} (UTF-8) through the bundle's class loader. Each UI bundle
 * keeps one instance behind its own {@code Messages} class; a key with no string shows as
 * {@code !key!} so that it is seen and fixed.
 */
public final class UiMessages {
    private final String baseName;
    private final ClassLoader loader;
    private volatile ResourceBundle bundle;
    private volatile Locale locale;

    /**
     * @param baseName the properties' base name, e.g. {@code dev.enclave.ui.internal.messages}
     * @param owner    a class of the bundle that holds the properties
     */
    public UiMessages(String baseName, Class<?> owner) {
        this.baseName = baseName;
        this.loader = owner.getClassLoader();
        this.locale = Locale.getDefault();
        this.bundle = load(locale);
    }

    /** The language of later {@link #get} calls: the default locale, or the one {@link #setLocale} chose. */
    public Locale locale() {
        return locale;
    }

    private ResourceBundle load(Locale locale) {
        return ResourceBundle.getBundle(baseName, locale, loader);
    }

    /** Switches the language used by later {@link #get} calls. */
    public void setLocale(Locale locale) {
        this.locale = locale;
        bundle = load(locale);
    }

    /** The string for {@code key}, formatted with {@link MessageFormat} when arguments are given. */
    public String get(String key, Object... args) {
        String text;
        try {
            text = bundle.getString(key);
        } catch (MissingResourceException e) {
            text = '!' + key + '!';
        }
        return args.length == 0 ? text : MessageFormat.format(text, args);
    }
}
