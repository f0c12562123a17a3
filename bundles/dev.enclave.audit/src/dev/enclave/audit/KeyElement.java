package dev.enclave.audit;

import java.util.List;
import java.util.Locale;

import dev.enclave.audit.internal.PaperText;

/**
 * One key element of a credit report as the working paper writes it: its schema path ({@code
 * borrower.name}, {@code financials[2]}, {@code derived[0]} for a computed figure), its label in the
 * reader's language, its value formatted as on the paper (amounts in 万元 with separators, ratios as
 * percentages, corrections and computed values marked), and the quoted evidence (empty for a computed
 * value). Parts show a report's fields with these, so the screen and the paper read the same.
 *
 * @param path     the field's path in the report's schema, as {@link FieldCorrections} names fields
 * @param label    the field's label in {@code locale}'s language (简体中文 or English)
 * @param value    the value as the paper prints it
 * @param evidence the quoted evidence with its file name, or empty
 */
public record KeyElement(String path, String label, String value, String evidence) {

    /**
     * The key elements of {@code report} in reading order, as the working paper lists them.
     *
     * @param text   the report's extracted text (evidence spans point into it)
     * @param locale the reader's locale: Chinese labels for a Chinese locale, else English
     */
    public static List<KeyElement> of(CreditReport report, String text, Locale locale) {
        return new PaperText(locale).elements(report, text);
    }
}
