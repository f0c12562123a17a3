package dev.enclave.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.Workspace;
import dev.enclave.tests.support.Cli;
import dev.enclave.tests.support.Workspaces;

/** The hardened CLI: OS identity, anchors, who reads the audit log, the users file and 'enclave doctor'. */
class CliSecurityTest {
    @TempDir
    Path dir;

    private Path data() {
        return dir.resolve("ws");
    }

    private Cli.Run run(String... args) {
        return Cli.run(data(), args);
    }

    private static String osUser() throws Exception {
        Path probe = Files.createTempFile("enclave-owner", ".probe");
        try {
            return Files.getOwner(probe).getName();
        } finally {
            Files.delete(probe);
        }
    }

    @Test
    void userNameSetAsAPropertyChangesNobodysIdentity() throws Exception {
        String before = System.getProperty("user.name");
        String me = osUser();
        try {
            System.setProperty("user.name", "ADMIN");
            Cli.Run add = run("users", "add", "bob", "--role", "auditor");
            assertEquals(0, add.code(), add.toString());
            JsonObject users = JsonParser.parseString(run("users", "list", "--json").out()).getAsJsonObject();
            List<String> names = users.getAsJsonArray("users").asList().stream()
                    .map(u -> u.getAsJsonObject().get("name").getAsString()).toList();
            assertTrue(names.contains(me) && !names.contains("ADMIN"), "the first admin is the OS account: " + names);
            JsonObject last = JsonParser.parseString(run("audit-log", "tail", "-n", "1", "--json").out())
                    .getAsJsonObject();
            assertEquals(me, last.get("user").getAsString(), "the acting user is the OS account");
            Cli.Run spoofed = run("--user", "ADMIN", "users", "list");
            assertEquals(2, spoofed.code(), "ADMIN is nobody here: " + spoofed);
        } finally {
            System.setProperty("user.name", before);
        }
    }

    @Test
    void anchorPrintsSeqAndHashAndVerifyProvesThePrefix() throws Exception {
        run("users", "add", "a1", "--role", "auditor");
        Cli.Run anchor = run("audit-log", "anchor");
        assertEquals(0, anchor.code(), anchor.toString());
        String text = anchor.out().strip();
        assertTrue(text.matches("\\d+:[0-9a-f]{64}"), text);
        JsonObject asJson = JsonParser.parseString(run("audit-log", "anchor", "--json").out()).getAsJsonObject();
        assertEquals(text, asJson.get("anchor").getAsString());

        run("users", "add", "a2", "--role", "auditor");
        Cli.Run ok = run("audit-log", "verify", "--anchor", text, "--json");
        assertEquals(0, ok.code(), ok.toString());
        JsonObject v = JsonParser.parseString(ok.out()).getAsJsonObject();
        assertTrue(v.get("ok").getAsBoolean() && v.get("signed").getAsBoolean(), ok.out());
        assertEquals(text, v.get("anchor").getAsString());
        for (String key : List.of("entries", "first_bad_line", "first_bad_entry", "problem", "signed_from", "key",
                "key_trusted")) {
            assertTrue(v.has(key), key + " in " + ok.out());
        }

        // Cut the log back before the anchor and delete the head.
        Path log = data().resolve("audit/audit.jsonl");
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        Files.writeString(log, String.join("\n", lines.subList(0, 1)) + "\n", StandardCharsets.UTF_8);
        Files.delete(data().resolve("audit/audit.head"));
        Cli.Run bad = run("audit-log", "verify", "--anchor", text);
        assertEquals(1, bad.code(), bad.toString());
        assertTrue(bad.out().contains("NOT intact"), bad.out());

        Cli.Run malformed = run("audit-log", "verify", "--anchor", "7:abc");
        assertEquals(2, malformed.code(), malformed.toString());
        assertTrue(malformed.err().contains("--anchor 7:abc"), malformed.err());
    }

