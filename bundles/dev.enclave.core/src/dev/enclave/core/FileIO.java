package dev.enclave.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.GsonBuilder;

/**
 * File helpers every bundle's stores share: the Gson instances for stored files and JSON Lines,
 * atomic private writes, private folders ({@code 0700}) and files ({@code 0600}), and reading JSON
 * Lines with errors that name the file and line.
 *
 * <p>All methods are thread-safe. Hashing lives in {@link Hashes}.
 */
public final class FileIO {

    /** Gson for stored files: pretty, no HTML escaping (Chinese and {@code <} stay readable). */
    public static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** Gson for single-line JSON (JSON Lines, CLI {@code --json}). */
    public static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();

    private FileIO() {
    }

    /** Permissions of the files Enclave writes: owner read and write only ({@code 0600}). */
    public static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

    /** Permissions of the folders Enclave creates: owner only ({@code 0700}). */
    public static final Set<PosixFilePermission> PRIVATE_FOLDER = PosixFilePermissions.fromString("rwx------");

    /**
     * Writes {@code text} to {@code target} so that readers see either the old or the new
     * content, never a mix: a private ({@code 0600}) temporary file in the same folder, forced to
     * disk, then renamed. Missing folders are created private ({@code 0700}).
     */
    public static void writeAtomically(Path target, String text) {
        writeAtomically(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #writeAtomically(Path, String)}, for bytes. */
    public static void writeAtomically(Path target, byte[] bytes) {
        try {
            createPrivateDirectories(target.toAbsolutePath().getParent());
            Path tmp = createPrivateTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString());
            try {
                try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) {
                        channel.write(buf);
                    }
                    channel.force(true);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates a folder and its missing parents, each new one readable by the owner only
     * ({@code 0700}); folders that exist already are left as they are ({@code enclave doctor} reports them).
     * Java cannot set the process umask, so permissions are set as each folder is created.
     *
     * @return {@code folder}
     */
    public static Path createPrivateDirectories(Path folder) throws IOException {
        Path abs = folder.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return folder;
        }
        Path parent = abs.getParent();
        if (parent != null && !Files.exists(parent)) {
            createPrivateDirectories(parent);
        }
        try {
            if (posix(parent)) {
                Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(PRIVATE_FOLDER));
            } else {
                Files.createDirectory(abs);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) {
                throw e;
            }
        }
        return folder;
    }

    /**
     * Creates an empty file readable by the owner only ({@code 0600}) unless it exists; an existing
     * file keeps its content and permissions. Use it before appending to a log or opening a channel.
     *
     * @return {@code file}
     */
    public static Path createPrivateFile(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        createPrivateDirectories(parent);
        try {
            if (posix(parent)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // kept as it is
        }
        return file;
    }

    /**
     * Sets {@code 0600} on a file or {@code 0700} on a folder (nothing on file systems without POSIX
     * permissions), e.g. after a library wrote it with the process's umask.
     */
    public static void makePrivate(Path path) throws IOException {
        if (!posix(path)) {
            return;
        }
        Files.setPosixFilePermissions(path, Files.isDirectory(path) ? PRIVATE_FOLDER : PRIVATE_FILE);
    }

    /** Whether a file or folder can be read (or, for folders, entered) by accounts other than its owner. */
    public static boolean readableByOthers(Path path) throws IOException {
        if (!posix(path)) {
            return false;
        }
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)
                || p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)
                || p.contains(PosixFilePermission.GROUP_EXECUTE) || p.contains(PosixFilePermission.OTHERS_EXECUTE);
    }

    private static Path createPrivateTempFile(Path folder, String prefix) throws IOException {
        if (posix(folder)) {
            return Files.createTempFile(folder, prefix, ".tmp", PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
        }
        return Files.createTempFile(folder, prefix, ".tmp");
    }

    private static boolean posix(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                : Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
    }

    /**
     * Reads a JSON Lines file: one JSON object per line, blank lines skipped.
     *
     * @throws EnclaveException (bad input) naming the file, and the line of the first bad record
     */
    public static List<JsonObject> readJsonLines(Path file) {
        if (!Files.isRegularFile(file)) {
            throw EnclaveException.badInput(file + ": no such file.");
        }
        List<JsonObject> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonElement e;
                try {
                    e = JsonParser.parseString(line);
                } catch (JsonParseException ex) {
                    throw EnclaveException.badInput(file + " line " + n + " is not valid JSON: " + ex.getMessage());
                }
                if (!e.isJsonObject()) {
                    throw EnclaveException.badInput(file + " line " + n + " is not a JSON object.");
                }
                out.add(e.getAsJsonObject());
            }
        } catch (IOException e) {
            throw EnclaveException.badInput(file + " cannot be read: " + e.getMessage());
        }
        return out;
    }
}
