package org.lcpsim.devices.calibration;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;

/**
 * What stands between a user's CSV file and the CSV parser (Apache Commons CSV): it passes the
 * bytes through unchanged, and on the way
 * <ul>
 *   <li>drops a UTF-8 byte-order mark at the start;</li>
 *   <li>checks that the bytes are UTF-8 (no overlong forms, surrogates or code points above
 *       U+10FFFF) and hold no NUL byte, and says where they are not: line, column and byte;</li>
 *   <li>bounds what is read: the file (in bytes) and each line;</li>
 *   <li>requires every record to end on its line: a quote that does not close on its line is an
 *       error at that quote, not a field that swallows the rest of the file; text after a
 *       closing quote and a quote inside an unquoted field are errors too (RFC 4180);</li>
 *   <li>records, for each line that holds a record (not empty, not a {@code #} comment), its
 *       number and the column where each field starts, so that an error in a value can name
 *       its line and column.</li>
 * </ul>
 * A problem is reported once the bytes before it have been handed on: the parser reads every
 * record before the damage first, then gets a {@link Problem} (an IOException) from the stream.
 */
final class CsvGuard extends InputStream {
    /**
     * A line that holds a record: its number (from 1), the column (from 1) where each field starts,
     * and the column just after its last character.
     */
    record Line(long number, int[] fieldColumns, int end) {
        /** Where a field starts; the end of the line for a field the line does not have. */
        int column(int field) {
            return field >= 0 && field < fieldColumns.length ? fieldColumns[field] : end;
        }
    }

    /** Damage found in the bytes, where it is: line and column from 1, or line 0 for the file as a whole. */
    static final class Problem extends IOException {
        private static final long serialVersionUID = 1L;
        final long line;
        final int column;
        /** The field (from 0) the damage is in, -1 when not known. */
        final int field;

        Problem(long line, int column, int field, String message) {
            super(message);
            this.line = line;
            this.column = column;
            this.field = field;
        }
    }

    private enum LineKind { NONE, COMMENT, RECORD }

