package org.lcpsim.workload.onnx;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;

import onnx.Onnx;

/**
 * Reads the graph of an ONNX model file without its weights. An ONNX file with embedded weights
 * may be hundreds of MB: the reader walks the protobuf fields of ModelProto and GraphProto
 * itself with a {@link CodedInputStream} and skips every tensor's data (raw_data, float_data,
 * ...) unless it is small ({@link #SMALL_DATA_BYTES}: reshape targets, pads, scales), as well as
 * doc strings, subgraphs and training information; nodes, value infos and the trimmed tensors
 * are then parsed with the classes generated from onnx.proto3. Weights stored in external data
 * files are never opened: their dimensions are in the model file.
 *
 * <p>The file is user input, so everything is bounded: a regular file only (not a pipe or a
 * device), at most {@link #MAX_FILE_BYTES}, at most {@link #MAX_STRUCTURE_BYTES} of graph
 * structure and {@link #MAX_NODES} nodes kept. Whatever is wrong ends as an {@link OnnxException}
 * with a message for the user ("not an ONNX model (...)"), never a hang or a stack trace.
 */
public final class OnnxReader {
    /** Protobuf's limit for one message, and so for an ONNX file (larger models use external data). */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE;
    /** Graph structure kept in memory: node, value info and trimmed tensor bytes. */
    public static final long MAX_STRUCTURE_BYTES = 64L << 20;
    public static final int MAX_NODES = 1_000_000;
    /** Tensor data kept per tensor: enough for shapes, pads, axes, scales and scalars. */
    public static final int SMALL_DATA_BYTES = 64 * 1024;

    private static final int VARINT = WireFormat.WIRETYPE_VARINT;
    private static final int FIXED64 = WireFormat.WIRETYPE_FIXED64;
    private static final int LENGTH = WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int FIXED32 = WireFormat.WIRETYPE_FIXED32;

    private final CodedInputStream in;
    private long kept;

    private OnnxReader(InputStream stream) {
        in = CodedInputStream.newInstance(stream, 1 << 16);
        in.setSizeLimit(Integer.MAX_VALUE);
    }

    /** Reads the model graph of {@code file}; throws {@link OnnxException} when it cannot. */
    public static OnnxGraph read(Path file) {
        long size;
        try {
            if (Files.isDirectory(file)) {
                throw new OnnxException("is a directory, not an ONNX model file");
            }
            if (!Files.exists(file)) {
                throw new OnnxException("no such file");
            }
            if (!Files.isRegularFile(file)) {
                throw new OnnxException("not a regular file (a pipe, a device or a socket): ONNX models are read from files");
            }
            size = Files.size(file);
        } catch (IOException e) {
            throw new OnnxException("cannot read the file (" + e.getMessage() + ")", e);
        }
        if (size == 0) {
            throw new OnnxException("not an ONNX model (the file is empty)");
        }
        if (size > MAX_FILE_BYTES) {
            throw new OnnxException("too large for an ONNX model file: " + size + " bytes, where protobuf allows at most 2 GiB "
                    + "(larger models keep their weights in external data files)");
        }
        try (InputStream stream = new Bounded(Files.newInputStream(file), MAX_FILE_BYTES)) {
            return parse(stream);
        } catch (NoSuchFileException e) {
            throw new OnnxException("no such file", e);
        } catch (IOException e) {
            throw new OnnxException("cannot read the file (" + e.getMessage() + ")", e);
        }
    }

    /** Reads a model from {@code stream} (the file's bytes). */
    public static OnnxGraph parse(InputStream stream) throws IOException {
        try {
            return new OnnxReader(stream).model();
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxException("not an ONNX model (" + reason(e) + ")", e);
        }
    }

