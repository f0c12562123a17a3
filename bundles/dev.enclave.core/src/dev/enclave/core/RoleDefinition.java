package dev.enclave.core;

/**
 * A role known to the workspace.
 *
 * @param name        the role name used in ACLs ({@code [a-z][a-z0-9-]*})
 * @param description what the role is for, shown to administrators
 * @param builtIn     whether the role is one of {@link Roles#BUILT_IN} (cannot be removed)
 */
public record RoleDefinition(String name, String description, boolean builtIn) {
}