    private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE, AFTER_QUOTE }

    private final BufferedInputStream in;
    private final long maxBytes;
    private final int maxLineBytes;
    private final ArrayDeque<Line> lines = new ArrayDeque<>();
    private Problem pending;
    private boolean eof;
    private boolean started;
    private int bomBytes;

    private long bytes;
    private long line = 1;
    private int column;
    private int lineBytes;
    private boolean lastWasCr;

    private int need;
    private int lo = 0x80;
    private int hi = 0xBF;
    private int sequenceColumn;
    private long sequenceByte;

    private LineKind kind = LineKind.NONE;
    private State state = State.FIELD_START;
    private int[] fields = new int[16];
    private int fieldCount;
    private boolean fieldPending = true;
    private int quoteColumn;

    CsvGuard(InputStream in, long maxBytes, int maxLineBytes) {
        this.in = new BufferedInputStream(in, 1 << 16);
        this.maxBytes = maxBytes;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line holding a record, in order, or null when the stream has not got that far. */
    Line nextLine() {
        return lines.pollFirst();
    }

    /** Bytes read so far, the byte-order mark included. */
    long bytesRead() {
        return bytes + bomBytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (pending != null) {
            throw pending;
        }
        if (len == 0) {
            return 0;
        }
        if (!started) {
            start();
            if (pending != null) {
                throw pending;
            }
        }
        if (eof) {
            return -1;
        }
        int n = in.read(b, off, len);
        if (n < 0) {
            eof = true;
            finish();
            if (pending != null) {
                throw pending;
            }
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (!accept(b[off + i] & 0xFF)) {
                if (i > 0) {
                    return i;
                }
                throw pending;
            }
        }
        return n;
    }

    @Override
    public int available() {
        return 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Skips a UTF-8 byte-order mark; names a UTF-16 one. */
    private void start() throws IOException {
        started = true;
        in.mark(3);
        byte[] head = in.readNBytes(3);
        int n = head.length;
        if (n >= 2 && ((head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF || (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE)) {
            pending = new Problem(1, 1, -1, "UTF-16 text (it starts with a UTF-16 byte-order mark); save the file as UTF-8");
            return;
        }
        if (n == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            bomBytes = 3;
            return;
        }
        // not a mark: these are the file's first bytes, read again and checked like the rest
        in.reset();
    }

    private static String hex(int b) {
        return String.format(Locale.ROOT, "0x%02X", b);
    }

    private boolean fail(long atLine, int atColumn, String message) {
        pending = new Problem(atLine, atColumn, kind != LineKind.RECORD ? -1 : fieldPending ? fieldCount : fieldCount - 1, message);
        return false;
    }

    /** Checks one byte; false (with {@link #pending} set) when it is damage. */
    private boolean accept(int b) {
        bytes++;
        if (bytes > maxBytes) {
            pending = new Problem(0, 0, -1, String.format(Locale.ROOT, "larger than %,d bytes, the most calibrate reads;"
                    + " split the file, or keep only the rows of the device to calibrate", maxBytes));
            return false;
        }
        if (need > 0) {
            if (b < lo || b > hi) {
                return fail(line, sequenceColumn, String.format(Locale.ROOT, "not UTF-8 text: byte %s at byte %,d of the file"
                        + " breaks the multi-byte character that starts at byte %,d; save the file as UTF-8", hex(b), bytesRead(),
                        sequenceByte));
            }
            lo = 0x80;
            hi = 0xBF;
            need--;
            return true;
        }
        if (b == '\n' && lastWasCr) {
            // the LF of a CRLF: the line already ended at the CR
            lastWasCr = false;
            return true;
        }
        lastWasCr = false;
        if (b == '\n' || b == '\r') {
            lastWasCr = b == '\r';
            return endLine();
        }
        if (++lineBytes > maxLineBytes) {
            pending = new Problem(line, 1, -1, String.format(Locale.ROOT, "line longer than %,d bytes, the most a row may have",
                    maxLineBytes));
            return false;
        }
        column++;
        if (kind == LineKind.NONE && b != '#') {
            kind = LineKind.RECORD;
        }
        if (b >= 0x80) {
            sequenceColumn = column;
            sequenceByte = bytesRead();
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
            } else if (b == 0xE0) {
                need = 2;
                lo = 0xA0;
            } else if (b >= 0xE1 && b <= 0xEC || b == 0xEE || b == 0xEF) {
                need = 2;
            } else if (b == 0xED) {
                need = 2;
                hi = 0x9F;
            } else if (b == 0xF0) {
                need = 3;
                lo = 0x90;
            } else if (b >= 0xF1 && b <= 0xF3) {
                need = 3;
            } else if (b == 0xF4) {
                need = 3;
                hi = 0x8F;
            } else {
                return fail(line, column, String.format(Locale.ROOT, "not UTF-8 text: byte %s at byte %,d of the file;"
                        + " save the file as UTF-8", hex(b), bytesRead()));
            }
            return other();
        }
        if (b == 0) {
            return fail(line, column, String.format(Locale.ROOT, "a NUL byte at byte %,d of the file: not a text file",
                    bytesRead()));
        }
        if (kind == LineKind.NONE) {
            kind = LineKind.COMMENT;
        }
        if (kind == LineKind.COMMENT) {
            return true;
        }
        switch (b) {
            case ' ', '\t' -> {
                if (state == State.UNQUOTED || state == State.QUOTED) {
                    return true;
                }
                if (state == State.QUOTE) {
                    state = State.AFTER_QUOTE;
                }
                return true;
            }
            case ',' -> {
                if (state == State.QUOTED) {
                    return true;
                }
                if (fieldPending) {
                    field(column);
                }
                fieldPending = true;
                state = State.FIELD_START;
                return true;
            }
            case '"' -> {
                switch (state) {
                    case FIELD_START -> {
                        field(column);
                        quoteColumn = column;
                        state = State.QUOTED;
                        return true;
                    }
                    case QUOTED -> {
                        state = State.QUOTE;
                        return true;
                    }
                    case QUOTE -> {
                        // a doubled quote inside a quoted field
                        state = State.QUOTED;
                        return true;
                    }
                    case UNQUOTED -> {
                        return fail(line, column, "a quote inside a field that does not start with one; quote the whole field"
                                + " and double the quotes inside it (\"5\"\" screen\")");
                    }
                    default -> {
                        return fail(line, column, "text after the closing quote of the field that starts at column " + quoteColumn
                                + "; double a quote inside a quoted field");
                    }
                }
            }
            default -> {
                return other();
            }
        }
    }

    /** A character that is neither a delimiter, a quote, a blank nor a line break. */
    private boolean other() {
        if (kind == LineKind.NONE) {
            kind = LineKind.RECORD;
        }
        if (kind == LineKind.COMMENT) {
            return true;
        }
        switch (state) {
            case FIELD_START -> {
                field(column);
                state = State.UNQUOTED;
            }
            case QUOTE, AFTER_QUOTE -> {
                return fail(line, column, "text after the closing quote of the field that starts at column " + quoteColumn
                        + "; double a quote inside a quoted field");
            }
            default -> {
            }
        }
        return true;
    }

    private void field(int at) {
        if (fieldCount == fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        fields[fieldCount++] = at;
        fieldPending = false;
    }

    private boolean endLine() {
        if (kind == LineKind.RECORD) {
            if (state == State.QUOTED) {
                return fail(line, quoteColumn, "the quote that opens this field does not close on its line (a field may"
                        + " not span lines)");
            }
            if (fieldPending) {
                field(column + 1);
            }
            lines.addLast(new Line(line, Arrays.copyOf(fields, fieldCount), column + 1));
        }
        line++;
        column = 0;
        lineBytes = 0;
        kind = LineKind.NONE;
        state = State.FIELD_START;
        fieldCount = 0;
        fieldPending = true;
        return true;
    }

    /** The end of the file: a character cut short, or a last line without a line break. */
    private void finish() {
        if (pending != null) {
            return;
        }
        if (need > 0) {
            fail(line, sequenceColumn, String.format(Locale.ROOT, "not UTF-8 text: the file ends inside the multi-byte"
                    + " character that starts at byte %,d; save the file as UTF-8", sequenceByte));
            return;
        }
        if (kind != LineKind.NONE) {
            endLine();
        }
    }
}
