package dev.enclave.audit;

import java.util.List;
import java.util.Locale;

/**
 * A risk finding about one report or the portfolio.
 *
 * @param id       stable identifier (same code and subjects give the same id across runs)
 * @param code     e.g. {@code GUARANTEE_CIRCLE}, {@code HIGH_LEVERAGE}, {@code INCONSISTENT_FIGURES}
 * @param severity {@code high}, {@code medium} or {@code low}
 * @param subjects the companies or persons concerned
 * @param message  what was found, in English and Chinese
 * @param evidence the spans that show it
 * @param decision the auditor's decision ({@code confirmed}, {@code dismissed}) or {@code null}
 * @param comment  the auditor's comment or {@code null}
 */
public record Finding(String id, String code, String severity, List<String> subjects, String message,
        List<Evidence> evidence, String decision, String comment) {

    /**
     * The message in the language of {@code locale}: a message is written English first, then
     * {@code " / "}, then Chinese; the Chinese part for a Chinese locale, the English part
     * otherwise, the whole message when it has only one.
     */
    public String message(Locale locale) {
        int i = message == null ? -1 : message.indexOf(" / ");
        if (i < 0) {
            return message;
        }
        return "zh".equals(locale.getLanguage()) ? message.substring(i + 3) : message.substring(0, i);
    }

    /** The same finding with an auditor's decision attached. */
    public Finding withDecision(String newDecision, String newComment) {
        return new Finding(id, code, severity, subjects, message, evidence, newDecision, newComment);
    }
}
