package dev.enclave.core;

import java.util.Collection;
import java.util.Set;

/**
 * The acting user of one session (one CLI call or one workbench run).
 *
 * @param name          the workspace user the session acts as
 * @param roles         that user's roles (empty when the OS user is not a workspace user)
 * @param osUser        the operating-system account that started the session
 * @param impersonating true when an administrator acts as another user ({@code --user})
 */
public record Subject(String name, Set<String> roles, String osUser, boolean impersonating) {
    public Subject {
        roles = Set.copyOf(roles);
    }

    /** Whether this subject holds the role. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Whether this subject holds at least one of the roles. */
    public boolean hasAnyRole(Collection<String> anyOf) {
        for (String role : anyOf) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this subject is an administrator. */
    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }
}
