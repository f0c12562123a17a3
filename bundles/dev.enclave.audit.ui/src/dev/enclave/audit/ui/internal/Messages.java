package dev.enclave.audit.ui.internal;

import java.util.Locale;

import dev.enclave.ui.UiMessages;

/** User-visible strings of the credit-audit parts, English and Simplified Chinese ({@code messages*.properties}). */
public final class Messages {
    private static final UiMessages MESSAGES = new UiMessages("dev.enclave.audit.ui.internal.messages", Messages.class);

    private Messages() {
    }

    /** Switches the language used by later {@link #get} calls. */
    public static void setLocale(Locale locale) {
        MESSAGES.setLocale(locale);
    }

    /** The language of the parts' strings (and of the pack's labels they show). */
    public static Locale locale() {
        return MESSAGES.locale();
    }

    /** The string for {@code key}, formatted with {@link java.text.MessageFormat} when arguments are given. */
    public static String get(String key, Object... args) {
        return MESSAGES.get(key, args);
    }
}
