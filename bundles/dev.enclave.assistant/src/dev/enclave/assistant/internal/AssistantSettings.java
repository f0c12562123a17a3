package dev.enclave.assistant.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import dev.enclave.core.SettingDefinition;
import dev.enclave.core.SettingDefinitions;
import dev.enclave.assistant.AnswerSettings;

/** The answerability thresholds this bundle reads, defined so that a value is checked when it is set. */
@Component(service = SettingDefinitions.class)
public final class AssistantSettings implements SettingDefinitions {
    @Override
    public List<SettingDefinition> definitions() {
        return AnswerSettings.DEFINITIONS;
    }
}
