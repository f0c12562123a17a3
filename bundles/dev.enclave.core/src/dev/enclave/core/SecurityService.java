package dev.enclave.core;

import java.util.List;
import java.util.Optional;

/**
 * Local users and roles of one workspace, stored in {@code <data>/security/users.json}.
 *
 * <p>A new workspace makes the OS user that created it an {@link Roles#ADMIN}.
 * Changes require an administrator subject and are written to the audit log.
 * Methods are thread-safe; changes from other processes are seen on the next call.
 */
public interface SecurityService {

    /** All users, sorted by name. */
    List<User> users();

    /** The user with that name, if any. */
    Optional<User> user(String name);

    /** All roles: the built-in ones and those the administrators defined. */
    List<RoleDefinition> roles();

    /**
     * Adds a user or replaces the roles of an existing one.
     *
     * @throws AccessDeniedException when {@code actor} is not an administrator
     * @throws EnclaveException      (bad input) when the name is invalid or a role is unknown
     */
    User putUser(Subject actor, String name, List<String> roles);

    /**
     * Removes a user.
     *
     * @throws EnclaveException (bad input) when the user does not exist or is the last administrator
     */
    void removeUser(Subject actor, String name);

    /** Defines a new role (administrators only). */
    RoleDefinition defineRole(Subject actor, String name, String description);

    /**
     * Establishes the acting subject of a session.
     *
     * @param osUser        the operating-system user that started the session
     * @param requestedUser the workspace user to act as, or {@code null} to act as {@code osUser}
     * @return the subject, {@linkplain Subject#live live}: its roles are the user's roles at each check, so role
     *         changes apply to a running session without a new login (a removed user holds none; acting as another
     *         user holds that user's roles only while the OS user is an administrator); an OS user unknown to the
     *         workspace gets no roles
     * @throws AccessDeniedException when a non-administrator asks to act as someone else
     * @throws EnclaveException      (bad input) when the requested user does not exist
     */
    Subject login(String osUser, String requestedUser);

    /**
     * Logs in as {@link #login} does and records that an interactive session of {@code client}
     * began, as one audit entry {@code CLIENT.start} on the workspace (e.g. {@code workbench.start}).
     *
     * @param client a short lower-case name of what is starting, e.g. {@code workbench}
     * @throws AccessDeniedException as {@link #login}
     * @throws EnclaveException      as {@link #login}
     */
    Subject startSession(String osUser, String requestedUser, String client);
}
