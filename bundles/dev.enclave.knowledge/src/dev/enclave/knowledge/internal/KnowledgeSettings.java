package dev.enclave.knowledge.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import dev.enclave.core.SettingDefinition;
import dev.enclave.core.SettingDefinitions;
import dev.enclave.knowledge.RetrievalSettings;

/** The hybrid search weights and ingest budgets this bundle reads, defined so that a value is checked when it is set. */
@Component(service = SettingDefinitions.class)
public final class KnowledgeSettings implements SettingDefinitions {
    @Override
    public List<SettingDefinition> definitions() {
        List<SettingDefinition> all = new ArrayList<>(RetrievalSettings.DEFINITIONS);
        all.addAll(IngestLimits.DEFINITIONS);
        return all;
    }
}
