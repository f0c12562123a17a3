package dev.enclave.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.AuditVerification;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import dev.enclave.core.Hashes;
import dev.enclave.core.OsIdentity;
import dev.enclave.core.Roles;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.WorkspaceDoctor;
import dev.enclave.core.internal.AuditKeyring;
import dev.enclave.core.internal.ChainedAuditLog;
import dev.enclave.core.internal.DefaultWorkspace;
import dev.enclave.core.internal.DefaultWorkspaceDoctor;

/** Identity from the OS, the signed users file, private files, keyed hashes and who reads the audit log. */
class SecurityHardeningTest {
    @TempDir
    Path dir;

    private DefaultWorkspace open(String name) {
        return new DefaultWorkspace(dir.resolve(name), "it-admin", dir.resolve("keys"));
    }

    @Test
    void theOsUserComesFromTheOperatingSystemNotFromUserName() throws Exception {
        String before = System.getProperty("user.name");
        Path probe = Files.createFile(dir.resolve("probe"));
        String owner = Files.getOwner(probe).getName();
        try {
            System.setProperty("user.name", "ADMIN");
            assertEquals(owner, OsIdentity.current(), "the account that creates files, whatever user.name says");
            assertNotEquals("ADMIN", OsIdentity.current());
        } finally {
            System.setProperty("user.name", before);
        }
    }

    @Test
    void theUsersFileIsSignedAndAChangedOrMissingOneStopsTheWorkspace() throws Exception {
        DefaultWorkspace ws = open("ws");
        Subject admin = ws.security().login("it-admin", null);
        ws.security().putUser(admin, "li.si", List.of(Roles.ENGINEER));
        Path users = ws.root().resolve("security/users.json");
        String text = Files.readString(users, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"signature\""), text);

        // An engineer with file access makes himself admin.
        Files.writeString(users, text.replace("\"engineer\"", "\"admin\""), StandardCharsets.UTF_8);
        EnclaveException changed = assertThrows(EnclaveException.class, () -> open("ws"));
        assertTrue(changed.isBadInput());
        assertTrue(changed.getMessage().contains("users.json") && changed.getMessage().contains("signature"),
                changed.getMessage());

        // Deleting it does not make the next user admin either.
        Files.delete(users);
        EnclaveException missing = assertThrows(EnclaveException.class,
                () -> new DefaultWorkspace(dir.resolve("ws"), "li.si", dir.resolve("keys")));
        assertTrue(missing.isBadInput() && missing.getMessage().contains("missing"), missing.getMessage());
        assertFalse(Files.exists(users), "nothing was written in its place");

