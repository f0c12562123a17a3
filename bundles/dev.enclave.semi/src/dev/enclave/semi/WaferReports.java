package dev.enclave.semi;

import java.nio.file.Path;
import java.util.List;

/**
 * Lot and weekly yield reports over stored wafer maps, as DOCX (Apache POI) or PDF
 * (PDFBox): the yield table per wafer and per lot (the numbers of {@code wafer yield}),
 * pattern counts, the map images, a yield-trend chart and a pattern Pareto chart, the
 * classifier's findings (low-confidence maps, maps whose known label differs from the
 * prediction) and notes. Registered as an OSGi service; thread-safe.
 */
public interface WaferReports {

    /** The file format of a report. */
    enum Format {
        /** Office Open XML word-processing document. */
        DOCX,
        /** PDF; Chinese text only when a CJK TrueType font is found on this machine. */
        PDF;

        /**
         * The format named {@code docx} or {@code pdf} (any case).
         *
         * @throws dev.enclave.core.EnclaveException (bad input) for another name
         */
        public static Format parse(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return f;
                }
            }
            throw dev.enclave.core.EnclaveException.badInput("Unknown report format \"" + name
                    + "\": use docx or pdf.");
        }
    }

    /** A confidence below this makes a map a finding to review. */
    float LOW_CONFIDENCE = 0.6f;

    /**
     * What a written report holds.
     *
     * @param out           the file written
     * @param title         the report's title (names the lot or the week)
     * @param wafers        wafers in the report
     * @param dies          dies on them
     * @param good          good dies
     * @param yield         pooled die yield (good / dies), as {@code wafer yield} computes it
     * @param findings      classifier findings listed
     * @param chineseFont   the CJK font file embedded in a PDF; {@code null} for an English-only PDF (no
     *                      CJK font on this machine) and for DOCX, whose Chinese text the viewer renders
     */
    record Summary(Path out, String title, int wafers, long dies, long good, double yield, int findings,
            String chineseFont) {
    }

    /**
     * Writes a report over one lot's maps or one ISO week's maps.
     *
     * @param maps   the stored maps to choose from (for example {@link WaferLibrary#list})
     * @param lot    the lot, or {@code null} for a weekly report
     * @param week   the ISO week {@code YYYY-Www} (UTC), or {@code null} for a lot report
     * @param notes  notes to print in the report (may be empty)
     * @throws dev.enclave.core.EnclaveException (bad input) when neither or both of lot and week are
     *             given, the week is malformed, no stored map matches, or the file cannot be written
     */
    Summary write(List<WaferLibrary.StoredMap> maps, String lot, String week, List<String> notes, Format format,
            Path out);
}
