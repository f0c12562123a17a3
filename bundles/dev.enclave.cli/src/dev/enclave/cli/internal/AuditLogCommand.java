package dev.enclave.cli.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.AuditVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code enclave audit-log …}: read and verify the hash-chained audit log. */
@Command(name = "audit-log", description = { "Read and verify the audit log.", "查看并校验审计日志。" },
        mixinStandardHelpOptions = true)
final class AuditLogCommand {
    private final RunContext ctx;

    AuditLogCommand(RunContext ctx) {
        this.ctx = ctx;
    }

    @Command(name = "verify", description = { "Check the hash chain; exit 1 naming the first bad entry.",
            "校验哈希链；若有问题，退出码 1 并指出第一条问题记录。" })
    int verify() {
        AuditVerification v = ctx.workspace().auditLog().verify();
        if (ctx.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", v.intact());
            m.put("entries", v.entries());
            m.put("first_bad_line", v.badLine());
            m.put("first_bad_entry", v.badSeq());
            m.put("problem", v.problem());
            ctx.out().println(Json.of(m));
        } else if (v.intact()) {
            ctx.out().println("Audit log intact: " + v.entries() + " entries, chain verified. / 审计日志完整。");
        } else {
            ctx.out().println("Audit log NOT intact / 审计日志已被破坏: " + v.problem());
        }
        return v.intact() ? 0 : 1;
    }

    @Command(name = "tail", description = { "Show the last entries.", "显示最近的记录。" })
    void tail(@Option(names = "-n", defaultValue = "20", paramLabel = "N", description = "How many (default 20).")
    int n) {
        if (n < 0) {
            throw dev.enclave.core.EnclaveException.badInput("-n " + n + ": give a count of 0 or more.");
        }
        List<AuditEntry> entries = ctx.workspace().auditLog().tail(n);
        for (AuditEntry e : entries) {
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("seq", e.seq());
                m.put("time", e.time());
                m.put("user", e.user());
                m.put("action", e.action());
                m.put("object", e.object());
                m.put("outcome", e.outcome());
                m.put("detail", e.detail());
                m.put("hash", e.hash());
                ctx.out().println(Json.of(m));
            } else {
                ctx.out().printf("%6d  %s  %-12s %-22s %-8s %s%s%n", e.seq(), e.time(), oneLine(e.user()),
                        oneLine(e.action()), e.outcome(), oneLine(e.object()),
                        e.detail().isEmpty() ? "" : "  — " + oneLine(e.detail()));
            }
        }
    }

    /**
     * One table row per entry: line breaks and tabs inside a field (an error message, a multi-line
     * question) are shown as the visible escapes {@code \n}, {@code \r}, {@code \t}.
     */
    static String oneLine(String field) {
        if (field == null) {
            return "";
        }
        return field.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }
}
