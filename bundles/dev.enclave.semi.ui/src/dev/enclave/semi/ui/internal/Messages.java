package dev.enclave.semi.ui.internal;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** User-visible strings of the semiconductor parts (Fab perspective), English and Simplified Chinese ({@code messages*.properties}). */
public final class Messages {
    private static volatile ResourceBundle bundle = load(Locale.getDefault());

    private Messages() {
    }

    private static ResourceBundle load(Locale locale) {
        return ResourceBundle.getBundle("dev.enclave.semi.ui.internal.messages", locale, Messages.class.getClassLoader());
    }

    /** Switches the language used by later {@link #get} calls. */
    public static void setLocale(Locale locale) {
        bundle = load(locale);
    }

    /** The string for {@code key}, formatted with {@link MessageFormat} when arguments are given. */
    public static String get(String key, Object... args) {
        String text;
        try {
            text = bundle.getString(key);
        } catch (MissingResourceException e) {
            text = '!' + key + '!';
        }
        return args.length == 0 ? text : MessageFormat.format(text, args);
    }
}
