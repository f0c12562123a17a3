package dev.enclave.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.gson.JsonParseException;

import dev.enclave.core.FileIO;
import dev.enclave.core.AccessDeniedException;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.AuditLog;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.OsIdentity;
import dev.enclave.core.RoleDefinition;
import dev.enclave.core.Roles;
import dev.enclave.core.SecurityService;
import dev.enclave.core.Subject;
import dev.enclave.core.User;

/**
 * Users and roles in {@code security/users.json}, written atomically ({@code 0600}) and signed with
 * the workspace's audit key (over {@code users:<workspace id>:<compact JSON>}), so a file edited,
 * replaced or copied from another workspace outside Enclave is refused instead of trusted. A missing
 * file in an existing workspace stops every command: it never makes the next user an administrator.
 */
final class FileSecurityService implements SecurityService {
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_.@-]{1,64}");
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final Path file;
    private final AuditLog audit;
    private final ChainedAuditLog signer;
    /** The roles of the file's last version read, for live subjects (see {@link #currentRoles}). */
    private volatile RoleSnapshot snapshot;

    /** The stored form. */
    static final class Store {
        List<StoredUser> users = new ArrayList<>();
        List<StoredRole> roles = new ArrayList<>();
        StoredSignature signature;
    }

    /** Who signed the users file and the signature (base64 Ed25519). */
    static final class StoredSignature {
        String key;
        String sig;
    }

    static final class StoredUser {
        String name;
        List<String> roles;

        StoredUser() {
        }

        StoredUser(String name, List<String> roles) {
            this.name = name;
            this.roles = roles;
        }
    }

    static final class StoredRole {
        String name;
        String description;

        StoredRole() {
        }

        StoredRole(String name, String description) {
            this.name = name;
            this.description = description;
        }
    }

    /**
     * @param file   {@code security/users.json}
     * @param audit  the audit log; when it is a {@link ChainedAuditLog} with a key, the file is signed with it
     */
    FileSecurityService(Path file, AuditLog audit) {
        this.file = file;
        this.audit = audit;
        this.signer = audit instanceof ChainedAuditLog chained && chained.signed() ? chained : null;
    }

    /**
     * Creates the store with {@code osUser} as first administrator when the workspace is new.
     *
     * @param existing whether the workspace existed before (its audit log or key registration does)
     * @throws EnclaveException (bad input) when the file is missing from an existing workspace
     */
    synchronized boolean initialise(String osUser, boolean existing) {
        if (Files.exists(file)) {
            return false;
        }
        if (existing) {
            throw EnclaveException.badInput(file + " is missing from this existing workspace: without it nobody"
                    + " knows who the users and administrators are. Restore it from a backup (it is signed with the"
                    + " workspace's audit key, so only a genuine copy is accepted); Enclave does not start until then.");
        }
        Store store = new Store();
        store.users.add(new StoredUser(osUser, List.of(Roles.ADMIN)));
        write(store);
        audit.append(osUser, "workspace.create", file.getParent().getParent().toString(), AuditEntry.SUCCESS,
                "first administrator: " + osUser);
        return true;
    }

    @Override
    public synchronized List<User> users() {
        return read().users.stream().map(u -> new User(u.name, u.roles)).sorted(Comparator.comparing(User::name))
                .toList();
    }

    @Override
    public synchronized Optional<User> user(String name) {
        return users().stream().filter(u -> u.name().equals(name)).findFirst();
    }

    @Override
    public synchronized List<RoleDefinition> roles() {
        List<RoleDefinition> all = new ArrayList<>();
        all.add(new RoleDefinition(Roles.ADMIN, "Administers users, roles, packs and settings", true));
        all.add(new RoleDefinition(Roles.AUDITOR, "Credit-risk auditor", true));
        all.add(new RoleDefinition(Roles.ENGINEER, "Fab / process engineer", true));
        all.add(new RoleDefinition(Roles.AI_ENGINEER, "In-house AI team: data, fine-tuning, models", true));
        all.add(new RoleDefinition(Roles.AUDIT_READER, "Reads every user's audit-log entries", true));
        for (StoredRole r : read().roles) {
            all.add(new RoleDefinition(r.name, r.description, false));
        }
        return all;
    }

    @Override
    public synchronized User putUser(Subject actor, String name, List<String> roles) {
        requireAdmin(actor, "users.add", name, "add or change users");
        if (name == null || !NAME.matcher(name).matches()) {
            throw EnclaveException.badInput("Invalid user name '" + name
                    + "': use 1–64 letters, digits, '.', '_', '-' or '@'.");
        }
        Set<String> clean = new LinkedHashSet<>();
        for (String r : roles) {
            String role = r.trim();
            if (!role.isEmpty()) {
                clean.add(role);
            }
        }
        if (clean.isEmpty()) {
            throw EnclaveException.badInput("User '" + name + "' needs at least one role.");
        }
        List<String> known = roles().stream().map(RoleDefinition::name).toList();
        for (String role : clean) {
            if (!known.contains(role)) {
                throw EnclaveException.badInput("Unknown role '" + role + "'. Known roles: " + String.join(", ", known)
                        + ". An administrator can define more.");
            }
        }
        Store store = read();
        store.users.removeIf(u -> u.name.equals(name));
        store.users.add(new StoredUser(name, List.copyOf(clean)));
        checkAnAdminRemains(store, name);
        write(store);
        audit.append(actor.name(), "users.put", name, AuditEntry.SUCCESS, "roles: " + String.join(",", clean));
        return new User(name, List.copyOf(clean));
    }

    @Override
    public synchronized void removeUser(Subject actor, String name) {
        requireAdmin(actor, "users.remove", name, "remove users");
        Store store = read();
        if (!store.users.removeIf(u -> u.name.equals(name))) {
            throw EnclaveException.badInput("No user '" + name + "' in this workspace (see 'enclave users list').");
        }
        checkAnAdminRemains(store, name);
        write(store);
        audit.append(actor.name(), "users.remove", name, AuditEntry.SUCCESS, "");
    }

    private static void checkAnAdminRemains(Store store, String changed) {
        boolean admin = store.users.stream().anyMatch(u -> u.roles.contains(Roles.ADMIN));
        if (!admin) {
            throw EnclaveException.badInput("Refused: after this change to '" + changed
                    + "' no administrator would remain. Make another user admin first.");
        }
    }

    @Override
    public synchronized RoleDefinition defineRole(Subject actor, String name, String description) {
        requireAdmin(actor, "roles.define", name, "define roles");
        if (name == null || !ROLE.matcher(name).matches()) {
            throw EnclaveException.badInput("Invalid role name '" + name
                    + "': start with a lower-case letter, then up to 31 lower-case letters, digits or '-'.");
        }
        if (roles().stream().anyMatch(r -> r.name().equals(name))) {
            throw EnclaveException.badInput("Role '" + name + "' already exists.");
        }
        Store store = read();
        store.roles.add(new StoredRole(name, description == null ? "" : description));
        write(store);
        audit.append(actor.name(), "roles.define", name, AuditEntry.SUCCESS, description);
        return new RoleDefinition(name, description, false);
    }

    @Override
    public Subject startSession(String osUser, String requestedUser, String client) {
        Subject subject = login(osUser, requestedUser);
        audit.append(subject.name(), client + ".start", file.getParent().getParent().toString(), AuditEntry.SUCCESS, "");
        return subject;
    }

    @Override
    public synchronized Subject login(String osUser, String requestedUser) {
        Optional<User> self = user(osUser);
        Set<String> ownRoles = self.map(u -> Set.copyOf(u.roles())).orElse(Set.of());
        if (requestedUser == null || requestedUser.isBlank() || requestedUser.equals(osUser)) {
            return Subject.live(osUser, osUser, false, () -> currentRoles(osUser));
        }
        if (!ownRoles.contains(Roles.ADMIN)) {
            audit.append(osUser, "session.impersonate", requestedUser, AuditEntry.DENIED, "not an administrator");
            throw new AccessDeniedException("Only administrators may act as another user ('" + requestedUser
                    + "'); OS user '" + osUser + "' has roles " + ownRoles + ".");
        }
        User target = user(requestedUser).orElseThrow(() -> EnclaveException.badInput("There is no user '"
                + requestedUser + "' in this workspace; an administrator adds it first, with a role."));
        audit.append(osUser, "session.impersonate", requestedUser, AuditEntry.SUCCESS,
                "acting as " + requestedUser + " with roles " + target.roles());
        // Acting as another user lasts only while the OS user stays an administrator.
        return Subject.live(requestedUser, osUser, true, () -> {
            Map<String, Set<String>> now = roleSnapshot();
            return now.getOrDefault(osUser, Set.of()).contains(Roles.ADMIN) ? now.getOrDefault(requestedUser, Set.of())
                    : Set.of();
        });
    }

    /**
     * The roles the users file gives {@code name} now (none when it is not a user): what a live {@link Subject}
     * holds at each check. The file is parsed and its signature checked again only when it changed (its
     * modification time, size or file key), so a check costs one {@code stat} otherwise; a change by another
     * process is seen at the next check.
     */
    Set<String> currentRoles(String name) {
        return roleSnapshot().getOrDefault(name, Set.of());
    }

    private Map<String, Set<String>> roleSnapshot() {
        Object stamp = stamp();
        RoleSnapshot s = snapshot;
        if (s != null && stamp != null && stamp.equals(s.stamp())) {
            return s.roles();
        }
        synchronized (this) {
            stamp = stamp();
            Map<String, Set<String>> roles = new HashMap<>();
            for (StoredUser u : read().users) {
                roles.put(u.name, Set.copyOf(u.roles));
            }
            Map<String, Set<String>> frozen = Map.copyOf(roles);
            snapshot = stamp == null ? null : new RoleSnapshot(stamp, frozen);
            return frozen;
        }
    }

    /** What identifies one version of the users file, or null when it cannot be told. */
    private Object stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return null;
        }
    }

    /** The users' roles as of one version of the file. */
    private record RoleSnapshot(Object stamp, Map<String, Set<String>> roles) {
    }

    private void requireAdmin(Subject actor, String action, String object, String what) {
        if (!actor.isAdmin()) {
            audit.append(actor.name(), action, object, AuditEntry.DENIED, "requires role admin");
            throw new AccessDeniedException("User '" + actor.name() + "' may not " + what
                    + ": that needs the role 'admin'.");
        }
    }

    private Store read() {
        if (!Files.exists(file)) {
            throw EnclaveException.badInput(file + " is missing: restore it from a backup; Enclave does not start"
                    + " until then.");
        }
        Store s;
        try {
            s = FileIO.GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Store.class);
        } catch (JsonParseException | IllegalStateException e) {
            throw EnclaveException.badInput(file + " is damaged (" + e.getMessage()
                    + "). Restore it from a backup; Enclave does not start until then.");
        } catch (IOException e) {
            throw EnclaveException.badInput(file + " cannot be read (" + e.getMessage()
                    + "): run Enclave as the workspace's owner, or see 'enclave doctor'.");
        }
        if (s == null) {
            throw EnclaveException.badInput(file + " is empty. Restore it from a backup; Enclave does not start until then.");
        }
        normalise(s);
        checkSignature(s);
        return s;
    }

    private static void normalise(Store s) {
        if (s.users == null) {
            s.users = new ArrayList<>();
        }
        if (s.roles == null) {
            s.roles = new ArrayList<>();
        }
        s.users.removeIf(u -> u == null || u.name == null);
        for (StoredUser u : s.users) {
            u.roles = u.roles == null ? List.of() : u.roles;
        }
        for (StoredRole r : s.roles) {
            r.description = r.description == null ? "" : r.description;
        }
    }

    /** The bytes a signature covers: the compact JSON without the signature, bound to the workspace. */
    private static String signedText(Store s, AuditKeyring.Registration reg) {
        StoredSignature sig = s.signature;
        s.signature = null;
        try {
            return "users:" + reg.id() + ":" + FileIO.COMPACT.toJson(s);
        } finally {
            s.signature = sig;
        }
    }

    private void checkSignature(Store s) {
        AuditKeyring.Registration reg = signer == null ? null : signer.knownRegistration();
        if (reg == null) {
            return; // a workspace from before signing: the file is signed when the key is registered
        }
        if (s.signature == null || s.signature.sig == null) {
            throw EnclaveException.badInput(file + " is not signed with the workspace's audit key "
                    + reg.fingerprint() + ": it was written outside Enclave. Restore it from a backup; Enclave does not"
                    + " start until then.");
        }
        if (!AuditKeyring.verifies(reg.key(), signedText(s, reg), s.signature.sig)) {
            throw EnclaveException.badInput(file + " was changed outside Enclave: its signature does not match the"
                    + " workspace's audit key " + reg.fingerprint() + ". Restore it from a backup; Enclave does not start"
                    + " until then.");
        }
    }

    /** Signs the file as it is now; called once when a workspace from before signing registers its key. */
    synchronized void signExisting(AuditKeyring.Registration reg) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            Store s = FileIO.GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Store.class);
            if (s != null && s.signature == null) {
                normalise(s);
                writeSigned(s, reg);
            }
        } catch (IOException | RuntimeException e) {
            // Left unsigned (e.g. another account's file): the next read reports it, naming the file.
        }
    }

    private void write(Store store) {
        AuditKeyring.Registration reg = signer == null ? null : signer.registration();
        writeSigned(store, reg);
    }

    private void writeSigned(Store store, AuditKeyring.Registration reg) {
        if (reg != null) {
            store.signature = null;
            String text = signedText(store, reg);
            StoredSignature sig = new StoredSignature();
            sig.key = reg.fingerprint();
            sig.sig = signer.keyring().signText(text);
            store.signature = sig;
        }
        UserPrincipal owner = null;
        try {
            if (Files.exists(file)) {
                owner = Files.getOwner(file);
                String me = OsIdentity.current();
                if (!owner.getName().equals(me) && !"root".equals(me)) {
                    throw new AccessDeniedException(file + " belongs to the workspace's owner '" + owner.getName()
                            + "'; account '" + me + "' may not rewrite it. Run Enclave as '" + owner.getName() + "'.");
                }
            }
        } catch (IOException e) {
            throw EnclaveException.badInput(file + " cannot be checked (" + e.getMessage() + ").");
        }
        FileIO.writeAtomically(file, FileIO.GSON.toJson(store) + "\n");
        snapshot = null; // read again at the next check, whatever the file's time stamp's resolution
        if (owner != null) {
            try {
                if (!Files.getOwner(file).equals(owner)) {
                    Files.setOwner(file, owner); // only possible for root, who keeps the owner's file the owner's
                }
            } catch (IOException | UnsupportedOperationException e) {
                throw EnclaveException.failure(file + " was written but its owner could not be kept as '"
                        + owner.getName() + "' (" + e.getMessage() + "); run 'enclave doctor'.", e);
            }
        }
    }
}
