/**
 * lcpsim as a Java library: read an experiment (a YAML file, or YAML text built by a program),
 * check it, and simulate its design points, getting one {@link org.lcpsim.results.PointResult}
 * per point; explain the file's fields and get its JSON Schema.
 *
 * <p>{@link org.lcpsim.api.Experiment} is the entry point:
 * <pre>{@code
 * Experiment e = Experiment.load(Path.of("experiments/examples/01-quickstart.yaml"));
 * for (PointResult r : e.run()) {
 *     System.out.println(r.strategy() + " " + r.devices() + " devices: " + r.metrics().latencyMsMean() + " ms");
 * }
 * }</pre>
 * Problems with the file are an {@link org.lcpsim.api.ExperimentException} listing them as
 * {@code lcpsim validate} prints them. The results are the records {@code lcpsim run} writes to
 * {@code results.csv} and {@code points.jsonl} (package {@link org.lcpsim.results}); the fields of
 * the file are described by {@link org.lcpsim.experiments.schema.ExperimentCatalogue}, the same
 * definitions {@code lcpsim explain} and {@code schema/*.schema.json} come from.
 */
package org.lcpsim.api;
