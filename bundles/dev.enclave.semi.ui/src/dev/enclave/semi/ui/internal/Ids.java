package dev.enclave.semi.ui.internal;

import org.eclipse.swt.widgets.Widget;

import dev.enclave.ui.WidgetIds;

/**
 * Names of the semiconductor parts' widgets, set as widget data under {@link #KEY} so that
 * tests (and accessibility tools) find a widget by what it shows rather than by its
 * position in the widget tree.
 */
public final class Ids {
    /** The widget data key holding a widget's name: the platform's, {@link WidgetIds#KEY}. */
    public static final String KEY = WidgetIds.KEY;

    /** Wafer Maps: the message line, the summary line, the filters and the density switch. */
    public static final String MAPS_MESSAGE = "maps.message", MAPS_SUMMARY = "maps.summary", MAPS_LOT = "maps.lot",
            MAPS_CLASS = "maps.class", MAPS_CONFIDENCE = "maps.confidence", MAPS_DENSITY = "maps.density";
    /** Wafer Maps: a gallery cell, its picture and caption; the map view's text and a similar map's caption. */
    public static final String MAPS_CELL = "maps.cell", MAPS_PICTURE = "maps.picture", MAPS_CAPTION = "maps.caption",
            MAPS_DETAIL = "maps.detail", MAPS_SIMILAR = "maps.similarCaption";
    /** Wafer Maps: the page buttons and the page line. */
    public static final String MAPS_PREVIOUS = "maps.previous", MAPS_NEXT = "maps.next", MAPS_PAGE = "maps.page";
    /** Yield: the status lines, the charts and the report controls. */
    public static final String YIELD_SUMMARY = "yield.summary", YIELD_REPORT_STATUS = "yield.reportStatus",
            YIELD_FIT_STATUS = "yield.fitStatus", YIELD_BY_LOT = "yield.byLot", YIELD_OVER_TIME = "yield.overTime",
            YIELD_BY_PATTERN = "yield.byPattern", YIELD_SCOPE = "yield.scope", YIELD_FORMAT = "yield.format",
            YIELD_NOTES = "yield.notes";
    /** Yield: the prediction controls and tables. */
    public static final String YIELD_OBJECTIVE = "yield.objective", YIELD_PARAMS = "yield.params",
            YIELD_SCORES = "yield.scores", YIELD_SUGGEST = "yield.suggest", YIELD_SUGGESTIONS = "yield.suggestions",
            YIELD_BOUNDS_EDITOR = "yield.boundsEditor";
    /** Defect Images: the message line, the list, the filters, the import lot, the view's widgets and the loss curve. */
    public static final String DEFECT_MESSAGE = "defects.message", DEFECT_TABLE = "defects.table",
            DEFECT_LOT = "defects.lot", DEFECT_CLASS = "defects.class", DEFECT_CONFIDENCE = "defects.confidence",
            DEFECT_LOT_FIELD = "defects.lotField", DEFECT_PICTURE = "defects.picture", DEFECT_HEAT = "defects.heat",
            DEFECT_TOP3 = "defects.top3", DEFECT_SIMILAR = "defects.similarCaption", DEFECT_RELABEL = "defects.relabel",
            DEFECT_RELABEL_APPLY = "defects.relabelApply",
            DEFECT_LOSS = "defects.loss";

    private Ids() {
    }

    /** Names a widget and returns it. */
    static <W extends Widget> W name(W widget, String id) {
        return WidgetIds.set(widget, id);
    }
}
