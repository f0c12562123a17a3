package dev.enclave.example.ui.internal;

import java.util.Locale;

import dev.enclave.ui.UiMessages;

/**
 * User-visible strings of the example pack's part, English and Simplified Chinese
 * ({@code messages.properties}, {@code messages_zh_CN.properties}, UTF-8). A pack keeps its
 * strings in its own message files, never as {@code zh ? "…" : "…"} in the code.
 */
public final class Messages {
    private static final UiMessages MESSAGES = new UiMessages("dev.enclave.example.ui.internal.messages", Messages.class);

    private Messages() {
    }

    /** Switches the language used by later {@link #get} calls. */
    public static void setLocale(Locale locale) {
        MESSAGES.setLocale(locale);
    }

    /** The string for {@code key}, formatted with {@link java.text.MessageFormat} when arguments are given. */
    public static String get(String key, Object... args) {
        return MESSAGES.get(key, args);
    }
}
