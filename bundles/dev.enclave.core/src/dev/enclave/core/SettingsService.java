package dev.enclave.core;

import java.util.List;
import java.util.Map;

/**
 * Changes workspace settings as the command line and the workbench both do: administrators only,
 * each value checked against its {@link SettingDefinition} (from the {@link SettingDefinitions}
 * services) before it is stored, and one {@code settings.set} audit entry per change, with the old
 * and the new value. Thread-safe.
 */
public interface SettingsService {

    /**
     * Stores {@code value} under {@code key} in the workspace's settings.
     *
     * @throws AccessDeniedException when {@code actor} is not an administrator
     * @throws EnclaveException      (bad input) when a defined setting does not take the value; nothing is stored
     */
    void set(Workspace workspace, Subject actor, String key, String value);

    /** Every defined setting, sorted by key. */
    List<SettingDefinition> definitions();

    /** The workspace's settings with the defaults of the defined ones that are not set, sorted by key. */
    Map<String, String> effective(Workspace workspace);
}
