package dev.enclave.core;

import java.util.List;

/**
 * A local workspace user and the roles granted to it.
 *
 * @param name  the login name (matches the OS user name for people who use the product directly)
 * @param roles the role names, never empty for a stored user
 */
public record User(String name, List<String> roles) {
    public User {
        roles = List.copyOf(roles);
    }
}
