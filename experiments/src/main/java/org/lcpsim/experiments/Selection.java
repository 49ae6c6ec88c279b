package org.lcpsim.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which grid points of a sweep are design points, and their order, without listing them. The
 * grid is the product of the axes (the first varying slowest). A filter condition reads the
 * values of a few axes: the conditions that share an axis form a <em>block</em> of axes, and
 * the kept combinations of each block are one bit each over the block's own product (a block
 * of two axes of 16 values: 256 bits). A grid point is kept when its combination of every
 * block is; an axis no condition reads is a block of its own that keeps all its values. So the
 * kept points are the product of the blocks' kept combinations: they are counted by a product,
 * and the i-th of them in grid order is found digit by digit with rank queries, in
 * O(axes x log(values)), never by walking the grid. A sample draws its subset over the kept
 * points' ranks (Floyd's algorithm), into a bit set as large as the kept points.
 */
final class Selection {
    /** A bit set with the number of set bits before each word, for rank and select in O(1) and O(log). */
    static final class RankedBits {
        private final long[] words;
        private final int[] before;
        private final int cardinality;

        RankedBits(long[] words) {
            this.words = words;
            this.before = new int[words.length + 1];
            for (int i = 0; i < words.length; i++) {
                before[i + 1] = before[i] + Long.bitCount(words[i]);
            }
            this.cardinality = before[words.length];
        }

        static RankedBits of(java.util.BitSet bits, long size) {
            return new RankedBits(Arrays.copyOf(bits.toLongArray(), (int) ((size + 63) / 64)));
        }

        boolean get(long i) {
            return (words[(int) (i >>> 6)] & (1L << i)) != 0;
        }

        /** The number of set bits below {@code i}. */
        long rank(long i) {
            int w = (int) (i >>> 6);
            int r = before[w];
            int bit = (int) (i & 63);
            return bit == 0 ? r : r + Long.bitCount(words[w] & (-1L >>> (64 - bit)));
        }

        /** The index of the set bit of rank {@code r} (0-based). */
        long select(long r) {
            int lo = 0;
            int hi = words.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (before[mid] <= r) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            long word = words[lo];
            for (long k = r - before[lo]; k > 0; k--) {
                word &= word - 1;
            }
            return ((long) lo << 6) + Long.numberOfTrailingZeros(word);
        }

        /** The first set bit at or after {@code from}, or -1. */
        long next(long from) {
            int w = (int) (from >>> 6);
            if (w >= words.length) {
                return -1;
            }
            long word = words[w] & (-1L << from);
            while (true) {
                if (word != 0) {
                    return ((long) w << 6) + Long.numberOfTrailingZeros(word);
                }
                if (++w == words.length) {
                    return -1;
                }
                word = words[w];
            }
        }

        int cardinality() {
            return cardinality;
        }
    }

    /** Axes read together by filter conditions (or one free axis), and the combinations of them kept. */
    static final class Block {
        final int[] axes;
        final int[] sizes;
        final long product;
        /** Kept combinations over the block's own product (mixed radix over {@link #axes}, first slowest); null: all. */
        final RankedBits kept;

        Block(int[] axes, int[] sizes, RankedBits kept) {
            this.axes = axes;
            this.sizes = sizes;
            long p = 1;
            for (int s : sizes) {
                p *= s;
            }
            this.product = p;
            this.kept = kept;
        }

        long count(long from, long to) {
            return kept == null ? to - from : kept.rank(to) - kept.rank(from);
        }

        long keptCount() {
            return count(0, product);
        }

        boolean filtered() {
            return kept != null;
        }

        /** The block's digits of its combination {@code index}. */
        int[] digits(long index) {
            int[] d = new int[axes.length];
            for (int i = axes.length - 1; i >= 0; i--) {
                d[i] = (int) (index % sizes[i]);
                index /= sizes[i];
            }
            return d;
        }
    }

    private final int[] sizes;
    private final Block[] blockOf;
    /** The index in {@link #blocks} of each axis's block. */
    private final int[] blockIndex;
    private final List<Block> blocks;
    private final long kept;
    /** Ranks of the sampled kept points; null without sampling. */
    private final RankedBits sampled;

