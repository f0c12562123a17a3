package dev.enclave.core;

import java.util.List;

/**
 * A domain pack present at run time. A pack bundle registers one as an OSGi
 * Declarative Services component; the platform lists the packs it finds and
 * reacts when one comes or goes (see {@link PackRegistry}).
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
     * What the pack adds, one item per line, e.g. {@code cli: example stats},
     * {@code part: Text Statistics}.
     */
    List<String> contributions();
}
