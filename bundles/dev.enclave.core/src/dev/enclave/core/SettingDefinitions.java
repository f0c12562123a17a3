package dev.enclave.core;

import java.util.List;

/**
 * The workspace settings a bundle reads, registered as an OSGi service (a Declarative Services
 * component) so that {@link SettingsService} can check and list them. A pack that keeps its own
 * tuning values in the workspace settings registers one too.
 */
public interface SettingDefinitions {

    /** The settings this bundle defines; keys are unique across bundles. */
    List<SettingDefinition> definitions();
}
