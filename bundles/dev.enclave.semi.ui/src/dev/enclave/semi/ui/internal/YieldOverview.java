package dev.enclave.semi.ui.internal;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import dev.enclave.semi.YieldSummary;

/**
 * The top of the Yield part: the summary line with a Refresh button and the three charts
 * (die yield by lot, by day, and mean wafer yield by pattern).
 */
final class YieldOverview {
    private final Label summary;
    private final YieldChart byLot;
    private final YieldChart overTime;
    private final YieldChart byPattern;

    YieldOverview(Composite parent, Runnable refresh) {
        Composite top = YieldPart.row(parent, 2);
        summary = Ids.name(new Label(top, SWT.WRAP), Ids.YIELD_SUMMARY);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button button = new Button(top, SWT.PUSH);
        button.setText(Messages.get("yield.refresh"));
        button.addListener(SWT.Selection, e -> refresh.run());
        Composite charts = new Composite(parent, SWT.NONE);
        charts.setLayout(new GridLayout(3, true));
        GridData cd = new GridData(SWT.FILL, SWT.FILL, true, false);
        cd.heightHint = 230;
        charts.setLayoutData(cd);
        byLot = new YieldChart(charts, Messages.get("yield.byLot"));
        overTime = new YieldChart(charts, Messages.get("yield.overTime"));
        byPattern = new YieldChart(charts, Messages.get("yield.byPattern"));
        Ids.name(byLot.canvas(), Ids.YIELD_BY_LOT);
        Ids.name(overTime.canvas(), Ids.YIELD_OVER_TIME);
        Ids.name(byPattern.canvas(), Ids.YIELD_BY_PATTERN);
        for (YieldChart c : List.of(byLot, overTime, byPattern)) {
            c.canvas().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        }
    }

    void message(String text) {
        summary.setText(text);
    }

    /** Shows a summary of the stored maps. */
    void show(YieldSummary s) {
        summary.setText(s.wafers().isEmpty() ? Messages.get("yield.empty")
                : Messages.get("yield.summary", s.wafers().size(), s.dies(), String.format("%.2f", 100 * s.yield())));
        set(byLot, YieldChart.Kind.BARS, s.lots(), g -> g.key() == null ? Messages.get("yield.noLot") : g.key(),
                YieldSummary.Group::yield);
        set(overTime, YieldChart.Kind.LINE, s.days(), YieldSummary.Group::key, YieldSummary.Group::yield);
        set(byPattern, YieldChart.Kind.BARS, s.patterns(), YieldSummary.PatternYield::pattern,
                YieldSummary.PatternYield::meanYield);
    }

    private static <T> void set(YieldChart chart, YieldChart.Kind kind, List<T> rows, Function<T, String> label,
            ToDoubleFunction<T> value) {
        chart.set(kind, rows.stream().map(label).toList(), rows.stream().mapToDouble(value).toArray());
    }
}
