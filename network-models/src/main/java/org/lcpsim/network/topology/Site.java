package org.lcpsim.network.topology;

import org.lcpsim.config.Location;

/**
 * Where a part of a topology was written (its position and YAML path), so that a problem found
 * later, against the cluster the topology serves, is still reported at the field.
 */
public record Site(Location at, String path) {
    public static final Site NONE = new Site(Location.unknown("(built in code)"), "$");

    public Site {
        if (at == null || path == null) {
            throw new IllegalArgumentException("a site needs a location and a path");
        }
    }
}
