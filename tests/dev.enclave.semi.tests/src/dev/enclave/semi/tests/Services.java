package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import com.google.gson.JsonParser;

import dev.enclave.tests.support.Cli;

/** OSGi services and the in-process CLI for the tests. */
final class Services {
    private Services() {
    }

    static <S> S service(Class<S> type) {
        return dev.enclave.tests.support.Services.get(type);
    }

    /** What one CLI run printed. */
    record Run(int code, String out, String err) {
    }

    /** How many entries of the workspace's audit log (its last 200) record {@code action}. */
    static long audited(Path data, String action) {
        Run tail = cli(data, "audit-log", "tail", "-n", "200", "--json");
        assertEquals(0, tail.code(), tail.err());
        return tail.out().lines().filter(l -> !l.isBlank())
                .filter(l -> JsonParser.parseString(l).getAsJsonObject().get("action").getAsString()
                        .equals(action))
                .count();
    }

    static Run cli(Path data, String... args) {
        Cli.Run r = Cli.run(data, args);
        return new Run(r.code(), r.out(), r.err());
    }
}
