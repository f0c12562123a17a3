package dev.enclave.semi.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.enclave.core.Workspace;
import dev.enclave.semi.WaferPatternModel;
import dev.enclave.semi.WaferPatterns;

/**
 * The open classifiers of the workspaces in use, each kept open between calls and opened
 * again when its workspace's classifier files change (a retraining from the command line or
 * another session). A classifier replaced or evicted while a call still uses it is closed
 * when that call ends. Holds the classifiers of the few workspaces used last. Thread-safe.
 */
final class ClassifierCache {
    /** Workspaces whose classifiers stay open; a workbench has one, tests open many in turn. */
    private static final int CAPACITY = 4;

    private static final class Entry {
        final WaferPatternModel model;
        final List<String> stamp;
        int users;
        boolean retired;

        Entry(WaferPatternModel model, List<String> stamp) {
            this.model = model;
            this.stamp = stamp;
        }
    }

    private final WaferPatterns patterns;
    private final Map<Path, Entry> entries = new LinkedHashMap<>(8, 0.75f, true);

    ClassifierCache(WaferPatterns patterns) {
        this.patterns = patterns;
    }

    /** Runs {@code work} with the workspace's classifier, which stays open during the call. */
    <T> T with(Workspace workspace, Function<WaferPatternModel, T> work) {
        Entry e = acquire(workspace);
        try {
            return work.apply(e.model);
        } finally {
            release(e);
        }
    }

    private synchronized Entry acquire(Workspace workspace) {
        Path key = workspace.root().toAbsolutePath().normalize();
        List<String> stamp = stamp(SemiWorkspace.classifierDir(workspace));
        Entry e = entries.get(key);
        if (e != null && !e.stamp.equals(stamp)) {
            entries.remove(key);
            retire(e);
            e = null;
        }
        if (e == null) {
            e = new Entry(SemiWorkspace.model(patterns, workspace, null), stamp);
            entries.put(key, e);
            for (Iterator<Entry> it = entries.values().iterator(); entries.size() > CAPACITY && it.hasNext();) {
                Entry old = it.next();
                it.remove();
                retire(old);
            }
        }
        e.users++;
        return e;
    }

    private synchronized void release(Entry e) {
        e.users--;
        if (e.retired && e.users == 0) {
            e.model.close();
        }
    }

    private static void retire(Entry e) {
        e.retired = true;
        if (e.users == 0) {
            e.model.close();
        }
    }

    /** Closes every classifier (the service is going away). */
    synchronized void clear() {
        entries.values().forEach(ClassifierCache::retire);
        entries.clear();
    }

    /** Name, size and modification time of each file of the workspace's own classifier (none: the shipped one). */
    static List<String> stamp(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().map(f -> {
                try {
                    return f.getFileName() + ":" + Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis();
                } catch (IOException e) {
                    return f.getFileName() + ":?";
                }
            }).toList();
        } catch (IOException e) {
            return List.of(); // no folder yet: the shipped classifier
        }
    }
}
