package dev.enclave.core;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * One workspace setting as the bundle that reads it defines it: its key, what it means, its
 * default and which values it takes. {@link SettingsService#set} checks a value against it before
 * storing it, so a mistyped value is refused when it is given, naming the key and what it takes,
 * instead of breaking every later search or question. Immutable.
 *
 * @param key          dotted key, e.g. {@code knowledge.hybrid.keywordWeight}
 * @param defaultValue the value in effect while the key is not set
 * @param takes        what the setting takes, in words, for messages and listings (e.g. "a number from 0 to 10")
 * @param description  one sentence on what it changes
 */
public record SettingDefinition(String key, String defaultValue, String takes, String description,
        Predicate<String> accepts) {

    /** A decimal setting within {@code [min, max]}. */
    public static SettingDefinition decimal(String key, double defaultValue, double min, double max,
            String description) {
        return new SettingDefinition(key, plain(defaultValue), "a number from " + plain(min) + " to " + plain(max),
                description, v -> {
                    try {
                        double d = Double.parseDouble(v.trim());
                        return d >= min && d <= max;
                    } catch (NumberFormatException e) {
                        return false;
                    }
                });
    }

    /** A setting that takes one of {@code values}; the first is the default. */
    public static SettingDefinition choice(String key, String description, String... values) {
        List<String> allowed = List.of(values);
        return new SettingDefinition(key, values[0], String.join(" or ", allowed), description,
                v -> allowed.contains(v.trim()));
    }

    /** A true/false setting. */
    public static SettingDefinition flag(String key, boolean defaultValue, String description) {
        return new SettingDefinition(key, String.valueOf(defaultValue), "true or false", description,
                v -> v.trim().equals("true") || v.trim().equals("false"));
    }

    /** A free-text setting (a name, a path) that must not be blank. */
    public static SettingDefinition text(String key, String defaultValue, String description) {
        return new SettingDefinition(key, defaultValue, "a text", description, v -> !v.isBlank());
    }

    /**
     * Checks a value for this setting.
     *
     * @throws EnclaveException (bad input) naming the setting, what it takes and the value given
     */
    public void check(String value) {
        if (value == null || !accepts.test(value)) {
            throw EnclaveException.badInput("The setting " + key + " takes " + takes + ", not '" + value + "'.");
        }
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%s", d);
    }
}
