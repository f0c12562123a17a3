package dev.enclave.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.enclave.core.AccessDeniedException;
import dev.enclave.core.AccessPolicy;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.AuditLog;
import dev.enclave.core.DocumentInfo;
import dev.enclave.core.Subject;

/** Role-intersection policy for reading, owner and write roles for writing; denials are audited. */
final class DefaultAccessPolicy implements AccessPolicy {
    private final AuditLog audit;

    DefaultAccessPolicy(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public boolean mayRead(Subject subject, Collection<String> aclRoles) {
        return subject.hasAnyRole(aclRoles);
    }

    @Override
    public void checkRead(Subject subject, DocumentInfo document) {
        if (!mayRead(subject, document)) {
            audit.append(subject.name(), "document.read", document.id(), AuditEntry.DENIED,
                    "acl " + document.acl() + ", user roles " + subject.roles());
            throw new AccessDeniedException("User '" + subject.name() + "' may not read this document: it is open to "
                    + document.acl() + " only.");
        }
    }

    @Override
    public void checkRole(Subject subject, String role, String operation) {
        if (!subject.hasRole(role)) {
            audit.append(subject.name(), "access.check", operation, AuditEntry.DENIED, "requires role " + role);
            throw new AccessDeniedException("User '" + subject.name() + "' may not " + operation
                    + ": that needs the role '" + role + "'.");
        }
    }

    @Override
    public void checkWrite(Subject subject, WriteRights container, String action) {
        if (!mayWrite(subject, container)) {
            audit.append(subject.name(), action, container.name(), AuditEntry.DENIED,
                    "no write rights: owner " + container.owner() + ", write roles " + container.writeRoles()
                            + ", user roles " + subject.roles());
            throw new AccessDeniedException("User '" + subject.name() + "' may not write into '" + container.name()
                    + "': only its owner (" + (container.owner() == null ? "unknown" : container.owner())
                    + "), administrators"
                    + (container.writeRoles().isEmpty() ? "" : " and the roles " + container.writeRoles())
                    + " may. Its owner or an administrator can grant write roles.");
        }
    }

    @Override
    public void checkLabel(Subject subject, Collection<String> aclRoles, String object, String action) {
        if (!mayLabel(subject, aclRoles)) {
            List<String> missing = new ArrayList<>();
            for (String r : aclRoles) {
                if (!subject.hasRole(r)) {
                    missing.add(r);
                }
            }
            audit.append(subject.name(), action, object, AuditEntry.DENIED,
                    "labels " + aclRoles + " not held: " + missing);
            throw new AccessDeniedException("User '" + subject.name() + "' may not give documents the roles "
                    + missing + ": only roles you hold yourself (" + String.join(", ", subject.roles())
                    + ") can be given, unless an administrator does it.");
        }
    }

    @Override
    public void checkReplace(Subject subject, Collection<String> aclRoles, WriteRights container, String document,
            String action) {
        if (!mayRead(subject, aclRoles)) {
            audit.append(subject.name(), action, container.name() + ":" + document, AuditEntry.DENIED,
                    "may not read the existing document");
            throw new AccessDeniedException("User '" + subject.name() + "' may not replace, relabel or delete "
                    + document + " in '" + container.name() + "': it is a document you may not read.");
        }
        checkWrite(subject, container, action);
    }
}
