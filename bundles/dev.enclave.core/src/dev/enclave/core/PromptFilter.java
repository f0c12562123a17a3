package dev.enclave.core;

/**
 * Changes a prompt before it reaches a language model, by workspace policy — for example the
 * studio's personal-data masking when the workspace setting {@link #MASK_PROMPTS} is
 * {@code true}. Registered as OSGi services; whoever sends user or document text to a model
 * (the CLI's generate and chat, the assistant, the workbench's chat) passes it through every
 * filter. A filter that does nothing under the workspace's policy returns the text unchanged.
 */
public interface PromptFilter {
    /** Workspace setting: {@code true} masks personal data in prompts before they reach a model. */
    String MASK_PROMPTS = "privacy.maskPrompts";

    /**
     * The prompt as the model may see it.
     *
     * @param workspace whose policy applies
     * @param user the acting user's name (for the audit entry a filter may write)
     * @param text the prompt
     */
    String filter(Workspace workspace, String user, String text);

    /** Applies every filter in turn. */
    static String applyAll(Iterable<PromptFilter> filters, Workspace workspace, String user, String text) {
        String out = text;
        for (PromptFilter f : filters) {
            out = f.filter(workspace, user, out);
        }
        return out;
    }
}
