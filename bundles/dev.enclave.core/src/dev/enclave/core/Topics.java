package dev.enclave.core;

/** OSGi Event Admin topics posted by the core services. */
public final class Topics {
    /** Base of all Enclave topics. */
    public static final String BASE = "dev/enclave/";
    /** Posted when the set of domain packs changed; property {@code packs}: the ids. */
    public static final String PACKS_CHANGED = BASE + "packs/changed";

    private Topics() {
    }
}