        // A genuine file signed for another workspace of the same owner is refused too.
        DefaultWorkspace other = open("other");
        Subject otherAdmin = other.security().login("it-admin", null);
        other.security().putUser(otherAdmin, "li.si", List.of(Roles.ADMIN));
        Files.copy(other.root().resolve("security/users.json"), users);
        EnclaveException copied = assertThrows(EnclaveException.class, () -> open("ws"));
        assertTrue(copied.getMessage().contains("signature"), copied.getMessage());
    }

    @Test
    void everyFileTheCoreWritesIsPrivate() throws Exception {
        DefaultWorkspace ws = open("ws");
        Subject admin = ws.security().login("it-admin", null);
        ws.security().putUser(admin, "li.si", List.of(Roles.ENGINEER));
        ws.settings().put("ui.theme", "dark");
        ws.serviceFolder("knowledge");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.root())));
        List<Path> all;
        try (Stream<Path> s = Files.walk(ws.root())) {
            all = s.toList();
        }
        assertTrue(all.size() >= 8, all.toString());
        for (Path p : all) {
            assertFalse(FileIO.readableByOthers(p), p + " is " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        }
        Path keys = dir.resolve("keys");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("audit-ed25519.key"))));
        assertTrue(ws.warnings().isEmpty(), ws.warnings().toString());
        String key = Files.readString(keys.resolve("audit-ed25519.key"));
        try (Stream<Path> s = Files.walk(ws.root())) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(p, StandardCharsets.ISO_8859_1).contains(
                        com.google.gson.JsonParser.parseString(key).getAsJsonObject().get("private_key").getAsString()),
                        "the private key is in no workspace file: " + p);
            }
        }
    }

    @Test
    void theDoctorFindsAndRepairsPermissionsAndAnOpenWorkspaceWarns() throws Exception {
        DefaultWorkspace ws = open("ws");
        Files.setPosixFilePermissions(ws.root(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path settings = ws.root().resolve("settings.json");
        Files.writeString(settings, "{}\n");
        Files.setPosixFilePermissions(settings, PosixFilePermissions.fromString("rw-r--r--"));
        assertFalse(open("ws").warnings().isEmpty(), "opening a workspace others can read warns");

        DefaultWorkspaceDoctor doctor = new DefaultWorkspaceDoctor();
        WorkspaceDoctor.Report found = doctor.check(ws.root());
        assertFalse(found.ok());
        assertTrue(found.findings().stream().anyMatch(f -> f.path().equals(settings)), found.findings().toString());
        assertTrue(found.findings().stream().anyMatch(f -> f.path().equals(ws.root())), found.findings().toString());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings)),
                "check changes nothing");

        WorkspaceDoctor.Report fixed = doctor.fix(ws.root(), "it-admin");
        assertTrue(fixed.ok(), fixed.findings().toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings)));
        assertTrue(doctor.check(ws.root()).findings().isEmpty());
        assertThrows(EnclaveException.class, () -> doctor.check(dir.resolve("nowhere")));
    }

    @Test
    void questionHashesAreKeyedPerWorkspace() {
        Workspace a = open("a");
        Workspace b = open("b");
        String question = "华创精密的内部评级是多少？";
        String keyed = Hashes.keyed(a, question);
        assertTrue(keyed.matches("[0-9a-f]{64}"), keyed);
        assertEquals(keyed, Hashes.keyed(a, question), "equal questions give equal hashes in one workspace");
        assertEquals(keyed, Hashes.keyed(open("a"), question), "and across processes");
        assertNotEquals(Hashes.sha256Hex(question), keyed, "not the guessable plain SHA-256");
        assertNotEquals(keyed, Hashes.keyed(b, question), "another workspace, another secret");
        assertNotEquals(keyed, Hashes.keyed(a, question + " "));
    }

    @Test
    void onlyAdminsAndAuditReadersReadEveryonesEntries() {
        DefaultWorkspace ws = open("ws");
        Subject admin = ws.security().login("it-admin", null);
        ws.security().putUser(admin, "li.si", List.of(Roles.ENGINEER));
        ws.security().putUser(admin, "wang.wu", List.of(Roles.AUDIT_READER));
        ws.auditLog().append("li.si", "search", "own", AuditEntry.SUCCESS, "");
        ws.auditLog().append("zhang.san", "assistant.ask", "secret", AuditEntry.SUCCESS, "");
        Subject engineer = ws.security().login("it-admin", "li.si");
        List<AuditEntry> own = ws.auditLog().tail(engineer, 100);
        assertEquals(List.of("own"), own.stream().map(AuditEntry::object).toList());
        Subject reader = ws.security().login("it-admin", "wang.wu");
        assertTrue(ws.auditLog().tail(reader, 100).stream().anyMatch(e -> e.object().equals("secret")));
        assertEquals(2, ws.auditLog().tail(admin, 2).size());
        assertTrue(ws.security().roles().stream().anyMatch(r -> r.name().equals(Roles.AUDIT_READER) && r.builtIn()));
    }

    @Test
    void concurrentSignedAppendsFromTwoOpenersKeepOneVerifiableChain() throws Exception {
        DefaultWorkspace first = open("ws");
        // A second opener of the same folder with the same account's key: another process, in effect.
        DefaultWorkspace second = new DefaultWorkspace(dir.resolve("ws"), "it-admin", dir.resolve("keys"));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            DefaultWorkspace ws = t % 2 == 0 ? first : second;
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 15; i++) {
                    ws.auditLog().append("u" + thread, "search", "q" + i, AuditEntry.SUCCESS, "");
                }
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        AuditVerification v = first.auditLog().verify();
        assertTrue(v.intact(), v.problem());
        assertTrue(v.signed());
        assertEquals(1 + 4 * 15, v.entries());
    }

    @Test
    void aPassphraseProtectsThePrivateKey() throws Exception {
        Path keys = dir.resolve("protected-keys");
        Path root = dir.resolve("ws");
        AuditKeyring locked = new AuditKeyring(keys, root, "correct horse".toCharArray());
        String sig = locked.signText("hello");
        assertTrue(AuditKeyring.verifies(locked.publicKey(), "hello", sig));
        String file = Files.readString(locked.keyFile());
        assertFalse(file.contains("\"private_key\""), "only the encrypted form is stored");
        EnclaveException none = assertThrows(EnclaveException.class,
                () -> new AuditKeyring(keys, root, null).signText("x"));
        assertTrue(none.getMessage().contains(AuditKeyring.PASSPHRASE_ENV), none.getMessage());
        EnclaveException wrong = assertThrows(EnclaveException.class,
                () -> new AuditKeyring(keys, root, "wrong".toCharArray()).signText("x"));
        assertTrue(wrong.isBadInput() && wrong.getMessage().contains("passphrase"), wrong.getMessage());

        Files.writeString(locked.keyFile(), "{ damaged");
        EnclaveException damaged = assertThrows(EnclaveException.class,
                () -> new AuditKeyring(keys, root, null).signText("x"));
        assertTrue(damaged.isBadInput() && damaged.getMessage().contains(locked.keyFile().toString()),
                damaged.getMessage());
    }

    @Test
    void anotherAccountsKeyCannotWriteAndAWorkspaceFromBeforeSigningIsUpgraded() throws Exception {
        DefaultWorkspace ws = open("ws");
        DefaultWorkspace stranger = new DefaultWorkspace(dir.resolve("ws"), "it-admin", dir.resolve("stranger-keys"));
        EnclaveException e = assertThrows(EnclaveException.class,
                () -> stranger.auditLog().append("x", "y", "z", AuditEntry.SUCCESS, ""));
        assertTrue(e.isBadInput() && e.getMessage().contains("key"), e.getMessage());
        assertTrue(ws.auditLog().verify().intact(), "nothing was written");

        // A workspace written before signing: an unsigned chain and an unsigned users file.
        Path legacy = dir.resolve("legacy");
        ChainedAuditLog old = new ChainedAuditLog(legacy.resolve("audit"));
        old.append("it-admin", "workspace.create", legacy.toString(), AuditEntry.SUCCESS, "");
        old.append("it-admin", "users.put", "li.si", AuditEntry.SUCCESS, "");
        Files.createDirectories(legacy.resolve("security"));
        Files.writeString(legacy.resolve("security/users.json"),
                "{\"users\":[{\"name\":\"it-admin\",\"roles\":[\"admin\"]},{\"name\":\"li.si\",\"roles\":[\"engineer\"]}]}");
        DefaultWorkspace upgraded = new DefaultWorkspace(legacy, "li.si", dir.resolve("keys"));
        assertEquals(2, upgraded.security().users().size(), "the old users file is read as it is");
        upgraded.auditLog().append("li.si", "search", "q", AuditEntry.SUCCESS, "");
        AuditVerification v = upgraded.auditLog().verify();
        assertTrue(v.intact(), v.problem());
        assertTrue(v.signed());
        assertEquals(3, v.signedFrom(), "signing starts with the first entry after the upgrade");
        assertTrue(Files.readString(legacy.resolve("security/users.json")).contains("\"signature\""),
                "the users file is signed when the key is registered");
        assertTrue(new DefaultWorkspace(legacy, "li.si", dir.resolve("keys")).security().user("li.si").isPresent());
    }
}
