package org.lcpsim.experiments;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.lcpsim.config.Csv;

/**
 * The parameter and MAC counts the LCP paper publishes per model variant (reference section 3),
 * read from the shipped copy of model-counts.csv; used only to compare against, never to build.
 */
public final class PaperModelCounts {
    /** One published row; {@code macs} is -1 where the paper prints no usable figure. */
    public record Row(String model, String variant, double top1Pct, long params, long macs, String source) {
    }

    private static final String RESOURCE = "org/lcpsim/reference/model-counts.csv";

    private PaperModelCounts() {
    }

    /** Rows keyed by "model/variant". */
    public static Map<String, Row> load() {
        Map<String, Row> rows = new LinkedHashMap<>();
        try (InputStream in = PaperModelCounts.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                // model,variant,dataset,top1_pct,top5_pct,params,macs,source
                String[] f = Csv.split(lines[i]).toArray(new String[0]);
                Row row = new Row(f[0], f[1], f[3].isEmpty() ? Double.NaN : Double.parseDouble(f[3]),
                        Long.parseLong(f[5]), f[6].isEmpty() ? -1 : Long.parseLong(f[6]), f[7].strip());
                rows.put(f[0] + "/" + f[1], row);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
        return rows;
    }
}
