package dev.enclave.audit.internal;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** JSON in the contract's shape: snake_case keys, nulls written, no HTML escaping. */
public final class AuditJson {
    private AuditJson() {
    }

    /** The Gson for credit reports, portfolios and findings. */
    public static Gson gson() {
        return new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).serializeNulls()
                .disableHtmlEscaping().create();
    }
}
