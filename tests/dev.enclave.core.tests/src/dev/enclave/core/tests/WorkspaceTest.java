package dev.enclave.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.AccessDeniedException;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.DocumentInfo;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Roles;
import dev.enclave.core.Settings;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.internal.DefaultWorkspace;

class WorkspaceTest {
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
    void creatorIsFirstAdministratorAndCreationIsAudited() {
        assertTrue(admin.isAdmin());
        assertEquals(List.of(Roles.ADMIN), ws.security().user("it-admin").orElseThrow().roles());
        AuditEntry first = ws.auditLog().tail(10).get(0);
        assertEquals("workspace.create", first.action());
        assertEquals("it-admin", first.user());
    }

    @Test
    void usersAndRoles() {
        ws.security().putUser(admin, "zhang.san", List.of("auditor"));
        ws.security().defineRole(admin, "risk-officer", "Second line of defence");
        ws.security().putUser(admin, "li.si", List.of("risk-officer", "engineer"));
        assertEquals(List.of("it-admin", "li.si", "zhang.san"),
                ws.security().users().stream().map(u -> u.name()).toList());
        EnclaveException unknown = assertThrows(EnclaveException.class,
                () -> ws.security().putUser(admin, "x", List.of("nosuch")));
        assertTrue(unknown.isBadInput());
        assertTrue(unknown.getMessage().contains("nosuch"));
        Subject auditor = ws.security().login("zhang.san", null);
        assertThrows(AccessDeniedException.class, () -> ws.security().putUser(auditor, "y", List.of("auditor")));
        assertEquals(AuditEntry.DENIED, ws.auditLog().tail(1).get(0).outcome());
        EnclaveException lastAdmin = assertThrows(EnclaveException.class,
                () -> ws.security().removeUser(admin, "it-admin"));
        assertTrue(lastAdmin.getMessage().contains("no administrator"));
        ws.security().removeUser(admin, "li.si");
        assertTrue(ws.security().user("li.si").isEmpty());
    }

    @Test
    void onlyAdministratorsActAsOthers() {
        ws.security().putUser(admin, "wang", List.of("engineer"));
        Subject acting = ws.security().login("it-admin", "wang");
        assertEquals("wang", acting.name());
        assertTrue(acting.impersonating());
        assertEquals(List.of("engineer"), List.copyOf(acting.roles()));
        assertEquals("session.impersonate", ws.auditLog().tail(1).get(0).action());
        assertThrows(AccessDeniedException.class, () -> ws.security().login("wang", "it-admin"));
        EnclaveException missing = assertThrows(EnclaveException.class, () -> ws.security().login("it-admin", "ghost"));
        assertTrue(missing.getMessage().contains("ghost"));
        assertFalse(missing.getMessage().contains("--user"), "the service speaks of users, not of CLI options");
        Subject stranger = ws.security().login("stranger", null);
        assertTrue(stranger.roles().isEmpty(), "an OS user unknown to the workspace has no roles");
    }

    @Test
    void aSessionStartIsAuditedOnceByTheSecurityService() {
        int before = ws.auditLog().tail(10_000).size();
        Subject s = ws.security().startSession("it-admin", null, "workbench");
        assertEquals("it-admin", s.name());
        List<AuditEntry> added = ws.auditLog().tail(10_000);
        assertEquals(before + 1, added.size(), "one entry for one session start");
        AuditEntry last = added.get(added.size() - 1);
        assertEquals("workbench.start", last.action());
        assertEquals("it-admin", last.user());
        assertEquals(ws.root().toString(), last.object());
        assertThrows(AccessDeniedException.class, () -> ws.security().startSession("stranger", "it-admin", "workbench"));
    }

    @Test
    void documentsAreStoredOnceByHashAndReadOnlyThroughTheirAcl() throws Exception {
        ws.security().putUser(admin, "auditor1", List.of("auditor"));
        ws.security().putUser(admin, "eng1", List.of("engineer"));
        Subject auditor = ws.security().login("auditor1", null);
        Subject engineer = ws.security().login("eng1", null);
        Path report = dir.resolve("授信调查报告.txt");
        Files.writeString(report, "借款人：江南示例电子有限公司\n申请金额：人民币伍佰万元整\n", StandardCharsets.UTF_8);

        DocumentInfo d = ws.documents().add(auditor, report, List.of());
        String expected = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(report)));
        assertEquals(expected, d.id());
        assertEquals(List.of("auditor"), d.acl(), "default ACL is the importer's roles");
        assertEquals("txt", d.type());
        Path copy = dir.resolve("copy.txt");
        Files.copy(report, copy);
        assertEquals(d, ws.documents().add(auditor, copy, List.of()), "same bytes are stored once");
        assertEquals(1, ws.documents().list(auditor).size());

        assertTrue(ws.documents().list(engineer).isEmpty());
        assertTrue(ws.documents().get(engineer, d.id()).isEmpty());
        assertThrows(AccessDeniedException.class, () -> ws.documents().open(engineer, d.id()));
        AuditEntry denial = ws.auditLog().tail(1).get(0);
        assertEquals(AuditEntry.DENIED, denial.outcome());
        assertEquals(d.id(), denial.object());
        try (InputStream in = ws.documents().open(auditor, d.id())) {
            assertEquals(Files.readString(report), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertFalse(admin.hasAnyRole(d.acl()), "administrators are not exempt from document ACLs");
        assertThrows(AccessDeniedException.class, () -> ws.documents().delete(engineer, d.id()));
        ws.documents().delete(auditor, d.id());
        assertTrue(ws.documents().list(auditor).isEmpty());
        assertTrue(ws.auditLog().verify().intact());
    }

    @Test
    void settingsPersistAndABrokenFileIsNamed() throws Exception {
        ws.settings().put(Settings.MODELS_FOLDER, "/srv/models");
        Workspace again = new DefaultWorkspace(dir.resolve("data"), "someone-else");
        assertEquals("/srv/models", again.settings().get(Settings.MODELS_FOLDER).orElseThrow());
        assertEquals(List.of(Roles.ADMIN), again.security().user("it-admin").orElseThrow().roles(),
                "re-opening does not make a second creator admin");
        assertTrue(again.security().user("someone-else").isEmpty());
        Files.writeString(dir.resolve("data/settings.json"), "{ not json");
        EnclaveException e = assertThrows(EnclaveException.class, () -> ws.settings().get("x"));
        assertTrue(e.isBadInput());
        assertTrue(e.getMessage().contains("settings.json"));
    }

    @Test
    void aFileIsNotAWorkspace() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        EnclaveException e = assertThrows(EnclaveException.class, () -> new DefaultWorkspace(file, "u"));
        assertTrue(e.isBadInput());
        assertTrue(e.getMessage().contains("plain-file"));
        assertNotEquals("", e.getMessage());
    }
}
