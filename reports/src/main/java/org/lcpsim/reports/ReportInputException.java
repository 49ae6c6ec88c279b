package org.lcpsim.reports;

/**
 * A results folder that cannot be read back: missing, not written by {@code lcpsim run}, or with
 * a corrupt record. The message names the file (and line) and is meant for the user as is.
 */
public final class ReportInputException extends RuntimeException {
    public ReportInputException(String message) {
        super(message);
    }

    public ReportInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
