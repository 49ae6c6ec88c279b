package org.lcpsim.cli.corpus;

import java.util.List;

/** Every family of the malformed-input corpus. */
public final class Families {
    private Families() {
    }

    public static List<Family> all() {
        return List.of(new ExperimentFieldsFamily(), new FilesFamily(), new YamlFamily(), new OutputsFamily(),
                new CalibrateFamily(), new LimitsFamily(), new ValuesFamily());
    }
}
