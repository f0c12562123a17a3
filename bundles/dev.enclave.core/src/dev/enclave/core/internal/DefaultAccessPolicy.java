package dev.enclave.core.internal;

import java.util.Collection;

import dev.enclave.core.AccessDeniedException;
import dev.enclave.core.AccessPolicy;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.AuditLog;
import dev.enclave.core.DocumentInfo;
import dev.enclave.core.Subject;

/** Role-intersection policy; denials are audited. */
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
}
