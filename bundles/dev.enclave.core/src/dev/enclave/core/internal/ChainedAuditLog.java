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
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.enclave.core.AuditAnchor;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import dev.enclave.core.Hashes;
import dev.enclave.core.Settings;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.AuditLog;
import dev.enclave.core.AuditRecord;
import dev.enclave.core.AuditVerification;

/**
 * Hash-chained, signed JSON Lines audit log. Each line is the compact JSON of
 * {@code seq, time, user, action, object, outcome, detail, prev} followed by
 * {@code ,"hash":"<sha256>","sig":"<base64>"}; the hash is taken over the exact bytes of the line
 * without that suffix (closed with {@code }}), so a change to any byte before it
 * is found, and the signature (Ed25519, {@link AuditKeyring}) is taken over
 * {@code <workspace id>:<hash>}. {@code audit.head} remembers the last sequence number and hash,
 * signed. A log made without a keyring (only tests do) is hash-chained but unsigned.
 */
public final class ChainedAuditLog implements AuditLog {
    /** Hash that the first entry chains to. */
    public static final String GENESIS = "0".repeat(64);

    private static final Pattern HASH_SUFFIX = Pattern
            .compile(",\"hash\":\"([0-9a-f]{64})\"(?:,\"sig\":\"([A-Za-z0-9+/=]{1,200})\")?}$");
    private static final Pattern ANCHOR_TOKEN = Pattern.compile("(\\d{1,18}):([0-9a-f]{64})");
    /** Setting: a file outside the workspace that anchors are appended to. */
    public static final String ANCHOR_FILE = "audit.anchor.file";
    /** Setting: append an anchor to {@link #ANCHOR_FILE} every this many entries. */
    public static final String ANCHOR_EVERY = "audit.anchor.every";
    private static final System.Logger LOG = System.getLogger(ChainedAuditLog.class.getName());
    private static final int MAX_DETAIL = 4000;
    /** One monitor per log file: FileLock guards other processes, this guards threads of this JVM. */
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path head;
    private final Path lockFile;
    private final AuditKeyring keyring;
    private final Settings settings;
    private final Path workspace;
    private volatile AuditKeyring.Registration registration;
    private java.util.function.Consumer<AuditKeyring.Registration> registered;
    private volatile AuditKeyring.Registration justRegistered;
    private volatile boolean fresh;
    private byte[] hashSecret;

    /** An unsigned log (hash chain and head only), as before signing existed; for tests of the chain. */
    public ChainedAuditLog(Path folder) {
        this(folder, null, null);
    }

