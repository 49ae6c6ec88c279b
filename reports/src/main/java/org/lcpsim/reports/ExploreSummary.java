package org.lcpsim.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The answer of {@code lcpsim explore}, as DIR/summary.json holds it and the report shows it
 * first: the recommended design with its figures, why it wins and which constraint binds; the
 * constraints with how many designs each excluded; the counts; and what happens to the
 * recommendation when bandwidth, device speed or the arrival rate change ("what if").
 * Deterministic (no clock values); an unknown number is null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"format", "method", "designSpace", "simulated", "pruned", "infeasible", "excluded", "objectives",
        "constraints", "pareto", "recommended", "reason", "feasible", "visited", "excludedBy", "constraintReport",
        "whatIf", "start"})
public record ExploreSummary(String format, String method, int designSpace, int simulated, int pruned, int infeasible,
                             Map<String, Integer> excluded, List<String> objectives, List<String> constraints,
                             List<Integer> pareto, Recommendation recommended, String reason, int feasible, int visited,
                             Map<String, Integer> excludedBy, List<ConstraintReport> constraintReport,
                             List<WhatIf> whatIf, List<Start> start) {
    /** The value of {@code format}: what tells an exploration's summary.json from a run's. */
    public static final String FORMAT = "lcpsim-explore/1";
    public static final String FILE = "summary.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule().addSerializer(Double.class,
                    new com.fasterxml.jackson.databind.JsonSerializer<Double>() {
                        @Override
                        public void serialize(Double v, com.fasterxml.jackson.core.JsonGenerator g,
                                              com.fasterxml.jackson.databind.SerializerProvider p) throws IOException {
                            // as results.csv writes numbers: ten significant digits, no exponent; unknown is null
                            String s = Num.format(v);
                            if (s.isEmpty()) {
                                g.writeNull();
                            } else {
                                g.writeNumber(s);
                            }
                        }
                    }));

    public ExploreSummary {
        excluded = excluded == null ? Map.of() : excluded;
        objectives = objectives == null ? List.of() : List.copyOf(objectives);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        pareto = pareto == null ? List.of() : List.copyOf(pareto);
        excludedBy = excludedBy == null ? Map.of() : excludedBy;
        constraintReport = constraintReport == null ? List.of() : List.copyOf(constraintReport);
        whatIf = whatIf == null ? List.of() : List.copyOf(whatIf);
        start = start == null ? List.of() : List.copyOf(start);
    }

    /** A summary without starting designs (a search over no pipeline assignment). */
    public ExploreSummary(String format, String method, int designSpace, int simulated, int pruned, int infeasible,
                          Map<String, Integer> excluded, List<String> objectives, List<String> constraints,
                          List<Integer> pareto, Recommendation recommended, String reason, int feasible, int visited,
                          Map<String, Integer> excludedBy, List<ConstraintReport> constraintReport, List<WhatIf> whatIf) {
        this(format, method, designSpace, simulated, pruned, infeasible, excluded, objectives, constraints, pareto,
                recommended, reason, feasible, visited, excludedBy, constraintReport, whatIf, List.of());
    }

    /**
     * A design the search started from: the planner heuristic's pipeline in words ({@code plan}),
     * its point (null when the design space does not hold it), its swept values, whether it is
     * feasible (or why not) and its figures by column name (null: unknown).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"plan", "pointId", "design", "feasible", "why", "figures"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Start(String plan, Integer pointId, Map<String, String> design, Boolean feasible, String why,
                        Map<String, Double> figures) {
        public Start {
            design = design == null ? Map.of() : design;
            figures = figures == null ? Map.of() : figures;
        }
    }

    /**
     * The recommended design: its point, its swept values ({@code design}), what it is (model,
     * strategy, variant, device type, network), its figures by column name (null: unknown),
     * the reason it wins, and the constraint that binds it with why.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"pointId", "design", "reason", "model", "strategy", "variant", "deviceType", "network", "figures",
            "binding", "bindingWhy"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Recommendation(int pointId, Map<String, String> design, String reason, String model, String strategy,
                                 String variant, String deviceType, String network, Map<String, Double> figures,
                                 String binding, String bindingWhy) {
        public Recommendation {
            design = design == null ? Map.of() : design;
            figures = figures == null ? Map.of() : figures;
        }
    }

    /**
     * One constraint: the designs it excluded (a design violating several counts under each), of
     * them the ones pruned before simulating, the simulated ones it excluded that beat the
     * recommendation on the objective that picks it ({@code excludedBetter}; {@code
     * excludedBetterAlone} of them violate nothing else), the recommendation's value of the
     * bounded column and its slack (how far inside the bound, in the column's units, and in % of
     * the bound; null when the constraint is not a bound {@code COLUMN OP NUMBER}), and whether
     * it is the one that binds.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"constraint", "excluded", "excludedBeforeSimulating", "excludedBetter", "excludedBetterAlone",
            "value", "slack", "slackPct", "binding"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ConstraintReport(String constraint, int excluded, int excludedBeforeSimulating, int excludedBetter,
                                   int excludedBetterAlone, Double value, Double slack, Double slackPct, boolean binding) {
    }

    /**
     * The recommendation simulated again with one input scaled by {@code factor}: {@code change}
     * is "bandwidth", "device speed" or "arrival rate"; the figures and their change from the
     * recommendation in %; {@code note} says why there are none (e.g. a closed loop has no
     * arrival rate) or what was scaled.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"change", "factor", "status", "latencyMsMean", "latencyChangePct", "energy_j_per_inference",
            "energyChangePct", "throughputIps", "capacityIps", "note"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record WhatIf(String change, double factor, String status, Double latencyMsMean, Double latencyChangePct,
                         @com.fasterxml.jackson.annotation.JsonProperty("energy_j_per_inference") Double energyJPerInference, Double energyChangePct, Double throughputIps, Double capacityIps,
                         String note) {
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    /**
     * DIR/summary.json when it is an exploration's, else null: a run's summary, none, or one that
     * cannot be read (the report is then drawn without the answer; the summary is an output, not
     * something the report depends on).
     */
    public static ExploreSummary readIfExplore(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode tree = JSON.readTree(file.toFile());
            if (tree == null || !tree.isObject() || !FORMAT.equals(tree.path("format").asText(null))) {
                return null;
            }
            return JSON.treeToValue(tree, ExploreSummary.class);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
