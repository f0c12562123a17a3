package dev.enclave.studio.internal;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.osgi.service.component.annotations.Component;

import dev.enclave.core.SettingDefinition;
import dev.enclave.core.SettingDefinitions;
import dev.enclave.studio.PiiMasker;

/** The masking settings the studio reads, defined so that a value is checked when it is set. */
@Component(service = SettingDefinitions.class)
public final class StudioSettings implements SettingDefinitions {
    @Override
    public List<SettingDefinition> definitions() {
        return List.of(new SettingDefinition(PiiMasker.Options.EMPLOYEE_PATTERN, "",
                "a regular expression (e.g. EMP-\\d{6})",
                "Employee numbers that 'data mask' and prompt masking replace with [工号] / [EMPLOYEE_NO].",
                StudioSettings::regex),
                SettingDefinition.flag(PiiMasker.Options.INDIVIDUAL_BUSINESS_CODES, false,
                        "Whether masking replaces unified social credit codes of individual businesses (92…)."));
    }

    private static boolean regex(String value) {
        try {
            Pattern.compile(value);
            return !value.isBlank();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }
}
