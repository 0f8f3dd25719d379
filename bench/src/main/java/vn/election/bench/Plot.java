package vn.election.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** Draws the throughput of every measurement as a bar chart PNG (XChart). */
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
}
