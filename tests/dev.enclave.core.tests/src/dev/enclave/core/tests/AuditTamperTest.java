package dev.enclave.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.AuditAnchor;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.AuditVerification;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import dev.enclave.core.Hashes;
import dev.enclave.core.Subject;
import dev.enclave.core.internal.AuditKeyring;
import dev.enclave.core.internal.ChainedAuditLog;
import dev.enclave.core.internal.DefaultWorkspace;

/**
 * The 23 tampering cases of the bank's security test (issue 22), each done the way an attacker with
 * write access to the workspace's files but without the owner's audit key would do it: every one is
 * reported when an anchor taken before the tampering is given, and every rewrite is reported by the
 * signatures alone.
 */
class AuditTamperTest {
    @TempDir
    Path dir;

    /** A workspace with a few entries, and the anchor its owner recorded before the attack. */
    private record Setup(Path root, Path keys, AuditAnchor anchor) {
        Path log() {
            return root.resolve("audit/audit.jsonl");
        }

        Path head() {
            return root.resolve("audit/audit.head");
        }

        ChainedAuditLog freshLog() {
            return new ChainedAuditLog(root.resolve("audit"), new AuditKeyring(keys, root, null), null);
        }
    }

    @FunctionalInterface
    private interface Tamper {
        void apply(Setup s, Forger f) throws Exception;
    }

    /**
     * @param rewrite the attacker wrote entries or a head of their own (so a signature must be missing or wrong)
     */
    private record Case(String name, boolean rewrite, Tamper tamper) {
    }

    private Setup setup(String name) {
        Path root = dir.resolve(name).resolve("ws");
        Path keys = dir.resolve(name).resolve("keys");
        DefaultWorkspace ws = new DefaultWorkspace(root, "it-admin", keys);
        Subject admin = ws.security().login("it-admin", null);
        ws.security().putUser(admin, "zhang.san", List.of("auditor"));
        ws.security().putUser(admin, "li.si", List.of("engineer"));
        for (int i = 1; i <= 5; i++) {
            ws.auditLog().append("zhang.san", "assistant.ask", "q-" + i, AuditEntry.SUCCESS, "第" + i + "个问题");
        }
        AuditVerification before = ws.auditLog().verify();
        assertTrue(before.intact(), before.problem());
        assertTrue(before.signed());
        return new Setup(root, keys, ws.auditLog().anchor());
    }

    /** What the attacker can do: parse, re-chain and re-hash lines, and sign with a key of their own. */
    private static final class Forger {
        private final KeyPair own;

        Forger() throws Exception {
            own = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        }

        String sign(String text) throws Exception {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(own.getPrivate());
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        }

        String publicKey() {
            return Base64.getEncoder().encodeToString(own.getPublic().getEncoded());
        }

        static JsonObject body(String line) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            o.remove("hash");
            o.remove("sig");
            return o;
        }

        static String hashOf(String line) {
            return JsonParser.parseString(line).getAsJsonObject().get("hash").getAsString();
        }

        /** Re-numbers, re-chains, re-hashes and (with the attacker's key, under {@code id}) signs the bodies. */
        List<String> chain(List<JsonObject> bodies, long firstSeq, String prev, String id) throws Exception {
            List<String> out = new ArrayList<>();
            long seq = firstSeq;
            for (JsonObject b : bodies) {
                JsonObject o = new JsonObject();
                o.addProperty("seq", seq++);
                for (String key : List.of("time", "user", "action", "object", "outcome", "detail")) {
                    o.add(key, b.get(key));
                }
                o.addProperty("prev", prev);
                String body = FileIO.COMPACT.toJson(o);
                String hash = Hashes.sha256Hex(body);
                out.add(body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash + "\",\"sig\":\""
                        + sign(id + ":" + hash) + "\"}");
                prev = hash;
            }
            return out;
        }

        static JsonObject entry(String user, String action, String object) {
            JsonObject o = new JsonObject();
            o.addProperty("time", "2026-12-01T00:00:00Z");
            o.addProperty("user", user);
            o.addProperty("action", action);
            o.addProperty("object", object);
            o.addProperty("outcome", AuditEntry.SUCCESS);
            o.addProperty("detail", "");
            return o;
        }

