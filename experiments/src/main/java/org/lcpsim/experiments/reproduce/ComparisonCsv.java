package org.lcpsim.experiments.reproduce;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import org.lcpsim.reports.Num;
import org.lcpsim.reports.ResultsCsv;
import org.lcpsim.results.ComparisonRow;

/** paper-comparison.csv: the columns of DESIGN.md, then the source of each published value. */
public final class ComparisonCsv {
    public static final String HEADER =
            "figure,model,config,devices,metric,unit,paper_value,simulated_value,error_pct,source";

    private ComparisonCsv() {
    }

    public static void write(Writer out, List<ComparisonRow> rows) throws IOException {
        out.write(HEADER + "\n");
        for (ComparisonRow r : rows) {
            out.write(String.join(",", ResultsCsv.escape(r.figure()), ResultsCsv.escape(r.model()),
                    ResultsCsv.escape(r.config()), Integer.toString(r.devices()), ResultsCsv.escape(r.metric()),
                    ResultsCsv.escape(r.unit()), Num.format(r.paperValue()), Num.format(r.simulatedValue()),
                    Double.isNaN(r.errorPct()) ? "" : Num.format(Math.round(r.errorPct() * 100) / 100.0),
                    ResultsCsv.escape(r.source())) + "\n");
        }
    }
}
