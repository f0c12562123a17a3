package dev.enclave.core;

import java.util.List;

/**
 * A domain pack present at run time. A pack bundle registers one as an OSGi
 * Declarative Services component (usually a {@link BundlePack}); the platform lists
 * the packs it finds and reacts when one comes or goes (see {@link PackRegistry}).
 */
public interface DomainPack {

    /** Stable identifier, e.g. {@code dev.enclave.audit}. */
    String id();

    /** Name shown to users (may be localised). */
    String name();

    /** The pack's version (its bundle version). */
    String version();

    /** One sentence on what the pack is for. */
    String description();

    /**
     * What the pack adds, one item each, in words a user understands and in the user's language,
     * e.g. "Wafer-map patterns with the most similar stored maps", "Commands: enclave wafer".
     * {@link BundlePack} takes them from the bundle's localised manifest.
     */
    List<String> contributions();
}