    Selection(int[] sizes, List<Block> filteredBlocks, Integer sampleCount, long sampleSeed) {
        this.sizes = sizes.clone();
        this.blockOf = new Block[sizes.length];
        this.blocks = new ArrayList<>();
        for (Block b : filteredBlocks) {
            blocks.add(b);
            for (int a : b.axes) {
                blockOf[a] = b;
            }
        }
        for (int a = 0; a < sizes.length; a++) {
            if (blockOf[a] == null) {
                Block free = new Block(new int[] {a}, new int[] {sizes[a]}, null);
                blocks.add(free);
                blockOf[a] = free;
            }
        }
        this.blockIndex = new int[sizes.length];
        for (int a = 0; a < sizes.length; a++) {
            blockIndex[a] = blocks.indexOf(blockOf[a]);
        }
        long k = 1;
        for (Block b : blocks) {
            k *= b.keptCount();
        }
        this.kept = k;
        this.sampled = sampleCount == null || sampleCount >= kept ? null : floyd(kept, sampleCount, sampleSeed);
    }

    /**
     * Floyd's algorithm: a uniform subset of {@code count} of the ranks [0, n), as the first
     * version of lcpsim drew it over its list of kept points (the same seed picks the same points).
     */
    private static RankedBits floyd(long n, int count, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        java.util.BitSet chosen = new java.util.BitSet((int) n);
        int size = (int) n;
        for (int j = size - count; j < size; j++) {
            int t = random.nextInt(j + 1);
            chosen.set(chosen.get(t) ? j : t);
        }
        return RankedBits.of(chosen, n);
    }

    /** The grid points kept by the filters (before sampling). */
    long kept() {
        return kept;
    }

    /** The design points: kept and sampled. */
    long count() {
        return sampled == null ? kept : sampled.cardinality();
    }

    List<Block> blocks() {
        return blocks;
    }

    Block blockOf(int axis) {
        return blockOf[axis];
    }

    boolean filtered() {
        return blocks.stream().anyMatch(Block::filtered);
    }

    /** The grid digits (one value index per axis) of design point {@code id}. */
    int[] digits(long id) {
        return digitsOfKept(sampled == null ? id : sampled.select(id));
    }

    /** The grid digits of the kept point of rank {@code r} (in grid order). */
    int[] digitsOfKept(long r) {
        int[] digits = new int[sizes.length];
        State st = new State();
        for (int t = 0; t < sizes.length; t++) {
            int b = blockIndex[t];
            Block block = blockOf[t];
            long stride = st.span[b] / sizes[t];
            long others = st.product() / st.cnt[b];
            long lo = st.lo[b];
            // the largest digit whose kept points before it (with this prefix) number at most r
            int dl = 0;
            int dh = sizes[t] - 1;
            while (dl < dh) {
                int mid = (dl + dh + 1) >>> 1;
                if (block.count(lo, lo + mid * stride) * others <= r) {
                    dl = mid;
                } else {
                    dh = mid - 1;
                }
            }
            r -= block.count(lo, lo + dl * stride) * others;
            st.lo[b] = lo + dl * stride;
            st.span[b] = stride;
            st.cnt[b] = block.count(st.lo[b], st.lo[b] + stride);
            digits[t] = dl;
        }
        return digits;
    }

    /** The rank among kept points of the grid point with these digits; -1 when the filters leave it out. */
    long keptRank(int[] digits) {
        long r = 0;
        State st = new State();
        for (int t = 0; t < sizes.length; t++) {
            int b = blockIndex[t];
            Block block = blockOf[t];
            long stride = st.span[b] / sizes[t];
            long others = st.product() / st.cnt[b];
            long lo = st.lo[b];
            r += block.count(lo, lo + digits[t] * stride) * others;
            st.lo[b] = lo + digits[t] * stride;
            st.span[b] = stride;
            st.cnt[b] = block.count(st.lo[b], st.lo[b] + stride);
            if (st.cnt[b] == 0) {
                return -1;
            }
        }
        return r;
    }

    /** The design point id of the grid point with these digits; -1 when filters or sampling leave it out. */
    long id(int[] digits) {
        long r = keptRank(digits);
        if (r < 0 || sampled == null) {
            return r;
        }
        return sampled.get(r) ? sampled.rank(r) : -1;
    }

    /** Per block, the prefix of its combinations fixed so far: a range [lo, lo + span) and the kept ones in it. */
    private final class State {
        final long[] lo = new long[blocks.size()];
        final long[] span = new long[blocks.size()];
        final long[] cnt = new long[blocks.size()];

        State() {
            for (int b = 0; b < blocks.size(); b++) {
                span[b] = blocks.get(b).product;
                cnt[b] = blocks.get(b).keptCount();
            }
        }

        long product() {
            long p = 1;
            for (long c : cnt) {
                p *= c;
            }
            return p;
        }
    }
}
