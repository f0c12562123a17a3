package dev.enclave.example.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.tests.support.Cli;
import dev.enclave.core.BundlePack;
import dev.enclave.core.DomainPack;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.PackRegistry;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.example.TextStatistics;
import dev.enclave.example.TextStats;
import dev.enclave.tests.support.Workspaces;

/** The example pack's service, its DomainPack registration and its CLI command, as DS wires them. */
class TextStatisticsTest {
    @TempDir
    Path dir;

    private TextStatistics stats;

    static <S> S service(Class<S> type) throws InterruptedException {
        BundleContext ctx = FrameworkUtil.getBundle(TextStatisticsTest.class).getBundleContext();
        ServiceTracker<S, S> tracker = new ServiceTracker<>(ctx, type, null);
        tracker.open();
        S s = tracker.waitForService(10_000);
        assertNotNull(s, type.getSimpleName());
        return s;
    }

    @BeforeEach
    void find() throws InterruptedException {
        stats = service(TextStatistics.class);
    }

    @Test
    void countsMixedChineseAndEnglish() {
        TextStats s = stats.of("晶圆良率下降。Yield dropped 3% on lot A12!\n\n第二段：原因待查？");
        assertEquals(13, s.cjkCharacters(), "晶圆良率下降 (6) + 第二段 (3) + 原因待查 (4)");
        assertEquals(6, s.words(), "Yield, dropped, 3, on, lot, A12");
        assertEquals(3, s.lines());
        assertEquals(2, s.paragraphs());
        assertEquals(3, s.sentences());
        assertEquals(s.characters(), "晶圆良率下降。Yield dropped 3% on lot A12!第二段：原因待查？".codePointCount(0,
                "晶圆良率下降。Yield dropped 3% on lot A12!第二段：原因待查？".length()));
    }

    @Test
    void readsGbkAndGb18030AuditsEachReadAndRejectsBinaryNamingTheFile() throws Exception {
        String osUser = System.getProperty("user.name", "eng");
        Workspace ws = Workspaces.open(dir.resolve("ws"), osUser);
        Subject user = ws.security().login(osUser, null);
        Path gbk = dir.resolve("报告-gbk.txt");
        Files.write(gbk, "授信调查报告。借款人：江南示例电子有限公司。".getBytes(Charset.forName("GB18030")));
        TextStats s = stats.of(ws, user, gbk);
        assertEquals("GBK", s.charset(), "GB18030 bytes that GBK also reads are named by the smaller set");
        assertEquals(19, s.cjkCharacters());
        assertEquals(2, s.sentences());
        Path gb18030 = dir.resolve("报告-gb18030.txt");
        Files.write(gb18030, "𠀀字。".getBytes(Charset.forName("GB18030")));
        TextStats rare = stats.of(ws, user, gb18030);
        assertEquals("GB18030", rare.charset());
        assertEquals(2, rare.cjkCharacters());

        Path utf8 = Files.writeString(dir.resolve("u.txt"), "\uFEFFhello", StandardCharsets.UTF_8);
        assertEquals("UTF-8", stats.of(ws, user, utf8).charset());
        List<String> audited = ws.auditLog().tail(10).stream().filter(e -> e.action().equals("example.stats"))
                .map(e -> e.object()).toList();
        assertEquals(List.of(gbk.toString(), gb18030.toString(), utf8.toString()), audited, "one entry per file read");

        Path bin = dir.resolve("image.bin");
        Files.write(bin, new byte[] { 0, (byte) 0xff, (byte) 0xfe, 0x00, (byte) 0x81, 0x00, (byte) 0xc0, 0x30 });
        EnclaveException e = assertThrows(EnclaveException.class, () -> stats.of(ws, user, bin));
        assertTrue(e.isBadInput());
        assertTrue(e.getMessage().contains("image.bin"), e.getMessage());
    }

    @Test
    void packNameAndDescriptionComeFromTheBundleLocalisation() throws Exception {
        DomainPack pack = service(PackRegistry.class).packs().stream().filter(p -> p.id().equals("dev.enclave.example"))
                .findFirst().orElseThrow();
        Bundle bundle = FrameworkUtil.getBundle(TextStatistics.class);
        assertEquals(bundle.getHeaders(Locale.getDefault().toString()).get(Constants.BUNDLE_NAME), pack.name());
        assertEquals("示例包（文本统计）", bundle.getHeaders("zh_CN").get(Constants.BUNDLE_NAME));
        assertEquals("Example Pack (Text Statistics)", bundle.getHeaders("en").get(Constants.BUNDLE_NAME));
        assertFalse(pack.name().contains("%") || pack.description().contains("%"), pack.name());
        assertFalse(pack.name().contains(" / "), "one language per name: " + pack.name());
        // What the pack adds, in words and in the user's language, not class names.
        assertEquals(3, pack.contributions().size(), pack.contributions().toString());
        assertTrue(pack.contributions().stream().noneMatch(c -> c.contains("dev.enclave.") || c.contains("%")),
                pack.contributions().toString());
        assertEquals(String.join(" | ", pack.contributions()),
                bundle.getHeaders(Locale.getDefault().toString()).get(BundlePack.ADDS).replaceAll("\\s*\\|\\s*", " | "));
        assertTrue(bundle.getHeaders("zh_CN").get(BundlePack.ADDS).contains("文本统计部件"));
    }

    @Test
    void packIsListedAndItsCommandRuns() throws Exception {
        List<String> ids = service(PackRegistry.class).packs().stream().map(DomainPack::id).toList();
        assertTrue(ids.contains("dev.enclave.example"), ids.toString());

        Path file = Files.writeString(dir.resolve("sop.txt"), "清洗。Rinse twice.", StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.exec(new String[] { "--data", dir.resolve("ws").toString(), "example", "stats", "--json",
                        file.toString() }, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        JsonObject row = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject()
                .getAsJsonArray("files").get(0).getAsJsonObject();
        assertEquals(2, row.get("cjk_characters").getAsInt());
        assertEquals(2, row.get("words").getAsInt());
        assertEquals(2, row.get("sentences").getAsInt());
        assertEquals(1, Files.readAllLines(dir.resolve("ws/audit/audit.jsonl")).stream()
                .filter(l -> l.contains("\"example.stats\"")).count(), "the command is audited once, by the service");
    }
}
