package org.lcpsim.cli.corpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Generated damage to a valid calibration CSV, each read by {@code lcpsim calibrate}: a byte-order
 * mark (accepted), bytes that are not UTF-8 in every column and in the header, quotes that do not
 * close in every column, columns missing, twice, unknown or unnamed, unknown models, layers,
 * kinds, devices and frameworks, numbers that are not numbers, negative, zero, NaN, infinite or
 * huge, empty files, rows of other devices only, repeated rows, too many rows, and --out and the
 * measurement file where nothing can be read or written. Every error of the file's content is
 * {@code m.csv:LINE:COL: column: message} at the damaged field, exit 2.
 */
final class CalibrateFamily implements Family {
    static final String HEADER = "device,framework,kind,model,layers,latency_ms,use,source,note,memory_mb";
    static final List<String> COLUMNS = List.of(HEADER.split(","));
    static final List<String> ROWS = List.of(
            "rpi4,tensorflow,model,resnet18,,450,fit,test bench,,",
            "rpi4,tensorflow,model,mobilenet-v2,,600,fit,test bench,,",
            "rpi4,tensorflow,model,alexnet,,210,fit,test bench,,",
            "rpi4,tensorflow,layer,vgg16,conv1_1+relu1_1,240,fit,test bench,a note,",
            "rpi4,tensorflow,model,resnet50,,1100,check,test bench,,");
    static final String GOOD = HEADER + "\n" + String.join("\n", ROWS) + "\n";
    static final List<String> FIT = List.of("calibrate", "{dir}/m.csv", "--device", "rpi4", "--start", "rpi3", "--fit",
            "efficiency.conv,layerOverheadMs");

    @Override
    public String name() {
        return "calibrate";
    }

    @Override
    public String covers() {
        return "calibration CSV files damaged in their encoding, quotes, columns, values and rows, and calibrate's --out and"
                + " measurement file where nothing can be read or written";
    }

    private final List<Case> out = new ArrayList<>();