    private static String reason(InvalidProtocolBufferException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("ended unexpectedly") || m.contains("truncated")) {
            return "the file ends in the middle of a message: truncated?";
        }
        if (m.contains("recursion")) {
            return "types nested too deeply";
        }
        return "malformed protobuf data: " + m.replaceAll("\\s+", " ").trim();
    }

    // ---------------------------------------------------------------- ModelProto

    private OnnxGraph model() throws IOException {
        long ir = -1;
        Map<String, Long> opsets = new LinkedHashMap<>();
        String producer = "";
        Parts graph = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            int field = WireFormat.getTagFieldNumber(tag);
            int wire = WireFormat.getTagWireType(tag);
            switch (field) {
                case 1 -> { // ir_version
                    expect(wire, VARINT, "ir_version");
                    ir = in.readInt64();
                }
                case 2 -> { // producer_name
                    expect(wire, LENGTH, "producer_name");
                    producer = string(4096);
                }
                case 7 -> { // graph
                    expect(wire, LENGTH, "graph");
                    if (graph != null) {
                        throw new OnnxException("not an ONNX model (two graphs)");
                    }
                    graph = graph();
                }
                case 8 -> { // opset_import
                    expect(wire, LENGTH, "opset_import");
                    Onnx.OperatorSetIdProto o = Onnx.OperatorSetIdProto.parseFrom(bytes());
                    opsets.merge(o.getDomain(), o.getVersion(), Math::max);
                }
                default -> skip(tag);
            }
        }
        if (graph == null) {
            throw new OnnxException("not an ONNX model (it has no graph)");
        }
        if (ir < 1) {
            throw new OnnxException("not an ONNX model (it states no IR version)");
        }
        return new OnnxGraph(ir, opsets, producer, graph.name, graph.nodes, graph.inputs, graph.outputs, graph.valueInfo,
                graph.initializers);
    }

    private static final class Parts {
        String name = "";
        final List<Onnx.NodeProto> nodes = new ArrayList<>();
        final List<Onnx.ValueInfoProto> inputs = new ArrayList<>();
        final List<Onnx.ValueInfoProto> outputs = new ArrayList<>();
        final List<Onnx.ValueInfoProto> valueInfo = new ArrayList<>();
        final Map<String, Onnx.TensorProto> initializers = new HashMap<>();
    }

    // ---------------------------------------------------------------- GraphProto

    private Parts graph() throws IOException {
        int old = in.pushLimit(length());
        Parts g = new Parts();
        int tag;
        while ((tag = in.readTag()) != 0) {
            int field = WireFormat.getTagFieldNumber(tag);
            int wire = WireFormat.getTagWireType(tag);
            switch (field) {
                case 1 -> { // node
                    expect(wire, LENGTH, "node");
                    if (g.nodes.size() >= MAX_NODES) {
                        throw new OnnxException("the graph has more than " + MAX_NODES + " nodes");
                    }
                    g.nodes.add(Onnx.NodeProto.parseFrom(node()));
                }
                case 2 -> { // name
                    expect(wire, LENGTH, "name");
                    g.name = string(4096);
                }
                case 5 -> { // initializer
                    expect(wire, LENGTH, "initializer");
                    Onnx.TensorProto t = Onnx.TensorProto.parseFrom(tensor());
                    g.initializers.put(t.getName(), t);
                }
                case 11, 12, 13 -> { // input, output, value_info
                    expect(wire, LENGTH, "value info");
                    Onnx.ValueInfoProto v = Onnx.ValueInfoProto.parseFrom(bytes());
                    (field == 11 ? g.inputs : field == 12 ? g.outputs : g.valueInfo).add(v);
                }
                default -> skip(tag); // doc_string, sparse initializers, quantization annotations, metadata
            }
        }
        in.popLimit(old);
        return g;
    }

    // ---------------------------------------------------------------- trimmed copies

    /** A NodeProto without its doc string, subgraphs and the data of large attribute tensors. */
    private byte[] node() throws IOException {
        int old = in.pushLimit(length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        int tag;
        while ((tag = in.readTag()) != 0) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == 5 && WireFormat.getTagWireType(tag) == LENGTH) {
                nested(out, field, attribute());
            } else if (field == 6) {
                skip(tag); // doc_string
            } else {
                copy(tag, out);
            }
        }
        in.popLimit(old);
        out.flush();
        return bytes.toByteArray();
    }

    private byte[] attribute() throws IOException {
        int old = in.pushLimit(length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        int tag;
        while ((tag = in.readTag()) != 0) {
            int field = WireFormat.getTagFieldNumber(tag);
            int wire = WireFormat.getTagWireType(tag);
            if ((field == 5 || field == 10) && wire == LENGTH) { // t, tensors
                nested(out, field, tensor());
            } else if (field == 6 || field == 11 || field == 13 || field == 22 || field == 23) {
                skip(tag); // subgraphs, doc_string, sparse tensors
            } else {
                copy(tag, out);
            }
        }
        in.popLimit(old);
        out.flush();
        return bytes.toByteArray();
    }

    /** A TensorProto with its data only when small: dimensions, type, name and location always. */
    private byte[] tensor() throws IOException {
        int old = in.pushLimit(length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        int data = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            int field = WireFormat.getTagFieldNumber(tag);
            int wire = WireFormat.getTagWireType(tag);
            switch (field) {
                case 4, 5, 7, 9, 10, 11 -> { // float, int32, int64, raw, double, uint64 data
                    if (wire == LENGTH) {
                        int len = length();
                        if (data + (long) len <= SMALL_DATA_BYTES) {
                            data += len;
                            out.writeTag(field, LENGTH);
                            out.writeUInt32NoTag(len);
                            out.writeRawBytes(keep(len));
                        } else {
                            in.skipRawBytes(len);
                        }
                    } else if (data < SMALL_DATA_BYTES) {
                        data += 8;
                        copy(tag, out);
                    } else {
                        skip(tag);
                    }
                }
                case 6, 12, 16 -> skip(tag); // string_data, doc_string, metadata
                default -> copy(tag, out);
            }
        }
        in.popLimit(old);
        out.flush();
        return bytes.toByteArray();
    }

    private static void nested(CodedOutputStream out, int field, byte[] message) throws IOException {
        out.writeTag(field, LENGTH);
        out.writeUInt32NoTag(message.length);
        out.writeRawBytes(message);
    }

    /** Copies one field as it is. */
    private void copy(int tag, CodedOutputStream out) throws IOException {
        int field = WireFormat.getTagFieldNumber(tag);
        int wire = WireFormat.getTagWireType(tag);
        switch (wire) {
            case VARINT -> {
                out.writeTag(field, VARINT);
                out.writeUInt64NoTag(in.readRawVarint64());
            }
            case FIXED64 -> {
                out.writeTag(field, FIXED64);
                out.writeFixed64NoTag(in.readRawLittleEndian64());
            }
            case FIXED32 -> {
                out.writeTag(field, FIXED32);
                out.writeFixed32NoTag(in.readRawLittleEndian32());
            }
            case LENGTH -> {
                int len = length();
                out.writeTag(field, LENGTH);
                out.writeUInt32NoTag(len);
                out.writeRawBytes(keep(len));
            }
            default -> throw new OnnxException("not an ONNX model (malformed protobuf data: wire type " + wire + ")");
        }
    }

    private void skip(int tag) throws IOException {
        int wire = WireFormat.getTagWireType(tag);
        if (wire == WireFormat.WIRETYPE_START_GROUP || wire == WireFormat.WIRETYPE_END_GROUP) {
            throw new OnnxException("not an ONNX model (malformed protobuf data: wire type " + wire + ")");
        }
        if (!in.skipField(tag)) {
            throw new OnnxException("not an ONNX model (malformed protobuf data)");
        }
    }

    private byte[] bytes() throws IOException {
        return keep(length());
    }

    private String string(int max) throws IOException {
        int len = length();
        if (len > max) {
            in.skipRawBytes(len);
            return "";
        }
        return new String(in.readRawBytes(len), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads {@code len} bytes that are kept, within the structure budget. */
    private byte[] keep(int len) throws IOException {
        kept += len;
        if (kept > MAX_STRUCTURE_BYTES) {
            throw new OnnxException("the graph's structure takes more than " + (MAX_STRUCTURE_BYTES >> 20)
                    + " MiB without its weights: too large to import");
        }
        return in.readRawBytes(len);
    }

    private int length() throws IOException {
        int len = in.readRawVarint32();
        if (len < 0) {
            throw new OnnxException("not an ONNX model (malformed protobuf data: negative length)");
        }
        return len;
    }

    private static void expect(int wire, int wanted, String field) {
        if (wire != wanted) {
            throw new OnnxException("not an ONNX model (field " + field + " has the wrong wire type)");
        }
    }

    /** Stops a stream after {@code max} bytes, so that a file that grows while read cannot go on forever. */
    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long max) {
            super(in);
            left = max;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(Math.min(n, left));
            left -= s;
            return s;
        }
    }
}
