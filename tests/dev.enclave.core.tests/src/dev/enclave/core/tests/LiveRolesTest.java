package dev.enclave.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.AccessDeniedException;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.internal.DefaultWorkspace;

/**
 * Role changes apply to a running session (issue 16): a subject obtained at login sees roles given to or taken from
 * its user afterwards, at the next check, without logging in again.
 */
class LiveRolesTest {
    @TempDir
    Path dir;

    private Workspace ws;
    private Subject admin;

    @BeforeEach
    void open() {
        ws = new DefaultWorkspace(dir.resolve("data"), "it-admin");
        admin = ws.security().login("it-admin", null);
    }

    @Test
    void aRoleGivenAfterLoginIsHeldAtTheNextCheck() {
        ws.security().putUser(admin, "zhao", List.of("auditor"));
        Subject zhao = ws.security().startSession("zhao", null, "workbench");
        assertTrue(zhao.isLive());
        assertFalse(ws.accessPolicy().mayRead(zhao, List.of("engineer")));

        ws.security().putUser(admin, "zhao", List.of("auditor", "engineer"));

        assertEquals(Set.of("auditor", "engineer"), zhao.roles());
        assertTrue(zhao.hasRole("engineer"));
        assertTrue(ws.accessPolicy().mayRead(zhao, List.of("engineer")));
    }

    @Test
    void takingARoleOrRemovingTheUserRevokesAtTheNextCheck() {
        ws.security().putUser(admin, "qian", List.of("auditor", "engineer"));
        Subject qian = ws.security().login("qian", null);
        assertTrue(ws.accessPolicy().mayRead(qian, List.of("engineer")));

        ws.security().putUser(admin, "qian", List.of("auditor"));
        assertFalse(ws.accessPolicy().mayRead(qian, List.of("engineer")), "the role taken away no longer reads");
        assertTrue(ws.accessPolicy().mayRead(qian, List.of("auditor")));

        ws.security().removeUser(admin, "qian");
        assertTrue(qian.roles().isEmpty(), "a removed user holds no role: " + qian.roles());
        assertFalse(ws.accessPolicy().mayRead(qian, List.of("auditor")));
        assertThrows(AccessDeniedException.class,
                () -> ws.accessPolicy().checkRole(qian, "auditor", "read credit files"));
        assertEquals(AuditEntry.DENIED, ws.auditLog().tail(1).get(0).outcome(), "the denial is audited");
    }

    @Test
    void anAdministratorDemotedWhileRunningLosesAdministration() {
        ws.security().putUser(admin, "sun", List.of("admin"));
        Subject sun = ws.security().login("sun", null);
        ws.security().putUser(sun, "zhou", List.of("engineer")); // an administrator now
        ws.security().putUser(admin, "sun", List.of("engineer"));
        assertThrows(AccessDeniedException.class, () -> ws.security().putUser(sun, "wu", List.of("engineer")),
                "a demoted administrator's running session may no longer change users");
        assertTrue(ws.security().user("wu").isEmpty());
    }

    @Test
    void aChangeWrittenByAnotherProcessIsSeen() {
        ws.security().putUser(admin, "zheng", List.of("auditor"));
        Subject zheng = ws.security().login("zheng", null);
        assertFalse(zheng.hasRole("engineer"));
        // Another process (e.g. 'enclave users put' while the workbench runs) has its own service over the same file.
        Workspace other = new DefaultWorkspace(dir.resolve("data"), "it-admin");
        other.security().putUser(other.security().login("it-admin", null), "zheng", List.of("engineer"));
        assertEquals(Set.of("engineer"), zheng.roles());
    }

    @Test
    void anOsUserMadeAUserAfterLoginGetsItsRoles() {
        Subject newcomer = ws.security().login("newcomer", null);
        assertTrue(newcomer.roles().isEmpty());
        ws.security().putUser(admin, "newcomer", List.of("engineer"));
        assertEquals(Set.of("engineer"), newcomer.roles());
    }

    @Test
    void actingAsAnotherUserFollowsThatUserAndEndsWithTheAdministratorRole() {
        ws.security().putUser(admin, "feng", List.of("admin"));
        ws.security().putUser(admin, "wang", List.of("engineer"));
        Subject acting = ws.security().login("feng", "wang");
        assertEquals(Set.of("engineer"), acting.roles());
        ws.security().putUser(admin, "wang", List.of("engineer", "auditor"));
        assertEquals(Set.of("engineer", "auditor"), acting.roles());
        ws.security().putUser(admin, "feng", List.of("auditor"));
        assertTrue(acting.roles().isEmpty(), "no longer an administrator, so no longer acting as wang: "
                + acting.roles());
    }

    @Test
    void aUsersFileChangedOutsideEnclaveAllowsNothing() throws Exception {
        ws.security().putUser(admin, "he", List.of("engineer"));
        Subject he = ws.security().login("he", null);
        assertTrue(he.hasRole("engineer"));
        Path users = dir.resolve("data/security/users.json");
        Files.writeString(users, Files.readString(users).replace("\"engineer\"", "\"admin\""));
        EnclaveException e = assertThrows(EnclaveException.class, () -> he.hasRole("admin"),
                "a hand-edited file never grants a role");
        assertTrue(e.getMessage().contains("users.json"), e.getMessage());
    }

    @Test
    void aSubjectBuiltWithRolesKeepsThem() {
        Subject fixed = new Subject("chen", Set.of("auditor"), "chen", false);
        assertFalse(fixed.isLive());
        ws.security().putUser(admin, "chen", List.of("engineer"));
        assertEquals(Set.of("auditor"), fixed.roles());
    }
}
