package org.lcpsim.experiments;

/**
 * Shard {@code index} of {@code count}: the design points whose id modulo {@code count} is
 * {@code index}. Interleaving spreads cheap and expensive regions of a sweep over the shards.
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard must be i/N with 0 <= i < N, got " + index + "/" + count);
        }
    }

    /** Parses "i/N". */
    public static Shard parse(String s) {
        String[] p = s.split("/");
        if (p.length != 2) {
            throw new IllegalArgumentException("shard must be i/N, got '" + s + "'");
        }
        try {
            return new Shard(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard must be i/N with integers, got '" + s + "'");
        }
    }

    public boolean accepts(int pointId) {
        return pointId % count == index;
    }

    /** How many of the points 0..points-1 this shard takes. */
    public int size(int points) {
        return points <= index ? 0 : (points - index + count - 1) / count;
    }
}
