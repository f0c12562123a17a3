package dev.enclave.knowledge.tests;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.enclave.knowledge.internal.Analysis;
import dev.enclave.knowledge.internal.CollectionIndex;

/**
 * Runs in a child JVM started by {@link CrashTest}: ingests documents forever, committing every
 * few documents, and prints {@code committed N} after each commit until it is killed.
 */
public final class CrashChild {
    private CrashChild() {
    }

    static String text(int i) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < 40; k++) {
            b.append("文档").append(i).append(" 第").append(k).append("段：晶圆批次 LOT").append(i).append(" 的检验记录。")
                    .append(" Wafer lot ").append(i).append(" inspection record ").append(k).append(".\n\n");
        }
        return b.toString();
    }

    public static void main(String[] args) throws Exception {
        try (CollectionIndex idx = new CollectionIndex(Path.of(args[0]), new Analysis())) {
            for (int i = 0;; i++) {
                String t = text(i);
                List<CollectionIndex.ChunkInput> chunks = new ArrayList<>();
                for (int s = 0; s < t.length(); s += 200) {
                    int e = Math.min(t.length(), s + 200);
                    chunks.add(new CollectionIndex.ChunkInput(s, e, "", t.substring(s, e), null));
                }
                String hash = String.format("%064x", i);
                idx.put(new CollectionIndex.DocInput("doc" + i, "doc" + i + ".txt", "txt", t.length(),
                        List.of("engineer"), Instant.now(), hash, t, chunks, "crash-child", List.of()));
                if (i % 5 == 4) {
                    idx.commit();
                    System.out.println("committed " + (i + 1));
                    System.out.flush();
                }
            }
        }
    }
}
