package org.lcpsim.devices.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.lcpsim.config.ConfigError;
import org.lcpsim.config.ConfigException;
import org.lcpsim.devices.PowerSpec;
import org.lcpsim.workload.LayerKind;

/** The calibration CSV reader: positions, encodings, quotes, limits, streaming and interruption. */
class MeasurementCsvTest {
    static final String HEADER = Measurement.HEADER + "\n";
    static final String ROW = "rpi4,tensorflow,model,resnet18,,450,fit,bench,,\n";

    private static MeasurementCsv.Table read(byte[] bytes) {
        return MeasurementCsv.read(new ByteArrayInputStream(bytes), "m.csv", r -> true);
    }

    private static MeasurementCsv.Table read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<ConfigError> errors(byte[] bytes) {
        return assertThrows(ConfigException.class, () -> read(bytes)).errors();
    }

    private static List<ConfigError> errors(String text) {
        return errors(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(String before, int[] bad, String after) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        for (int x : bad) {
            b.write(x);
        }
        b.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    @Test
    void aByteOrderMarkIsAccepted() {
        byte[] withBom = concat("", new int[] {0xEF, 0xBB, 0xBF}, HEADER + ROW);
        List<Measurement> rows = read(withBom).rows();
        assertEquals(read(HEADER + ROW).rows(), rows);
        assertEquals("rpi4", rows.get(0).device());
    }

    @Test
    void invalidUtf8IsAnErrorAtItsLineColumnAndByte() {
        // a stray byte inside a value: line 2, the column of latency_ms plus one
        List<ConfigError> e = errors(concat(HEADER + "rpi4,tensorflow,model,resnet18,,4", new int[] {0xFF}, "50,fit,bench,,\n"));
        assertEquals(1, e.size(), e.toString());
        assertEquals("m.csv:2:34", e.get(0).location().toString());
        assertEquals("latency_ms", e.get(0).path());
        assertTrue(e.get(0).message().contains("not UTF-8 text: byte 0xFF at byte 106 of the file"), e.get(0).message());
        // in the header
        assertEquals("m.csv:1:3", errors(concat("de", new int[] {0xC3, 0x28}, "vice\n")).get(0).location().toString());
        // overlong, surrogate, above U+10FFFF, a lone continuation byte
        for (int[] bad : List.of(new int[] {0xC0, 0x80}, new int[] {0xED, 0xA0, 0x80}, new int[] {0xF4, 0x90, 0x80, 0x80},
                new int[] {0x80}, new int[] {0xF8, 0x88, 0x80, 0x80, 0x80})) {
            List<ConfigError> x = errors(concat(HEADER + ROW + "rpi4,tensorflow,model,", bad, "resnet50,,1100,fit,bench,,\n"));
            assertEquals("m.csv:3:23", x.get(0).location().toString(), x.toString());
            assertTrue(x.get(0).message().startsWith("not UTF-8 text"), x.toString());
        }
        // cut short at the end of the file
        List<ConfigError> end = errors(concat(HEADER + ROW + "rpi4,tensorflow,model,resnet50,,1100,fit,bench,", new int[] {0xE2, 0x82},
                ""));
        assertEquals("m.csv:3:48", end.get(0).location().toString(), end.toString());
        assertTrue(end.get(0).message().contains("ends inside the multi-byte character"), end.toString());
        // UTF-16
        assertTrue(errors(concat("", new int[] {0xFF, 0xFE}, "d\0e\0")).get(0).message().startsWith("UTF-16 text"));
        // a NUL byte: not a text file
        assertTrue(errors(concat(HEADER, new int[] {0}, ROW)).get(0).message().contains("NUL"));
    }

    @Test
    void rowsBeforeTheDamageAreCheckedFirst() {
        List<ConfigError> e = errors(concat(HEADER + "rpi4,tensorflow,model,resnet19,,450,fit,bench,,\n" + ROW,
                new int[] {0xFF}, "\n"));
        assertEquals(2, e.size(), e.toString());
        assertEquals("m.csv:2:23: model: unknown model 'resnet19' (did you mean 'resnet18'?)", e.get(0).toString()
                .replaceAll(";.*", ""));
        assertEquals("m.csv:4:1", e.get(1).location().toString());
    }

    @Test
    void aQuoteThatDoesNotCloseOnItsLineIsAnErrorAtTheQuote() {
        // the rest of the file is not swallowed into one field
        String text = HEADER + ROW + "rpi4,tensorflow,model,\"resnet50,,1100,fit,bench,,\n" + ROW.replace("resnet18", "alexnet")
                + ROW.replace("resnet18", "vgg16").replace(",bench,", ",\"a, b\",");
        List<ConfigError> e = errors(text);
        assertEquals(1, e.size(), e.toString());
        assertEquals("m.csv:3:23: model: the quote that opens this field does not close on its line (a field may not span lines)",
                e.get(0).toString());
        // on the last line, without a line break
        assertEquals("m.csv:2:38", errors(HEADER + "rpi4,tensorflow,model,resnet50,,1100,\"fit,bench,,").get(0).location()
                .toString());
        // text after a closing quote, and a quote inside an unquoted field
        assertEquals("m.csv:2:28", errors(HEADER + "rpi4,tensorflow,model,\"vgg\"16,,1100,fit,bench,,\n").get(0).location()
                .toString());
        assertEquals("m.csv:2:26", errors(HEADER + "rpi4,tensorflow,model,vgg\"16\",,1100,fit,bench,,\n").get(0).location()
                .toString());
    }

    @Test
    void quotedFieldsCommentsBlankLinesAndLineEndsReadRight() {
        String text = "# measured on the bench\n\n" + HEADER.replace("\n", "\r\n") + "  \n"
                + "rpi4, tensorflow ,model,resnet18,,450,fit,\"bench, \"\"quiet\"\" room\",,\r"
                + "# another comment, with a \" quote\n"
                + "rpi4,tensorflow,model,resnet19,,450,fit,bench,,\n";
        List<ConfigError> e = errors(text);
        assertEquals(1, e.size(), e.toString());
        // line 3 is the header, 4 a blank line, 5 the first row (ended by a lone CR), 6 a comment
        assertEquals("m.csv:7:23", e.get(0).location().toString(), e.toString());
        List<Measurement> rows = read(text.replace("resnet19", "alexnet")).rows();
        assertEquals(2, rows.size());
        assertEquals("bench, \"quiet\" room", rows.get(0).source());
        assertEquals("tensorflow", rows.get(0).framework());
        assertEquals(5, rows.get(0).line());
        assertEquals(7, rows.get(1).line());
    }

    @Test
    void columnsMissingUnknownDuplicatedOrUnnamed() {
        assertTrue(errors("device,framework\nrpi3,tf\n").stream().anyMatch(x -> x.toString().startsWith("m.csv:1:1: kind: missing"
                + " column 'kind' in the header")));
        assertEquals("m.csv:1:73: $: unknown column 'memroy_mb' (did you mean 'memory_mb'?)", errors(HEADER.replace("\n",
                ",memroy_mb\n") + ROW).get(0).toString().replaceAll(";.*", ""));
        assertEquals("m.csv:1:73: device: column 'device' appears twice (fields 1 and 11)", errors(HEADER.replace("\n", ",device\n")
                + ROW).get(0).toString());
        assertTrue(errors(HEADER.replace("\n", ",\n") + ROW).get(0).message().contains("has no name"));
        // note and memory_mb may be left out, and a row may stop after its last required field
        String shortHeader = "device,framework,kind,model,layers,latency_ms,use,source\n";
        assertEquals(1, read(shortHeader + "rpi4,tensorflow,model,resnet18,,450,fit,bench\n").rows().size());
        assertEquals(1, read(HEADER + "rpi4,tensorflow,model,resnet18,,450,fit,bench\n").rows().size());
        assertEquals("m.csv:2:36: $: the row ends after 6 fields; it has no use, source",
                errors(HEADER + "rpi4,tensorflow,model,resnet18,,450\n").get(0).toString());
        assertEquals("m.csv:2:49", errors(HEADER + ROW.replace(",,\n", ",,,extra\n")).get(0).location().toString());
    }

    @Test
    void contentErrorsArePositionedAtTheirColumn() {
        String[][] cases = {
                {"resnet18,", "resnet18x,", "m.csv:2:23: model: unknown model"},
                {"resnet18,", "dense:0x5,", "m.csv:2:23: model: 'dense:0x5' is no dense model"},
                {"model,resnet18,", "layer,resnet18,conv99", "m.csv:2:32: layers: model resnet18 has no layer 'conv99'"},
                {"model,resnet18,", "layer,resnet18,conv1++conv2", "m.csv:2:32: layers: an empty layer name"},
                {",450,", ",-450,", "m.csv:2:33: latency_ms: a model row needs latency_ms > 0, got -450"},
                {",450,", ",0,", "m.csv:2:33: latency_ms: a model row needs latency_ms > 0, got 0"},
                {",450,", ",NaN,", "m.csv:2:33: latency_ms: not a number: 'NaN'"},
                {",450,", ",0x1p3,", "m.csv:2:33: latency_ms: not a number: '0x1p3'"},
                {",450,", ",1e300,", "m.csv:2:33: latency_ms: 1e300 is out of range"},
                {",450,", ",,", "m.csv:2:33: latency_ms: empty; a model row needs latency_ms > 0"},
                {",model,", ",modell,", "m.csv:2:17: kind: unknown kind 'modell'"},
                {",fit,", ",fitt,", "m.csv:2:37: use: unknown use 'fitt'"},
                {"rpi4,", ",", "m.csv:2:1: device: empty"},
                {"tensorflow,", ",", "m.csv:2:6: framework: empty"},
        };
        for (String[] c : cases) {
            List<ConfigError> e = errors(HEADER + ROW.replace(c[0], c[1]));
            assertTrue(e.get(0).toString().startsWith(c[2]), c[1] + ": " + e);
        }
        List<ConfigError> memory = errors(HEADER + "rpi4,tensorflow,memory,resnet18,,,fit,bench,,-3\n");
        assertTrue(memory.get(0).toString().startsWith("m.csv:2:46: memory_mb: a memory row needs memory_mb > 0"), memory.toString());
    }

    @Test
    void aRowGivenTwiceIsAnErrorAmongTheRowsKept() {
        List<ConfigError> e = errors(HEADER + ROW + ROW.replace("resnet18", "alexnet") + ROW);
        assertEquals("m.csv:4:1: device: the same measurement as line 2 (a row given twice counts twice in the fit); remove one",
                e.get(0).toString());
        // the same figure from another source is another measurement
        assertEquals(2, read(HEADER + ROW + ROW.replace("bench", "paper")).rows().size());
    }

    @Test
    void emptyFileAndHeaderOnly() {
        assertEquals("m.csv:1:1: $: empty file: the first line must be the header " + Measurement.HEADER,
                errors("").get(0).toString());
        assertEquals("m.csv:1:1", errors("\n\n# only a comment\n").get(0).location().toString());
        MeasurementCsv.Table t = read(HEADER);
        assertEquals(List.of(), t.rows());
        ConfigException none = assertThrows(ConfigException.class, () -> t.requireRows("rpi4", "tensorflow"));
        assertEquals("m.csv:1:1: device: no row of device 'rpi4'; the file has no measurement rows", none.getMessage());
    }

    @Test
    void onlyTheRowsOfTheDeviceAreKeptAndMissingOnesArePositionedAtTheHeader() {
        StringBuilder b = new StringBuilder("source,device,framework,kind,model,layers,latency_ms,use\n");
        for (int i = 0; i < 20_000; i++) {
            b.append("bench ").append(i).append(",board").append(i % 7).append(",tensorflow,model,resnet18,,").append(400 + i % 100)
                    .append(",fit\n");
        }
        b.append("bench,rpi4,tflite,model,resnet18,,450,fit\n");
        MeasurementCsv.Table t = MeasurementCsv.read(new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)), "m.csv",
                r -> r.device().equals("rpi4"));
        assertEquals(1, t.rows().size());
        t.requireRows("rpi4", "tflite");
        ConfigException fw = assertThrows(ConfigException.class, () -> t.requireRows("rpi4", "tensorflow"));
        assertEquals("m.csv:1:15: framework: no row of device 'rpi4' has framework 'tensorflow'; its rows have 'tflite' (choose with"
                + " --framework)", fw.getMessage());
        ConfigException dev = assertThrows(ConfigException.class, () -> t.requireRows("rpi5", null));
        assertTrue(dev.getMessage().startsWith("m.csv:1:8: device: no row of device 'rpi5'; the file has rows of 'board0', "),
                dev.getMessage());
        ConfigException fit = assertThrows(ConfigException.class, () -> MeasurementCsv.read(new ByteArrayInputStream(
                (HEADER + ROW.replace(",fit,", ",check,")).getBytes(StandardCharsets.UTF_8)), "m.csv", r -> true)
                .requireFitRows("rpi4", "tensorflow"));
        assertTrue(fit.getMessage().startsWith("m.csv:1:47: use: no row of rpi4/tensorflow is a model or layer row with use 'fit'"),
                fit.getMessage());
    }

