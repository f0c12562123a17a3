package dev.enclave.audit;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The JSON form of the pack's records ({@link CreditReport}, {@link Portfolio}, {@link Finding}, …)
 * in the shape of {@code credit-report.md}: snake_case keys ({@code amount_yuan}), nulls written
 * (an unknown value is there as {@code null}), no HTML escaping (Chinese and {@code <} stay
 * readable). The field paths of {@link CreditReport#evidence()} and {@link FieldCorrections} are
 * paths into this form. The CLI's {@code --json} output and the workbench's saved portfolio use it.
 *
 * <p>Thread-safe: each call returns a new, immutable {@link Gson}.
 */
public final class AuditJson {
    private AuditJson() {
    }

    /** A Gson that reads and writes credit reports, portfolios and findings in the contract's shape. */
    public static Gson gson() {
        return new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).serializeNulls()
                .disableHtmlEscaping().create();
    }
}
