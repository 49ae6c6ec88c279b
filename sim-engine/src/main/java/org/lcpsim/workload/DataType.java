package org.lcpsim.workload;

import java.util.Locale;

/** Element type of weights and activations; decides every byte count of a workload. */
public enum DataType {
    FP32(4), FP16(2), INT8(1), UINT8(1), FIXED16(2);

    private final int bytes;

    DataType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the YAML spelling (fp32, fp16, int8, uint8, fixed16); null when unknown. */
    public static DataType parse(String s) {
        for (DataType t : values()) {
            if (t.yamlName().equals(s)) {
                return t;
            }
        }
        return null;
    }
}
