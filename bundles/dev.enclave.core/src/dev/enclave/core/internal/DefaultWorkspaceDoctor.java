package dev.enclave.core.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import dev.enclave.core.WorkspaceDoctor;
import dev.enclave.core.WorkspaceManager;

/** Walks the workspace and the account's key folder without following links. */
@Component(service = WorkspaceDoctor.class)
public final class DefaultWorkspaceDoctor implements WorkspaceDoctor {
    private volatile WorkspaceManager workspaces;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setWorkspaces(WorkspaceManager manager) {
        this.workspaces = manager;
    }

    void unsetWorkspaces(WorkspaceManager manager) {
        if (this.workspaces == manager) {
            this.workspaces = null;
        }
    }

    @Override
    public Report check(Path root) {
        return walk(root, false);
    }

    @Override
    public Report fix(Path root, String actor) {
        Report report = walk(root, true);
        long fixed = report.findings().stream().filter(Finding::fixed).count();
        WorkspaceManager manager = workspaces;
        if (fixed > 0 && manager != null && Files.exists(root.resolve("audit").resolve("audit.jsonl"))) {
            try {
                manager.open(root, actor).auditLog().append(actor, "doctor.fix", root.toAbsolutePath().toString(),
                        AuditEntry.SUCCESS, "made " + fixed + " path(s) private; " + (report.findings().size() - fixed)
                                + " left");
            } catch (RuntimeException e) {
                // The repair stands; a workspace that does not open reports why on its next use.
            }
        }
        return report;
    }

    private Report walk(Path root, boolean repair) {
        Path abs = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw EnclaveException.badInput(abs + " is not a workspace folder (no such folder).");
        }
        List<Finding> findings = new ArrayList<>();
        long[] checked = { 0 };
        UserPrincipal owner;
        try {
            owner = Files.getOwner(abs, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw EnclaveException.badInput(abs + " cannot be examined: " + e.getMessage());
        }
        walkTree(abs, owner, repair, findings, checked);
        Path keys = AuditKeyring.defaultFolder();
        if (Files.isDirectory(keys, LinkOption.NOFOLLOW_LINKS)) {
            walkTree(keys, null, repair, findings, checked);
        }
        return new Report(abs, checked[0], findings);
    }

    private static void walkTree(Path top, UserPrincipal owner, boolean repair, List<Finding> findings, long[] checked) {
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    examine(dir, owner, repair, findings, checked);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isSymbolicLink()) {
                        checked[0]++;
                        findings.add(new Finding(file, "is a symbolic link (not followed; a workspace holds none)",
                                false, false));
                    } else {
                        examine(file, owner, repair, findings, checked);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    findings.add(new Finding(file, "cannot be read (" + e.getMessage() + ")", false, false));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            findings.add(new Finding(top, "cannot be walked (" + e.getMessage() + ")", false, false));
        }
    }

    private static void examine(Path path, UserPrincipal owner, boolean repair, List<Finding> findings,
            long[] checked) {
        checked[0]++;
        try {
            if (owner != null) {
                UserPrincipal actual = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS);
                if (!actual.equals(owner)) {
                    findings.add(new Finding(path, "belongs to '" + actual.getName() + "', not to the workspace's owner '"
                            + owner.getName() + "' (root can give it back: chown " + owner.getName() + ")", false, false));
                }
            }
            if (!FileIO.readableByOthers(path)) {
                return;
            }
            boolean folder = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
            String now = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
            String want = folder ? "rwx------" : "rw------- (owner only)";
            String problem = "other accounts can " + (folder ? "open" : "read") + " it (" + now + "); expected " + want;
            boolean fixed = false;
            if (repair) {
                // Take the other accounts' bits away; the owner's (e.g. a script's execute bit) stay.
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                perms.removeIf(p -> !p.name().startsWith("OWNER_"));
                Files.setPosixFilePermissions(path, perms);
                fixed = true;
            }
            findings.add(new Finding(path, problem, true, fixed));
        } catch (IOException | UnsupportedOperationException e) {
            findings.add(new Finding(path, "cannot be checked (" + e.getMessage() + ")", false, false));
        }
    }
}
