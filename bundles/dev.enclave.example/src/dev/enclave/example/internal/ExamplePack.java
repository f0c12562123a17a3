package dev.enclave.example.internal;

import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.enclave.core.DomainPack;

/** The example pack's {@link DomainPack} service: what the platform lists under installed packs. */
@Component(service = DomainPack.class)
public final class ExamplePack implements DomainPack {
    private String version = "0.0.0";

    @Activate
    void activate(BundleContext context) {
        version = context.getBundle().getVersion().toString();
    }

    @Override
    public String id() {
        return "dev.enclave.example";
    }

    @Override
    public String name() {
        return "Example Pack (Text Statistics) / 示例包（文本统计）";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String description() {
        return "Counts characters, Chinese characters, words and sentences of text files; the model for partner packs.";
    }

    @Override
    public List<String> contributions() {
        return List.of("service: dev.enclave.example.TextStatistics", "cli: enclave example stats FILE…",
                "part: Text Statistics (dev.enclave.example.ui.part.stats)");
    }
}
