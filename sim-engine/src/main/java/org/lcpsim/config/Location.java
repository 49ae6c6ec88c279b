package org.lcpsim.config;

/** A position in a configuration file, 1-based as editors show it. */
public record Location(String file, int line, int column) {
    public static Location unknown(String file) {
        return new Location(file, 0, 0);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
