package dev.enclave.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.enclave.cli.CommandLineService;

/** The {@code enclave} command line run in the test framework, through {@link CommandLineService}. */
public final class Cli {
    private Cli() {
    }

    /** What one run printed, and its exit code. */
    public record Run(int code, String out, String err) {
        /** Both streams, for assertion messages. */
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** Runs {@code enclave ARGS…} as given, printing to the given streams; returns the exit code. */
    public static int exec(String[] args, PrintStream out, PrintStream err) {
        return Services.get(CommandLineService.class).run(args, out, err);
    }

    /** Runs {@code enclave ARGS…} as given (no workspace added). */
    public static Run raw(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = exec(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code enclave --data DATA ARGS…}. */
    public static Run run(Path data, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--data";
        all[1] = data.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return raw(all);
    }
}
