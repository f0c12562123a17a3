package dev.enclave.knowledge.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import dev.enclave.core.SettingDefinition;
import dev.enclave.core.SettingDefinitions;
import dev.enclave.knowledge.RetrievalSettings;

/** The hybrid search weights this bundle reads, defined so that a value is checked when it is set. */
@Component(service = SettingDefinitions.class)
public final class KnowledgeSettings implements SettingDefinitions {
    @Override
    public List<SettingDefinition> definitions() {
        return RetrievalSettings.DEFINITIONS;
    }
}
