package dev.enclave.studio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Workspace;
import dev.enclave.core.FileIO;
import dev.enclave.core.Hashes;

/**
 * Versioned datasets in the workspace ({@code <data>/studio/datasets/<name>/}). Every version
 * is an immutable JSON Lines file {@code v<N>.jsonl} with a manifest {@code v<N>.json} that
 * records its parent version, the step that made it, the step's parameters, the record count
 * and the SHA-256 of the file — so any version can be traced back to its imported source.
 * This class only reads; new versions are written by the {@link Datasets} service, which
 * audits them. Not audited itself.
 */
public final class DatasetStore {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private final Workspace workspace;

    /** One dataset version as its manifest describes it. */
    public record Version(String dataset, int version, Integer parent, String step, Map<String, Object> params,
            int records, String sha256, String created, String user, Path file) {
    }

    public DatasetStore(Workspace workspace) {
        this.workspace = workspace;
    }

    private Path root() {
        return workspace.serviceFolder("studio").resolve("datasets");
    }

    /**
     * The folder that holds a dataset's versions (it need not exist yet).
     *
     * @throws EnclaveException (bad input) when the name is not allowed
     */
    public Path folder(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw EnclaveException.badInput("Dataset name '" + name
                    + "': use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        return root().resolve(name);
    }

    /** The prefix that names a workspace dataset where a file is expected: {@code ds:NAME} or {@code ds:NAME@N}. */
    public static final String PREFIX = "ds:";

    /**
     * A workspace dataset version for {@code ds:NAME[@N]} (the latest without {@code @N}), or null
     * when {@code ref} names a plain file.
     */
    public Version find(String ref) {
        if (!ref.startsWith(PREFIX)) {
            return null;
        }
        String name = ref.substring(PREFIX.length());
        int at = name.indexOf('@');
        int v = 0;
        if (at >= 0) {
            try {
                v = Integer.parseInt(name.substring(at + 1));
            } catch (NumberFormatException e) {
                throw EnclaveException.badInput(ref + ": the version after '@' must be a number.");
            }
            name = name.substring(0, at);
        }
        return version(name, v);
    }

    /**
     * The file to read for {@code ref}: a version's JSON Lines file after checking its hash, or
     * the plain file itself.
     */
    public Path file(String ref) {
        Version v = find(ref);
        if (v == null) {
            return Path.of(ref);
        }
        read(v);
        return v.file();
    }

    /** The datasets' names, sorted. */
    public List<String> names() {
        Path r = root();
        if (!Files.isDirectory(r)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(r)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot list " + r + ": " + e.getMessage(), e);
        }
    }

    /** All versions of a dataset, oldest first. */
    public List<Version> versions(String name) {
        Path dir = folder(name);
        if (!Files.isDirectory(dir)) {
            throw EnclaveException.badInput("No dataset named '" + name + "'. Datasets: "
                    + (names().isEmpty() ? "none yet (import one first)" : String.join(", ", names())) + ".");
        }
        List<Version> out = new ArrayList<>();
        for (int v = 1; Files.isRegularFile(dir.resolve("v" + v + ".json")); v++) {
            out.add(readManifest(name, v));
        }
        return out;
    }

    /** A version; {@code version} 0 or less means the latest. */
    public Version version(String name, int version) {
        List<Version> all = versions(name);
        if (all.isEmpty()) {
            throw EnclaveException.badInput("Dataset '" + name + "' has no versions.");
        }
        if (version <= 0) {
            return all.get(all.size() - 1);
        }
        if (version > all.size()) {
            throw EnclaveException.badInput("Dataset '" + name + "' has no version " + version + " (latest: "
                    + all.size() + ").");
        }
        return all.get(version - 1);
    }

    /** Reads a version's records, after checking the file against its recorded hash. */
    public Dataset read(Version v) {
        String actual = sha256(v.file());
        if (!actual.equals(v.sha256())) {
            throw EnclaveException.failure("Dataset " + v.dataset() + " v" + v.version() + " (" + v.file()
                    + ") was changed outside Enclave: its SHA-256 is " + actual + ", the manifest says " + v.sha256()
                    + ".", null);
        }
        return Dataset.read(v.file());
    }

    /** The chain of versions from the imported source to {@code v}, source first. */
    public List<Version> lineage(Version v) {
        List<Version> chain = new ArrayList<>();
        Version at = v;
        while (at != null) {
            chain.add(0, at);
            at = at.parent() == null ? null : version(at.dataset(), at.parent());
        }
        return chain;
    }

    @SuppressWarnings("unchecked")
    private Version readManifest(String name, int v) {
        Path dir = folder(name);
        Path manifest = dir.resolve("v" + v + ".json");
        try {
            JsonObject m = JsonParser.parseString(Files.readString(manifest)).getAsJsonObject();
            Map<String, Object> params = m.has("params") ? FileIO.GSON.fromJson(m.get("params"), Map.class) : Map.of();
            return new Version(name, v, m.has("parent") ? m.get("parent").getAsInt() : null,
                    m.get("step").getAsString(), params, m.get("records").getAsInt(), m.get("sha256").getAsString(),
                    m.get("created").getAsString(), m.get("user").getAsString(), dir.resolve("v" + v + ".jsonl"));
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.failure("The manifest " + manifest + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of a file, hex. */
    public static String sha256(Path file) {
        try {
            return Hashes.sha256Hex(file);
        } catch (IOException e) {
            throw EnclaveException.badInput(file + " cannot be read: " + e.getMessage());
        }
    }
}
