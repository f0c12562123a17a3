package dev.enclave.core.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import dev.enclave.core.FileIO;
import dev.enclave.core.Hashes;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.AuditLog;
import dev.enclave.core.AuditRecord;
import dev.enclave.core.AuditVerification;

/**
 * Hash-chained JSON Lines audit log. Each line is the compact JSON of
 * {@code seq, time, user, action, object, outcome, detail, prev} followed by
 * {@code ,"hash":"<sha256>"}; the hash is taken over the exact bytes of the line
 * without that suffix (closed with {@code }}), so a change to any byte before it
 * is found. {@code audit.head} remembers the last sequence number and hash.
 */
public final class ChainedAuditLog implements AuditLog {
    /** Hash that the first entry chains to. */
    public static final String GENESIS = "0".repeat(64);

    private static final Pattern HASH_SUFFIX = Pattern.compile(",\"hash\":\"([0-9a-f]{64})\"}$");
    private static final int MAX_DETAIL = 4000;
    /** One monitor per log file: FileLock guards other processes, this guards threads of this JVM. */
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path head;
    private final Path lockFile;

    public ChainedAuditLog(Path folder) {
        this.file = folder.resolve("audit.jsonl");
        this.head = folder.resolve("audit.head");
        this.lockFile = folder.resolve("audit.lock");
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the audit folder " + folder, e);
        }
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    @Override
    public AuditEntry append(AuditRecord record) {
        return appendAll(List.of(record)).get(0);
    }

