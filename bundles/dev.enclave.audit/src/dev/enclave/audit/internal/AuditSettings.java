package dev.enclave.audit.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import dev.enclave.audit.RiskThresholds;
import dev.enclave.core.SettingDefinition;
import dev.enclave.core.SettingDefinitions;

/** The risk thresholds and report budgets this pack reads, defined so that a value is checked when it is set. */
@Component(service = SettingDefinitions.class)
public final class AuditSettings implements SettingDefinitions {
    @Override
    public List<SettingDefinition> definitions() {
        List<SettingDefinition> all = new java.util.ArrayList<>(RiskThresholds.DEFINITIONS);
        all.addAll(ReportLimits.DEFINITIONS);
        return all;
    }
}
