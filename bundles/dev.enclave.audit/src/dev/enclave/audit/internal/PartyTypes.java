package dev.enclave.audit.internal;

/** Whether a resolved party name is a company, for callers outside this package (network layout, UI). */
public final class PartyTypes {
    private PartyTypes() {
    }

    /** Whether {@code name} reads as a company (a legal-form suffix or a company word), else a person. */
    public static boolean isCompany(String name) {
        return Entities.isCompany(name);
    }
}
