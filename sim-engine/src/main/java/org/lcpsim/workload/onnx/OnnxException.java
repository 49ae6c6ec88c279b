package org.lcpsim.workload.onnx;

/**
 * An ONNX file lcpsim cannot read or import, with a message for the user: what is wrong, and
 * where ({@code node 'name' (OpType): ...} for a node). The file is not part of the message;
 * callers put it in front ({@code FILE: message}).
 */
public final class OnnxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OnnxException(String message) {
        super(message);
    }

    public OnnxException(String message, Throwable cause) {
        super(message, cause);
    }
}