    private void add(String name, byte[] csv, List<String> args, int exit, String pattern, boolean positioned) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (csv != null) {
            files.put("m.csv", csv);
        }
        out.add(new Case(name(), name, files, null, args, exit, pattern, positioned));
    }

    private void add(String name, String csv, int exit, String pattern, boolean positioned) {
        add(name, utf8(csv), FIT, exit, pattern, positioned);
    }

    /** A positioned content error: {@code m.csv:LINE:COL: column: message...}. */
    private void at(String name, String csv, int line, int col, String column, String message) {
        at(name, utf8(csv), FIT, line, col, column, message);
    }

    private void at(String name, byte[] csv, List<String> args, int line, int col, String column, String message) {
        add(name, csv, args, 2, "(?m)^\\S*m\\.csv:" + line + ":" + col + ": " + Pattern.quote(column) + ": " + message, true);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The column (from 1) where field {@code field} of a line without quotes starts. */
    static int column(String line, int field) {
        String[] f = line.split(",", -1);
        int c = 1;
        for (int i = 0; i < field; i++) {
            c += f[i].length() + 1;
        }
        return c;
    }

    /** The file with {@code bytes} put at the start of field {@code field} of line {@code line} (from 1). */
    static byte[] insert(String text, int line, int field, byte[] bytes) {
        String[] lines = text.split("\n", -1);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                b.write('\n');
            }
            if (i == line - 1) {
                int at = column(lines[i], field) - 1;
                b.writeBytes(utf8(lines[i].substring(0, at)));
                b.writeBytes(bytes);
                b.writeBytes(utf8(lines[i].substring(at)));
            } else {
                b.writeBytes(utf8(lines[i]));
            }
        }
        return b.toByteArray();
    }

    private static String replaceRow(int row, String from, String to) {
        List<String> rows = new ArrayList<>(ROWS);
        rows.set(row, rows.get(row).replaceFirst(Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        return HEADER + "\n" + String.join("\n", rows) + "\n";
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> a = new ArrayList<>(args);
        a.addAll(Arrays.asList(more));
        return a;
    }

    @Override
    public List<Case> cases() {
        out.clear();
        add("good", GOOD, 0, "fitting efficiency.conv, layerOverheadMs of rpi4/tensorflow to 5 rows", false);

        // a byte-order mark is accepted, and positions after it stay right
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        add("bom-accepted", concat(bom, utf8(GOOD)), FIT, 0, "to 5 rows", false);
        at("bom-then-unknown-model", concat(bom, utf8(replaceRow(1, "mobilenet-v2", "mobilenet-v9"))), FIT, 3,
                column(ROWS.get(1), 3), "model", "unknown model 'mobilenet-v9' \\(did you mean 'mobilenet-v2'\\?\\)");
        add("utf16", concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "d\0e\0v\0".getBytes(StandardCharsets.ISO_8859_1)), FIT, 2,
                "m\\.csv:1:1: \\$: UTF-16 text", true);

        // a byte that is not UTF-8 at the start of every field of a row, and in the header
        for (int f = 0; f < COLUMNS.size(); f++) {
            at("utf8-row-" + COLUMNS.get(f), insert(GOOD, 3, f, new byte[] {(byte) 0xFF}), FIT, 3, column(ROWS.get(1), f),
                    COLUMNS.get(f), "not UTF-8 text: byte 0xFF at byte \\d+ of the file");
        }
        at("utf8-header", insert(GOOD, 1, 3, new byte[] {(byte) 0xC3, (byte) 0x28}), FIT, 1, column(HEADER, 3), "$",
                "not UTF-8 text: byte 0x28");
        String[][] sequences = {{"overlong", "C0 80"}, {"surrogate", "ED A0 80"}, {"above-10ffff", "F4 90 80 80"},
            {"lone-continuation", "80"}, {"five-bytes", "F8 88 80 80 80"}, {"cut-short", "E2 82"}};
        for (String[] s : sequences) {
            byte[] seq = hex(s[1]);
            at("utf8-" + s[0], insert(GOOD, 4, 3, seq), FIT, 4, column(ROWS.get(2), 3), "model", "not UTF-8 text");
        }
        at("utf8-end-of-file", concat(utf8(GOOD + "rpi4,tensorflow,model,resnet50,,1100,fit,bench,"), hex("E2 82")), FIT, 7, 48,
                "note", "not UTF-8 text: the file ends inside");
        at("utf8-in-a-comment", concat(utf8(GOOD + "# note "), hex("FF 0A")), FIT, 7, 8, "$", "not UTF-8 text");
        at("nul-byte", insert(GOOD, 2, 7, new byte[] {0}), FIT, 2, column(ROWS.get(0), 7), "source", "a NUL byte");

        // a quote that does not close on its line, in every field: an error at the quote, the rest is not swallowed
        for (int f = 0; f < COLUMNS.size(); f++) {
            at("quote-unterminated-" + COLUMNS.get(f), insert(GOOD, 4, f, new byte[] {'"'}), FIT, 4, column(ROWS.get(2), f),
                    COLUMNS.get(f), "the quote that opens this field does not close on its line");
        }
        at("quote-unterminated-last-line-no-newline", GOOD + "rpi4,tensorflow,model,vgg16,,9000,fit,\"bench", 7, 39, "source",
                "the quote that opens this field does not close");
        at("quote-text-after-closing", replaceRow(0, "resnet18", "\"resnet\"18"), 2, column(ROWS.get(0), 3) + 8, "model",
                "text after the closing quote");
        at("quote-inside-unquoted", replaceRow(0, "resnet18", "res\"net18"), 2, column(ROWS.get(0), 3) + 3, "model",
                "a quote inside a field that does not start with one");
        add("quote-good-quoted-fields", replaceRow(0, "test bench", "\"bench, \"\"quiet\"\" room\""), 0, "to 5 rows", false);

        // columns
        for (String c : List.of("device", "framework", "kind", "model", "layers", "latency_ms", "use", "source")) {
            int i = COLUMNS.indexOf(c);
            StringBuilder t = new StringBuilder();
            for (String line : GOOD.split("\n")) {
                List<String> f = new ArrayList<>(Arrays.asList(line.split(",", -1)));
                f.remove(i);
                t.append(String.join(",", f)).append('\n');
            }
            at("column-missing-" + c, t.toString(), 1, 1, c, "missing column '" + c + "'");
        }
        at("column-twice", GOOD.replaceFirst("memory_mb", "device"), 1, column(HEADER, 9), "device",
                "column 'device' appears twice \\(fields 1 and 10\\)");
        at("column-unknown-typo", GOOD.replaceFirst("memory_mb", "memroy_mb"), 1, column(HEADER, 9), "$",
                "unknown column 'memroy_mb' \\(did you mean 'memory_mb'\\?\\)");
        at("column-unknown", GOOD.replaceFirst("note", "temperature"), 1, column(HEADER, 8), "$", "unknown column 'temperature'");
        at("column-unnamed", GOOD.replaceFirst("note,", ","), 1, column(HEADER, 8), "$", "column 9 of the header has no name");
        at("column-no-header", String.join("\n", ROWS) + "\n", 1, 1, "device", "missing column 'device' in the header");
        at("row-too-many-fields", replaceRow(2, "test bench,,", "test bench,,,extra"), 4, column(ROWS.get(2) + ",", 10), "$",
                "11 fields, but the header has 10 columns");
        at("row-too-few-fields", replaceRow(2, ",210,fit,test bench,,", ",210"), 4, column(ROWS.get(2), 5) + 3, "$",
                "the row ends after 6 fields; it has no use, source");

        // content: unknown names
        at("unknown-model", replaceRow(0, "resnet18", "resnet19"), 2, column(ROWS.get(0), 3), "model",
                "unknown model 'resnet19' \\(did you mean 'resnet18'\\?\\)");
        at("unknown-model-dense", replaceRow(0, "resnet18", "dense:axb"), 2, column(ROWS.get(0), 3), "model",
                "'dense:axb' is no dense model");
        at("unknown-model-empty", replaceRow(0, "resnet18", ""), 2, column(ROWS.get(0), 3), "model", "empty; name a zoo model");
        at("unknown-layer", replaceRow(3, "conv1_1+relu1_1", "conv1_1+relu9_9"), 5, column(ROWS.get(3), 4), "layers",
                "model vgg16 has no layer 'relu9_9'");
        at("unknown-layer-empty-name", replaceRow(3, "conv1_1+relu1_1", "conv1_1++relu1_1"), 5, column(ROWS.get(3), 4), "layers",
                "an empty layer name");
        at("layer-row-without-layers", replaceRow(3, "conv1_1+relu1_1", ""), 5, column(ROWS.get(3), 4), "layers",
                "empty: a layer row names its layers");
        at("unknown-kind", replaceRow(0, ",model,", ",modell,"), 2, column(ROWS.get(0), 2), "kind", "unknown kind 'modell'");
        at("unknown-use", replaceRow(0, ",fit,", ",fitted,"), 2, column(ROWS.get(0), 6), "use", "unknown use 'fitted'");
        at("empty-device", replaceRow(1, "rpi4,", ","), 3, 1, "device", "empty; name the device measured");
        at("empty-framework", replaceRow(1, "tensorflow", ""), 3, column(ROWS.get(1), 1), "framework", "empty; name the framework");
        at("unknown-device", utf8(GOOD), List.of("calibrate", "{dir}/m.csv", "--device", "rpi5", "--start", "rpi3", "--fit",
                "efficiency.conv"), 1, 1, "device", "no row of device 'rpi5'; the file has rows of 'rpi4'");
        at("unknown-framework-of-the-rows", utf8(GOOD), with(FIT, "--framework", "tflite"), 1, column(HEADER, 1), "framework",
                "no row of device 'rpi4' has framework 'tflite'; its rows have 'tensorflow'");
        add("unknown-framework-of-the-preset", utf8(GOOD), with(FIT, "--framework", "caffe"), 2,
                "lcpsim: --framework: unknown framework 'caffe' for rpi3; known: tensorflow, tflite, pytorch", false);
        at("recipe-framework-missing", utf8(GOOD.replace("rpi4", "rpi3")), List.of("calibrate", "{dir}/m.csv", "--device", "rpi3"),
                1, column(HEADER, 1), "framework", "no row of device 'rpi3' has framework 'tflite'");
        at("rows-of-another-device-only", GOOD.replace("rpi4", "rpi3"), 1, 1, "device",
                "no row of device 'rpi4'; the file has rows of 'rpi3'");
        at("no-fit-rows", GOOD.replace(",fit,", ",check,"), 1, column(HEADER, 6), "use",
                "no row of rpi4/tensorflow is a model or layer row with use 'fit'");

        // numbers
        String[][] numbers = {
            {"abc", "not a number: 'abc'"}, {"\"4,5\"", "not a number: '4,5'"},
            {"-450", "a model row needs latency_ms > 0, got -450"}, {"0", "a model row needs latency_ms > 0, got 0"},
            {"NaN", "not a number: 'NaN'"}, {"Infinity", "not a number: 'Infinity'"}, {"0x1p8", "not a number: '0x1p8'"},
            {"450f", "not a number: '450f'"}, {"1e300", "1e300 is out of range: at most 1e9"}, {"1e99999", "not a number"},
            {"", "empty; a model row needs latency_ms"}};
        for (int i = 0; i < numbers.length; i++) {
            at("latency-" + i, replaceRow(0, ",450,", "," + numbers[i][0] + ","), 2, column(ROWS.get(0), 5), "latency_ms",
                    Pattern.quote(numbers[i][1]));
        }
        String memory = GOOD + "rpi4,tensorflow,memory,resnet18,,,fit,bench,,%s\n";
        at("memory-negative", memory.formatted("-3"), 7, 46, "memory_mb", "a memory row needs memory_mb > 0, got -3");
        at("memory-missing", memory.formatted(""), 7, 46, "memory_mb", "empty; a memory row needs memory_mb > 0");
        at("memory-huge", memory.formatted("5e12"), 7, 46, "memory_mb", "5e12 is out of range");
        String contradiction = GOOD + "rpi4,tensorflow,fits,dense:7680x20000,,,fit,bench,,\n"
                + "rpi4,tensorflow,swaps,dense:7680x1000,,,fit,bench,,\n";
        at("memory-observations-contradict", contradiction, 7, 17, "kind", "memory observations contradict: this working set");

        // rows
        at("row-twice", GOOD + ROWS.get(2) + "\n", 7, 1, "device", "the same measurement as line 4");
        at("empty-file", "", 1, 1, "$", "empty file: the first line must be the header");
        at("only-blank-lines-and-comments", "\n# measured later\n\n", 1, 1, "$", "empty file");
        at("header-only", HEADER + "\n", 1, 1, "device", "no row of device 'rpi4'; the file has no measurement rows");
        StringBuilder many = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i <= 5_000; i++) {
            many.append("rpi4,tensorflow,model,resnet18,,").append(400 + i * 0.01).append(",fit,bench,,\n");
        }
        at("too-many-rows-of-the-device", many.toString(), 5_002, 1, "device", "more than 5,000 rows to fit; calibrate takes at"
                + " most 5,000 rows of the device it calibrates");
        StringBuilder others = new StringBuilder(GOOD);
        for (int i = 0; i < 20_000; i++) {
            others.append("board").append(i % 13).append(",tensorflow,model,resnet18,,").append(400 + i % 50).append(",fit,run ")
                    .append(i).append(",,\n");
        }
        add("many-rows-of-other-devices-are-skipped", others.toString(), 0, "to 5 rows", false);
        at("line-too-long", replaceRow(0, "test bench", "x".repeat(70_000)), 2, 1, "$", "line longer than 65,536 bytes");
        StringBuilder bad = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 80; i++) {
            bad.append("rpi4,tensorflow,model,nonet,,450,fit,bench ").append(i).append(",,\n");
        }
        add("errors-stop-after-50", bad.toString(), 2, "m\\.csv: more than 50 errors; stopped reading at line 52", true);
        at("line-endings-crlf-and-comment", ("# bench of 2026-11-29\r\n" + GOOD.replace("\n", "\r\n")).replace("resnet18",
                "resnet19"), 3, column(ROWS.get(0), 3), "model", "unknown model 'resnet19'");

        // --out, checked before the file is read and the fit runs
        add("calout-missing-folder", utf8(GOOD), with(FIT, "--out", "{dir}/missing/rpi4.yaml"), 2,
                "lcpsim: --out .*/missing/rpi4\\.yaml: no folder .*/missing; create it first", false);
        add("calout-a-folder", utf8(GOOD), with(FIT, "--out", "{dir}"), 2, "lcpsim: --out .*: is a folder; name the file", false);
        add("calout-under-a-file", utf8(GOOD), with(FIT, "--out", "{dir}/m.csv/rpi4.yaml"), 2,
                "lcpsim: --out .*/m\\.csv/rpi4\\.yaml: .*/m\\.csv is a file, not a folder", false);
        add("calout-in-proc", utf8(GOOD), with(FIT, "--out", "/proc/rpi4.yaml"), 2, "lcpsim: cannot write in folder /proc: ", false);
        add("calout-a-device", utf8(GOOD), with(FIT, "--out", "/dev/null"), 2, "lcpsim: --out /dev/null: not a regular file", false);
        add("calout-before-the-fit", concat(utf8(GOOD), hex("FF")), with(FIT, "--out", "{dir}/missing/rpi4.yaml"), 2,
                "lcpsim: --out .*: no folder", false);
        add("calout-written", utf8(GOOD), with(FIT, "--out", "{dir}/rpi4.yaml"), 0, "wrote .*/rpi4\\.yaml", false);
        add("calout-the-measurement-file", utf8(GOOD), with(FIT, "--out", "{dir}/m.csv"), 2,
                "lcpsim: --out .*/m\\.csv is the measurement file", false);
        add("calout-empty-path", utf8(GOOD), with(FIT, "--out", ""), 2, "an empty path", false);

        // the measurement file itself
        add("file-missing", null, FIT, 2, "m\\.csv: file not found", false);
        add("file-a-folder", null, List.of("calibrate", "{dir}", "--device", "rpi4", "--start", "rpi3", "--fit", "efficiency.conv"),
                2, ": is a directory, not a file", false);
        add("file-dev-zero", null, List.of("calibrate", "/dev/zero", "--device", "rpi4", "--start", "rpi3", "--fit",
                "efficiency.conv"), 2, "/dev/zero: not a regular file", false);
        out.add(new Case(name(), "file-fifo", Map.of(), dir -> mkfifo(dir.resolve("m.csv")), FIT, 2,
                "m\\.csv: not a regular file", false));
        out.add(new Case(name(), "file-a-link-to-nothing", Map.of(), dir -> Files.createSymbolicLink(dir.resolve("m.csv"),
                dir.resolve("gone.csv")), FIT, 2, "m\\.csv: a link to a file that does not exist", false));

        // options
        add("option-unknown-parameter", utf8(GOOD), List.of("calibrate", "{dir}/m.csv", "--device", "rpi4", "--start", "rpi3",
                "--fit", "warpFactor"), 2, "lcpsim: --fit: unknown parameter 'warpFactor'; known: ", false);
        add("option-power", utf8(GOOD), with(FIT, "--power", "6,2"), 2, "--power expects IDLE_W,ACTIVE_W", false);
        add("option-framework-with-recipe", utf8(GOOD), List.of("calibrate", "{dir}/m.csv", "--device", "rpi3", "--framework",
                "tflite"), 2, "--framework goes with --fit", false);
        add("option-no-fit", utf8(GOOD), List.of("calibrate", "{dir}/m.csv", "--device", "rpi4"), 2,
                "--fit is needed for device rpi4", false);
        add("option-unknown-start", utf8(GOOD), List.of("calibrate", "{dir}/m.csv", "--device", "rpi4", "--start", "rpi9",
                "--fit", "efficiency.conv"), 2, "no preset 'rpi9' to start from", false);
        return List.copyOf(out);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] hex(String s) {
        String[] parts = s.split(" ");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    private static void mkfifo(Path p) throws IOException, InterruptedException {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        if (mk.waitFor() != 0) {
            throw new IOException("mkfifo failed");
        }
    }
}
