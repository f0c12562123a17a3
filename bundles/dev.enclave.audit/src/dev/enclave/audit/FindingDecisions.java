package dev.enclave.audit;

import java.util.List;
import java.util.Map;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * The auditor's decisions on findings, kept in the workspace
 * ({@code <data>/audit/decisions.json}, replaced atomically) and written to the audit log.
 */
public interface FindingDecisions {

    /** Decision value for a finding the auditor agrees with. */
    String CONFIRMED = "confirmed";
    /** Decision value for a finding the auditor rejects. */
    String DISMISSED = "dismissed";

    /** One decision. */
    record Decision(String findingId, String decision, String comment, String user, String time) {
    }

    /**
     * Records a decision (the latest one per finding wins) and appends it to the audit log.
     *
     * @param decision {@link #CONFIRMED} or {@link #DISMISSED}
     * @throws dev.enclave.core.EnclaveException (bad input) for another decision value
     */
    Decision decide(Workspace workspace, Subject user, String findingId, String decision, String comment);

    /** All decisions by finding id. */
    Map<String, Decision> load(Workspace workspace);

    /** The findings with their decisions attached. */
    List<Finding> apply(Workspace workspace, List<Finding> findings);
}
