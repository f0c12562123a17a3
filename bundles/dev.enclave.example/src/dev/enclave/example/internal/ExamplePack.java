package dev.enclave.example.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.enclave.core.BundlePack;
import dev.enclave.core.DomainPack;

/**
 * The example pack's {@link DomainPack} service: what the platform lists under installed packs.
 * Its name, description and what it adds come from the bundle's
 * manifest, localised from {@code OSGI-INF/l10n/bundle*.properties} ({@link BundlePack}).
 */
@Component(service = DomainPack.class)
public final class ExamplePack extends BundlePack {
    @Activate
    void activate(BundleContext context) {
        describe(context.getBundle());
    }
}
