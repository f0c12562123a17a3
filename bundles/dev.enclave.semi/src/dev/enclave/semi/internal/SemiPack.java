package dev.enclave.semi.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.enclave.core.BundlePack;
import dev.enclave.core.DomainPack;

/**
 * The semiconductor QA pack's {@link DomainPack} service. Its name, description and what it adds come from the bundle's
 * manifest, localised from {@code OSGI-INF/l10n/bundle*.properties} ({@link BundlePack}).
 */
@Component(service = DomainPack.class)
public final class SemiPack extends BundlePack {
    @Activate
    void activate(BundleContext context) {
        describe(context.getBundle());
    }
}
