package dev.enclave.audit.tests;

import dev.enclave.tests.support.Cli;

/** OSGi services as DS wires them, and the CLI run in-process. */
final class Services {
    private Services() {
    }

    static <S> S get(Class<S> type) {
        return dev.enclave.tests.support.Services.get(type);
    }

    /** Exit code, standard output and standard error of one CLI run. */
    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        Cli.Run r = Cli.raw(args);
        return new Run(r.code(), r.out(), r.err());
    }
}
