package org.lcpsim.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.results.Metrics;
import org.lcpsim.results.PointResult;
import org.lcpsim.results.Span;

class PointsJsonlTest {
    @TempDir
    Path dir;

    static PointResult full() {
        List<Span> timeline = List.of(new Span("source->d0", "input", Span.Kind.TRANSFER, 0, 28.178071977, true),
                new Span("d0", "all", Span.Kind.COMPUTE, 28.178071977, 538.1046364, true));
        return Fixtures.point(3).lcp(8, 0.4).sweep("strategy.branches", "8").sweep("strategy.fatten", "0.4")
                .metrics(Fixtures.metrics(new double[] {538.1046364, 0.1 + 0.2, 1e-300, 12345.678901234567}, Double.NaN,
                        150528, 15, 1.429576357, timeline))
                .memory(Fixtures.memory("d0", "rpi3", 192.1, 1.4, 0.3, 0, 924, false))
                .memory(Fixtures.memory("d1", "rpi3", 900, 10, 0, 40, 924, true)).build();
    }

    static void assertSame(PointResult a, PointResult b) {
        assertEquals(a.pointId(), b.pointId());
        assertEquals(a.model(), b.model());
        assertEquals(a.strategy(), b.strategy());
        assertEquals(a.variant(), b.variant());
        assertEquals(a.fatten(), b.fatten());
        assertEquals(a.memory(), b.memory());
        assertEquals(a.status(), b.status());
        assertEquals(List.copyOf(a.sweep().entrySet()), List.copyOf(b.sweep().entrySet()), "sweep order kept");
        Metrics m = a.metrics();
        Metrics n = b.metrics();
        if (m == null) {
            assertNull(n);
            return;
        }
        assertArrayEquals(m.latenciesMs(), n.latenciesMs(), 0);
        assertArrayEquals(m.phaseMsMean(), n.phaseMsMean(), 0);
        assertArrayEquals(m.deviceBusyFraction(), n.deviceBusyFraction(), 0);
        assertEquals(m.timeline(), n.timeline());
        assertEquals(m.latencyMsMean(), n.latencyMsMean(), 0);
        assertEquals(Double.doubleToLongBits(m.latencyMsCi95()), Double.doubleToLongBits(n.latencyMsCi95()));
        assertEquals(Double.doubleToLongBits(m.throughputIpsCi95()), Double.doubleToLongBits(n.throughputIpsCi95()));
        assertEquals(m.energyJPerInference(), n.energyJPerInference(), 0);
    }

    @Test
    void recordsReadBackBitForBitIncludingNanSamplesTimelineAndMemory() {
        PointResult p = full();
        String line = PointsJsonl.toLine(p);
        assertTrue(!line.contains("\n"), "one line per record");
        assertTrue(line.contains("\"NaN\""), "NaN written as a string: " + line);
        assertSame(p, PointsJsonl.fromLine(line, "x"));
    }

    /** Devices that hold the same share one entry of the line, and read back one by one; a line of one entry per device (as written before) still reads. */
    @Test
    void devicesHoldingTheSameShareOneEntry() {
        org.lcpsim.devices.MemoryReport branch = new org.lcpsim.devices.MemoryReport(5L << 20, 1L << 20, 1L << 18, 240L << 20,
                860L << 20, 0, true, false);
        org.lcpsim.devices.MemoryReport last = new org.lcpsim.devices.MemoryReport(9L << 20, 1L << 20, 1L << 18, 240L << 20,
                860L << 20, 0, true, false);
        List<org.lcpsim.results.DeviceMemory> memory = new java.util.ArrayList<>();
        memory.add(new org.lcpsim.results.DeviceMemory("d0", "rpi3", last, 7L));
        for (int i = 1; i < 8; i++) {
            memory.add(new org.lcpsim.results.DeviceMemory("d" + i, "rpi3", branch, 3L));
        }
        memory.add(new org.lcpsim.results.DeviceMemory("d8", "jetson-nano", branch, 3L));
        Fixtures.Builder b = Fixtures.point(9).lcp(8, 0).latency(9, 0.1);
        memory.forEach(b::memory);
        PointResult p = b.build();
        String line = PointsJsonl.toLine(p);
        assertTrue(line.contains("\"devices\":[\"d1\",\"d2\",\"d3\",\"d4\",\"d5\",\"d6\",\"d7\"]"), line);
        assertEquals(3, line.split("\"report\"", -1).length - 1, "d0, d1-d7, d8: " + line);
        assertEquals(memory, PointsJsonl.fromLine(line, "x").memory());
        // as lines were written before: an entry per device
        String each = line.replaceFirst("\\{\"devices\":\\[[^]]*],(\"type\":\"rpi3\",\"report\":\\{[^}]*},\"storedWeightBytes\":3)}",
                java.util.stream.IntStream.range(1, 8).mapToObj(i -> "{\"device\":\"d" + i + "\",$1}")
                        .collect(java.util.stream.Collectors.joining(",")));
        assertFalse(each.contains("\"devices\":["), each);
        assertEquals(memory, PointsJsonl.fromLine(each, "old.jsonl:1").memory());
    }

