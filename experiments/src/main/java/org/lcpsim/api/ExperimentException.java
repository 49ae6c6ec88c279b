package org.lcpsim.api;

import java.util.List;

/**
 * An experiment that cannot be read or run as written: a file that is missing or not valid YAML,
 * or fields the checks refuse. {@link #problems()} lists every problem as {@code lcpsim validate}
 * prints it, {@code FILE:LINE:COL: $.path: message}; the exception's message is the first of them
 * and how many there are.
 */
public final class ExperimentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The problems, as {@code lcpsim validate} prints them. */
    private final List<String> problems;

    /**
     * An exception for the given problems.
     *
     * @param problems what is wrong, one line each, at least one
     */
    public ExperimentException(List<String> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    private static String summary(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an ExperimentException names at least one problem");
        }
        return problems.size() == 1 ? problems.get(0) : problems.get(0) + " (and " + (problems.size() - 1) + " more)";
    }

    /**
     * Every problem found, in the order of the file.
     *
     * @return the problems, one line each ({@code FILE:LINE:COL: $.path: message}, or {@code FILE: message} for the
     *         file as a whole)
     */
    public List<String> problems() {
        return problems;
    }
}
