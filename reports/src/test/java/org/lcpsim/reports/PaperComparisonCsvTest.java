package org.lcpsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.results.ComparisonRow;

class PaperComparisonCsvTest {
    @TempDir
    Path dir;

    static final List<ComparisonRow> ROWS = List.of(
            new ComparisonRow("rpi-latency", "alexnet", "lcp-split8", 8, "latency", "ms", 120, 58.08, "LCP paper Fig.12"),
            new ComparisonRow("rpi-latency", "vgg16", "single", 1, "latency", "ms", 9381, 9405, "LCP paper Fig.12",
                    ComparisonRow.FITTED),
            new ComparisonRow("aws-latency", "vgg16", "lcp-split2", 2, "latency", "ms", Double.NaN, 900.5, "chart, no numbers, "));

    @Test
    void theContractColumnsThenSourceAndBack() throws Exception {
        Path f = dir.resolve(PaperComparisonCsv.FILE);
        PaperComparisonCsv.write(ROWS, f);
        List<String> lines = Files.readAllLines(f);
        assertEquals("figure,model,config,devices,metric,unit,paper_value,simulated_value,error_pct,source,role", lines.get(0));
        assertEquals("rpi-latency,alexnet,lcp-split8,8,latency,ms,120,58.08,-51.6,LCP paper Fig.12,validation", lines.get(1));
        assertEquals("rpi-latency,vgg16,single,1,latency,ms,9381,9405,0.2558362648,LCP paper Fig.12,fitted", lines.get(2));
        assertEquals("aws-latency,vgg16,lcp-split2,2,latency,ms,,900.5,,\"chart, no numbers, \",validation", lines.get(3));
        List<ComparisonRow> back = PaperComparisonCsv.read(f);
        assertEquals(ROWS.get(0), back.get(0));
        assertEquals(ROWS.get(1), back.get(1));
        assertTrue(Double.isNaN(back.get(2).paperValue()));
        assertEquals(ROWS.get(2).source(), back.get(2).source());
    }

    @Test
    void aResultsFolderWithTheFileGetsThePaperChartsInItsReport() throws Exception {
        ReporterTest.write(dir, ReporterTest.sweep(), List.of("strategy.branches", "strategy.fatten"));
        PaperComparisonCsv.write(ROWS, dir.resolve(PaperComparisonCsv.FILE));
        Reporter.Report r = Reporter.finish(dir, ReportOptions.defaults());
        assertTrue(Files.isRegularFile(dir.resolve("charts/paper-rpi-latency.svg")));
        assertTrue(Files.isRegularFile(dir.resolve("charts/paper-aws-latency.png")));
        assertTrue(Files.readString(r.index()).contains("../charts/paper-rpi-latency.png"));
    }

    @Test
    void badRowsAreNamed() throws Exception {
        Path f = dir.resolve(PaperComparisonCsv.FILE);
        Files.writeString(f, "figure,model,config,devices,metric,unit,paper_value,simulated_value\nf,m,c,four,l,ms,1,2\n");
        ReportInputException e = assertThrows(ReportInputException.class, () -> PaperComparisonCsv.read(f));
        assertTrue(e.getMessage().startsWith(f + ":2: not a number"), e.getMessage());
        Files.writeString(f, "figure,model\n");
        e = assertThrows(ReportInputException.class, () -> PaperComparisonCsv.read(f));
        assertTrue(e.getMessage().contains("no column config"), e.getMessage());
    }
}
