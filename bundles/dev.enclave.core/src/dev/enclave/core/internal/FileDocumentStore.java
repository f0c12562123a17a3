package dev.enclave.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;


import dev.enclave.core.FileIO;
import dev.enclave.core.Hashes;
import dev.enclave.core.AccessDeniedException;
import dev.enclave.core.AccessPolicy;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.AuditLog;
import dev.enclave.core.DocumentInfo;
import dev.enclave.core.DocumentStore;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.SecurityService;
import dev.enclave.core.Subject;

/**
 * Content-addressed store: {@code objects/ab/<sha256>} holds the bytes,
 * {@code meta/<sha256>.json} the metadata.
 */
final class FileDocumentStore implements DocumentStore {
    private final Path objects;
    private final Path meta;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final SecurityService security;

    /** Stored metadata form (Instant as ISO text). */
    static final class Meta {
        String id;
        String name;
        String type;
        long size;
        String imported;
        String owner;
        List<String> acl;
    }

    FileDocumentStore(Path folder, AccessPolicy policy, AuditLog audit, SecurityService security) {
        this.objects = folder.resolve("objects");
        this.meta = folder.resolve("meta");
        this.policy = policy;
        this.audit = audit;
        this.security = security;
    }

    @Override
    public synchronized DocumentInfo add(Subject subject, Path file, List<String> acl) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw EnclaveException.badInput(file + ": not a readable file.");
        }
        List<String> roles = acl == null || acl.isEmpty() ? List.copyOf(subject.roles()) : List.copyOf(acl);
        if (roles.isEmpty()) {
            throw EnclaveException.badInput("User '" + subject.name()
                    + "' has no role, so the document would be readable by nobody: give --acl ROLE[,ROLE…].");
        }
        List<String> known = security.roles().stream().map(r -> r.name()).toList();
        for (String r : roles) {
            if (!known.contains(r)) {
                throw EnclaveException.badInput("Unknown role '" + r + "' in the ACL of " + file.getFileName()
                        + ". Known roles: " + String.join(", ", known) + ".");
            }
        }
        // Nobody gives a document roles they do not hold (administrators excepted): no planting for other readers.
        policy.checkLabel(subject, roles, file.getFileName().toString(), "document.import");
        try {
            Files.createDirectories(objects);
            Files.createDirectories(meta);
            Path tmp = Files.createTempFile(objects, "import", ".tmp");
            String id;
            long size;
            try {
                MessageDigest digest = Hashes.sha256();
                try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest);
                        OutputStream out = Files.newOutputStream(tmp)) {
                    size = in.transferTo(out);
                }
                id = HexFormat.of().formatHex(digest.digest());
                Optional<DocumentInfo> existing = readMeta(id);
                if (existing.isPresent()) {
                    if (!policy.mayRead(subject, existing.get())) {
                        // The stored copy keeps its ACL; one who may not read it learns nothing of it but that.
                        audit.append(subject.name(), "document.import", id, AuditEntry.DENIED,
                                "same bytes already stored under an ACL the user does not hold: " + file.getFileName());
                        throw new AccessDeniedException("User '" + subject.name() + "' may not import "
                                + file.getFileName() + ": the same document is already stored for readers you do not"
                                + " belong to, and its roles are not changed by an import.");
                    }
                    audit.append(subject.name(), "document.import", id, AuditEntry.SUCCESS,
                            "unchanged: " + file.getFileName());
                    return existing.get();
                }
                Path target = objectPath(id);
                Files.createDirectories(target.getParent());
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            String name = file.getFileName().toString();
            DocumentInfo info = new DocumentInfo(id, name, typeOf(name), size, Instant.now(), subject.name(), roles);
            Meta m = new Meta();
            m.id = id;
            m.name = name;
            m.type = info.type();
            m.size = size;
            m.imported = info.imported().toString();
            m.owner = info.owner();
            m.acl = roles;
            FileIO.writeAtomically(meta.resolve(id + ".json"), FileIO.GSON.toJson(m) + "\n");
            audit.append(subject.name(), "document.import", id, AuditEntry.SUCCESS, name + " acl " + roles);
            return info;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot import " + file + ": " + e.getMessage(), e);
        }
    }

    static String typeOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 || dot == name.length() - 1 ? "bin" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private Path objectPath(String id) {
        return objects.resolve(id.substring(0, 2)).resolve(id);
    }

    private Optional<DocumentInfo> readMeta(String id) {
        if (!id.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        Path p = meta.resolve(id + ".json");
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        try {
            Meta m = FileIO.GSON.fromJson(Files.readString(p, StandardCharsets.UTF_8), Meta.class);
            return Optional.of(new DocumentInfo(m.id, m.name, m.type, m.size, Instant.parse(m.imported), m.owner,
                    m.acl == null ? List.of() : m.acl));
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.failure("Document metadata " + p + " is damaged: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<DocumentInfo> get(Subject subject, String id) {
        return readMeta(id).filter(d -> policy.mayRead(subject, d));
    }

    @Override
    public synchronized List<DocumentInfo> list(Subject subject) {
        if (!Files.isDirectory(meta)) {
            return List.of();
        }
        List<DocumentInfo> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(meta)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                String name = p.getFileName().toString();
                readMeta(name.substring(0, name.length() - 5)).filter(d -> policy.mayRead(subject, d))
                        .ifPresent(all::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        all.sort(Comparator.comparing(DocumentInfo::imported).reversed());
        return all;
    }

    @Override
    public InputStream open(Subject subject, String id) throws IOException {
        DocumentInfo info = readMeta(id)
                .orElseThrow(() -> EnclaveException.badInput("No document " + id + " in this workspace."));
        policy.checkRead(subject, info);
        try {
            InputStream in = Files.newInputStream(objectPath(id));
            audit.append(subject.name(), "document.read", id, AuditEntry.SUCCESS, info.name());
            return in;
        } catch (NoSuchFileException e) {
            throw EnclaveException.failure("The content of document " + id + " (" + info.name()
                    + ") is missing from the store.", e);
        }
    }

    @Override
    public synchronized void delete(Subject subject, String id) {
        DocumentInfo info = readMeta(id)
                .orElseThrow(() -> EnclaveException.badInput("No document " + id + " in this workspace."));
        if (!policy.mayRead(subject, info)) {
            audit.append(subject.name(), "document.delete", id, AuditEntry.DENIED, "may not read the document");
            throw new AccessDeniedException("User '" + subject.name() + "' may not delete document " + id
                    + ": it is a document you may not read.");
        }
        if (!subject.isAdmin() && !subject.name().equals(info.owner())) {
            audit.append(subject.name(), "document.delete", id, AuditEntry.DENIED, "not owner or admin");
            throw new AccessDeniedException("Only the owner (" + info.owner() + ") or an administrator may delete "
                    + info.name() + ".");
        }
        try {
            Files.deleteIfExists(meta.resolve(id + ".json"));
            Files.deleteIfExists(objectPath(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        audit.append(subject.name(), "document.delete", id, AuditEntry.SUCCESS, info.name());
    }
}
