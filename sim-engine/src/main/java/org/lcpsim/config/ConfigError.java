package org.lcpsim.config;

/** One problem in a configuration file, printed as {@code FILE:LINE:COL: $.path: message}. */
public record ConfigError(Location location, String path, String message) {
    @Override
    public String toString() {
        return location + ": " + path + ": " + message;
    }
}
