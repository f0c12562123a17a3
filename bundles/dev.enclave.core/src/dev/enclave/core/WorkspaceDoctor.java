package dev.enclave.core;

import java.nio.file.Path;
import java.util.List;

/**
 * Checks that a workspace's files are private to the account that owns it — folders {@code 0700},
 * files {@code 0600}, one owner — and repairs the permissions on request. Covers the workspace and
 * this account's audit-key folder ({@code ~/.config/enclave}). Symbolic links are reported, never
 * followed. Registered as an OSGi service; behind {@code enclave doctor}. Thread-safe.
 */
public interface WorkspaceDoctor {

    /**
     * One thing found.
     *
     * @param path    the file or folder
     * @param problem what is wrong, in words (e.g. "readable by other accounts (rwxr-xr-x); expected rwx------")
     * @param fixable whether {@link #fix} can repair it (permissions can; another owner cannot, except by root)
     * @param fixed   whether {@link #fix} repaired it
     */
    record Finding(Path path, String problem, boolean fixable, boolean fixed) {
    }

    /**
     * What a check or a fix found.
     *
     * @param root     the workspace folder
     * @param checked  how many files and folders were looked at
     * @param findings what is wrong (or was, when fixed), in walk order
     */
    record Report(Path root, long checked, List<Finding> findings) {
        public Report {
            findings = List.copyOf(findings);
        }

        /** Whether nothing is left to repair. */
        public boolean ok() {
            return findings.stream().allMatch(Finding::fixed);
        }
    }

    /**
     * Checks without changing anything.
     *
     * @throws EnclaveException (bad input) when {@code root} is not a folder
     */
    Report check(Path root);

    /**
     * Checks and sets {@code 0700} on folders and {@code 0600} on files that others could read or
     * write; records what it repaired in the workspace's audit log as {@code doctor.fix} by {@code actor}
     * (the OS user) when the workspace opens.
     *
     * @throws EnclaveException (bad input) when {@code root} is not a folder
     */
    Report fix(Path root, String actor);
}
