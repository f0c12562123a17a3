package dev.enclave.core;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The acting user of one session (one CLI call or one workbench run).
 *
 * <p>A subject from {@link SecurityService#login} is <em>live</em>: {@link #roles()} asks the workspace's users
 * file on every call, so a role given to or taken from the user (by {@link SecurityService#putUser} or
 * {@link SecurityService#removeUser}, in this process or another) applies to a running session at its next check,
 * without logging in again; a user removed from the workspace holds no role. A subject built with the
 * {@linkplain #Subject(String, Set, String, boolean) constructor} holds the roles it was given.
 *
 * <p>Services read {@link #roles()} when they check, never keep it: every call re-checks.
 */
public final class Subject {
    private final String name;
    private final Set<String> roles;
    private final String osUser;
    private final boolean impersonating;
    private final Supplier<Set<String>> liveRoles;

    /**
     * A subject with fixed roles.
     *
     * @param name          the workspace user the session acts as
     * @param roles         that user's roles (empty when the OS user is not a workspace user)
     * @param osUser        the operating-system account that started the session
     * @param impersonating true when an administrator acts as another user ({@code --user})
     */
    public Subject(String name, Set<String> roles, String osUser, boolean impersonating) {
        this(name, Set.copyOf(roles), osUser, impersonating, null);
    }

    private Subject(String name, Set<String> roles, String osUser, boolean impersonating,
            Supplier<Set<String>> liveRoles) {
        this.name = name;
        this.roles = roles;
        this.osUser = osUser;
        this.impersonating = impersonating;
        this.liveRoles = liveRoles;
    }

    /**
     * A subject whose roles are asked of {@code roles} on every {@link #roles()} call (what
     * {@link SecurityService#login} returns).
     *
     * @param roles the user's roles now; must be cheap (it is called on every check) and thread-safe
     */
    public static Subject live(String name, String osUser, boolean impersonating, Supplier<Set<String>> roles) {
        return new Subject(name, Set.of(), osUser, impersonating, Objects.requireNonNull(roles, "roles"));
    }

    /** The workspace user the session acts as. */
    public String name() {
        return name;
    }

    /**
     * That user's roles now (empty when the OS user is not, or no longer, a workspace user); an unmodifiable set.
     *
     * @throws EnclaveException (bad input) for a live subject whose workspace's users file has gone missing or was
     *                          changed outside Enclave: nothing is allowed then, as no command starts until it is
     *                          restored
     */
    public Set<String> roles() {
        return liveRoles == null ? roles : Set.copyOf(liveRoles.get());
    }

    /** The operating-system account that started the session. */
    public String osUser() {
        return osUser;
    }

    /** True when an administrator acts as another user ({@code --user}). */
    public boolean impersonating() {
        return impersonating;
    }

    /** Whether the roles are read anew on every check (see {@link #live}). */
    public boolean isLive() {
        return liveRoles != null;
    }

    /** Whether this subject holds the role. */
    public boolean hasRole(String role) {
        return roles().contains(role);
    }

    /** Whether this subject holds at least one of the roles. */
    public boolean hasAnyRole(Collection<String> anyOf) {
        Set<String> held = roles();
        for (String role : anyOf) {
            if (held.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this subject is an administrator. */
    public boolean isAdmin() {
        return roles().contains(Roles.ADMIN);
    }

    /** Equal when name, OS user, impersonation and the roles (now) are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Subject s && Objects.equals(name, s.name) && Objects.equals(osUser, s.osUser)
                && impersonating == s.impersonating && roles().equals(s.roles());
    }

    /** From name, OS user and impersonation (not the roles, which a live subject may change). */
    @Override
    public int hashCode() {
        return Objects.hash(name, osUser, impersonating);
    }

    @Override
    public String toString() {
        return "Subject[name=" + name + ", roles=" + roles() + ", osUser=" + osUser + ", impersonating="
                + impersonating + "]";
    }
}
