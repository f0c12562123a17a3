package dev.enclave.studio.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.PromptFilter;
import dev.enclave.core.Workspace;
import dev.enclave.studio.PiiMasker;

/**
 * Masks personal data (id numbers, phones, bank cards, e-mail, names) in prompts when the
 * workspace's policy {@link PromptFilter#MASK_PROMPTS} is on; every prompt it changes is
 * recorded in the audit log with the counts (never the masked values).
 */
@Component(service = PromptFilter.class)
public final class MaskingPromptFilter implements PromptFilter {
    private final Map<PiiMasker.Options, PiiMasker> maskers = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public String filter(Workspace workspace, String user, String text) {
        if (!Boolean.parseBoolean(workspace.settings().get(MASK_PROMPTS, "false"))) {
            return text;
        }
        Map<PiiMasker.Kind, Integer> counts = PiiMasker.emptyCounts();
        String masked = maskers.computeIfAbsent(PiiMasker.Options.of(workspace.settings()), PiiMasker::new)
                .mask(text, counts);
        if (!masked.equals(text)) {
            Map<String, Integer> shown = new LinkedHashMap<>();
            counts.forEach((k, v) -> {
                if (v > 0) {
                    shown.put(k.key(), v);
                }
            });
            workspace.auditLog().append(user, "privacy.mask", "prompt", AuditEntry.SUCCESS, "masked " + shown);
        }
        return masked;
    }
}
