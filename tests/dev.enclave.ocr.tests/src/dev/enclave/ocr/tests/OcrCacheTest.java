package dev.enclave.ocr.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Workspace;
import dev.enclave.ocr.Ocr;
import dev.enclave.ocr.OcrLine;
import dev.enclave.ocr.OcrPage;
import dev.enclave.ocr.internal.Layout;
import dev.enclave.ocr.internal.OcrCache;
import dev.enclave.tests.support.Workspaces;

/** The OCR cache's size bound (issue 17): least recently used results go, a result just used stays. */
class OcrCacheTest {

    /** A page of 40 lines of random Chinese characters: a cache file of some tens of kilobytes that gzip cannot shrink away. */
    private static List<OcrPage> pages(long seed) {
        Random r = new Random(seed);
        List<OcrLine> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 300; k++) {
                sb.append((char) (0x4e00 + r.nextInt(6000)));
            }
            double y = 40 + 30 * i;
            lines.add(new OcrLine(sb.toString(), 0.9, new double[] { 50, y, 1500, y, 1500, y + 24, 50, y + 24 }));
        }
        return List.of(Layout.page(1654, 2339, lines));
    }

    private static byte[] content(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theWorkspaceSettingBoundsTheCacheAndABadValueIsNamed(@TempDir Path root) {
        Workspace ws = Workspaces.open(root, "admin");
        Ocr.Cache cache = Ocr.Cache.of(ws);
        assertEquals(Ocr.CACHE_MAX_MEGABYTES_DEFAULT * 1024 * 1024, cache.maxBytes());
        assertEquals(ws.serviceFolder(Ocr.Cache.FOLDER), cache.folder());
        ws.settings().put(Ocr.CACHE_MAX_MEGABYTES, "3");
        assertEquals(3L * 1024 * 1024, Ocr.Cache.of(ws).maxBytes());
        ws.settings().put(Ocr.CACHE_MAX_MEGABYTES, "lots");
        EnclaveException e = assertThrows(EnclaveException.class, () -> Ocr.Cache.of(ws));
        assertTrue(e.isBadInput() && e.getMessage().contains(Ocr.CACHE_MAX_MEGABYTES) && e.getMessage().contains("lots"),
                e.getMessage());
    }

    @Test
    void beyondTheBoundTheLeastRecentlyUsedGoesAndARecentlyReadOneStays(@TempDir Path root, @TempDir Path scratch)
            throws IOException {
        Workspace ws = Workspaces.open(root, "admin");
        Path folder = ws.serviceFolder(Ocr.Cache.FOLDER);
        Ocr.Cache unbounded = new Ocr.Cache(folder, Long.MAX_VALUE, ws.auditLog());
        byte[] a = content("a.pdf");
        byte[] b = content("b.pdf");
        byte[] c = content("c.pdf");
        byte[] d = content("d.pdf");
        OcrCache.put(unbounded, a, pages(1));
        OcrCache.put(unbounded, b, pages(2));
        OcrCache.put(unbounded, c, pages(3));
        Path fa = OcrCache.file(folder, a);
        Path fb = OcrCache.file(folder, b);
        Path fc = OcrCache.file(folder, c);
        // Written in this order some minutes ago: a is the oldest.
        Instant now = Instant.now();
        Files.setLastModifiedTime(fa, FileTime.from(now.minusSeconds(300)));
        Files.setLastModifiedTime(fb, FileTime.from(now.minusSeconds(200)));
        Files.setLastModifiedTime(fc, FileTime.from(now.minusSeconds(100)));
        // a is read again (a re-import): a hit, and so the most recently used.
        List<OcrPage> hit = OcrCache.get(unbounded, a, 1);
        assertNotNull(hit, "a is cached");
        assertEquals(pages(1).get(0).lines().get(7).text(), hit.get(0).lines().get(7).text());
        // d's file size, from the same bytes written elsewhere.
        OcrCache.put(new Ocr.Cache(scratch, Long.MAX_VALUE, null), d, pages(4));
        long sd = Files.size(OcrCache.file(scratch, d));
        long all = Files.size(fa) + Files.size(fb) + Files.size(fc) + sd;
        assertTrue(Files.size(fb) > 10_000, "real files of some size: " + Files.size(fb));
        int auditedBefore = ws.auditLog().tail(Integer.MAX_VALUE).size();

        // Storing d passes the bound by one byte: one file must go, the least recently used, b.
        OcrCache.put(new Ocr.Cache(folder, all - 1, ws.auditLog()), d, pages(4));
        Path fd = OcrCache.file(folder, d);
        assertFalse(Files.exists(fb), "b, the least recently used, is removed");
        assertTrue(Files.exists(fa), "a, the oldest written but read just now, stays");
        assertTrue(Files.exists(fc), "c stays: removing b was enough");
        assertTrue(Files.exists(fd), "d, just stored, stays");
        List<AuditEntry> audited = ws.auditLog().tail(Integer.MAX_VALUE);
        List<AuditEntry> evicted = audited.subList(auditedBefore, audited.size()).stream()
                .filter(en -> en.action().equals(OcrCache.EVICT_ACTION)).toList();
        assertEquals(1, evicted.size(), audited.toString());
        assertTrue(evicted.get(0).object().endsWith(fb.getFileName().toString()), evicted.get(0).toString());
        assertEquals(null, OcrCache.get(unbounded, b, 1), "b is read again by OCR next time");

        // A bound smaller than one result: everything else goes, the result being stored stays.
        byte[] e = content("e.pdf");
        OcrCache.put(new Ocr.Cache(folder, 1, ws.auditLog()), e, pages(5));
        assertTrue(Files.exists(OcrCache.file(folder, e)));
        assertFalse(Files.exists(fa) || Files.exists(fc) || Files.exists(fd), "the older results are removed");
        assertNotNull(OcrCache.get(unbounded, e, 1));
    }
}
