package dev.enclave.core;

import java.util.List;
import java.util.function.Consumer;

/**
 * The domain packs present now. Packs come and go at run time (p2 install and
 * uninstall); listeners and the {@link Topics#PACKS_CHANGED} event announce it.
 */
public interface PackRegistry {

    /** The packs present now, sorted by id. */
    List<DomainPack> packs();

    /**
     * Registers a listener called with the new list after every change.
     *
     * @return a handle whose {@code run()} removes the listener
     */
    Runnable addListener(Consumer<List<DomainPack>> listener);
}
