package dev.enclave.cli.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.enclave.core.RoleDefinition;
import dev.enclave.core.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code enclave users …}: local users and roles. */
@Command(name = "users", description = { "Manage workspace users and roles.", "管理工作区用户与角色。" },
        mixinStandardHelpOptions = true)
final class UsersCommand {
    private final RunContext ctx;

    UsersCommand(RunContext ctx) {
        this.ctx = ctx;
    }

    @Command(name = "list", description = { "List users and their roles.", "列出用户及其角色。" })
    void list() {
        List<User> users = ctx.workspace().security().users();
        if (ctx.json()) {
            List<Map<String, Object>> rows = users.stream().map(u -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", u.name());
                m.put("roles", u.roles());
                return m;
            }).toList();
            ctx.out().println(Json.of(Map.of("users", rows)));
            return;
        }
        int width = Math.max(4, users.stream().mapToInt(u -> u.name().length()).max().orElse(4));
        ctx.out().printf("%-" + width + "s  %s%n", "USER", "ROLES");
        for (User u : users) {
            ctx.out().printf("%-" + width + "s  %s%n", u.name(), String.join(",", u.roles()));
        }
    }

    @Command(name = "add", description = { "Add a user, or set the roles of an existing one (admin).",
            "添加用户或修改其角色（管理员）。" })
    void add(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--role", required = true, paramLabel = "ROLE[,ROLE…]", split = ",") String[] roles) {
        User user = ctx.workspace().security().putUser(ctx.subject(), name, Arrays.asList(roles));
        if (ctx.json()) {
            ctx.out().println(Json.of(Map.of("name", user.name(), "roles", user.roles())));
        } else {
            ctx.out().println("User " + user.name() + ": " + String.join(",", user.roles()));
        }
    }

    @Command(name = "remove", description = { "Remove a user (admin).", "删除用户（管理员）。" })
    void remove(@Parameters(paramLabel = "NAME") String name) {
        ctx.workspace().security().removeUser(ctx.subject(), name);
        if (ctx.json()) {
            ctx.out().println(Json.of(Map.of("removed", name)));
        } else {
            ctx.out().println("Removed user " + name);
        }
    }

    @Command(name = "roles", description = { "List the roles this workspace knows.", "列出角色。" })
    void roles() {
        List<RoleDefinition> roles = ctx.workspace().security().roles();
        if (ctx.json()) {
            ctx.out().println(Json.of(Map.of("roles", roles.stream().map(r -> Map.of("name", r.name(),
                    "description", r.description(), "built_in", r.builtIn())).toList())));
            return;
        }
        for (RoleDefinition r : roles) {
            ctx.out().printf("%-14s %s%s%n", r.name(), r.description(), r.builtIn() ? " (built in)" : "");
        }
    }

    @Command(name = "define-role", description = { "Define a new role (admin).", "定义新角色（管理员）。" })
    void defineRole(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--description", defaultValue = "", paramLabel = "TEXT") String description) {
        RoleDefinition role = ctx.workspace().security().defineRole(ctx.subject(), name, description);
        if (ctx.json()) {
            ctx.out().println(Json.of(Map.of("name", role.name(), "description", role.description())));
        } else {
            ctx.out().println("Defined role " + role.name());
        }
    }
}
