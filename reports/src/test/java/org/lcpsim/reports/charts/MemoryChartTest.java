package org.lcpsim.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.annotations.CategoryAnnotation;
import org.jfree.chart.annotations.CategoryTextAnnotation;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.Layer;
import org.jfree.data.category.CategoryDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.Fixtures;
import org.lcpsim.results.PointResult;

class MemoryChartTest {
    @TempDir
    Path dir;

    static List<PointResult> points() {
        return List.of(
                // does not fit, swap off: oom
                Fixtures.point(0).single().oom().memory(Fixtures.memory("d0", "pi", 190, 3, 0, 20, 160, false)).build(),
                // d0 holds the head, d1-d3 the same branch share
                Fixtures.point(1).lcp(4, 0).latency(80, 1)
                        .memory(Fixtures.memory("d0", "pi", 20, 1, 2, 20, 160, false))
                        .memory(Fixtures.memory("d1", "pi", 10, 1, 1, 20, 160, false))
                        .memory(Fixtures.memory("d2", "pi", 10, 1, 1, 20, 160, false))
                        .memory(Fixtures.memory("d3", "pi", 10, 1, 1, 20, 160, false)).build(),
                // does not fit, swap on: runs, pages 50 MB
                Fixtures.point(2).lcp(2, 0).latency(900, 1).memory(Fixtures.memory("d0", "pi", 180, 10, 0, 20, 160, true))
                        .memory(Fixtures.memory("d1", "pi", 90, 5, 0, 20, 160, false)).build());
    }

    @Test
    void stackedPartsPerDeviceInMegabytesWithIdenticalDevicesSharingABar() throws Exception {
        List<PointResult> points = points();
        List<MemoryChart.Bar> bars = MemoryChart.bars(points);
        assertEquals(List.of("single · d0", "lcp split4 · d0", "lcp split4 · d1–d3", "lcp split2 · d0", "lcp split2 · d1"),
                bars.stream().map(MemoryChart.Bar::category).toList());
        assertEquals(List.of("d1", "d2", "d3"), bars.get(2).devices());
        Chart chart = MemoryChart.create(points).orElseThrow();
        CategoryPlot plot = (CategoryPlot) chart.chart().getPlot();
        CategoryDataset data = plot.getDataset();
        assertEquals(MemoryChart.PARTS, data.getRowKeys());
        for (MemoryChart.Bar b : bars) {
            assertEquals(b.report().weightBytes() / MemoryChart.MB, data.getValue("weights", b.category()).doubleValue(), 1e-9);
            assertEquals(b.report().activationBytes() / MemoryChart.MB, data.getValue("activations", b.category()).doubleValue(),
                    1e-9);
            assertEquals(b.report().bufferBytes() / MemoryChart.MB, data.getValue("buffers", b.category()).doubleValue(), 1e-9);
            assertEquals(b.report().frameworkBytes() / MemoryChart.MB, data.getValue("framework", b.category()).doubleValue(),
                    1e-9);
        }
        assertEquals(190, data.getValue("weights", "single · d0").doubleValue(), 1e-9);
        // one capacity for every device: one line
        List<Marker> markers = new ArrayList<>(plot.getRangeMarkers(Layer.FOREGROUND));
        assertEquals(1, markers.size());
        assertEquals(160, ((ValueMarker) markers.get(0)).getValue(), 1e-9);
        Rendered.check(chart, dir, "Memory per device", "resident memory per device (MB), linear scale", "capacity 160 MB", "OOM",
                "swap 50 MB", "weights", "framework");
    }

    @Test
    void outOfMemoryAndSwappingBarsAreMarkedAtTheirTop() {
        CategoryPlot plot = (CategoryPlot) MemoryChart.create(points()).orElseThrow().chart().getPlot();
        List<String> marks = new ArrayList<>();
        for (Object o : plot.getAnnotations()) {
            CategoryTextAnnotation a = (CategoryTextAnnotation) o;
            marks.add(a.getCategory() + "=" + a.getText() + "@" + Math.round(a.getValue()));
        }
        assertEquals(List.of("single · d0=OOM@213", "lcp split2 · d0=swap 50 MB@210"), marks);
    }

    /** A device whose framework memory is unknown: its bar is the known part, marked as a lower bound, and the caption says so. */
    @Test
    void anUnknownFrameworkMemoryIsALowerBoundMarkedAsSuch() throws Exception {
        org.lcpsim.devices.MemoryReport unknown = new org.lcpsim.devices.MemoryReport(5L << 20, 1L << 20, 0, 0, 7168L << 20, 0,
                false, true);
        List<PointResult> points = List.of(Fixtures.point(0).single().latency(9, 0.1)
                .memory(new org.lcpsim.results.DeviceMemory("d0", "jetson-tx2", unknown)).build());
        Chart chart = MemoryChart.create(points).orElseThrow();
        CategoryPlot plot = (CategoryPlot) chart.chart().getPlot();
        assertEquals(0, plot.getDataset().getValue("framework", "d0").doubleValue(), 0, "no framework part is drawn");
        assertEquals(5, plot.getDataset().getValue("weights", "d0").doubleValue(), 1e-9);
        CategoryTextAnnotation mark = (CategoryTextAnnotation) plot.getAnnotations().get(0);
        assertEquals(MemoryChart.UNKNOWN_MARK, mark.getText());
        assertEquals(6, mark.getValue(), 1e-9, "at the top of the known part");
        assertTrue(chart.caption().contains("framework memory is unknown: they show only the known part"), chart.caption());
        assertTrue(!chart.caption().contains("do not fit"), chart.caption());
        Rendered.check(chart, dir, "Memory per device", MemoryChart.UNKNOWN_MARK);
        // a known framework of 0 MB is no unknown: no mark
        List<PointResult> known = List.of(Fixtures.point(0).single().latency(9, 0.1)
                .memory(Fixtures.memory("d0", "pi", 5, 1, 0, 0, 7168, false)).build());
        assertTrue(((CategoryPlot) MemoryChart.create(known).orElseThrow().chart().getPlot()).getAnnotations().isEmpty());
    }

    @Test
    void differentCapacitiesGetATickPerBar() {
        List<PointResult> points = List.of(Fixtures.point(0).lcp(2, 0).latency(10, 1)
                .memory(Fixtures.memory("d0", "pi", 50, 1, 1, 0, 924, false))
                .memory(Fixtures.memory("d1", "mcu", 20, 1, 1, 0, 256, false)).build());
        CategoryPlot plot = (CategoryPlot) MemoryChart.create(points).orElseThrow().chart().getPlot();
        assertTrue(plot.getRangeMarkers(Layer.FOREGROUND) == null || plot.getRangeMarkers(Layer.FOREGROUND).isEmpty());
        CategoryDataset caps = plot.getDataset(1);
        assertNotNull(caps);
        assertEquals(924, caps.getValue("capacity", "d0").doubleValue(), 1e-9);
        assertEquals(256, caps.getValue("capacity", "d1").doubleValue(), 1e-9);
        for (Object o : plot.getAnnotations()) {
            throw new AssertionError("nothing to mark: " + ((CategoryAnnotation) o));
        }
    }
}
