package dev.enclave.knowledge.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleWiring;

import dev.enclave.knowledge.internal.Analysis;
import dev.enclave.knowledge.internal.CollectionIndex;

/** kill -9 in the middle of an ingest loses nothing committed and leaves an index that opens cleanly. */
class CrashTest {
    @TempDir
    Path dir;

    @Test
    void killedIngestKeepsEveryCommitAndTheIndexOpens() throws Exception {
        Path folder = dir.resolve("collection");
        List<String> cp = classPath(List.of(CollectionIndex.class, CrashChild.class,
                org.apache.lucene.index.IndexWriter.class, CJKBigramFilter.class, SmartChineseAnalyzer.class,
                dev.enclave.core.FileIO.class, com.google.gson.Gson.class));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, cp),
                CrashChild.class.getName(), folder.toString()).redirectErrorStream(true).start();
        int committed = 0;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (line.startsWith("committed ")) {
                    committed = Integer.parseInt(line.substring(10).trim());
                    if (committed >= 40) {
                        // Mid-ingest: the child is already writing the next batch.
                        child.destroyForcibly(); // SIGKILL
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL: " + output);
        assertTrue(committed >= 40, "the child committed: " + output);

        try (FSDirectory d = FSDirectory.open(folder.resolve("index")); CheckIndex check = new CheckIndex(d)) {
            check.setInfoStream(null);
            CheckIndex.Status status = check.checkIndex();
            assertTrue(status.clean, "CheckIndex after kill -9");
        }
        try (CollectionIndex idx = new CollectionIndex(folder, new Analysis())) {
            Map<String, String> hashes = new java.util.HashMap<>();
            idx.existing().forEach((id, e) -> hashes.put(id, e.hash()));
            for (int i = 0; i < committed; i++) {
                assertEquals(String.format("%064x", i), hashes.get("doc" + i), "committed doc" + i + " survived");
                assertNotNull(idx.text(hashes.get("doc" + i)), "its text survived");
            }
            // Whole documents or nothing: every surviving document has all its chunks.
            int chunksPerDoc = (CrashChild.text(0).length() + 199) / 200;
            for (String id : hashes.keySet()) {
                int i = Integer.parseInt(id.substring(3));
                int expected = (CrashChild.text(i).length() + 199) / 200;
                assertEquals(expected, idx.documents(CollectionIndex.filter(Set.of("engineer"), Set.of(), null, null))
                        .stream().filter(x -> x.docId().equals(id)).findFirst().orElseThrow().chunks());
            }
            assertTrue(chunksPerDoc > 1);
            assertFalse(idx.keyword("LOT3 检验记录", Set.of("engineer"), CollectionIndex.filter(Set.of("engineer"), Set.of(), null, null), 5)
                    .isEmpty());
            // The index takes writes again after the crash (the dead process's lock is gone).
            idx.remove("doc0");
            idx.commit();
            assertFalse(idx.existing().containsKey("doc0"));
        }
    }

    /** Jar files of the bundles holding these classes; bundles installed from folders are copied out. */
    private List<String> classPath(List<Class<?>> classes) throws Exception {
        Set<String> out = new LinkedHashSet<>();
        for (Class<?> c : classes) {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            URL url = cs == null ? null : cs.getLocation();
            Path p = url == null ? null : toPath(url);
            if (p != null && Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                out.add(p.toString());
            } else {
                out.add(copyOut(FrameworkUtil.getBundle(c)).toString());
            }
        }
        return new ArrayList<>(out);
    }

    private static Path toPath(URL url) {
        try {
            String s = url.toString();
            if (s.startsWith("reference:")) {
                s = s.substring("reference:".length());
            }
            return s.startsWith("file:") ? Path.of(new URL(s).toURI()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private Path copyOut(Bundle bundle) throws Exception {
        Path target = Files.createDirectories(dir.resolve("cp").resolve(bundle.getSymbolicName()));
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        ClassLoader loader = wiring.getClassLoader();
        for (String name : wiring.listResources("/", "*", BundleWiring.LISTRESOURCES_RECURSE
                | BundleWiring.LISTRESOURCES_LOCAL)) {
            if (name.endsWith("/")) {
                continue;
            }
            URL u = loader.getResource(name);
            if (u == null) {
                continue;
            }
            Path f = target.resolve(name);
            Files.createDirectories(f.getParent());
            try (InputStream in = u.openStream()) {
                Files.copy(in, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }
}
