package org.lcpsim.workload.keras;

/**
 * A Keras model file lcpsim cannot read or import, with a message for the user: what is wrong,
 * and where ({@code layer 'name' (ClassName): ...} for a layer). The file is not part of the
 * message; callers put it in front ({@code FILE: message}).
 */
public final class KerasException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KerasException(String message) {
        super(message);
    }

    public KerasException(String message, Throwable cause) {
        super(message, cause);
    }
}
