package dev.enclave.cli.internal;

import java.util.Map;
import java.util.TreeMap;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.PromptFilter;
import dev.enclave.core.Roles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code enclave settings …}: the workspace's settings (policies, the models it uses). */
@Command(name = "settings", description = { "Show or change workspace settings (changes: admin).",
        "查看或修改工作区设置（修改需管理员）。" }, mixinStandardHelpOptions = true)
final class SettingsCommand {
    /** Keys with a fixed set of values, checked before they are stored. */
    private static final Map<String, String[]> CHOICES = Map.of(PromptFilter.MASK_PROMPTS,
            new String[] { "true", "false" });

    private final RunContext ctx;

    SettingsCommand(RunContext ctx) {
        this.ctx = ctx;
    }

    @Command(name = "list", description = { "Every setting and its value.", "列出全部设置及其值。" })
    void list() {
        Map<String, String> all = new TreeMap<>(ctx.workspace().settings().all());
        all.putIfAbsent(PromptFilter.MASK_PROMPTS, "false");
        if (ctx.json()) {
            ctx.out().println(Json.of(Map.of("settings", all)));
        } else {
            all.forEach((k, v) -> ctx.out().println(k + " = " + v));
        }
    }

    @Command(name = "set", description = { "Set a workspace setting (admin), e.g. privacy.maskPrompts true.",
            "修改工作区设置（管理员），例如 privacy.maskPrompts true。" })
    void set(@Parameters(index = "0", paramLabel = "KEY") String key,
            @Parameters(index = "1", paramLabel = "VALUE") String value) {
        ctx.workspace().accessPolicy().checkRole(ctx.subject(), Roles.ADMIN, "change workspace settings");
        String[] choices = CHOICES.get(key);
        if (choices != null && !java.util.Arrays.asList(choices).contains(value)) {
            throw EnclaveException.badInput(key + " takes " + String.join(" or ", choices) + ", not '" + value + "'.");
        }
        String before = ctx.workspace().settings().get(key, "");
        ctx.workspace().settings().put(key, value);
        ctx.workspace().auditLog().append(ctx.subject().name(), "settings.set", key, AuditEntry.SUCCESS,
                "'" + before + "' -> '" + value + "'");
        if (ctx.json()) {
            ctx.out().println(Json.of(Map.of("key", key, "value", value)));
        } else {
            ctx.out().println(key + " = " + value);
        }
    }
}
