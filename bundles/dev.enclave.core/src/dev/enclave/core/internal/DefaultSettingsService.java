package dev.enclave.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.PromptFilter;
import dev.enclave.core.Roles;
import dev.enclave.core.SettingDefinition;
import dev.enclave.core.SettingDefinitions;
import dev.enclave.core.Settings;
import dev.enclave.core.SettingsService;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/** {@link SettingsService} over the registered {@link SettingDefinitions}, with the core's own settings. */
@Component(service = SettingsService.class)
public final class DefaultSettingsService implements SettingsService {
    /** The settings core itself reads or defines for the platform. */
    private static final List<SettingDefinition> CORE = List.of(
            SettingDefinition.flag(PromptFilter.MASK_PROMPTS, false,
                    "Mask personal data in every prompt before a model sees it."),
            SettingDefinition.text(Settings.MODELS_FOLDER, "", "The folder the workspace's models are kept in."),
            new SettingDefinition(ChainedAuditLog.ANCHOR_FILE, "", "an absolute file path outside the workspace",
                    "A file (on another mount or machine) the audit log appends an anchor SEQ:HASH to every "
                            + ChainedAuditLog.ANCHOR_EVERY + " entries; 'audit-log verify' checks the last one.",
                    v -> !v.isBlank() && java.nio.file.Path.of(v.trim()).isAbsolute()),
            new SettingDefinition(ChainedAuditLog.ANCHOR_EVERY, "100", "a whole number from 1 to 1000000",
                    "How many audit entries pass between two anchors written to " + ChainedAuditLog.ANCHOR_FILE + ".",
                    v -> v.trim().matches("[0-9]{1,7}") && Long.parseLong(v.trim()) >= 1
                            && Long.parseLong(v.trim()) <= 1_000_000));

    private final List<SettingDefinitions> sources = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDefinitions(SettingDefinitions definitions) {
        sources.add(definitions);
    }

    void removeDefinitions(SettingDefinitions definitions) {
        sources.remove(definitions);
    }

    @Override
    public void set(Workspace workspace, Subject actor, String key, String value) {
        workspace.accessPolicy().checkRole(actor, Roles.ADMIN, "change workspace settings");
        for (SettingDefinition d : definitions()) {
            if (d.key().equals(key)) {
                d.check(value);
            }
        }
        String before = workspace.settings().get(key, "");
        workspace.settings().put(key, value);
        workspace.auditLog().append(actor.name(), "settings.set", key, AuditEntry.SUCCESS,
                "'" + before + "' -> '" + value + "'");
    }

    @Override
    public List<SettingDefinition> definitions() {
        List<SettingDefinition> all = new ArrayList<>(CORE);
        for (SettingDefinitions s : sources) {
            all.addAll(s.definitions());
        }
        all.sort(Comparator.comparing(SettingDefinition::key));
        return List.copyOf(all);
    }

    @Override
    public Map<String, String> effective(Workspace workspace) {
        Map<String, String> all = new TreeMap<>(workspace.settings().all());
        for (SettingDefinition d : definitions()) {
            if (!d.defaultValue().isEmpty()) {
                all.putIfAbsent(d.key(), d.defaultValue());
            }
        }
        return all;
    }
}
