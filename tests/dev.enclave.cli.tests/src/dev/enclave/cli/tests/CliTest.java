package dev.enclave.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.cli.internal.BundleServiceLookup;
import dev.enclave.cli.internal.EnclaveCli;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.Workspace;
import dev.enclave.tests.support.Workspaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Drives the real CLI with the real DS services of the test framework. */
class CliTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--data", dir.resolve("ws").toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        BundleContext ctx = FrameworkUtil.getBundle(getClass()).getBundleContext();
        int code = new EnclaveCli(new BundleServiceLookup(ctx)).run(all.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The OS account the CLI acts as (from the operating system, as the CLI takes it). */
    static String me() {
        return dev.enclave.core.OsIdentity.current();
    }

    @Test
    void helpAndVersion() {
        Result help = run("--help");
        assertEquals(0, help.code());
        for (String command : List.of("users", "audit-log", "packs", "documents")) {
            assertTrue(help.out().contains(command), help.out());
        }
        Result sub = run("users", "add", "--help");
        assertEquals(0, sub.code(), "every subcommand answers --help: " + sub.err());
        assertTrue(sub.out().contains("--role"), sub.out());
        Result version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("Enclave Workbench 0.1.0"), version.out());
    }

    @Test
    void unknownCommandsAreBadInputEvenWithHelp() {
        Result r = run("no-such-command");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown command 'no-such-command'"), r.err());
        assertEquals(2, run("model", "check", "--help").code());
        assertEquals(2, run("users", "add", "bob").code(), "a missing required --role is bad input");
    }

    @Test
    void usersJsonAndErrors() {
        assertEquals(0, run("users", "add", "zhang", "--role", "auditor,engineer").code());
        Result list = run("users", "list", "--json");
        assertEquals(0, list.code());
        JsonObject doc = JsonParser.parseString(list.out()).getAsJsonObject();
        List<String> names = new ArrayList<>();
        doc.getAsJsonArray("users").forEach(u -> names.add(u.getAsJsonObject().get("name").getAsString()));
        assertTrue(names.containsAll(List.of(me(), "zhang")), names.toString());
        JsonObject zhang = doc.getAsJsonArray("users").asList().stream().map(e -> e.getAsJsonObject())
                .filter(u -> u.get("name").getAsString().equals("zhang")).findFirst().orElseThrow();
        assertEquals("[\"auditor\",\"engineer\"]", zhang.get("roles").toString());

        Result badRole = run("users", "add", "li", "--role", "astronaut");
        assertEquals(2, badRole.code());
        assertTrue(badRole.err().contains("astronaut"), badRole.err());
        Result denied = run("--user", "zhang", "users", "add", "li", "--role", "auditor");
        assertEquals(1, denied.code());
        assertTrue(denied.err().contains("admin"), denied.err());
        Result ghost = run("--user", "ghost", "users", "list");
        assertEquals(2, ghost.code());
        assertTrue(ghost.err().contains("ghost"), ghost.err());
    }

    @Test
    void everyOptionValueHasANamedPlaceholder() {
        // Labelled (below) declares --times on a method parameter without a label, as many commands do.
        BundleContext ctx = FrameworkUtil.getBundle(getClass()).getBundleContext();
        ServiceRegistration<CommandContribution> reg = ctx.registerService(CommandContribution.class, Labelled::new, null);
        try {
            Result help = run("labelled", "greet", "--help");
            assertEquals(0, help.code(), help.err());
            assertTrue(help.out().contains("--times=TIMES"), help.out());
            assertTrue(help.out().contains("--name=WHO"), "a label the command set is kept: " + help.out());
            assertFalse(help.out().matches("(?s).*<\\w+>.*"), help.out());
            Result group = run("labelled", "--help");
            assertTrue(group.out().contains("--max-len=MAX-LEN"), "a field's default label is named too: " + group.out());
            Result used = run("labelled", "greet", "--times", "2", "--name", "li");
            assertEquals(0, used.code(), used.err());
            assertEquals("li li", used.out().strip(), "the renamed option still sets its parameter");
            Result missing = run("labelled", "greet", "--name", "li", "--times");
            assertEquals(2, missing.code(), missing.err());
            assertTrue(missing.err().contains("TIMES") && !missing.err().contains("<arg"), missing.err());
        } finally {
            reg.unregister();
        }
    }

    @Command(name = "labelled")
    static final class Labelled {
        Labelled(dev.enclave.cli.CliContext context) {
            this.context = context;
        }

        private final dev.enclave.cli.CliContext context;

        @picocli.CommandLine.Option(names = "--max-len")
        int maxLen;

        @Command(name = "greet")
        void greet(@picocli.CommandLine.Option(names = "--times") int times,
                @picocli.CommandLine.Option(names = "--name", paramLabel = "WHO") String name) {
            context.out().println(String.join(" ", java.util.Collections.nCopies(times, name)));
        }
    }

    @Test
    void auditLogTailShowsOneRowPerEntryWhateverItsFieldsHold() {
        run("users", "add", "a1", "--role", "auditor");
        Workspace ws = Workspaces.open(dir.resolve("ws"), me());
        ws.auditLog().append(me(), "ask", "质量手册\nsecond line", AuditEntry.SUCCESS, "question:\r\n\tthird line");
        Result tail = run("audit-log", "tail", "-n", "2");
        assertEquals(0, tail.code(), tail.err());
        List<String> rows = tail.out().lines().toList();
        assertEquals(2, rows.size(), tail.out());
        assertTrue(rows.get(1).contains("质量手册\\nsecond line") && rows.get(1).contains("question:\\r\\n\\tthird line"),
                rows.get(1));
        Result json = run("audit-log", "tail", "-n", "1", "--json");
        assertEquals("质量手册\nsecond line",
                JsonParser.parseString(json.out()).getAsJsonObject().get("object").getAsString(), "JSON keeps the text");
    }

    @Test
    void auditLogVerifyNamesTheTamperedEntry() throws Exception {
        run("users", "add", "a1", "--role", "auditor");
        run("users", "add", "a2", "--role", "auditor");
        Result ok = run("audit-log", "verify");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("intact"), ok.out());

        Result tail = run("audit-log", "tail", "-n", "2", "--json");
        assertEquals(0, tail.code());
        List<String> lines = tail.out().lines().toList();
        assertEquals(2, lines.size(), tail.out());
        for (String line : lines) {
            JsonObject e = JsonParser.parseString(line).getAsJsonObject();
            for (String key : List.of("time", "user", "action", "object", "outcome")) {
                assertTrue(e.has(key), key + " in " + line);
            }
        }
        assertEquals("a2", JsonParser.parseString(lines.get(1)).getAsJsonObject().get("object").getAsString());

        Path log = dir.resolve("ws/audit/audit.jsonl");
        String text = Files.readString(log, StandardCharsets.UTF_8);
        Files.writeString(log, text.replaceFirst("\"a1\"", "\"a9\""), StandardCharsets.UTF_8);
        Result bad = run("audit-log", "verify", "--json");
        assertEquals(1, bad.code());
        JsonObject v = JsonParser.parseString(bad.out()).getAsJsonObject();
        assertEquals(false, v.get("ok").getAsBoolean());
        assertEquals(2, v.get("first_bad_entry").getAsInt());
        assertTrue(v.get("problem").getAsString().contains("Entry 2"), bad.out());
    }

    @Test
    void packsNeedAnInstalledProduct() {
        Result r = run("packs", "list");
        assertEquals(1, r.code(), "the test framework has no p2 profile");
        assertTrue(r.err().contains("p2 profile"), r.err());
        Result noRepo = run("packs", "install", "dev.enclave.example.feature", "--from", dir.resolve("nowhere").toString());
        assertEquals(2, noRepo.code());
        assertTrue(noRepo.err().contains("nowhere"), noRepo.err());
    }

    @Test
    void documentsAddAndList() throws Exception {
        Path file = Files.writeString(dir.resolve("sop.md"), "# SOP\n晶圆清洗步骤。\n", StandardCharsets.UTF_8);
        assertEquals(0, run("documents", "add", "--acl", "engineer", file.toString()).code());
        Result list = run("documents", "list", "--json");
        assertEquals(0, list.code());
        assertTrue(list.out().contains("\"documents\":[]"), "an admin without the engineer role sees nothing: "
                + list.out());
        run("users", "add", "eng", "--role", "engineer");
        Result asEngineer = run("--user", "eng", "documents", "list", "--json");
        assertTrue(asEngineer.out().contains("sop.md"), asEngineer.out());
        Result missing = run("documents", "add", dir.resolve("missing.pdf").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("missing.pdf"), missing.err());
    }

    /** A command a pack would contribute. */
    @Command(name = "greet", description = "test command")
    static final class Greet implements Runnable {
        private final CliContext ctx;

        @Parameters(paramLabel = "NAME")
        String name;

        Greet(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            ctx.out().println("你好, " + name + " (acting as " + ctx.subject().name() + ")");
        }
    }

    @Test
    void packsContributeCommandsThroughAService() {
        BundleContext ctx = FrameworkUtil.getBundle(getClass()).getBundleContext();
        ServiceRegistration<CommandContribution> reg = ctx.registerService(CommandContribution.class, Greet::new, null);
        try {
            assertTrue(run("--help").out().contains("greet"));
            Result r = run("greet", "王");
            assertEquals(0, r.code(), r.err());
            assertEquals("你好, 王 (acting as " + me() + ")", r.out().trim());
        } finally {
            reg.unregister();
        }
        assertEquals(2, run("greet", "王").code(), "gone with its service");
    }
}
