package dev.enclave.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.gson.JsonParseException;

import dev.enclave.core.FileIO;
import dev.enclave.core.AccessDeniedException;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.AuditLog;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.RoleDefinition;
import dev.enclave.core.Roles;
import dev.enclave.core.SecurityService;
import dev.enclave.core.Subject;
import dev.enclave.core.User;

/** Users and roles in {@code security/users.json}. */
final class FileSecurityService implements SecurityService {
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_.@-]{1,64}");
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final Path file;
    private final AuditLog audit;

    /** The stored form. */
    static final class Store {
        List<StoredUser> users = new ArrayList<>();
        List<StoredRole> roles = new ArrayList<>();
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

    FileSecurityService(Path file, AuditLog audit) {
        this.file = file;
        this.audit = audit;
    }

    /** Creates the store with {@code osUser} as first administrator when it does not exist yet. */
    synchronized boolean initialise(String osUser) {
        if (Files.exists(file)) {
            return false;
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
            return new Subject(osUser, ownRoles, osUser, false);
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
        return new Subject(requestedUser, Set.copyOf(target.roles()), osUser, true);
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
            return new Store();
        }
        try {
            Store s = FileIO.GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Store.class);
            if (s == null) {
                s = new Store();
            }
            if (s.users == null) {
                s.users = new ArrayList<>();
            }
            if (s.roles == null) {
                s.roles = new ArrayList<>();
            }
            return s;
        } catch (JsonParseException e) {
            throw EnclaveException.badInput(file + " is damaged (" + e.getMessage()
                    + "). Restore it from a backup; user management is blocked until then.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(Store store) {
        FileIO.writeAtomically(file, FileIO.GSON.toJson(store) + "\n");
    }
}
