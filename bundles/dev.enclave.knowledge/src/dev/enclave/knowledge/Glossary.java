package dev.enclave.knowledge;

import java.util.List;

/**
 * A bilingual glossary a pack contributes to query translation: register an implementation as an
 * OSGi service and {@link QueryTranslation} merges its entries with the general dictionary
 * (CC-CEDICT) and the workspace's own term list. Glossary terms are preferred over the general
 * dictionary's senses; a workspace term over both.
 *
 * <p>Implementations must be thread-safe; {@link #entries()} may be called on every search, so
 * it should return a list parsed once.
 */
public interface Glossary {

    /** A short name for listings and audit entries, such as {@code fab}. */
    String name();

    /** The entries, in the glossary's order. */
    List<GlossaryEntry> entries();
}
