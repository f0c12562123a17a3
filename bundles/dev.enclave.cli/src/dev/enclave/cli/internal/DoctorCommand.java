package dev.enclave.cli.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.enclave.core.OsIdentity;
import dev.enclave.core.WorkspaceDoctor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code enclave doctor}: checks that the workspace is private to its owner (folders 0700, files
 * 0600) and, with {@code --fix}, repairs it. Works without opening the workspace, so it also helps
 * when the workspace does not open.
 */
@Command(name = "doctor", description = { "Check that the workspace's files are private (folders 0700, files 0600);"
        + " --fix repairs them. Exit 1 while something is left to repair.",
        "检查工作区文件是否仅属主可访问（目录 0700，文件 0600）；--fix 修复。仍有问题时退出码 1。" })
final class DoctorCommand implements java.util.concurrent.Callable<Integer> {
    private final RunContext ctx;

    @Option(names = "--fix", description = { "Repair the permissions (and record it in the audit log).",
            "修复权限（并记入审计日志）。" })
    boolean fix;

    DoctorCommand(RunContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        WorkspaceDoctor doctor = ctx.service(WorkspaceDoctor.class);
        Path root = ctx.dataFolder();
        WorkspaceDoctor.Report report;
        try {
            report = fix ? doctor.fix(root, OsIdentity.current()) : doctor.check(root);
        } catch (dev.enclave.core.EnclaveException e) {
            throw Options.named("--data " + root, e);
        }
        List<WorkspaceDoctor.Finding> findings = report.findings();
        if (ctx.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workspace", report.root().toString());
            m.put("ok", report.ok());
            m.put("checked", report.checked());
            m.put("fixed", findings.stream().filter(WorkspaceDoctor.Finding::fixed).count());
            m.put("findings", findings.stream().map(f -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("path", f.path().toString());
                row.put("problem", f.problem());
                row.put("fixable", f.fixable());
                row.put("fixed", f.fixed());
                return row;
            }).toList());
            ctx.out().println(Json.of(m));
        } else {
            for (WorkspaceDoctor.Finding f : findings) {
                ctx.out().println((f.fixed() ? "fixed   " : f.fixable() ? "problem " : "problem ") + f.path() + ": "
                        + f.problem());
            }
            long open = findings.stream().filter(f -> !f.fixed()).count();
            if (open == 0) {
                ctx.out().println("Workspace " + report.root() + " is private: " + report.checked()
                        + " files and folders checked" + (findings.isEmpty() ? "" : ", " + findings.size() + " repaired")
                        + ". / 工作区文件仅属主可访问。");
            } else {
                ctx.out().println(open + " problem(s) in " + report.root() + (fix ? "" : "; run 'enclave doctor --fix'")
                        + ". / 发现 " + open + " 个问题。");
            }
        }
        return report.ok() ? 0 : 1;
    }
}
