package dev.enclave.product.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the materialised product's start scripts as a user would. */
final class Enclave {
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private final Path root;
    private final List<String> prefix;

    Enclave(Path root) {
        this(root, List.of());
    }

    /** Runs every command behind {@code prefix}, e.g. {@code unshare -n} for a process without network. */
    Enclave(Path root, List<String> prefix) {
        this.root = root;
        this.prefix = List.copyOf(prefix);
    }

    Path root() {
        return root;
    }

    /** {@code enclave --data DATA ARGS…}. */
    Result cli(Path data, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(root.resolve("enclave").toString(), "--data", data.toString()));
        command.addAll(List.of(args));
        return run(command, Map.of(), 120);
    }

    /** Starts the workbench with the self-test property; returns when it has closed itself. */
    Result workbenchSelfTest(Path data, Path report) throws IOException, InterruptedException {
        List<String> command = List.of(root.resolve("enclave-workbench").toString(), "-data",
                data.resolveSibling(data.getFileName() + "-ui").toString());
        String opts = "-Denclave.selftest=" + report + " -Denclave.data=" + data;
        return run(command, Map.of("ENCLAVE_JAVA_OPTS", opts), 180);
    }

    static Result run(List<String> command, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        // A null value removes the variable (e.g. DISPLAY, to start without a display).
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Path out = Files.createTempFile("enclave-out", ".txt");
        Path err = Files.createTempFile("enclave-err", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command);
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
