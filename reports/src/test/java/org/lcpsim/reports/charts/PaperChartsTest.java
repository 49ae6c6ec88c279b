package org.lcpsim.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.annotations.CategoryTextAnnotation;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.data.category.CategoryDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.results.ComparisonRow;

class PaperChartsTest {
    @TempDir
    Path dir;

    static List<ComparisonRow> rows() {
        return List.of(
                new ComparisonRow("rpi-latency", "alexnet", "single", 1, "latency", "ms", 1000, 538.1, "Fig. 7"),
                new ComparisonRow("rpi-latency", "alexnet", "lcp-split8", 8, "latency", "ms", 100, 58.08, "Fig. 7"),
                new ComparisonRow("rpi-latency", "vgg-s", "lcp-split8", 8, "latency", "ms", Double.NaN, 70.1, "Fig. 7"),
                new ComparisonRow("rpi-latency", "vgg-s", "dp", 4, "latency", "ms", 500, 550, "Fig. 7"),
                new ComparisonRow("pynq-memory", "vgg16", "lcp-split4-f40", 4, "weights", "MB", 120, 126, "Table V"),
                new ComparisonRow("pynq-memory", "vgg16", "lcp-split4-f40", 4, "activations", "MB", 12, 9, "Table V"));
    }

    @Test
    void onePairOfBarsPerConfigurationPaperAndSimulated() throws Exception {
        List<Chart> charts = PaperCharts.charts(rows());
        assertEquals(List.of("paper-rpi-latency", "paper-pynq-memory-weights", "paper-pynq-memory-activations"),
                charts.stream().map(Chart::name).toList());
        CategoryPlot plot = (CategoryPlot) charts.get(0).chart().getPlot();
        CategoryDataset data = plot.getDataset();
        assertEquals(List.of(PaperCharts.PAPER, PaperCharts.SIMULATED), data.getRowKeys());
        assertEquals(List.of("alexnet single", "alexnet lcp-split8", "vgg-s lcp-split8", "vgg-s dp (4 dev)"),
                data.getColumnKeys());
        for (int i = 0; i < 4; i++) {
            ComparisonRow r = rows().get(i);
            String col = (String) data.getColumnKey(i);
            if (Double.isNaN(r.paperValue())) {
                assertNull(data.getValue(PaperCharts.PAPER, col));
            } else {
                assertEquals(r.paperValue(), data.getValue(PaperCharts.PAPER, col).doubleValue(), 0);
            }
            assertEquals(r.simulatedValue(), data.getValue(PaperCharts.SIMULATED, col).doubleValue(), 0);
        }
        List<String> errors = new ArrayList<>();
        for (Object o : plot.getAnnotations()) {
            errors.add(((CategoryTextAnnotation) o).getText());
        }
        assertEquals(List.of("-46%", "-42%", "n/a", "+10%"), errors);
        Rendered.check(charts.get(0), dir, "Paper vs simulation: rpi-latency", "-46%", "n/a", PaperCharts.PAPER,
                PaperCharts.SIMULATED);
    }

    @Test
    void writeRendersEveryFigureAsPngAndSvg() throws Exception {
        List<Path> files = PaperCharts.write(rows(), dir.resolve("charts"));
        assertEquals(6, files.size());
        assertEquals(dir.resolve("charts/paper-rpi-latency.png"), files.get(0));
        assertEquals(dir.resolve("charts/paper-rpi-latency.svg"), files.get(1));
        for (Path f : files) {
            assertTrue(Files.size(f) > 1000, f + " is empty");
        }
        Rendered.Files2 r = Rendered.check(PaperCharts.charts(rows()).get(1), dir, "weights (MB), linear scale", "+5%");
        assertTrue(r.texts().stream().anyMatch(t -> t.startsWith("mean |error| 5.0% over 1 bar")), r.texts().toString());
    }

    @Test
    void errorTextIsSignedAndRounded() {
        assertEquals("+12%", PaperCharts.errorText(new ComparisonRow("f", "m", "single", 1, "latency", "ms", 100, 112.4, "")));
        assertEquals("-3%", PaperCharts.errorText(new ComparisonRow("f", "m", "single", 1, "latency", "ms", 100, 97.2, "")));
        assertEquals("n/a", PaperCharts.errorText(new ComparisonRow("f", "m", "single", 1, "latency", "ms", Double.NaN, 1, "")));
    }
}
