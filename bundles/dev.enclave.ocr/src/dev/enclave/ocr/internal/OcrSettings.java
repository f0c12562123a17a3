package dev.enclave.ocr.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import dev.enclave.core.SettingDefinition;
import dev.enclave.core.SettingDefinitions;
import dev.enclave.ocr.Ocr;

/** The OCR cache bound this bundle reads ({@link Ocr.Cache#of}), defined so that a value is checked when it is set. */
@Component(service = SettingDefinitions.class)
public final class OcrSettings implements SettingDefinitions {
    static final List<SettingDefinition> DEFINITIONS = List.of(new SettingDefinition(Ocr.CACHE_MAX_MEGABYTES,
            Long.toString(Ocr.CACHE_MAX_MEGABYTES_DEFAULT), "a whole number from 1 to 1000000",
            "Megabytes the OCR cache (<data>/ocr) may take; beyond it the least recently used results are removed "
                    + "(and OCR runs again if their documents come back).",
            v -> v.trim().matches("[0-9]{1,7}") && Long.parseLong(v.trim()) >= 1
                    && Long.parseLong(v.trim()) <= 1_000_000));

    @Override
    public List<SettingDefinition> definitions() {
        return DEFINITIONS;
    }
}
