package dev.enclave.assistant;

import java.util.List;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.SettingDefinition;
import dev.enclave.core.Settings;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.RetrievalSettings;

/**
 * The thresholds by which the assistant decides whether retrieved passages answer a question, as
 * stored in the workspace's {@link Workspace#settings() settings}. Read once per question, so a
 * change applies to the next question without a restart. The defaults were chosen on the labelled
 * question sets of {@code tests/benchmarks/knowledge}.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>range</th><th>meaning</th></tr>
 * <tr><td>{@value #COVERAGE}</td><td>0.5</td><td>0 … 1</td><td>weighted share of the question's key terms
 * the passages must hold</td></tr>
 * <tr><td>{@value #WORD_THRESHOLD}</td><td>0.54</td><td>0 … 1</td><td>cosine between a key word and a word
 * of a passage in the other language above which the word translates it</td></tr>
 * <tr><td>{@value #CROSS_COVERAGE}</td><td>0.5</td><td>0 … 1</td><td>weighted share of the key words a passage
 * in the other language must hold in translation</td></tr>
 * <tr><td>{@value #TRACE}</td><td>false</td><td>true, false</td><td>print the scores behind each decision to
 * standard error (the command line writes it to its log, enclave-cli.log), for tuning the other three on a labelled set</td></tr>
 * </table>
 *
 * @param coverage       share of the key terms the passages must hold (same language)
 * @param wordThreshold  cosine above which a word of the other language translates a key word
 * @param crossCoverage  share of the key words a passage in the other language must hold in translation
 * @param trace          whether to print the scores behind each decision to standard error
 */
public record AnswerSettings(double coverage, double wordThreshold, double crossCoverage, boolean trace) {

    /** Workspace setting: share of the question's key terms the passages must hold (0 … 1, default 0.5). */
    public static final String COVERAGE = "assistant.answerable.coverage";

    /** Workspace setting: cosine above which a word translates a key word (0 … 1, default 0.54). */
    public static final String WORD_THRESHOLD = "assistant.answerable.wordThreshold";

    /** Workspace setting: share of the key words a passage in the other language must hold (0 … 1, default 0.5). */
    public static final String CROSS_COVERAGE = "assistant.answerable.crossCoverage";

    /** Workspace setting: {@code true} prints the answerability scores to standard error (default false). */
    public static final String TRACE = "assistant.answerable.trace";

    /**
     * Workspace setting: {@code true} (default) lets the workspace's chat model, when there is one, rewrite
     * each question into bilingual search keywords that are searched beside the question itself.
     */
    public static final String QUERY_REWRITE = "assistant.queryRewrite";

    /**
     * Workspace setting: weight of the rewritten query's ranking when it is fused with the question's (0 … 2,
     * default 1: as much as the question's own).
     */
    public static final String QUERY_REWRITE_WEIGHT = "assistant.queryRewrite.weight";

    /** The defaults. */
    public static final AnswerSettings DEFAULTS = new AnswerSettings(0.5, 0.54, 0.5, false);

    /** The keys above as {@link SettingDefinition}s, checked when a value is set. */
    public static final List<SettingDefinition> DEFINITIONS = List.of(
            SettingDefinition.decimal(COVERAGE, DEFAULTS.coverage(), 0, 1,
                    "Share of the question's key terms the passages must hold for an answer."),
            SettingDefinition.decimal(WORD_THRESHOLD, DEFAULTS.wordThreshold(), 0, 1,
                    "Cosine above which a word of the other language translates a key word."),
            SettingDefinition.decimal(CROSS_COVERAGE, DEFAULTS.crossCoverage(), 0, 1,
                    "Share of the key words a passage in the other language must hold in translation."),
            SettingDefinition.flag(TRACE, DEFAULTS.trace(), "Print the scores behind each answerability decision."),
            SettingDefinition.flag(QUERY_REWRITE, true,
                    "Let the chat model rewrite each question into Chinese and English search keywords."),
            SettingDefinition.decimal(QUERY_REWRITE_WEIGHT, 1, 0, 2,
                    "Weight of the rewritten query's ranking beside the question's own."));

    /**
     * The answer settings of a workspace, the defaults for keys that are not set.
     *
     * @throws EnclaveException (bad input) naming the setting and its allowed values when a value is
     *                          out of range
     */
    public static AnswerSettings of(Workspace workspace) {
        Settings s = workspace.settings();
        String trace = s.get(TRACE).map(String::trim).orElse("false");
        if (!trace.equals("true") && !trace.equals("false")) {
            throw EnclaveException.badInput("The setting " + TRACE + " must be true or false, not '" + trace + "'.");
        }
        return new AnswerSettings(RetrievalSettings.decimal(s, COVERAGE, DEFAULTS.coverage(), 0, 1),
                RetrievalSettings.decimal(s, WORD_THRESHOLD, DEFAULTS.wordThreshold(), 0, 1),
                RetrievalSettings.decimal(s, CROSS_COVERAGE, DEFAULTS.crossCoverage(), 0, 1), trace.equals("true"));
    }
}
