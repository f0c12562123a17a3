package dev.enclave.cli.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.enclave.core.AuditAnchor;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.AuditVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code enclave audit-log …}: read, anchor and verify the hash-chained, signed audit log. */
@Command(name = "audit-log", description = { "Read and verify the audit log.", "查看并校验审计日志。" },
        mixinStandardHelpOptions = true)
final class AuditLogCommand {
    private final RunContext ctx;

    AuditLogCommand(RunContext ctx) {
        this.ctx = ctx;
    }

    @Command(name = "verify", description = { "Check the hash chain, the signatures and, with --anchor, that the log"
            + " still holds the prefix an anchor fixes; exit 1 naming the first bad entry.",
            "校验哈希链与签名；指定 --anchor 时校验日志仍包含该锚点之前的全部记录；若有问题，退出码 1 并指出第一条问题记录。" })
    int verify(@Option(names = "--anchor", paramLabel = "SEQ:HASH", description = {
            "An anchor printed earlier by 'enclave audit-log anchor'.", "先前由 'enclave audit-log anchor' 输出的锚点。" })
    String anchorText) {
        AuditAnchor anchor = anchorText == null ? null : parseAnchor(anchorText);
        AuditVerification v = anchor == null ? ctx.workspace().auditLog().verify()
                : ctx.workspace().auditLog().verify(anchor);
        if (ctx.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", v.intact());
            m.put("entries", v.entries());
            m.put("first_bad_line", v.badLine());
            m.put("first_bad_entry", v.badSeq());
            m.put("problem", v.problem());
            m.put("signed", v.signed());
            m.put("signed_from", v.signedFrom());
            m.put("key", v.key());
            m.put("key_trusted", v.keyTrusted());
            m.put("anchor", v.anchor());
            ctx.out().println(Json.of(m));
        } else if (v.intact()) {
            String signed = v.signed() ? " Signatures valid (key " + v.key() + (v.keyTrusted() ? "" : ", taken from the"
                    + " workspace only") + ")." : " NOT signed (written before signing began). / 未签名。";
            String anchored = v.anchor().isEmpty() ? "" : " Anchor " + v.anchor() + " holds. / 锚点一致。";
            ctx.out().println("Audit log intact: " + v.entries() + " entries, chain verified." + signed + anchored
                    + " / 审计日志完整。");
        } else {
            ctx.out().println("Audit log NOT intact / 审计日志已被破坏: " + v.problem());
        }
        return v.intact() ? 0 : 1;
    }

    @Command(name = "anchor", description = { "Print the current anchor SEQ:HASH (last entry and its hash) to record"
            + " elsewhere; 'verify --anchor' proves later that the log still holds everything up to it.",
            "输出当前锚点 SEQ:HASH（最后一条记录的序号与哈希），请另行保存；之后可用 'verify --anchor' 证明此前的记录未被改动。" })
    void anchor() {
        AuditAnchor a = ctx.workspace().auditLog().anchor();
        if (ctx.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", a.seq());
            m.put("hash", a.hash());
            m.put("anchor", a.toString());
            ctx.out().println(Json.of(m));
        } else {
            ctx.out().println(a);
        }
    }

    private static AuditAnchor parseAnchor(String text) {
        try {
            return AuditAnchor.parse(text);
        } catch (EnclaveException e) {
            throw Options.named("--anchor " + text, e);
        }
    }

    @Command(name = "tail", description = { "Show the last entries (all users' for admin and audit-reader, else your own).",
            "显示最近的记录（管理员与 audit-reader 可见全部，其他用户仅见本人的记录）。" })
    void tail(@Option(names = "-n", defaultValue = "20", paramLabel = "N", description = "How many (default 20).")
    int n) {
        if (n < 0) {
            throw dev.enclave.core.EnclaveException.badInput("-n " + n + ": give a count of 0 or more.");
        }
        List<AuditEntry> entries = ctx.workspace().auditLog().tail(ctx.subject(), n);
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
