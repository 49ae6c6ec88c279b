package org.lcpsim.config;

/**
 * One problem in a configuration file, printed as {@code FILE:LINE:COL: $.path: message}; a
 * problem of the file as a whole (not found, not a regular file, too large) has no position and
 * prints as {@code FILE: message}.
 */
public record ConfigError(Location location, String path, String message) {
    @Override
    public String toString() {
        return location.line() <= 0 ? location.file() + ": " + message : location + ": " + path + ": " + message;
    }
}
