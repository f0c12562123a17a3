package dev.enclave.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.Workspace;
import dev.enclave.tests.support.Cli;
import dev.enclave.ui.internal.parts.DatasetsPart;
import dev.enclave.tests.support.PartHarness;

/**
 * The Datasets part and {@code enclave data} do their work through the same dataset service,
 * which audits it: each step gives exactly one audit entry, from the command line or the part.
 */
class DatasetsPartTest {
    @TempDir
    Path dir;

    private PartHarness ui;
    private Display display;
    private Path root;
    private Workspace workspace;

    @BeforeEach
    void setUp() {
        // The command line acts as the OS user: the part acts as the same user in the same workspace.
        root = dir.resolve("ws");
        ui = PartHarness.asOsUser(root);
        workspace = ui.workspace();
        display = ui.display();
    }

    @AfterEach
    void tearDown() {
        ui.close();
    }

    private DatasetsPartDriver openPart() {
        ui.make(DatasetsPart.class);
        return new DatasetsPartDriver(ui.lastParent());
    }

    private Path data(String name) throws Exception {
        return Files.writeString(dir.resolve(name), String.join("\n",
                "{\"id\":\"a\",\"text\":\"联系人：赵敏，电话13912345678\"}",
                "{\"id\":\"b\",\"text\":\"设备清洗每周一次\"}",
                "{\"id\":\"c\",\"text\":\"设备清洗每周一次\"}") + "\n", StandardCharsets.UTF_8);
    }

    /** The audit entries appended while {@code action} ran. */
    private List<AuditEntry> auditedBy(Runnable action) {
        List<AuditEntry> before = workspace.auditLog().tail(1);
        long last = before.isEmpty() ? -1 : before.get(0).seq();
        action.run();
        return workspace.auditLog().tail(100).stream().filter(e -> e.seq() > last).toList();
    }

    @Test
    void maskingAFileIsAuditedOnceFromTheCommandLineAndOnceFromThePart() throws Exception {
        Path in = data("credit.jsonl");
        Path cliOut = dir.resolve("cli-masked.jsonl");
        List<AuditEntry> cli = auditedBy(() -> {
            Cli.Run run = Cli.run(root, "data", "mask", "--json", in.toString(), cliOut.toString());
            assertEquals(0, run.code(), run.toString());
            assertTrue(run.out().contains("\"mobile\":1"), run.out());
        });
        assertEquals(List.of("data.mask"), cli.stream().map(AuditEntry::action).toList(), cli.toString());
        assertEquals(in.toString(), cli.get(0).object());

        DatasetsPartDriver part = openPart();
        part.open(in);
        assertTrue(part.label("stats").startsWith("3 records"), part.label("stats"));
        int highlighted = part.highlights();
        assertTrue(highlighted >= 2, "the name and the mobile are highlighted: " + highlighted);
        List<AuditEntry> ui = auditedBy(() -> part.press("data.mask"));
        assertEquals(List.of("data.mask"), ui.stream().map(AuditEntry::action).toList(), ui.toString());
        assertEquals(in.toString(), ui.get(0).object());
        assertEquals(cli.get(0).detail().replace(cliOut.toString(), ""),
                ui.get(0).detail().replace(dir.resolve("credit-masked.jsonl").toString(), ""),
                "the same step reads the same in the audit log from either side");
        String masked = Files.readString(dir.resolve("credit-masked.jsonl"));
        assertTrue(masked.contains("[手机号]") && !masked.contains("13912345678"), masked);
        assertEquals(Files.readString(cliOut), masked, "the part and the command line write the same records");
        assertTrue(part.label("status").contains("credit-masked.jsonl"), part.label("status"));
        assertTrue(part.highlights() < highlighted, "the masked file is open now, with less to highlight");
    }

    @Test
    void workspaceStepsAreVersionsAuditedOnceEach() throws Exception {
        Path in = data("fab.jsonl");
        List<AuditEntry> cliImport = auditedBy(() -> assertEquals(0, Cli.run(root, "data", "import", "fab",
                in.toString()).code()));
        assertEquals(List.of("data.version"), cliImport.stream().map(AuditEntry::action).toList());
        List<AuditEntry> cliMask = auditedBy(() -> assertEquals(0, Cli.run(root, "data", "mask", "ds:fab",
                "ds:fab").code()));
        assertEquals(List.of("data.mask"), cliMask.stream().map(AuditEntry::action).toList(), cliMask.toString());
        assertTrue(cliMask.get(0).detail().contains("ds:fab@2"), cliMask.get(0).detail());

        DatasetsPartDriver part = openPart();
        assertEquals(2, part.versionRows(), "the command line's versions are listed");
        part.selectVersion(0);
        assertTrue(part.label("lineage").contains("v1 import (3)"), part.label("lineage"));
        List<AuditEntry> dedup = auditedBy(() -> part.press("data.dedup"));
        assertEquals(List.of("data.dedup"), dedup.stream().map(AuditEntry::action).toList(), dedup.toString());
        assertTrue(dedup.get(0).detail().contains("ds:fab@3") && dedup.get(0).detail().contains("from v1"),
                dedup.get(0).detail());
        assertEquals(3, part.versionRows());
        assertTrue(part.label("lineage").contains("v1 import (3)  →  v3 dedup (2)"), part.label("lineage"));

        part.open(in);
        List<AuditEntry> imported = auditedBy(() -> part.press("data.import"));
        assertEquals(List.of("data.version"), imported.stream().map(AuditEntry::action).toList());
        assertEquals("fab v4", imported.get(0).object());
        assertEquals(4, part.versionRows());
        assertFalse(part.label("status").startsWith("Failed"), part.label("status"));
    }
}
