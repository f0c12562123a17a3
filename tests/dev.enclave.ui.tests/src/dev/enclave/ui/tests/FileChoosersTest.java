package dev.enclave.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.ui.FileChoosers;

/** The file dialogs open where the user last chose a folder for the same purpose, else at home. */
class FileChoosersTest {
    @TempDir
    Path dir;

    @Test
    void eachPurposeStartsInTheFolderLastChosenForIt() throws Exception {
        Path home = Path.of(System.getProperty("user.home"));
        assertEquals(home, FileChoosers.startFolder("test.never-used"), "nothing chosen yet: home");
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Path papers = Files.createDirectories(dir.resolve("papers"));
        FileChoosers.remember("test.import", reports);
        FileChoosers.remember("test.export", papers);
        assertEquals(reports, FileChoosers.startFolder("test.import"));
        assertEquals(papers, FileChoosers.startFolder("test.export"), "each purpose keeps its own folder");
        Files.delete(papers);
        assertEquals(home, FileChoosers.startFolder("test.export"), "a folder that is gone: home again");
    }
}
