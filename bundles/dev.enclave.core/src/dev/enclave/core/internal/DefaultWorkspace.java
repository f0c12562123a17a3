package dev.enclave.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.enclave.core.AccessPolicy;
import dev.enclave.core.AuditLog;
import dev.enclave.core.DocumentStore;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import dev.enclave.core.SecurityService;
import dev.enclave.core.Settings;
import dev.enclave.core.Workspace;

/** A data folder and the services over it. */
public final class DefaultWorkspace implements Workspace {
    private static final Pattern SERVICE_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final Path root;
    private final Settings settings;
    private final ChainedAuditLog audit;
    private final FileSecurityService security;
    private final AccessPolicy policy;
    private final DocumentStore documents;

    /**
     * Opens or creates the workspace in {@code root}.
     *
     * @param osUser becomes the first administrator when the workspace is new
     */
    public DefaultWorkspace(Path root, String osUser) {
        this(root, osUser, AuditKeyring.defaultFolder());
    }

    /**
     * Opens or creates the workspace in {@code root} with the audit key of the account's key folder
     * {@code keys} (tests give each test its own).
     *
     * @param osUser becomes the first administrator when the workspace is new
     * @throws EnclaveException (bad input) when the folder is unusable, or the users file of an existing
     *                          workspace is missing or damaged
     */
    public DefaultWorkspace(Path root, String osUser, Path keys) {
        this.root = root.toAbsolutePath().normalize();
        if (Files.exists(this.root) && !Files.isDirectory(this.root)) {
            throw EnclaveException.badInput("Data folder " + this.root + " is a file, not a folder: choose another data folder.");
        }
        try {
            FileIO.createPrivateDirectories(this.root);
        } catch (IOException e) {
            throw EnclaveException.badInput("Cannot create the data folder " + this.root + " (" + e.getMessage()
                    + "): choose a writable --data folder.");
        }
        if (!Files.isWritable(this.root)) {
            throw EnclaveException.badInput("Data folder " + this.root + " is not writable: choose another data folder.");
        }
        String env = System.getenv(AuditKeyring.PASSPHRASE_ENV);
        AuditKeyring keyring = new AuditKeyring(keys, this.root, env == null ? null : env.toCharArray());
        // A workspace exists once it has an audit log, a key registration or a users file.
        boolean existing = Files.exists(this.root.resolve("audit").resolve("audit.jsonl"))
                || Files.exists(keyring.publishedFile())
                || Files.exists(this.root.resolve("security").resolve("users.json"));
        this.settings = new FileSettings(this.root.resolve("settings.json"));
        this.audit = new ChainedAuditLog(this.root.resolve("audit"), keyring, settings);
        this.security = new FileSecurityService(this.root.resolve("security").resolve("users.json"), audit);
        audit.onRegistered(security::signExisting);
        if (!existing) {
            audit.createdNow();
        }
        this.policy = new DefaultAccessPolicy(audit);
        this.documents = new FileDocumentStore(this.root.resolve("documents"), policy, audit, security);
        security.initialise(osUser, existing);
        // Checks the users file now (present, readable, signed), so a damaged one stops every command alike.
        security.users();
    }

    /**
     * What is readable by other accounts at the top of the workspace (the folder, its direct
     * children, the audit and security folders' files); cheap enough to check on every open.
     * {@code enclave doctor} checks the whole tree.
     */
    @Override
    public List<String> warnings() {
        List<String> found = new ArrayList<>();
        try {
            List<Path> paths = new ArrayList<>();
            paths.add(root);
            for (String sub : List.of("audit", "security")) {
                Path folder = root.resolve(sub);
                if (Files.isDirectory(folder)) {
                    try (Stream<Path> s = Files.list(folder)) {
                        s.forEach(paths::add);
                    }
                }
            }
            try (Stream<Path> s = Files.list(root)) {
                s.forEach(paths::add);
            }
            for (Path p : paths) {
                if (!Files.isSymbolicLink(p) && FileIO.readableByOthers(p)) {
                    found.add(p.toString());
                }
            }
        } catch (IOException e) {
            found.add(root + " (" + e.getMessage() + ")");
        }
        return found.isEmpty() ? List.of()
                : List.of("Other accounts on this machine can read " + found.size() + " path(s) of this workspace, e.g. "
                        + found.get(0) + ". Run 'enclave doctor --fix' to make it private (0700/0600).");
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public SecurityService security() {
        return security;
    }

    @Override
    public AccessPolicy accessPolicy() {
        return policy;
    }

    @Override
    public AuditLog auditLog() {
        return audit;
    }

    @Override
    public DocumentStore documents() {
        return documents;
    }

    @Override
    public Path serviceFolder(String serviceId) {
        if (!SERVICE_ID.matcher(serviceId).matches()) {
            throw new IllegalArgumentException("Invalid service id: " + serviceId);
        }
        Path folder = root.resolve(serviceId);
        try {
            FileIO.createPrivateDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + folder, e);
        }
        return folder;
    }
}
