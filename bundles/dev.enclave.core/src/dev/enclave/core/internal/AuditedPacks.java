package dev.enclave.core.internal;

import java.net.URI;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.InstalledFeature;
import dev.enclave.core.PackInstaller;
import dev.enclave.core.Progress;
import dev.enclave.core.Roles;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * Pack installation as the CLI and the workbench both perform it: the admin
 * check, the p2 operation, and an audit entry for the outcome either way.
 */
public final class AuditedPacks {
    private AuditedPacks() {
    }

    /** Installs {@code featureId} from {@code repository} on behalf of {@code subject}. */
    public static InstalledFeature install(Workspace workspace, Subject subject, PackInstaller installer,
            String featureId, URI repository, Progress progress) {
        workspace.accessPolicy().checkRole(subject, Roles.ADMIN, "install packs");
        try {
            InstalledFeature f = installer.install(subject, featureId, repository, progress);
            workspace.auditLog().append(subject.name(), "packs.install", featureId, AuditEntry.SUCCESS,
                    f.version() + " from " + repository);
            return f;
        } catch (RuntimeException e) {
            workspace.auditLog().append(subject.name(), "packs.install", featureId, AuditEntry.FAILURE,
                    String.valueOf(e.getMessage()));
            throw e;
        }
    }

    /** Uninstalls {@code featureId} on behalf of {@code subject}. */
    public static void uninstall(Workspace workspace, Subject subject, PackInstaller installer, String featureId,
            Progress progress) {
        workspace.accessPolicy().checkRole(subject, Roles.ADMIN, "uninstall packs");
        try {
            installer.uninstall(subject, featureId, progress);
            workspace.auditLog().append(subject.name(), "packs.uninstall", featureId, AuditEntry.SUCCESS, "");
        } catch (RuntimeException e) {
            workspace.auditLog().append(subject.name(), "packs.uninstall", featureId, AuditEntry.FAILURE,
                    String.valueOf(e.getMessage()));
            throw e;
        }
    }
}
