package org.lcpsim.experiments.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.reports.ReportInputException;
import org.lcpsim.results.PointResult;

class ResultStoreTest {
    @TempDir
    Path dir;

    static PointResult point(int id, String key) {
        return new PointResult(id, "e", "lenet", "lcp", 2, 2, 0, "split2", "rpi3", "wifi-rpi", 5, 1, 1, 100, 200, List.of(),
                PointResult.OOM, null, Map.of("strategy.branches", Integer.toString(id)), key);
    }

    @Test
    void appendsFindsAndReopens() {
        try (ResultStore s = ResultStore.open(dir, false)) {
            assertEquals(0, s.recovered());
            s.append(point(0, "k0"));
            s.append(point(1, "k1"));
            assertTrue(s.has("k1"));
            assertEquals(1, s.get("k1").pointId());
            assertNull(s.get("k2"));
        }
        try (ResultStore s = ResultStore.open(dir, false)) {
            assertEquals(2, s.recovered());
            assertEquals("k0", s.get("k0").configKey());
            s.append(point(2, "k2"));
        }
        assertEquals(3, PointsJsonl.read(dir.resolve(PointsJsonl.FILE)).size());
    }

    @Test
    void aTornLastLineIsCutOffAndTheRestKept() throws IOException {
        try (ResultStore s = ResultStore.open(dir, false)) {
            s.append(point(0, "k0"));
            s.append(point(1, "k1"));
        }
        Path file = dir.resolve(PointsJsonl.FILE);
        String line = PointsJsonl.toLine(point(2, "k2"));
        // a process killed in the middle of a write leaves part of a line
        Files.writeString(file, line.substring(0, line.length() / 2), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (ResultStore s = ResultStore.open(dir, false)) {
            assertEquals(2, s.recovered());
            assertTrue(s.truncatedTornLine());
            assertFalse(s.has("k2"));
            s.append(point(2, "k2"));
        }
        List<PointResult> all = PointsJsonl.read(file);
        assertEquals(List.of(0, 1, 2), all.stream().map(PointResult::pointId).toList());
    }

    @Test
    void freshForgetsAndAForeignFileIsRefused() throws IOException {
        try (ResultStore s = ResultStore.open(dir, false)) {
            s.append(point(0, "k0"));
        }
        try (ResultStore s = ResultStore.open(dir, true)) {
            assertEquals(0, s.recovered());
            assertFalse(s.has("k0"));
        }
        Files.writeString(dir.resolve(PointsJsonl.FILE), "this is not a point\n");
        ReportInputException e = assertThrows(ReportInputException.class, () -> ResultStore.open(dir, false));
        assertTrue(e.getMessage().contains("--fresh"), e.getMessage());
    }
}