    @Test
    void everyoneSeesTheirOwnEntriesOnlyAuditReadersAndAdminsSeeAll() {
        run("users", "add", "eng", "--role", "engineer");
        run("users", "add", "reader", "--role", "audit-reader");
        Workspace ws = Workspaces.open(data(), "unused");
        ws.auditLog().append("eng", "search", "own-query", AuditEntry.SUCCESS, "");
        ws.auditLog().append("auditor1", "assistant.ask", "secret-report.pdf", AuditEntry.SUCCESS, "");
        Cli.Run asEngineer = run("--user", "eng", "audit-log", "tail", "-n", "50");
        assertEquals(0, asEngineer.code(), asEngineer.toString());
        assertTrue(asEngineer.out().contains("own-query"), asEngineer.out());
        assertFalse(asEngineer.out().contains("secret-report.pdf"), asEngineer.out());
        Cli.Run asReader = run("--user", "reader", "audit-log", "tail", "-n", "50");
        assertTrue(asReader.out().contains("secret-report.pdf"), asReader.out());
        assertTrue(run("audit-log", "tail", "-n", "50").out().contains("secret-report.pdf"), "admins read all");
    }

    @Test
    void aDamagedOrMissingUsersFileStopsWithAMessageNotAStackTrace() throws Exception {
        assertEquals(0, run("users", "add", "eng", "--role", "engineer").code());
        Path users = data().resolve("security/users.json");
        String text = Files.readString(users, StandardCharsets.UTF_8);
        Files.writeString(users, text.replace("\"engineer\"", "\"admin\""), StandardCharsets.UTF_8);
        Cli.Run changed = run("users", "list");
        assertEquals(2, changed.code(), changed.toString());
        assertTrue(changed.err().contains("users.json"), changed.err());
        assertFalse(changed.err().contains("\tat ") || changed.err().contains("    at "), changed.err());

        Files.writeString(users, "{ not json", StandardCharsets.UTF_8);
        Cli.Run damaged = run("users", "list");
        assertEquals(2, damaged.code(), damaged.toString());
        assertFalse(damaged.err().contains("    at "), damaged.err());

        Files.delete(users);
        Cli.Run missing = run("users", "list");
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("missing"), missing.err());
        assertFalse(Files.exists(users), "nobody was made admin in its place");
    }

    @Test
    void doctorReportsAndRepairsPermissions() throws Exception {
        assertEquals(0, run("users", "add", "eng", "--role", "engineer").code());
        Cli.Run clean = run("doctor");
        assertEquals(0, clean.code(), clean.toString());
        assertTrue(clean.out().contains("private"), clean.out());

        Files.setPosixFilePermissions(data(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path users = data().resolve("security/users.json");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));
        Cli.Run warned = run("users", "list");
        assertEquals(0, warned.code(), warned.toString());
        assertTrue(warned.err().contains("warning") && warned.err().contains("doctor"), warned.err());

        Cli.Run found = run("doctor", "--json");
        assertEquals(1, found.code(), found.toString());
        JsonObject report = JsonParser.parseString(found.out()).getAsJsonObject();
        assertFalse(report.get("ok").getAsBoolean());
        assertTrue(report.getAsJsonArray("findings").size() >= 2, found.out());
        assertTrue(found.out().contains("users.json"), found.out());

        Cli.Run fixed = run("doctor", "--fix", "--json");
        assertEquals(0, fixed.code(), fixed.toString());
        assertTrue(JsonParser.parseString(fixed.out()).getAsJsonObject().get("fixed").getAsInt() >= 2, fixed.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data())));
        assertEquals(0, run("doctor").code());
        assertTrue(run("audit-log", "tail", "-n", "3").out().contains("doctor.fix"), "the repair is audited");

        Cli.Run nowhere = Cli.run(dir.resolve("no-such-folder"), "doctor");
        assertEquals(2, nowhere.code(), nowhere.toString());
        assertTrue(nowhere.err().contains("no-such-folder"), nowhere.err());
    }
}
