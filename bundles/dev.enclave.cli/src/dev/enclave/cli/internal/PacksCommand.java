package dev.enclave.cli.internal;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.enclave.core.DomainPack;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.InstalledFeature;
import dev.enclave.core.PackInstaller;
import dev.enclave.core.PackRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code enclave packs …}: list, install and uninstall domain packs through p2. */
@Command(name = "packs", description = { "List, install and uninstall domain packs (p2, offline).",
        "列出、安装、卸载领域包（p2，离线）。" }, mixinStandardHelpOptions = true)
final class PacksCommand {
    private final RunContext ctx;

    PacksCommand(RunContext ctx) {
        this.ctx = ctx;
    }

    @Command(name = "list", description = { "Installed features and the packs active now.", "已安装的功能与当前启用的领域包。" })
    void list() {
        List<InstalledFeature> features = ctx.service(PackInstaller.class).installed();
        List<DomainPack> packs = ctx.service(PackRegistry.class).packs();
        if (ctx.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("features", features.stream().map(f -> {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("id", f.id());
                r.put("version", f.version());
                r.put("name", f.name());
                return r;
            }).toList());
            m.put("packs", packs.stream().map(p -> {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("id", p.id());
                r.put("name", p.name());
                r.put("version", p.version());
                r.put("description", p.description());
                r.put("contributions", p.contributions());
                return r;
            }).toList());
            ctx.out().println(Json.of(m));
            return;
        }
        ctx.out().println("Installed features / 已安装功能:");
        for (InstalledFeature f : features) {
            ctx.out().printf("  %-36s %s%n", f.id(), f.version());
        }
        ctx.out().println("Domain packs / 领域包:" + (packs.isEmpty() ? " none / 无" : ""));
        for (DomainPack p : packs) {
            ctx.out().printf("  %-36s %-12s %s%n", p.id(), p.version(), p.name());
            for (String c : p.contributions()) {
                ctx.out().println("      " + c);
            }
        }
    }

    @Command(name = "install", description = { "Install a pack feature from a p2 repository (admin).",
            "从 p2 仓库安装领域包（管理员）。" })
    void install(@Parameters(paramLabel = "FEATURE-ID") String featureId,
            @Option(names = "--from", required = true, paramLabel = "REPO",
                    description = "p2 repository folder or URL") String from) {
        InstalledFeature f = ctx.service(PackInstaller.class).install(ctx.workspace(), ctx.subject(),
                featureId, toUri(from), ctx.progress());
        if (ctx.json()) {
            ctx.out().println(Json.of(Map.of("installed", f.id(), "version", f.version())));
        } else {
            ctx.out().println("Installed " + f.id() + " " + f.version() + " / 已安装");
        }
    }

    @Command(name = "uninstall", description = { "Uninstall a pack feature (admin).", "卸载领域包（管理员）。" })
    void uninstall(@Parameters(paramLabel = "FEATURE-ID") String featureId) {
        ctx.service(PackInstaller.class).uninstall(ctx.workspace(), ctx.subject(), featureId,
                ctx.progress());
        if (ctx.json()) {
            ctx.out().println(Json.of(Map.of("uninstalled", featureId)));
        } else {
            ctx.out().println("Uninstalled " + featureId + " / 已卸载");
        }
    }

    /** A folder path or a URL; a folder must exist. */
    static URI toUri(String from) {
        if (from.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !from.matches("^[a-zA-Z]:\\\\.*")) {
            try {
                return URI.create(from);
            } catch (IllegalArgumentException e) {
                throw EnclaveException.badInput("--from " + from + ": not a valid URL (" + e.getMessage() + ").");
            }
        }
        Path dir = Path.of(from).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw EnclaveException.badInput("--from " + from + ": no such folder. Give the folder of a p2 repository, "
                    + "e.g. releng/dev.enclave.repository/target/repository.");
        }
        return dir.toUri();
    }
}
