package dev.enclave.core;

import java.util.Collection;
import java.util.List;

/**
 * The one place that decides whether a subject may see or use a document.
 * Every bundle asks it before showing, quoting or using document content;
 * the knowledge base applies the same rule inside its index queries.
 *
 * <p>Rule: a subject may read a document when it holds at least one of the
 * document's ACL roles. Administrators are not exempt: IT administers the
 * product, not the bank's credit files.
 *
 * <p>Writing is decided per container (a knowledge collection): a subject may
 * write into it when it is an administrator, the container's owner, or holds one
 * of its write roles. A subject may give documents only roles it holds itself
 * (administrators excepted), so nobody can plant a document for readers they do
 * not belong to. Replacing, relabelling or deleting a document needs both: the
 * subject may read the document and may write its container. Every
 * {@code check…} method writes a denial to the audit log before it throws.
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

    /**
     * Who may write into a container of documents (a knowledge collection).
     *
     * @param name       the container's name, for messages and the audit log
     * @param owner      the user who created it, or {@code null} when unknown (a container from before owners
     *                   were recorded)
     * @param writeRoles roles whose holders may write into it besides its owner and administrators; empty with a
     *                   {@code null} owner means every user holding a role may write (the rule before owners)
     */
    record WriteRights(String name, String owner, List<String> writeRoles) {
        public WriteRights {
            writeRoles = writeRoles == null ? List.of() : List.copyOf(writeRoles);
        }
    }

    /** Whether {@code subject} may add documents to, replace documents in or delete documents from the container. */
    default boolean mayWrite(Subject subject, WriteRights container) {
        if (subject.isAdmin() || (container.owner() != null && container.owner().equals(subject.name()))) {
            return true;
        }
        if (container.owner() == null && container.writeRoles().isEmpty()) {
            return !subject.roles().isEmpty();
        }
        return subject.hasAnyRole(container.writeRoles());
    }

    /**
     * Throws unless {@code subject} may write into the container; a denial is written to the audit log.
     *
     * @param action the audit action of the attempt, e.g. {@code knowledge.ingest}
     * @throws AccessDeniedException naming the container, its owner and its write roles
     */
    void checkWrite(Subject subject, WriteRights container, String action);

    /** Whether {@code subject} may give a document the roles {@code aclRoles}: it holds each, or is an administrator. */
    default boolean mayLabel(Subject subject, Collection<String> aclRoles) {
        return subject.isAdmin() || subject.roles().containsAll(aclRoles);
    }

    /**
     * Throws unless {@code subject} may give documents the roles {@code aclRoles}; a denial is written to the audit
     * log.
     *
     * @param object what was to be labelled, for the message and the audit log (a collection, a file)
     * @param action the audit action of the attempt
     * @throws AccessDeniedException naming the roles the subject does not hold
     */
    void checkLabel(Subject subject, Collection<String> aclRoles, String object, String action);

    /**
     * Whether {@code subject} may replace, relabel or delete a document with the ACL {@code aclRoles} in the
     * container: it may read the document and write the container.
     */
    default boolean mayReplace(Subject subject, Collection<String> aclRoles, WriteRights container) {
        return mayRead(subject, aclRoles) && mayWrite(subject, container);
    }

    /**
     * Throws unless {@link #mayReplace} holds; a denial is written to the audit log (naming the document, not its
     * content or roles, which the subject may not be allowed to know).
     *
     * @param document the document's source or id, for the message and the audit log
     * @param action   the audit action of the attempt, e.g. {@code knowledge.delete}
     * @throws AccessDeniedException saying what the subject may not do
     */
    void checkReplace(Subject subject, Collection<String> aclRoles, WriteRights container, String document,
            String action);
}