    @Test
    void limitsAreStatedInTheUsersTerms() {
        StringBuilder b = new StringBuilder(HEADER);
        for (int i = 0; i <= MeasurementCsv.MAX_ROWS; i++) {
            b.append("rpi4,tensorflow,model,resnet18,,").append(400 + i * 0.01).append(",fit,bench,,\n");
        }
        List<ConfigError> e = errors(b.toString());
        assertEquals(1, e.size());
        assertEquals("m.csv:" + (MeasurementCsv.MAX_ROWS + 2) + ":1: device: more than 5,000 rows to fit; calibrate takes at most"
                + " 5,000 rows of the device it calibrates (average repeated runs of a model into one row)", e.get(0).toString());

        List<ConfigError> longLine = errors(HEADER + ROW.replace("bench", "x".repeat(MeasurementCsv.MAX_LINE_BYTES)));
        assertEquals("m.csv:2:1: $: line longer than 65,536 bytes, the most a row may have", longLine.get(0).toString());

        StringBuilder bad = new StringBuilder(HEADER);
        for (int i = 0; i < 200; i++) {
            bad.append(ROW.replace("resnet18", "nonet"));
        }
        List<ConfigError> many = errors(bad.toString());
        assertEquals(MeasurementCsv.MAX_ERRORS + 1, many.size());
        assertEquals("m.csv: more than 50 errors; stopped reading at line 52", many.get(many.size() - 1).toString());
    }

