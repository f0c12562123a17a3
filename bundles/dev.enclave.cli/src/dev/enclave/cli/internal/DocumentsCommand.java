package dev.enclave.cli.internal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.enclave.core.DocumentInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code enclave documents …}: the workspace's document store. */
@Command(name = "documents", description = { "Add and list workspace documents.", "添加、列出工作区文档。" },
        mixinStandardHelpOptions = true)
final class DocumentsCommand {
    private final RunContext ctx;

    DocumentsCommand(RunContext ctx) {
        this.ctx = ctx;
    }

    @Command(name = "add", description = { "Store files; each is kept once by content hash.", "按内容哈希存储文件。" })
    void add(@Parameters(paramLabel = "FILE", arity = "1..*") List<Path> files,
            @Option(names = "--acl", split = ",", paramLabel = "ROLE[,ROLE…]",
                    description = "Roles that may read them (default: yours).") String[] acl) {
        List<String> roles = acl == null ? List.of() : Arrays.asList(acl);
        for (Path file : files) {
            DocumentInfo d = ctx.workspace().documents().add(ctx.subject(), file, roles);
            if (ctx.json()) {
                ctx.out().println(Json.of(row(d)));
            } else {
                ctx.out().println(d.id().substring(0, 12) + "  " + d.name() + "  acl " + String.join(",", d.acl()));
            }
        }
    }

    @Command(name = "list", description = { "Documents you may read.", "列出您可读取的文档。" })
    void list() {
        List<DocumentInfo> docs = ctx.workspace().documents().list(ctx.subject());
        if (ctx.json()) {
            ctx.out().println(Json.of(Map.of("documents", docs.stream().map(DocumentsCommand::row).toList())));
            return;
        }
        for (DocumentInfo d : docs) {
            ctx.out().printf("%s  %-5s %10d  %s  %-10s %s  acl %s%n", d.id().substring(0, 12), d.type(), d.size(),
                    d.imported(), d.owner(), d.name(), String.join(",", d.acl()));
        }
    }

    private static Map<String, Object> row(DocumentInfo d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("name", d.name());
        m.put("type", d.type());
        m.put("size", d.size());
        m.put("imported", d.imported().toString());
        m.put("owner", d.owner());
        m.put("acl", d.acl());
        return m;
    }
}
