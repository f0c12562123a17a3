package dev.enclave.core;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/**
 * A {@link DomainPack} described by its bundle's manifest, localised by the framework from the
 * bundle's {@code Bundle-Localization} files ({@code OSGI-INF/l10n/bundle*.properties}) for the
 * current locale: the id is the symbolic name, the name and description are {@code Bundle-Name}
 * and {@code Bundle-Description}, and what the pack adds is the header {@value #ADDS}, items
 * separated by {@code |}, in words a user understands.
 *
 * <p>A pack registers a subclass as a Declarative Services component and hands it its bundle when
 * activated:
 *
 * <pre>{@code
 * @Component(service = DomainPack.class)
 * public final class MyPack extends BundlePack {
 *     @Activate
 *     void activate(BundleContext context) {
 *         describe(context.getBundle());
 *     }
 * }
 * }</pre>
 */
public abstract class BundlePack implements DomainPack {
    /** The manifest header listing what a pack adds, e.g. {@code Enclave-Pack-Adds: %pack.adds}. */
    public static final String ADDS = "Enclave-Pack-Adds";

    private Bundle bundle;

    /** Takes the pack's texts from {@code packBundle}'s manifest from now on. */
    protected final void describe(Bundle packBundle) {
        this.bundle = packBundle;
    }

    private String header(String name, String fallback) {
        String value = bundle == null ? null : bundle.getHeaders(Locale.getDefault().toString()).get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    @Override
    public String id() {
        return bundle == null ? getClass().getName() : bundle.getSymbolicName();
    }

    @Override
    public String name() {
        return header(Constants.BUNDLE_NAME, id());
    }

    @Override
    public String version() {
        return bundle == null ? "0.0.0" : bundle.getVersion().toString();
    }

    @Override
    public String description() {
        return header(Constants.BUNDLE_DESCRIPTION, "");
    }

    @Override
    public List<String> contributions() {
        return Arrays.stream(header(ADDS, "").split("\\|")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