    /** Rows for ever: reading ends when the thread is interrupted, not at the end of the stream. */
    @Test
    void readingEndsWhenInterrupted() throws InterruptedException {
        InputStream endless = new InputStream() {
            private final byte[] row = ROW.replace("rpi4", "other").getBytes(StandardCharsets.UTF_8);
            private final byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
            private long n;

            @Override
            public int read() {
                long i = n++;
                return i < header.length ? header[(int) i] : row[(int) ((i - header.length) % row.length)];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++) {
                    b[off + i] = (byte) read();
                }
                return len;
            }
        };
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                MeasurementCsv.read(endless, "endless.csv", r -> r.device().equals("rpi4"));
            } catch (Throwable x) {
                thrown.set(x);
            }
        });
        t.start();
        Thread.sleep(300);
        t.interrupt();
        t.join(5_000);
        assertTrue(!t.isAlive(), "still reading");
        assertTrue(thrown.get() instanceof CancellationException, String.valueOf(thrown.get()));
    }

    /** A fit over many rows ends when its thread is interrupted. */
    @Test
    void aFitEndsWhenInterrupted() throws InterruptedException {
        List<Measurement> rows = new ArrayList<>();
        String[] models = {"resnet18", "resnet50", "vgg16", "alexnet", "mobilenet-v2"};
        for (int i = 0; i < MeasurementCsv.MAX_ROWS; i++) {
            rows.add(new Measurement(i + 2, "dev", "fw", Measurement.Kind.MODEL, models[i % models.length], List.of(),
                    500 + i % 37, Measurement.Use.FIT, "synthetic", ""));
        }
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                Calibration.fit(new Calibration.Problem("dev", "fw", rows, Rpi3Calibration.start(), List.of(
                        CpuParams.eff(LayerKind.CONV), CpuParams.eff(LayerKind.DEPTHWISE_CONV), "memoryBandwidthGBps",
                        "layerOverheadMs"), PowerSpec.UNKNOWN));
            } catch (Throwable x) {
                thrown.set(x);
            }
        });
        t.start();
        Thread.sleep(500);
        long at = System.nanoTime();
        t.interrupt();
        t.join(5_000);
        assertTrue(!t.isAlive(), "still fitting");
        assertTrue((System.nanoTime() - at) / 1e9 < 3, "took " + (System.nanoTime() - at) / 1e9 + " s");
        assertTrue(thrown.get() instanceof CancellationException, String.valueOf(thrown.get()));
    }
}
