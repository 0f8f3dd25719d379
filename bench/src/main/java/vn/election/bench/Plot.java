package vn.election.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** Draws the throughput of every measurement, and the latencies of (4), (5) and the webhook phase, as bar chart PNGs (XChart). */
final class Plot {

    private Plot() {
    }

    static Path throughput(Results results, Path dir, String title) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title(title)
                .xAxisTitle("measurement").yAxisTitle("readings per second").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        // Short axis labels: the row name up to its first colon or comma.
        List<String> names = results.rows.stream().map(r -> r.name().split("[:,(]", 2)[0].isBlank()
                ? r.name().replaceFirst("^\\(\\d\\) ", "").split("[:,]", 2)[0] : r.name().split("[:,(]", 2)[0]).toList();
        List<Double> rates = results.rows.stream().map(Results.Row::readingsPerSec).toList();
        chart.addSeries("readings/s", names, rates);
        Path file = dir.resolve("bench-throughput.png");
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    /** p50, p99 and max of every latency rate, fan-out client count and the webhook phase, in ms, values on the bars; null when there are none. */
    static Path latency(Results results, Path dir, String title) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        List<Latencies> values = new java.util.ArrayList<>();
        for (IngestLatencyBench.Outcome o : results.latency) {
            names.add(String.format("(4) %,.0f/s", o.posting().offeredPerSec()));
            values.add(o.fromAnswer());
        }
        for (FanoutBench.Outcome o : results.fanout) {
            names.add(String.format("(5) %,d clients", o.clients()));
            values.add(o.delay());
        }
        for (WebhookLatencyBench.Outcome o : results.webhook) {
            names.add(String.format("webhook (wait %,d ms)", o.groupWait().toMillis()));
            values.add(o.total());
        }
        if (names.isEmpty()) {
            return null;
        }
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title(title)
                .xAxisTitle("measurement").yAxisTitle("milliseconds").build();
        // Linear, values printed: XChart's bars cannot stand on a log axis, and a job far behind is minutes against milliseconds.
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.addSeries("p50", names, values.stream().map(l -> orZero(l.p50Ms())).toList());
        chart.addSeries("p99", names, values.stream().map(l -> orZero(l.p99Ms())).toList());
        chart.addSeries("max", names, values.stream().map(l -> orZero(l.maxMs())).toList());
        Path file = dir.resolve("bench-latency.png");
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    private static Double orZero(double ms) {
        return Double.isNaN(ms) ? 0.0 : ms;
    }
}
