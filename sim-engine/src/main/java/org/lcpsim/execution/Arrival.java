package org.lcpsim.execution;

/** How requests arrive. */
public sealed interface Arrival {
    /** {@code concurrency} requests in flight; each completion issues the next (single-image latency at 1). */
    record Closed(int concurrency) implements Arrival {
        public Closed {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be >= 1");
            }
        }
    }

    /** A camera: one request every 1000 / fps ms. */
    record Periodic(double fps) implements Arrival {
        public Periodic {
            if (!(fps > 0) || Double.isInfinite(fps)) {
                throw new IllegalArgumentException("fps must be > 0");
            }
        }
    }

    /** Exponential inter-arrival times with the given mean rate. */
    record Poisson(double ratePerS) implements Arrival {
        public Poisson {
            if (!(ratePerS > 0) || Double.isInfinite(ratePerS)) {
                throw new IllegalArgumentException("ratePerS must be > 0");
            }
        }
    }
}
