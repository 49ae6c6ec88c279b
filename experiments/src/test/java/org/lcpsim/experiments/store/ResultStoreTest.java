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

    /** A resumed run must not parse every stored record: keys come from the index, records when asked for. */
    @Test
    void keysComeFromTheIndexAndRecordsAreReadOnlyWhenAskedFor() throws IOException {
        try (ResultStore s = ResultStore.open(dir, false)) {
            for (int i = 0; i < 3; i++) {
                s.append(point(i, "k" + i));
            }
        }
        Path file = dir.resolve(PointsJsonl.FILE);
        assertEquals(3, Files.readAllLines(PointsJsonl.indexOf(file)).size());
        assertTrue(Files.readString(file).startsWith(PointsJsonl.KEY_PREFIX + "k0\""), "the key heads its line");
        // damage the body of the middle record (not its head): opening does not read it
        String text = Files.readString(file);
        int second = text.indexOf('\n') + 1;
        String damaged = text.substring(0, second + 30) + "#".repeat(10) + text.substring(second + 40);
        Files.writeString(file, damaged);
        try (ResultStore s = ResultStore.open(dir, false)) {
            assertEquals(3, s.recovered());
            assertEquals(2, s.get("k2").pointId());
            assertThrows(ReportInputException.class, () -> s.get("k1"));
        }
    }

    @Test
    void anIndexThatDisagreesWithTheJournalIsRebuilt() throws IOException {
        try (ResultStore s = ResultStore.open(dir, false)) {
            s.append(point(0, "k0"));
            s.append(point(1, "k1"));
        }
        Path index = PointsJsonl.indexOf(dir.resolve(PointsJsonl.FILE));
        // another journal's index: wrong keys and offsets
        Files.writeString(index, PointsJsonl.indexLine("zz", 0, 10) + PointsJsonl.indexLine("yy", 11, 5));
        try (ResultStore s = ResultStore.open(dir, false)) {
            assertEquals(2, s.recovered());
            assertEquals(1, s.get("k1").pointId());
            assertFalse(s.has("zz"));
        }
        assertTrue(Files.readString(index).startsWith("k0 0 "), Files.readString(index));
        // garbage
        Files.writeString(index, "not an index\n");
        try (ResultStore s = ResultStore.open(dir, false)) {
            assertEquals(2, s.recovered());
        }
    }

    /** Killed between the journal's append and the index's: the lines after the last entry are scanned. */
    @Test
    void linesAfterTheLastIndexEntryAreFound() throws IOException {
        try (ResultStore s = ResultStore.open(dir, false)) {
            s.append(point(0, "k0"));
        }
        Path file = dir.resolve(PointsJsonl.FILE);
        Files.writeString(file, PointsJsonl.toLine(point(1, "k1")) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (ResultStore s = ResultStore.open(dir, false)) {
            assertEquals(2, s.recovered());
            assertEquals(1, s.get("k1").pointId());
        }
        assertEquals(2, Files.readAllLines(PointsJsonl.indexOf(file)).size(), "the index is complete again");
    }

    /** A journal of an older format, whose lines do not start with their key, still opens (each line parsed once). */
    @Test
    void linesWithoutTheKeyAtTheirHeadAreParsed() throws IOException {
        String line = PointsJsonl.toLine(point(0, "k0"));
        // move the key to the end of the object, as the previous format wrote it
        String older = "{" + line.substring(line.indexOf(',') + 1, line.length() - 1) + ",\"configKey\":\"k0\"}";
        Files.writeString(dir.resolve(PointsJsonl.FILE), older + "\n");
        try (ResultStore s = ResultStore.open(dir, false)) {
            assertEquals(1, s.recovered());
            assertEquals(0, s.get("k0").pointId());
        }
    }
}