        /** Writes a head for the last line, signed with the attacker's key. */
        void fixHead(Setup s, List<String> lines, String id) throws Exception {
            if (lines.isEmpty()) {
                Files.deleteIfExists(s.head());
                return;
            }
            long seq = lines.size();
            String hash = hashOf(lines.get(lines.size() - 1));
            Files.writeString(s.head(), seq + " " + hash + " " + sign(id + ":head:" + seq + ":" + hash) + "\n");
        }
    }

    private static List<String> lines(Setup s) throws IOException {
        return new ArrayList<>(Files.readAllLines(s.log(), StandardCharsets.UTF_8));
    }

    private static void write(Setup s, List<String> lines) throws IOException {
        Files.writeString(s.log(), lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static String id(Setup s) throws IOException {
        return JsonParser.parseString(Files.readString(s.root().resolve("audit/audit.pub"))).getAsJsonObject().get("id")
                .getAsString();
    }

    private static List<JsonObject> bodies(List<String> lines) {
        return lines.stream().map(Forger::body).toList();
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("01 truncate the tail, head intact", false, (s, f) -> {
            List<String> l = lines(s);
            write(s, l.subList(0, l.size() - 2));
        }));
        c.add(new Case("02 truncate the tail and fix audit.head", true, (s, f) -> {
            List<String> l = lines(s).subList(0, lines(s).size() - 2);
            write(s, l);
            f.fixHead(s, l, id(s));
        }));
        c.add(new Case("03 truncate the tail and delete audit.head", false, (s, f) -> {
            List<String> l = lines(s);
            write(s, l.subList(0, l.size() - 2));
            Files.delete(s.head());
        }));
        c.add(new Case("04 append a forged entry with a recomputed hash, head fixed", true, (s, f) -> {
            List<String> l = lines(s);
            l.addAll(f.chain(List.of(Forger.entry("zhang.san", "users.put", "mallory")), l.size() + 1,
                    Forger.hashOf(l.get(l.size() - 1)), id(s)));
            write(s, l);
            f.fixHead(s, l, id(s));
        }));
        c.add(new Case("05 append a forged entry with a recomputed hash, head deleted", true, (s, f) -> {
            List<String> l = lines(s);
            l.addAll(f.chain(List.of(Forger.entry("zhang.san", "users.put", "mallory")), l.size() + 1,
                    Forger.hashOf(l.get(l.size() - 1)), id(s)));
            write(s, l);
            Files.delete(s.head());
        }));
        c.add(new Case("06 append three forged entries, head fixed", true, (s, f) -> {
            List<String> l = lines(s);
            l.addAll(f.chain(List.of(Forger.entry("li.si", "a", "1"), Forger.entry("li.si", "b", "2"),
                    Forger.entry("li.si", "c", "3")), l.size() + 1, Forger.hashOf(l.get(l.size() - 1)), id(s)));
            write(s, l);
            f.fixHead(s, l, id(s));
        }));
        c.add(new Case("07 rewrite a middle entry and re-chain", true, (s, f) -> {
            List<JsonObject> b = new ArrayList<>(bodies(lines(s)));
            b.get(3).addProperty("object", "q-rewritten");
            List<String> l = f.chain(b, 1, ChainedAuditLog.GENESIS, id(s));
            write(s, l);
            f.fixHead(s, l, id(s));
        }));
        c.add(new Case("08 insert an entry in the middle and re-chain", true, (s, f) -> {
            List<JsonObject> b = new ArrayList<>(bodies(lines(s)));
            b.add(3, Forger.entry("li.si", "documents.delete", "doc-secret"));
            List<String> l = f.chain(b, 1, ChainedAuditLog.GENESIS, id(s));
            write(s, l);
            f.fixHead(s, l, id(s));
        }));
        c.add(new Case("09 delete a middle entry and re-chain", true, (s, f) -> {
            List<JsonObject> b = new ArrayList<>(bodies(lines(s)));
            b.remove(4);
            List<String> l = f.chain(b, 1, ChainedAuditLog.GENESIS, id(s));
            write(s, l);
            f.fixHead(s, l, id(s));
        }));
        c.add(new Case("10 rewrite the first entry and re-chain", true, (s, f) -> {
            List<JsonObject> b = new ArrayList<>(bodies(lines(s)));
            b.get(0).addProperty("user", "mallory");
            List<String> l = f.chain(b, 1, ChainedAuditLog.GENESIS, id(s));
            write(s, l);
            f.fixHead(s, l, id(s));
        }));
        c.add(new Case("11 delete audit.head alone", false, (s, f) -> Files.delete(s.head())));
        c.add(new Case("12 empty the log, head kept", false, (s, f) -> write(s, List.of())));
        c.add(new Case("13 empty the log and delete audit.head", false, (s, f) -> {
            write(s, List.of());
            Files.delete(s.head());
        }));
        c.add(new Case("14 delete the log and audit.head", false, (s, f) -> {
            Files.delete(s.log());
            Files.delete(s.head());
        }));
        c.add(new Case("15 replace the whole history (same length), head fixed", true, (s, f) -> {
            List<JsonObject> b = new ArrayList<>();
            for (int i = 0; i < lines(s).size(); i++) {
                b.add(Forger.entry("li.si", "search", "harmless-" + i));
            }
            List<String> l = f.chain(b, 1, ChainedAuditLog.GENESIS, id(s));
            write(s, l);
            f.fixHead(s, l, id(s));
        }));
        c.add(new Case("16 replace the whole history with a longer one, head fixed", true, (s, f) -> {
            List<JsonObject> b = new ArrayList<>();
            for (int i = 0; i < lines(s).size() + 4; i++) {
                b.add(Forger.entry("li.si", "search", "harmless-" + i));
            }
            List<String> l = f.chain(b, 1, ChainedAuditLog.GENESIS, id(s));
            write(s, l);
            f.fixHead(s, l, id(s));
        }));
        c.add(new Case("17 single-byte edit in an entry's detail", false, (s, f) -> {
            byte[] bytes = Files.readAllBytes(s.log());
            int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("q-3");
            bytes[at + 2] = (byte) '8';
            Files.write(s.log(), bytes);
        }));
        c.add(new Case("18 single-byte edit in a hash", false, (s, f) -> {
            List<String> l = lines(s);
            String line = l.get(2);
            int at = line.indexOf("\"hash\":\"") + 8;
            l.set(2, line.substring(0, at) + (line.charAt(at) == 'a' ? 'b' : 'a') + line.substring(at + 1));
            write(s, l);
        }));
        c.add(new Case("19 delete a middle line", false, (s, f) -> {
            List<String> l = lines(s);
            l.remove(3);
            write(s, l);
        }));
        c.add(new Case("20 swap two middle lines", false, (s, f) -> {
            List<String> l = lines(s);
            Collections.swap(l, 2, 3);
            write(s, l);
        }));
        c.add(new Case("21 half-written last line", false, (s, f) -> {
            String text = Files.readString(s.log(), StandardCharsets.UTF_8);
            Files.writeString(s.log(), text.substring(0, text.length() - 40), StandardCharsets.UTF_8);
        }));
        c.add(new Case("22 replay (duplicate) an entry", false, (s, f) -> {
            List<String> l = lines(s);
            l.add(l.get(1));
            write(s, l);
        }));
        c.add(new Case("23 swap in the attacker's key (audit.pub) and re-sign the whole log and head", true, (s, f) -> {
            Path pub = s.root().resolve("audit/audit.pub");
            JsonObject reg = JsonParser.parseString(Files.readString(pub)).getAsJsonObject();
            reg.addProperty("public_key", f.publicKey());
            reg.addProperty("fingerprint", AuditKeyring.fingerprint(java.security.KeyFactory.getInstance("Ed25519")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(Base64.getDecoder().decode(f.publicKey())))));
            Files.writeString(pub, FileIO.GSON.toJson(reg));
            List<JsonObject> b = new ArrayList<>(bodies(lines(s)));
            b.get(2).addProperty("object", "q-rewritten");
            List<String> l = f.chain(b, 1, ChainedAuditLog.GENESIS, reg.get("id").getAsString());
            write(s, l);
            f.fixHead(s, l, reg.get("id").getAsString());
        }));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> everyTamperingIsFoundWithAnAnchorTakenBefore() {
        List<Case> all = cases();
        assertEquals(23, all.size());
        return all.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Setup s = setup("anchor-" + c.name().substring(0, 2));
            c.tamper().apply(s, new Forger());
            AuditVerification v = s.freshLog().verify(s.anchor());
            assertFalse(v.intact(), c.name() + ": reported as intact");
            assertFalse(v.problem().isBlank());
            // The verifier may be another account, with only the workspace's files and the anchor.
            Files.deleteIfExists(new AuditKeyring(s.keys(), s.root(), null).pinFile());
            AuditVerification other = s.freshLog().verify(s.anchor());
            assertFalse(other.intact(), c.name() + ": reported as intact to a verifier without the owner's record");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyRewriteIsFoundByTheSignaturesAlone() {
        return cases().stream().filter(Case::rewrite).map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Setup s = setup("sig-" + c.name().substring(0, 2));
            c.tamper().apply(s, new Forger());
            AuditVerification v = s.freshLog().verify();
            assertFalse(v.intact(), c.name() + ": a rewrite without the key verified");
            assertTrue(v.problem().contains("key") || v.problem().contains("sign"), v.problem());
        }));
    }

    @Test
    void anEmptiedOrDeletedLogIsFoundWithoutAnAnchorToo() throws Exception {
        Setup s = setup("emptied");
        write(s, List.of());
        Files.delete(s.head());
        AuditVerification v = s.freshLog().verify();
        assertFalse(v.intact());
        assertTrue(v.problem().contains("emptied"), v.problem());
        Files.delete(s.log());
        assertFalse(s.freshLog().verify().intact());
    }

    @Test
    void anAnchorStillHoldsAfterLaterAppendsAndAWrongOneFails() {
        Setup s = setup("later");
        DefaultWorkspace ws = new DefaultWorkspace(s.root(), "it-admin", s.keys());
        ws.auditLog().append("li.si", "search", "more", AuditEntry.SUCCESS, "");
        AuditVerification ok = ws.auditLog().verify(s.anchor());
        assertTrue(ok.intact(), ok.problem());
        assertEquals(s.anchor().toString(), ok.anchor());
        assertTrue(ok.keyTrusted(), "the owner checks against their own record");
        AuditAnchor wrong = new AuditAnchor(s.anchor().seq(), "f".repeat(64));
        AuditVerification bad = ws.auditLog().verify(wrong);
        assertFalse(bad.intact());
        assertTrue(bad.problem().contains("anchor"), bad.problem());
        AuditAnchor beyond = new AuditAnchor(s.anchor().seq() + 50, s.anchor().hash());
        assertTrue(ws.auditLog().verify(beyond).problem().contains("removed"));
        assertEquals(s.anchor(), AuditAnchor.parse(s.anchor().toString()));
        EnclaveException e = assertThrows(EnclaveException.class, () -> AuditAnchor.parse("12:xyz"));
        assertTrue(e.isBadInput() && e.getMessage().contains("12:xyz"), e.getMessage());
    }

    @Test
    void theAnchorSinkIsWrittenEveryNEntriesAndCheckedByVerify() throws Exception {
        Setup s = setup("sink");
        DefaultWorkspace ws = new DefaultWorkspace(s.root(), "it-admin", s.keys());
        Path sink = dir.resolve("elsewhere").resolve("anchors.txt");
        ws.settings().put(ChainedAuditLog.ANCHOR_FILE, sink.toString());
        ws.settings().put(ChainedAuditLog.ANCHOR_EVERY, "3");
        for (int i = 0; i < 7; i++) {
            ws.auditLog().append("li.si", "search", "s" + i, AuditEntry.SUCCESS, "");
        }
        List<String> anchors = Files.readAllLines(sink);
        assertTrue(anchors.size() >= 2 && anchors.size() <= 3, anchors.toString());
        AuditAnchor last = AuditAnchor.parse(anchors.get(anchors.size() - 1).split(" ")[0]);
        assertEquals(0, last.seq() % 3, "written when the sequence crosses a multiple of N: " + last);
        assertTrue(ws.auditLog().verify().intact());
        // Cut the tail back before the last anchor and delete the head: the sink's anchor says more existed.
        List<String> l = lines(s);
        write(s, l.subList(0, (int) last.seq() - 1));
        Files.delete(s.head());
        AuditVerification v = ws.auditLog().verify();
        assertFalse(v.intact());
        assertEquals(last.toString(), v.anchor());
    }
}