    @Override
    public List<AuditEntry> appendAll(List<AuditRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        Object monitor = MONITORS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object());
        synchronized (monitor) {
            try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockChannel.lock()) {
                return appendLocked(records);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the audit log " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private List<AuditEntry> appendLocked(List<AuditRecord> records) throws IOException {
        Tail tail = readTail();
        long seq = tail.lastSeq;
        String prev = tail.lastHash;
        StringBuilder out = new StringBuilder();
        if (tail.unterminated) {
            // Keep the damaged bytes visible for verify(); start our entries on a line of their own.
            out.append('\n');
        }
        List<AuditEntry> written = new ArrayList<>(records.size());
        String time = Instant.now().toString();
        for (AuditRecord r : records) {
            seq++;
            String detail = r.detail().length() > MAX_DETAIL ? r.detail().substring(0, MAX_DETAIL) + "…" : r.detail();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("seq", seq);
            fields.put("time", time);
            fields.put("user", r.user());
            fields.put("action", r.action());
            fields.put("object", r.object());
            fields.put("outcome", r.outcome());
            fields.put("detail", detail);
            fields.put("prev", prev);
            String body = FileIO.COMPACT.toJson(fields);
            String hash = Hashes.sha256Hex(body);
            out.append(body, 0, body.length() - 1).append(",\"hash\":\"").append(hash).append("\"}\n");
            written.add(new AuditEntry(seq, time, r.user(), r.action(), r.object(), r.outcome(), detail, prev, hash));
            prev = hash;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        FileIO.writeAtomically(head, seq + " " + prev + "\n");
        return written;
    }

    /** The last well-formed entry's sequence number and hash, found by reading backwards. */
    private Tail readTail() throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return new Tail(0, GENESIS, false);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            boolean unterminated = lastByte(ch, size) != '\n';
            int block = 8192;
            while (true) {
                long start = Math.max(0, size - block);
                ByteBuffer buf = ByteBuffer.allocate((int) (size - start));
                ch.read(buf, start);
                String text = new String(buf.array(), StandardCharsets.UTF_8);
                String[] lines = text.split("\n");
                // Skip the first piece unless we read from the file start (it may be a partial line).
                int first = start == 0 ? 0 : 1;
                for (int i = lines.length - 1; i >= first; i--) {
                    Parsed p = parse(lines[i]);
                    if (p != null) {
                        return new Tail(p.seq, p.hash, unterminated);
                    }
                }
                if (start == 0) {
                    return new Tail(0, GENESIS, unterminated);
                }
                block *= 4;
            }
        }
    }

    private static int lastByte(FileChannel ch, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        ch.read(one, size - 1);
        return one.get(0);
    }

    @Override
    public List<AuditEntry> tail(int n) {
        Deque<AuditEntry> last = new ArrayDeque<>();
        if (!Files.exists(file) || n <= 0) {
            return List.of();
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                AuditEntry e = toEntry(line);
                if (e != null) {
                    last.addLast(e);
                    if (last.size() > n) {
                        last.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit log " + file, e);
        }
        return List.copyOf(last);
    }

    @Override
    public AuditVerification verify() {
        if (!Files.exists(file)) {
            return new AuditVerification(true, 0, 0, 0, "");
        }
        long lineNo = 0;
        long expectedSeq = 1;
        String prev = GENESIS;
        long entries = 0;
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            boolean endsWithNewline = endsWithNewline();
            String line = reader.readLine();
            while (line != null) {
                lineNo++;
                String next = reader.readLine();
                boolean last = next == null;
                Parsed p = parse(line);
                if (p == null) {
                    String what = last && !endsWithNewline
                            ? "is half-written (the last line ends without a newline: a write was cut off, e.g. by a crash)"
                            : "is not a well-formed audit entry (changed, or a half-written line from a crash)";
                    return new AuditVerification(false, entries, lineNo, expectedSeq,
                            "Line " + lineNo + " (expected entry " + expectedSeq + ") " + what + ".");
                }
                if (!p.hashMatches) {
                    return new AuditVerification(false, entries, lineNo, p.seq,
                            "Entry " + p.seq + " (line " + lineNo + ") was changed: its hash does not match its content.");
                }
                if (p.seq != expectedSeq) {
                    String what = p.seq > expectedSeq
                            ? "entries " + expectedSeq + (p.seq - 1 > expectedSeq ? "–" + (p.seq - 1) : "")
                                    + " were removed before it"
                            : "it was inserted (sequence " + p.seq + " repeats or goes back; expected " + expectedSeq + ")";
                    return new AuditVerification(false, entries, lineNo, p.seq,
                            "Entry " + p.seq + " (line " + lineNo + "): " + what + ".");
                }
                if (!p.prev.equals(prev)) {
                    return new AuditVerification(false, entries, lineNo, p.seq, "Entry " + p.seq + " (line " + lineNo
                            + ") does not chain to the entry before it: an entry before it was replaced or the log was re-written.");
                }
                entries++;
                expectedSeq++;
                prev = p.hash;
                line = next;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit log " + file, e);
        }
        String headProblem = checkHead(expectedSeq - 1, prev);
        if (headProblem != null) {
            return new AuditVerification(false, entries, lineNo + 1, expectedSeq, headProblem);
        }
        return new AuditVerification(true, entries, 0, 0, "");
    }

    private boolean endsWithNewline() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ch.size() == 0 || lastByte(ch, ch.size()) == '\n';
        }
    }

    /** Compares the chain's end with {@code audit.head}; returns a problem or null. */
    private String checkHead(long lastSeq, String lastHash) {
        if (!Files.exists(head)) {
            return null;
        }
        try {
            String[] parts = Files.readString(head, StandardCharsets.UTF_8).trim().split(" ");
            long headSeq = Long.parseLong(parts[0]);
            if (headSeq > lastSeq) {
                return "Entries " + (lastSeq + 1) + (headSeq > lastSeq + 1 ? "–" + headSeq : "")
                        + " were removed from the end of the log (the log's head records entry " + headSeq + ").";
            }
            if (headSeq == lastSeq && !parts[1].equals(lastHash)) {
                return "Entry " + lastSeq + " was replaced: it does not match the hash recorded in the log's head.";
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "The log's head file " + head + " is unreadable (" + e.getMessage() + ").";
        }
    }

    private static AuditEntry toEntry(String line) {
        Parsed p = parse(line);
        if (p == null) {
            return null;
        }
        JsonObject o = p.json;
        return new AuditEntry(p.seq, str(o, "time"), str(o, "user"), str(o, "action"), str(o, "object"),
                str(o, "outcome"), str(o, "detail"), p.prev, p.hash);
    }

    private static String str(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : "";
    }

    /** Parses a line; null when it is not a well-formed entry. */
    private static Parsed parse(String line) {
        Matcher m = HASH_SUFFIX.matcher(line);
        if (!m.find()) {
            return null;
        }
        try {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            String body = line.substring(0, m.start()) + "}";
            String hash = m.group(1);
            long seq = o.get("seq").getAsLong();
            String prev = o.get("prev").getAsString();
            return new Parsed(o, seq, prev, hash, Hashes.sha256Hex(body).equals(hash));
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                | NumberFormatException e) {
            return null;
        }
    }

    private record Parsed(JsonObject json, long seq, String prev, String hash, boolean hashMatches) {
    }

    private record Tail(long lastSeq, String lastHash, boolean unterminated) {
    }
}
