package dev.enclave.knowledge.internal;

import java.util.List;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.SettingDefinition;
import dev.enclave.core.Workspace;

/**
 * The per-file budgets of an ingest, from the workspace settings (read by every ingest). The
 * defaults let a 300-page PDF or a 10,000-row sheet through and stop what would hang or exhaust
 * the process: a file is refused naming the limit and the setting that raises it.
 *
 * @param maxFileBytes     largest file read, checked on the file's size before reading it
 * @param parseMillis      longest one file may take to read, parse and chunk
 * @param maxChars         most characters of text one file may yield
 * @param maxChunks        most chunks one file may make
 * @param writeWaitMillis  how long an ingest or delete waits for another one writing the same collection
 */
record IngestLimits(long maxFileBytes, long parseMillis, long maxChars, int maxChunks, long writeWaitMillis) {

    static final String MAX_FILE_MB = "knowledge.ingest.maxFileMb";
    static final String FILE_SECONDS = "knowledge.ingest.fileSeconds";
    static final String MAX_CHARS = "knowledge.ingest.maxChars";
    static final String MAX_CHUNKS = "knowledge.ingest.maxChunks";
    static final String WRITE_WAIT_SECONDS = "knowledge.ingest.writeWaitSeconds";

    /** The documented size limit of one file (see the contracts). */
    static final long MAX_FILE_MB_LIMIT = 200;

    static final List<SettingDefinition> DEFINITIONS = List.of(
            whole(MAX_FILE_MB, 200, 1, MAX_FILE_MB_LIMIT, "Largest file ingest reads, in MB (checked before reading)."),
            whole(FILE_SECONDS, 120, 1, 3600, "Seconds one file may take to read, parse and chunk during ingest."),
            whole(MAX_CHARS, 5_000_000, 1000, 100_000_000, "Most characters of text one ingested file may yield."),
            whole(MAX_CHUNKS, 20_000, 10, 1_000_000, "Most chunks one ingested file may make."),
            whole(WRITE_WAIT_SECONDS, 60, 0, 3600,
                    "Seconds an ingest or delete waits while another one writes the same collection."));

    static IngestLimits of(Workspace ws) {
        return new IngestLimits(value(ws, MAX_FILE_MB) * 1024 * 1024, value(ws, FILE_SECONDS) * 1000,
                value(ws, MAX_CHARS), (int) value(ws, MAX_CHUNKS), value(ws, WRITE_WAIT_SECONDS) * 1000);
    }

    private static long value(Workspace ws, String key) {
        SettingDefinition def = DEFINITIONS.stream().filter(d -> d.key().equals(key)).findFirst().orElseThrow();
        String v = ws.settings().get(key).orElse(def.defaultValue());
        if (!def.accepts().test(v)) {
            throw EnclaveException.badInput("The setting " + key + " takes " + def.takes() + ", not '" + v + "'.");
        }
        return Long.parseLong(v.trim());
    }

    private static SettingDefinition whole(String key, long dflt, long min, long max, String description) {
        return new SettingDefinition(key, Long.toString(dflt), "a whole number from " + min + " to " + max, description,
                v -> {
                    try {
                        long l = Long.parseLong(v.trim());
                        return l >= min && l <= max;
                    } catch (NumberFormatException e) {
                        return false;
                    }
                });
    }
}
