package dev.enclave.cli.internal;

import java.util.List;

/** Finds OSGi services for a CLI run; an interface so tests can run the CLI in their framework. */
public interface ServiceLookup {

    /** The service, or null when none is registered. */
    <S> S find(Class<S> type);

    /** All services of the type, in service ranking order. */
    <S> List<S> all(Class<S> type);
}
