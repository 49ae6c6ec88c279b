package org.lcpsim.reports;

import java.util.function.Function;

import org.lcpsim.results.PointResult;

/** One column of results.csv: its name (with its unit) and how a result fills it. */
public record Column(String name, Function<PointResult, String> value) {
}
