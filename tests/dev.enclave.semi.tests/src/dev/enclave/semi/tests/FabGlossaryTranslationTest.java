package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.Workspace;
import dev.enclave.core.WorkspaceManager;
import dev.enclave.knowledge.QueryTranslation;
import dev.enclave.knowledge.TranslatedTerm;

/** The fab glossary is a contribution to the knowledge base's query translation (issue 16), both ways. */
class FabGlossaryTranslationTest {
    @TempDir
    Path dir;

    @Test
    void fabTermsTranslateInEverySearch() {
        QueryTranslation qt = Services.service(QueryTranslation.class);
        Workspace ws = Services.service(WorkspaceManager.class).open(dir.resolve("ws"), System.getProperty("user.name"));
        assertTrue(qt.glossaries().contains("fab"), qt.glossaries().toString());
        List<TranslatedTerm> zh = qt.translate(ws, "晶圆图的良率");
        assertTrue(zh.stream().anyMatch(t -> t.term().equals("wafer map") && t.source().equals("fab")), zh.toString());
        List<TranslatedTerm> en = qt.translate(ws, "die yield of lot 42");
        assertTrue(en.stream().anyMatch(t -> t.term().equals("良率") && t.source().equals("fab")), en.toString());
        assertTrue(en.stream().noneMatch(t -> t.from().equals("42")), en.toString());
    }
}
