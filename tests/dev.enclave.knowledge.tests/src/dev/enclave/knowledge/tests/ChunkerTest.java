package dev.enclave.knowledge.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.knowledge.DocumentParsers;
import dev.enclave.knowledge.ExtractedDocument;
import dev.enclave.knowledge.Section;
import dev.enclave.knowledge.internal.Chunker;

/** Chunks keep offsets, sizes, overlap, and never cross a heading. */
class ChunkerTest {
    @TempDir
    Path dir;

    @Test
    void chunksRespectSizeOverlapSentencesAndHeadings() throws Exception {
        StringBuilder md = new StringBuilder("# 第一章 设备\n\n");
        for (int i = 0; i < 30; i++) {
            md.append("第").append(i).append("句说明设备的维护要求，需要定期检查。");
        }
        md.append("\n\n# Chapter two\n\n");
        for (int i = 0; i < 30; i++) {
            md.append("Sentence number ").append(i).append(" describes the rinse step. ");
        }
        Path file = Files.writeString(dir.resolve("m.md"), md, StandardCharsets.UTF_8);
        ExtractedDocument doc = Support.service(DocumentParsers.class).parse(file);
        List<Chunker.Chunk> chunks = new Chunker(200, 40).chunk(doc);
        assertTrue(chunks.size() > 6, "long sections are split: " + chunks.size());
        Section second = doc.sections().get(1);
        boolean overlapped = false;
        for (int i = 0; i < chunks.size(); i++) {
            Chunker.Chunk c = chunks.get(i);
            String t = doc.text().substring(c.start(), c.end());
            assertTrue(t.length() <= 200, "chunk " + i + " has " + t.length() + " characters");
            assertEquals(t.strip(), t);
            assertFalse(c.start() < second.start() && c.end() > second.start(), "chunk " + i + " crosses a heading");
            if (c.start() > doc.sections().get(0).start() + 10 && c.start() != second.start()) {
                char before = doc.text().charAt(c.start() - 1);
                assertTrue(before == '。' || before == ' ' || before == '\n', "chunk " + i + " starts mid-sentence: "
                        + t.substring(0, 10));
            }
            if (i > 0 && c.start() < chunks.get(i - 1).end()) {
                overlapped = true;
                assertTrue(chunks.get(i - 1).end() - c.start() <= 40, "overlap at most 40");
            }
            assertEquals(c.start() >= second.start() ? "Chapter two" : "第一章 设备", c.heading());
        }
        assertTrue(overlapped, "consecutive chunks overlap");
        assertEquals(second.start(), chunks.stream().filter(c -> c.start() >= second.start()).findFirst().get().start(),
                "the second chapter starts a chunk");
    }

    @Test
    void aSentenceLongerThanTheChunkIsCutAndNothingIsLost() throws Exception {
        String longLine = "x".repeat(1000);
        Path file = Files.writeString(dir.resolve("long.txt"), longLine);
        ExtractedDocument doc = Support.service(DocumentParsers.class).parse(file);
        List<Chunker.Chunk> chunks = new Chunker(300, 0).chunk(doc);
        assertEquals(4, chunks.size());
        assertEquals(0, chunks.get(0).start());
        assertEquals(1000, chunks.get(3).end());
        for (int i = 1; i < chunks.size(); i++) {
            assertEquals(chunks.get(i - 1).end(), chunks.get(i).start());
        }
    }
}
