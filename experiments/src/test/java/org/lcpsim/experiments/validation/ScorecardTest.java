package org.lcpsim.experiments.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The winner ordering and the error summary of a scorecard row. */
class ScorecardTest {
    private static Scorecard.Entry e(String group, String design, double measured, double simulated) {
        return new Scorecard.Entry(group, design, measured, simulated);
    }

    @Test
    void winnerIsTheBestDesignPerGroup() {
        List<Scorecard.Entry> es = List.of(e("a", "x", 10, 12), e("a", "y", 5, 6), e("b", "x", 10, 3), e("b", "y", 5, 4),
                e("c", "x", 1, 1));
        String[] w = Scorecard.winner(es, false, "model");
        assertEquals(Scorecard.NO, w[0]);
        assertEquals("1/2 models agree; b: measured y, simulated x", w[1]);
        // higher is better (speedups): x is measured best in both, the simulator picks x in a and y in b
        assertEquals(Scorecard.NO, Scorecard.winner(es, true, "model")[0]);
        assertEquals("1/2 models agree; b: measured x, simulated y", Scorecard.winner(es, true, "model")[1]);
    }

    @Test
    void tiedMeasurementsAcceptEitherAndMissingValuesDoNotCount() {
        List<Scorecard.Entry> es = List.of(e("a", "x", 5, 7), e("a", "y", 5, 6), e("a", "z", 9, Double.NaN));
        assertEquals(Scorecard.YES, Scorecard.winner(es, false, "model")[0]);
        assertEquals(Scorecard.NA, Scorecard.winner(List.of(e("a", "x", 1, 2)), false, "model")[0]);
    }

    @Test
    void rowErrors() {
        Scorecard.Row r = Scorecard.row("s", "k", List.of("p"), Scorecard.VALIDATION,
                List.of(e("a", "x", 100, 110), e("a", "y", 100, 70), e("b", "x", 100, 101), e("b", "y", 0, 5)), false, "model",
                "src", "");
        assertEquals(3, r.n());
        assertEquals(10, r.medianAbsErrorPct(), 1e-9);
        assertEquals(30, r.worstAbsErrorPct(), 1e-9);
        assertEquals("yes (1/1)", ScorecardFiles.winnerCell(r));
    }
}
