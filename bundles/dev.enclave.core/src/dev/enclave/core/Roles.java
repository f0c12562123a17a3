package dev.enclave.core;

import java.util.List;

/** Names of the built-in roles. More roles can be defined per workspace. */
public final class Roles {
    /** IT administration: users, roles, packs, settings; may act as another user. */
    public static final String ADMIN = "admin";
    /** Credit-risk auditors. */
    public static final String AUDITOR = "auditor";
    /** Fab and process engineers. */
    public static final String ENGINEER = "engineer";
    /** In-house AI team: datasets, fine-tuning, model deployment. */
    public static final String AI_ENGINEER = "ai-engineer";

    /** May read every user's audit-log entries (everyone reads their own). */
    public static final String AUDIT_READER = "audit-reader";

    /** The built-in roles, in display order. */
    public static final List<String> BUILT_IN = List.of(ADMIN, AUDITOR, ENGINEER, AI_ENGINEER, AUDIT_READER);

    private Roles() {
    }
}