    /**
     * Intervals of the same kind and times on several resources (model parallelism's workers, a
     * multicast's deliveries) share one entry, with their labels when they differ, and read back one
     * by one in their order; entries written one per interval (as before) still read.
     */
    @Test
    void timelineRunsShareOneEntryAndReadBackInOrder() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(2);
        List<Span> timeline = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            // few distinct times, kinds and labels: runs of every length, alone and side by side
            double start = random.nextInt(4) * 1.5;
            Span.Kind kind = Span.Kind.values()[random.nextInt(2)];
            String label = random.nextInt(3) == 0 ? "slice d" + i : "input";
            timeline.add(new Span((random.nextBoolean() ? "d" : "d0->d") + i, label, kind, start, start + 0.1 + 0.2,
                    random.nextInt(5) == 0));
        }
        PointResult p = Fixtures.point(4).lcp(8, 0)
                .metrics(Fixtures.metrics(new double[] {1, 2}, 0, 1, 3, 1, timeline)).build();
        String line = PointsJsonl.toLine(p);
        assertTrue(line.contains("\"resources\":[") && line.contains("\"labels\":["), line);
        assertEquals(timeline, PointsJsonl.fromLine(line, "x").metrics().timeline());
        // as lines were written before: an entry per interval
        StringBuilder plain = new StringBuilder("\"timeline\":[");
        for (int i = 0; i < timeline.size(); i++) {
            Span sp = timeline.get(i);
            plain.append(i == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT,
                    "{\"resource\":\"%s\",\"label\":\"%s\",\"kind\":\"%s\",\"startMs\":%s,\"endMs\":%s,\"critical\":%s}",
                    sp.resource(), sp.label(), sp.kind(), sp.startMs(), sp.endMs(), sp.critical()));
        }
        plain.append("]");
        int at = line.indexOf("\"timeline\":[");
        int end = line.indexOf(",\"networkUtilizationMax\"");
        String old = line.substring(0, at) + plain + line.substring(end);
        assertFalse(old.contains("\"resources\""), old);
        assertEquals(timeline, PointsJsonl.fromLine(old, "old.jsonl:1").metrics().timeline());
    }

    /** A device whose framework memory is unknown keeps saying so through the journal; older journals read as known. */
    @Test
    void anUnknownFrameworkMemoryReadsBackAndOlderRecordsStillRead() {
        org.lcpsim.devices.MemoryReport unknown = new org.lcpsim.devices.MemoryReport(5L << 20, 1L << 20, 1L << 18, 0,
                7168L << 20, 0, false, true);
        PointResult p = Fixtures.point(4).lcp(2, 0).latency(9, 0.1)
                .memory(new org.lcpsim.results.DeviceMemory("d0", "jetson-tx2", unknown)).build();
        String line = PointsJsonl.toLine(p);
        assertTrue(line.contains("\"frameworkUnknown\":true"), line);
        PointResult back = PointsJsonl.fromLine(line, "x");
        assertSame(p, back);
        assertTrue(Double.isNaN(back.peakMemoryMbMax()), "blank, not the known part");
        // a record written before the field existed: every part of it was taken as known
        String old = PointsJsonl.toLine(full()).replace(",\"frameworkUnknown\":false", "");
        assertFalse(old.contains("frameworkUnknown"), old);
        PointResult read = PointsJsonl.fromLine(old, "old.jsonl:1");
        assertSame(full(), read);
        assertEquals(full().peakMemoryMbMax(), read.peakMemoryMbMax());
    }

    @Test
    void writerAppendsOneFlushedLinePerPointAndReaderStreamsThemInOrder() throws Exception {
        Path file = dir.resolve(PointsJsonl.FILE);
        List<PointResult> points = List.of(full(), Fixtures.point(4).oom().build(), Fixtures.point(5).error("boom").build());
        try (PointsJsonl.Writer w = PointsJsonl.open(file)) {
            w.accept(points.get(0));
            // flushed: readable while the run goes on
            assertEquals(1, Files.readAllLines(file).size());
            w.accept(points.get(1));
            w.accept(points.get(2));
        }
        List<PointResult> back = PointsJsonl.read(file);
        assertEquals(3, back.size());
        for (int i = 0; i < 3; i++) {
            assertSame(points.get(i), back.get(i));
        }
    }

    @Test
    void slimRecordsKeepSummariesAndDropSamplesAndTimeline() throws Exception {
        Path file = dir.resolve(PointsJsonl.FILE);
        try (PointsJsonl.Writer w = PointsJsonl.open(file)) {
            w.accept(full());
        }
        List<PointResult> out = new ArrayList<>();
        PointsJsonl.read(file, id -> false, out::add);
        Metrics m = out.get(0).metrics();
        assertEquals(0, m.latenciesMs().length);
        assertTrue(m.timeline().isEmpty());
        assertEquals(full().metrics().latencyMsMean(), m.latencyMsMean(), 0);
        assertEquals(full().memory(), out.get(0).memory());
    }

    @Test
    void aCorruptLineIsNamedByFileAndLine() throws Exception {
        Path file = dir.resolve(PointsJsonl.FILE);
        Files.writeString(file, PointsJsonl.toLine(full()) + "\n{\"pointId\": 1, \"model\": \n", StandardCharsets.UTF_8);
        ReportInputException e = assertThrows(ReportInputException.class, () -> PointsJsonl.read(file));
        assertTrue(e.getMessage().startsWith(file + ":2: not a point record"), e.getMessage());
        assertFalse(e.getMessage().contains("Source"), e.getMessage());
    }

    @Test
    void jsonThatIsNotAPointIsRejected() throws Exception {
        Path file = dir.resolve(PointsJsonl.FILE);
        Files.writeString(file, "{\"hello\": \"world\"}\n", StandardCharsets.UTF_8);
        ReportInputException e = assertThrows(ReportInputException.class, () -> PointsJsonl.read(file));
        assertTrue(e.getMessage().startsWith(file + ":1: not a point record"), e.getMessage());
        Files.writeString(file, "[1, 2]\n", StandardCharsets.UTF_8);
        assertThrows(ReportInputException.class, () -> PointsJsonl.read(file));
        String ok = PointsJsonl.toLine(Fixtures.point(1).build());
        Files.writeString(file, ok.replace("\"metrics\":{", "\"metrics\":null,\"x\":{") + "\n", StandardCharsets.UTF_8);
        e = assertThrows(ReportInputException.class, () -> PointsJsonl.read(file));
        assertTrue(e.getMessage().contains("status ok but no metrics"), e.getMessage());
    }

    @Test
    void aMissingOrBinaryFileIsBadInput() throws Exception {
        ReportInputException e = assertThrows(ReportInputException.class, () -> PointsJsonl.read(dir.resolve("nope.jsonl")));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        Path bin = dir.resolve("bin.jsonl");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        assertThrows(ReportInputException.class, () -> PointsJsonl.read(bin));
    }

    /**
     * A record stays bounded however long the run: beyond Metrics.EXACT_SAMPLES requests it keeps as
     * many quantiles, while the percentiles it reports are exact over every request.
     */
    @Test
    void aLongRunsRecordIsBoundedAndItsPercentilesExact() {
        int n = 200_000;
        double[] latencies = new double[n];
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            latencies[i] = 100 + 50 * -Math.log(1 - random.nextDouble());
        }
        var rep = new org.lcpsim.results.ReplicationResult(1, latencies, 1, 1, 0, new double[4], 10, 1000, 1, 1,
                new double[] {500}, 1, 10L * n, 0, 0, List.of(), org.lcpsim.network.NetworkStats.EMPTY, 1000, n, n);
        Metrics m = Metrics.summarize(List.of(rep));
        double[] sorted = org.lcpsim.results.Stats.sorted(latencies);
        assertEquals(org.lcpsim.results.Stats.quantile(sorted, 0.99), m.latencyMsP99(), 0);
        assertEquals(org.lcpsim.results.Stats.quantile(sorted, 0.5), m.latencyMsP50(), 0);
        assertEquals(sorted[n - 1], m.latencyMsMax(), 0);
        assertEquals(Metrics.EXACT_SAMPLES, m.latenciesMs().length);
        assertEquals(n, m.requestsPooled());
        // the kept values are order statistics at evenly spaced ranks: the empirical CDF is within 1/(2K)
        for (int i = 0; i < m.latenciesMs().length; i++) {
            double rank = (double) java.util.Arrays.binarySearch(sorted, m.latenciesMs()[i]) / n;
            assertEquals((i + 0.5) / Metrics.EXACT_SAMPLES, rank, 1.0 / Metrics.EXACT_SAMPLES);
        }
        PointResult r = new Fixtures.Builder(0).lcp(2, 0).metrics(m).build();
        String line = PointsJsonl.toLine(r);
        assertTrue(line.length() < 60_000, line.length() + " characters");
        Metrics back = PointsJsonl.fromLine(line, "test").metrics();
        assertEquals(n, back.requestsPooled());
        assertEquals(m.latencyMsP99(), back.latencyMsP99(), 0);
    }
}
