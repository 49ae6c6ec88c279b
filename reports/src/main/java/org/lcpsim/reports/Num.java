package org.lcpsim.reports;

import java.math.BigDecimal;
import java.math.MathContext;

/** Number formatting for every output file: locale-free, deterministic, no exponent. */
public final class Num {
    private static final MathContext DIGITS = new MathContext(10);

    private Num() {
    }

    /** Ten significant digits, trailing zeros dropped; NaN and infinities as the empty string. */
    public static String format(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "";
        }
        if (d == 0) {
            return "0";
        }
        BigDecimal b = new BigDecimal(d).round(DIGITS).stripTrailingZeros();
        return b.scale() < 0 ? b.setScale(0).toPlainString() : b.toPlainString();
    }

    public static String format(long v) {
        return Long.toString(v);
    }
}
