package dev.enclave.example.internal;

import java.util.List;
import java.util.Locale;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.enclave.core.DomainPack;

/**
 * The example pack's {@link DomainPack} service: what the platform lists under installed packs.
 * Its name and description are the bundle's own {@code Bundle-Name} and {@code Bundle-Description},
 * localised by the framework from {@code OSGI-INF/l10n/bundle*.properties} for the current
 * locale, so the Packs part, the Home part and {@code enclave packs} show them in the user's
 * language without a string in the code.
 */
@Component(service = DomainPack.class)
public final class ExamplePack implements DomainPack {
    private Bundle bundle;

    @Activate
    void activate(BundleContext context) {
        bundle = context.getBundle();
    }

    @Override
    public String id() {
        return "dev.enclave.example";
    }

    @Override
    public String name() {
        return header(Constants.BUNDLE_NAME);
    }

    @Override
    public String version() {
        return bundle.getVersion().toString();
    }

    @Override
    public String description() {
        return header(Constants.BUNDLE_DESCRIPTION);
    }

    private String header(String name) {
        String value = bundle.getHeaders(Locale.getDefault().toString()).get(name);
        return value == null ? id() : value;
    }

    @Override
    public List<String> contributions() {
        return List.of("service: dev.enclave.example.TextStatistics", "cli: enclave example stats FILE…",
                "part: Text Statistics (dev.enclave.example.ui.part.stats)");
    }
}
