package dev.enclave.core;

import java.util.Collection;

/**
 * The one place that decides whether a subject may see or use a document.
 * Every bundle asks it before showing, quoting or using document content;
 * the knowledge base applies the same rule inside its index queries.
 *
 * <p>Rule: a subject may read a document when it holds at least one of the
 * document's ACL roles. Administrators are not exempt: IT administers the
 * product, not the bank's credit files.
 */
public interface AccessPolicy {

    /** Whether {@code subject} may read a document whose ACL holds {@code aclRoles}. */
    boolean mayRead(Subject subject, Collection<String> aclRoles);

    /** Whether {@code subject} may read the stored document. */
    default boolean mayRead(Subject subject, DocumentInfo document) {
        return mayRead(subject, document.acl());
    }

    /**
     * Throws unless {@code subject} may read {@code document}; a denial is written to the audit log.
     *
     * @throws AccessDeniedException naming the document and the roles that would be accepted
     */
    void checkRead(Subject subject, DocumentInfo document);

    /**
     * Throws unless {@code subject} holds {@code role}.
     *
     * @param operation what was attempted, for the message (e.g. "add users")
     */
    void checkRole(Subject subject, String role, String operation);
}
