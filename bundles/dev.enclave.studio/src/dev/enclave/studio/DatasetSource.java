package dev.enclave.studio;

import java.util.List;

import com.google.gson.JsonObject;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * A source of training records that a bundle or a Domain Pack offers to the studio, as an
 * OSGi service: the knowledge base offers its collections' chunks as text, the credit audit
 * pack its auditors' confirmed extractions and corrections as instruction examples.
 * {@code enclave data import NAME --from ID[:ARGUMENT]} turns them into a dataset version.
 */
public interface DatasetSource {
    /** The id used on the command line, e.g. {@code knowledge}. */
    String id();

    /** What the source gives, in English and Simplified Chinese. */
    String description();

    /** What the argument after {@code ID:} names (e.g. {@code COLLECTION}), or null when there is none. */
    String argument();

    /**
     * The records, read with {@code subject}'s rights (nothing the subject may not read), each in
     * one of the dataset shapes (plain {@code text}, Alpaca or ShareGPT) with a {@code source}
     * field saying where it came from.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) when the argument names nothing
     */
    List<JsonObject> records(Workspace workspace, Subject subject, String argument, Progress progress);
}