    /**
     * A signed log.
     *
     * @param folder   the audit folder of the workspace
     * @param keyring  the account's audit key and the workspace's registration of it
     * @param settings the workspace settings (anchor sink), or null
     */
    public ChainedAuditLog(Path folder, AuditKeyring keyring, Settings settings) {
        this.file = folder.resolve("audit.jsonl");
        this.head = folder.resolve("audit.head");
        this.lockFile = folder.resolve("audit.lock");
        this.keyring = keyring;
        this.settings = settings;
        this.workspace = folder.toAbsolutePath().normalize().getParent();
        try {
            FileIO.createPrivateDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the audit folder " + folder, e);
        }
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    /** The head file ({@code SEQ HASH SIGNATURE}). */
    public Path headFile() {
        return head;
    }

    /** Whether this log signs its entries. */
    public boolean signed() {
        return keyring != null;
    }

    /** The keyring, or null for an unsigned log. */
    public AuditKeyring keyring() {
        return keyring;
    }

    /**
     * Marks the workspace as created by this process: a record this account kept of an earlier
     * workspace in the same folder (deleted since) is replaced instead of blocking the new one.
     */
    void createdNow() {
        this.fresh = true;
    }

    /** Called once with the registration when this process registers the workspace's audit key. */
    void onRegistered(java.util.function.Consumer<AuditKeyring.Registration> listener) {
        this.registered = listener;
    }

    /**
     * The workspace's registration of its audit key, registering this account's key now when the
     * workspace has none (signing from the next entry on).
     *
     * @throws EnclaveException (bad input) as an append would: another account's key, or a removed or replaced registration
     */
    public AuditKeyring.Registration registration() {
        if (keyring == null) {
            return null;
        }
        return locked(() -> {
            try {
                return registrationLocked(readTail().lastSeq + 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The registration signatures are checked against, without registering anything: this account's
     * own record when it has one, else the workspace's {@code audit.pub}; null when neither exists.
     */
    public AuditKeyring.Registration knownRegistration() {
        if (keyring == null) {
            return null;
        }
        AuditKeyring.Registration cached = registration;
        if (cached != null) {
            return cached;
        }
        AuditKeyring.Registration pinned = keyring.pinned();
        return pinned != null ? pinned : keyring.published();
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
        List<AuditEntry> written;
        synchronized (monitor) {
            try (FileChannel lockChannel = FileChannel.open(FileIO.createPrivateFile(lockFile),
                    StandardOpenOption.WRITE); FileLock lock = lockChannel.lock()) {
                written = appendLocked(records);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the audit log " + file + ": " + e.getMessage(), e);
            }
        }
        notifyRegistered();
        return written;
    }

    /** Tells the listener about a registration this process made, outside the log's locks. */
    private void notifyRegistered() {
        AuditKeyring.Registration r = justRegistered;
        if (r != null) {
            justRegistered = null;
            if (registered != null) {
                registered.accept(r);
            }
        }
    }

    /** Runs {@code action} holding this log's thread monitor and file lock. */
    private <T> T locked(java.util.function.Supplier<T> action) {
        Object monitor = MONITORS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object());
        T result;
        synchronized (monitor) {
            try (FileChannel lockChannel = FileChannel.open(FileIO.createPrivateFile(lockFile),
                    StandardOpenOption.WRITE); FileLock lock = lockChannel.lock()) {
                result = action.get();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot lock the audit log " + file + ": " + e.getMessage(), e);
            }
        }
        notifyRegistered();
        return result;
    }

    /**
     * The workspace's registration of the audit key, made now (signing from {@code nextSeq} on) when
     * the workspace has none; call with the lock held.
     *
     * @throws EnclaveException (bad input) when this account's key is not the workspace's, or the
     *                          workspace's registration was removed or replaced
     */
    private AuditKeyring.Registration registrationLocked(long nextSeq) {
        if (registration != null) {
            return registration;
        }
        AuditKeyring.Registration published = keyring.published();
        AuditKeyring.Registration pinned = keyring.pinned();
        String mine = AuditKeyring.fingerprint(keyring.publicKey());
        if (published == null) {
            if (pinned != null && !fresh) {
                throw EnclaveException.badInput(keyring.publishedFile() + " was removed: this account registered the"
                        + " workspace's audit key (" + pinned.fingerprint() + ", signing from entry " + pinned.since()
                        + "). Restore the file from a backup and run 'enclave audit-log verify'; nothing is written until then.");
            }
            published = keyring.register(nextSeq);
            registration = published;
            // Told after the lock is released (see notifyRegistered): the listener takes other locks.
            justRegistered = published;
        } else if (!published.fingerprint().equals(mine)) {
            throw EnclaveException.badInput("This workspace's audit log is signed with the key " + published.fingerprint()
                    + " of the account that owns it; this account's key (" + mine + ", " + keyring.keyFile()
                    + ") is another. Run Enclave as the workspace's owner, or restore the owner's key file.");
        } else if (pinned != null && !pinned.equals(published)) {
            throw EnclaveException.badInput(keyring.publishedFile() + " does not match this account's record of it ("
                    + keyring.pinFile() + "): it was replaced. Restore it from a backup and run 'enclave audit-log verify'.");
        } else if (pinned == null) {
            // This account's key matches: re-create the account's record (e.g. after the key folder was restored).
            FileIO.writeAtomically(keyring.pinFile(), readQuietly(keyring.publishedFile()));
        }
        registration = published;
        return registration;
    }

    private static String readQuietly(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private List<AuditEntry> appendLocked(List<AuditRecord> records) throws IOException {
        Tail tail = readTail();
        AuditKeyring.Registration reg = keyring == null ? null : registrationLocked(tail.lastSeq + 1);
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
            out.append(body, 0, body.length() - 1).append(",\"hash\":\"").append(hash).append('"');
            if (reg != null) {
                out.append(",\"sig\":\"").append(keyring.signText(reg.id() + ":" + hash)).append('"');
            }
            out.append("}\n");
            written.add(new AuditEntry(seq, time, r.user(), r.action(), r.object(), r.outcome(), detail, prev, hash));
            prev = hash;
        }
        try (FileChannel ch = FileChannel.open(FileIO.createPrivateFile(file), StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        String headLine = seq + " " + prev;
        if (reg != null) {
            headLine += " " + keyring.signText(reg.id() + ":head:" + seq + ":" + prev);
        }
        FileIO.writeAtomically(head, headLine + "\n");
        writeAnchorSink(tail.lastSeq, seq, prev);
        return written;
    }

    /** Appends {@code SEQ:HASH TIME WORKSPACE} to the anchor sink when the batch crossed a multiple of N. */
    private void writeAnchorSink(long before, long seq, String hash) {
        if (settings == null) {
            return;
        }
        Path sink;
        long every;
        try {
            String target = settings.get(ANCHOR_FILE).orElse("");
            if (target.isBlank()) {
                return;
            }
            sink = Path.of(target);
            every = Math.max(1, Long.parseLong(settings.get(ANCHOR_EVERY).orElse("100").trim()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "audit anchor sink not written: " + e.getMessage());
            return;
        }
        if (before / every == seq / every) {
            return;
        }
        String line = seq + ":" + hash + " " + Instant.now() + " " + workspace + "\n";
        try (FileChannel ch = FileChannel.open(FileIO.createPrivateFile(sink), StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "audit anchor sink " + sink + " not written: " + e.getMessage());
        }
    }

    /** The last anchor the sink holds for this workspace, or null. */
    private AuditAnchor sinkAnchor() {
        if (settings == null) {
            return null;
        }
        try {
            String target = settings.get(ANCHOR_FILE).orElse("");
            if (target.isBlank() || !Files.isRegularFile(Path.of(target))) {
                return null;
            }
            AuditAnchor last = null;
            for (String line : Files.readAllLines(Path.of(target), StandardCharsets.UTF_8)) {
                String[] parts = line.split(" ", 3);
                Matcher m = ANCHOR_TOKEN.matcher(parts[0]);
                if (parts.length == 3 && m.matches() && parts[2].equals(workspace.toString())) {
                    last = new AuditAnchor(Long.parseLong(m.group(1)), m.group(2));
                }
            }
            return last;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "audit anchor sink not read: " + e.getMessage());
            return null;
        }
    }

    @Override
    public AuditAnchor anchor() {
        try {
            Tail tail = readTail();
            return new AuditAnchor(tail.lastSeq, tail.lastHash);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized String keyedHash(String text) {
        if (keyring == null) {
            throw new UnsupportedOperationException("An unsigned audit log has no key for keyed hashes.");
        }
        if (hashSecret == null) {
            AuditKeyring.Registration reg = locked(() -> {
                try {
                    return registrationLocked(readTail().lastSeq + 1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            hashSecret = keyring.hashSecret(reg.id());
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hashSecret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw EnclaveException.failure("HMAC-SHA256 is required by every Java runtime", e);
        }
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

    /** Streams the log and keeps only the reader's own entries, so a long log is never held whole. */
    @Override
    public List<AuditEntry> tail(dev.enclave.core.Subject reader, int n) {
        if (AuditLog.mayReadAll(reader)) {
            return tail(n);
        }
        Deque<AuditEntry> last = new ArrayDeque<>();
        if (!Files.exists(file) || n <= 0) {
            return List.of();
        }
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                AuditEntry e = toEntry(line);
                if (e != null && e.user().equals(reader.name())) {
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
        return verify(null);
    }

    @Override
    public AuditVerification verify(AuditAnchor given) {
        AuditAnchor anchor = given != null ? given : sinkAnchor();
        String anchorText = anchor == null ? "" : anchor.toString();
        // Which key the signatures are checked with: this account's own record first, else the workspace's.
        AuditKeyring.Registration pinned = null;
        AuditKeyring.Registration published = null;
        String keyProblem = null;
        if (keyring != null) {
            try {
                pinned = keyring.pinned();
            } catch (EnclaveException e) {
                keyProblem = e.getMessage();
            }
            try {
                published = keyring.published();
            } catch (EnclaveException e) {
                keyProblem = keyProblem == null ? e.getMessage() : keyProblem;
            }
            if (keyProblem == null && pinned != null && published == null) {
                keyProblem = keyring.publishedFile() + " was removed: this account registered the workspace's audit key "
                        + pinned.fingerprint() + " (signing from entry " + pinned.since() + ").";
            } else if (keyProblem == null && pinned != null && !pinned.equals(published)) {
                keyProblem = keyring.publishedFile() + " was replaced: it does not match this account's record of the"
                        + " workspace's audit key (" + pinned.fingerprint() + ", signing from entry " + pinned.since() + ").";
            }
        }
        AuditKeyring.Registration reg = pinned != null ? pinned : published;
        Verifier v = new Verifier(reg, pinned != null, anchorText);
        if (keyProblem != null) {
            return v.bad(0, 0, keyProblem);
        }
        if (!Files.exists(file)) {
            if (reg != null) {
                return v.bad(1, reg.since(), "The audit log " + file + " was removed: the workspace's audit key was"
                        + " registered to sign from entry " + reg.since() + ".");
            }
            return anchorProblem(v, anchor, 0, ChainedAuditLog.GENESIS, 0);
        }
        long lineNo = 0;
        long expectedSeq = 1;
        String prev = GENESIS;
        String anchorHash = anchor != null && anchor.seq() == 0 ? GENESIS : null;
        java.security.PublicKey key = reg == null ? null : reg.key();
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
                    return v.bad(lineNo, expectedSeq, "Line " + lineNo + " (expected entry " + expectedSeq + ") " + what + ".");
                }
                if (!p.hashMatches) {
                    return v.bad(lineNo, p.seq,
                            "Entry " + p.seq + " (line " + lineNo + ") was changed: its hash does not match its content.");
                }
                if (p.seq != expectedSeq) {
                    String what = p.seq > expectedSeq
                            ? "entries " + expectedSeq + (p.seq - 1 > expectedSeq ? "–" + (p.seq - 1) : "")
                                    + " were removed before it"
                            : "it was inserted (sequence " + p.seq + " repeats or goes back; expected " + expectedSeq + ")";
                    return v.bad(lineNo, p.seq, "Entry " + p.seq + " (line " + lineNo + "): " + what + ".");
                }
                if (!p.prev.equals(prev)) {
                    return v.bad(lineNo, p.seq, "Entry " + p.seq + " (line " + lineNo
                            + ") does not chain to the entry before it: an entry before it was replaced or the log was re-written.");
                }
                if (reg != null && p.seq >= reg.since()
                        && !AuditKeyring.verifies(key, reg.id() + ":" + p.hash, p.sig)) {
                    return v.bad(lineNo, p.seq, "Entry " + p.seq + " (line " + lineNo + ") "
                            + (p.sig == null ? "has no signature" : "has a signature that does not match")
                            + ": it was written or rewritten without the workspace's audit key " + reg.fingerprint() + ".");
                }
                if (anchor != null && p.seq == anchor.seq()) {
                    anchorHash = p.hash;
                }
                v.entries++;
                expectedSeq++;
                prev = p.hash;
                line = next;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit log " + file, e);
        }
        long lastSeq = expectedSeq - 1;
        if (reg != null && lastSeq < reg.since() && reg.since() > 1) {
            // Signing began at an entry the log no longer holds.
            return v.bad(lineNo + 1, lastSeq + 1, "The log ends at entry " + lastSeq + ", but its audit key was registered"
                    + " to sign from entry " + reg.since() + ": entries were removed from the end (or the log was emptied).");
        }
        if (reg != null && reg.since() == 1 && lastSeq == 0) {
            return v.bad(1, 1, "The audit log is empty, but the workspace's audit key was registered with its first entry:"
                    + " the log was emptied.");
        }
        String headProblem = checkHead(lastSeq, prev, reg, key);
        if (headProblem != null) {
            return v.bad(lineNo + 1, expectedSeq, headProblem);
        }
        return anchorProblem(v, anchor, lastSeq, anchorHash, lineNo);
    }

    private static AuditVerification anchorProblem(Verifier v, AuditAnchor anchor, long lastSeq, String hashAtAnchor,
            long lines) {
        if (anchor == null) {
            return v.ok();
        }
        if (anchor.seq() > lastSeq) {
            return v.bad(lines + 1, lastSeq + 1, "The anchor " + anchor + " records entry " + anchor.seq()
                    + ", but the log ends at entry " + lastSeq + ": entries " + (lastSeq + 1)
                    + (anchor.seq() > lastSeq + 1 ? "–" + anchor.seq() : "") + " (at least) were removed.");
        }
        if (!anchor.hash().equals(hashAtAnchor)) {
            return v.bad(anchor.seq(), anchor.seq(), "Entry " + anchor.seq() + " does not match the anchor " + anchor
                    + ": the log up to it was rewritten or replaced.");
        }
        return v.ok();
    }

    /** Builds results that carry what was checked. */
    private static final class Verifier {
        final AuditKeyring.Registration reg;
        final boolean trusted;
        final String anchor;
        long entries;

        Verifier(AuditKeyring.Registration reg, boolean trusted, String anchor) {
            this.reg = reg;
            this.trusted = trusted;
            this.anchor = anchor;
        }

        AuditVerification bad(long line, long seq, String problem) {
            return new AuditVerification(false, entries, line, seq, problem, reg != null, reg == null ? 0 : reg.since(),
                    reg == null ? "" : reg.fingerprint(), trusted, anchor);
        }

        AuditVerification ok() {
            return new AuditVerification(true, entries, 0, 0, "", reg != null, reg == null ? 0 : reg.since(),
                    reg == null ? "" : reg.fingerprint(), trusted, anchor);
        }
    }

    private boolean endsWithNewline() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ch.size() == 0 || lastByte(ch, ch.size()) == '\n';
        }
    }

    /** Compares the chain's end with {@code audit.head} and its signature; returns a problem or null. */
    private String checkHead(long lastSeq, String lastHash, AuditKeyring.Registration reg, java.security.PublicKey key) {
        if (!Files.exists(head)) {
            // A signed log rewrites its head after every entry: a missing head was deleted, and with it the
            // record of how long the log was.
            return reg == null || lastSeq == 0 ? null
                    : "The log's head file " + head + " was deleted: it is written with every entry and records how"
                            + " many there were, so entries may have been cut from the end. An anchor recorded elsewhere"
                            + " ('enclave audit-log verify --anchor SEQ:HASH') proves how many existed.";
        }
        try {
            String[] parts = Files.readString(head, StandardCharsets.UTF_8).trim().split(" ");
            long headSeq = Long.parseLong(parts[0]);
            if (reg != null && headSeq >= reg.since() && (parts.length < 3
                    || !AuditKeyring.verifies(key, reg.id() + ":head:" + headSeq + ":" + parts[1], parts[2]))) {
                return "The log's head file " + head + " was rewritten without the workspace's audit key: "
                        + "its signature does not match (it records entry " + headSeq + ").";
            }
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
            return new Parsed(o, seq, prev, hash, m.group(2), Hashes.sha256Hex(body).equals(hash));
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                | NumberFormatException e) {
            return null;
        }
    }

    private record Parsed(JsonObject json, long seq, String prev, String hash, String sig, boolean hashMatches) {
    }

    private record Tail(long lastSeq, String lastHash, boolean unterminated) {
    }
}
