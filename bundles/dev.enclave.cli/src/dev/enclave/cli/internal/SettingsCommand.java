package dev.enclave.cli.internal;

import java.util.List;
import java.util.Map;

import dev.enclave.core.SettingDefinition;
import dev.enclave.core.SettingsService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code enclave settings …}: the workspace's settings (policies, the models it uses). */
@Command(name = "settings", description = { "Show or change workspace settings (changes: admin).",
        "查看或修改工作区设置（修改需管理员）。" }, mixinStandardHelpOptions = true)
final class SettingsCommand {
    private final RunContext ctx;

    SettingsCommand(RunContext ctx) {
        this.ctx = ctx;
    }

    @Command(name = "list", description = { "Every setting and its value (defaults included).",
            "列出全部设置及其值（含默认值）。" })
    void list() {
        Map<String, String> all = ctx.service(SettingsService.class).effective(ctx.workspace());
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
        ctx.service(SettingsService.class).set(ctx.workspace(), ctx.subject(), key, value);
        if (ctx.json()) {
            ctx.out().println(Json.of(Map.of("key", key, "value", value)));
        } else {
            ctx.out().println(key + " = " + value);
        }
    }

    @Command(name = "describe", description = { "The defined settings: key, default, what each takes and means.",
            "已定义的设置：键、默认值、取值范围与含义。" })
    void describe() {
        List<SettingDefinition> defs = ctx.service(SettingsService.class).definitions();
        if (ctx.json()) {
            ctx.out().println(Json.of(Map.of("settings", defs.stream().map(d -> Map.of("key", d.key(), "default",
                    d.defaultValue(), "takes", d.takes(), "description", d.description())).toList())));
        } else {
            for (SettingDefinition d : defs) {
                ctx.out().printf("%-36s default %-8s %s%n      %s%n", d.key(), d.defaultValue().isEmpty() ? "-" : d.defaultValue(),
                        d.takes(), d.description());
            }
        }
    }
}
