package org.lcpsim.devices.calibration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;
import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.LayerWork;
import org.lcpsim.devices.MemoryReport;
import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.Residency;
import org.lcpsim.devices.compute.CpuCompute;
import org.lcpsim.devices.edge.EdgeDevice;
import org.lcpsim.devices.memory.MemorySpec;
import org.lcpsim.workload.DataType;
import org.lcpsim.workload.Layer;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelBuilder;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Shape;

/**
 * Fits a CPU device's parameters to measured latencies by least squares on relative errors
 * ({@code (predicted - measured) / measured}, so a 100 ms layer weighs as much as a 10 s model),
 * with commons-math's Levenberg-Marquardt. Parameters are fitted in transformed coordinates so
 * that they stay in range: efficiencies through a logistic map onto (0, 1], non-negative
 * quantities through a shifted exponential.
 *
 * <p>Memory first: when the rows hold {@code fits} and {@code swaps} observations, the capacity
 * is put halfway between the largest working set that fits and the smallest that swaps:
 * {@code copies * W_mid + A_mid + F = memoryMb}, W = weights, A = activations and buffers,
 * F = {@code frameworkMb} (only the difference of capacity and F is observable). Without
 * {@code memory} rows, {@code weightCopies} stays as given and this fixes F. With them, each
 * adds {@code copies * W + A + F = measured}, and copies is their least-squares solution under
 * the threshold equation held exactly (it is the sharper observation; resident memory is read
 * from a figure), kept >= 1; F then follows from the threshold. Then the least-squares step fits the free parameters
 * to the {@code fit} rows; {@code check} rows are predicted and reported only.
 *
 * <p>Weights and activations are FP32, the input of a model is its FP32 input tensor.
 */
public final class Calibration {
    private static final double MIB = 1024.0 * 1024.0;

    private Calibration() {
    }

    /**
     * What to fit: the rows of {@code device}/{@code framework}, starting from {@code start},
     * varying {@code free} (names of {@link CpuParams}); {@code power} goes into the written YAML.
     */
    public record Problem(String device, String framework, List<Measurement> rows, CpuParams start, List<String> free,
                          PowerSpec power) {
        public Problem {
            rows = List.copyOf(rows.stream().filter(r -> r.device().equals(device) && r.framework().equals(framework)).toList());
            free = List.copyOf(free);
            for (String f : free) {
                start.get(f);
            }
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("no measurements for " + device + "/" + framework);
            }
        }
    }

    /**
     * A problem with the measurements that one row shows (e.g. memory observations that contradict
     * each other): the command line positions it at the row's {@code column}.
     */
    public static final class RowException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient Measurement row;
        private final String column;
        private final String detail;

        public RowException(Measurement row, String column, String message) {
            super("line " + row.line() + ": " + message);
            this.row = row;
            this.column = column;
            this.detail = message;
        }

        public Measurement row() {
            return row;
        }

        public String column() {
            return column;
        }

        /** The message without the line. */
        public String detail() {
            return detail;
        }
    }

    /** Throws CancellationException when the thread was interrupted: a long fit ends when asked to. */
    static void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new java.util.concurrent.CancellationException("interrupted");
        }
    }

    /** A row made ready for repeated prediction: its work and residency built once. */
    record Case(Measurement row, ComputeWork work, Residency residency) {
    }

    public static CalibrationReport fit(Problem p) {
        List<Case> cases = new ArrayList<>();
        Map<String, Model> models = new HashMap<>();
        for (Measurement m : p.rows()) {
            cases.add(prepare(m, models));
            checkInterrupted();
        }
        CpuParams params = p.start();
        List<String> free = new ArrayList<>(p.free());
        String memoryNote = "";
        double[][] threshold = threshold(cases);
        if (threshold != null) {
            // rows of [W, rhs] for copies * W + F = rhs
            List<double[]> eq = new ArrayList<>();
            double wMid = (threshold[0][0] + threshold[1][0]) / 2;
            double aMid = (threshold[0][1] + threshold[1][1]) / 2;
            eq.add(new double[] {wMid, params.get("memoryMb") - aMid});
            for (Case c : cases) {
                if (c.row().kind() == Measurement.Kind.MEMORY) {
                    Residency r = c.residency();
                    eq.add(new double[] {r.weightBytes() / MIB, c.row().memoryMb() - (r.activationBytes() + r.bufferBytes()) / MIB});
                }
            }
            double copies = params.get("weightCopies");
            if (eq.size() > 1) {
                // substitute F = rhs_0 - copies * W_0 into the memory rows: copies * (W_i - W_0) = rhs_i - rhs_0
                double sxy = 0;
                double sxx = 0;
                for (double[] e : eq.subList(1, eq.size())) {
                    sxy += (e[0] - eq.get(0)[0]) * (e[1] - eq.get(0)[1]);
                    sxx += (e[0] - eq.get(0)[0]) * (e[0] - eq.get(0)[0]);
                }
                copies = Math.max(1.0, sxx == 0 ? copies : sxy / sxx);
                free.remove("weightCopies");
            }
            double f = eq.get(0)[1] - copies * eq.get(0)[0];
            if (f < 0) {
                throw new RowException(fitsRow(cases), "kind", String.format(java.util.Locale.ROOT, "memoryMb %.0f (of the"
                        + " start) is too small for the memory observations: the framework would need %.0f MiB",
                        params.get("memoryMb"), f));
            }
            params = params.with("weightCopies", copies).with("frameworkMb", f);
            free.remove("frameworkMb");
            memoryNote = String.format(java.util.Locale.ROOT,
                    "memory: capacity %.0f MiB put halfway between the largest working set that fits (weights %.1f MiB) and the"
                            + " smallest that swaps (weights %.1f MiB)%s: weightCopies %.3f, frameworkMb %.1f",
                    params.get("memoryMb"), threshold[0][0], threshold[1][0], eq.size() > 1 ? ", least squares with "
                            + (eq.size() - 1) + " resident-memory rows" : "", copies, f);
        }
        List<Case> fitCases = cases.stream().filter(c -> c.row().use() == Measurement.Use.FIT
                && (c.row().kind() == Measurement.Kind.MODEL || c.row().kind() == Measurement.Kind.LAYER)).toList();
        int iterations = 0;
        if (!free.isEmpty() && !fitCases.isEmpty()) {
            final CpuParams base = params;
            double[] theta0 = new double[free.size()];
            for (int i = 0; i < theta0.length; i++) {
                theta0[i] = toTheta(free.get(i), base.get(free.get(i)));
            }
            MultivariateJacobianFunction fn = point -> {
                checkInterrupted();
                double[] th = point.toArray();
                double[] r0 = residuals(fitCases, apply(base, free, th));
                double[][] jac = new double[r0.length][th.length];
                for (int j = 0; j < th.length; j++) {
                    double h = 1e-6 * Math.max(1.0, Math.abs(th[j]));
                    double[] t2 = th.clone();
                    t2[j] += h;
                    double[] r1 = residuals(fitCases, apply(base, free, t2));
                    for (int i = 0; i < r0.length; i++) {
                        jac[i][j] = (r1[i] - r0[i]) / h;
                    }
                }
                return new Pair<RealVector, org.apache.commons.math3.linear.RealMatrix>(new ArrayRealVector(r0),
                        new Array2DRowRealMatrix(jac));
            };
            LeastSquaresOptimizer.Optimum opt = new LevenbergMarquardtOptimizer()
                    .withCostRelativeTolerance(1e-12).withParameterRelativeTolerance(1e-10)
                    .optimize(new LeastSquaresBuilder().start(theta0).model(fn).target(new double[fitCases.size()])
                            .maxEvaluations(20000).maxIterations(2000).lazyEvaluation(false).build());
            params = apply(base, free, opt.getPoint().toArray());
            iterations = opt.getIterations();
        }
        List<CalibrationReport.RowFit> rows = new ArrayList<>();
        for (Case c : cases) {
            rows.add(evaluate(c, params));
        }
        return new CalibrationReport(p.device(), p.framework(), params, free, rows, iterations, memoryNote, p.power(),
                atBounds(p.start(), free, params));
    }

    /** How close to a bound (relative) a fitted parameter may end before the fit is suspect. */
    static final double AT_BOUND = 1e-4;

    /**
     * One warning per fitted parameter that ended at a bound of the fit ({@link CpuParams#bounds}),
     * or within {@link #AT_BOUND} of it: relative to the range for a bounded parameter, else to
     * the larger of the bound and the start's distance from it. Such a value is where the change of
     * variables stopped, not an optimum: the rows want the parameter out of its range.
     */
    static List<String> atBounds(CpuParams start, List<String> free, CpuParams fitted) {
        List<String> out = new ArrayList<>();
        for (String name : free) {
            double[] b = CpuParams.bounds(name);
            double v = fitted.get(name);
            double lowScale = Double.isInfinite(b[1]) ? Math.max(Math.abs(b[0]), Math.abs(start.get(name) - b[0])) : b[1] - b[0];
            String which = null;
            double bound = 0;
            if (v - b[0] <= Math.max(AT_BOUND * lowScale, 1e-12)) {
                which = "lower";
                bound = b[0];
            } else if (!Double.isInfinite(b[1]) && b[1] - v <= AT_BOUND * (b[1] - b[0])) {
                which = "upper";
                bound = b[1];
            }
            if (which != null) {
                out.add(String.format(java.util.Locale.ROOT, "%s ended at the %s bound of the fit (%s, fitted %.6g): the"
                        + " measurements push it out of its range, so it is not a fitted value; check the hardware figures"
                        + " of the start, or fit other parameters", name, which, CalibrationReport.num(bound), v));
            }
        }
        return out;
    }

    static CpuParams apply(CpuParams base, List<String> free, double[] theta) {
        Map<String, Double> m = new LinkedHashMap<>(base.values());
        for (int i = 0; i < free.size(); i++) {
            m.put(free.get(i), fromTheta(free.get(i), theta[i]));
        }
        return new CpuParams(m);
    }

    static double toTheta(String name, double v) {
        double[] b = CpuParams.bounds(name);
        if (Double.isInfinite(b[1])) {
            return Math.log(Math.max(v - b[0], 1e-12));
        }
        double x = Math.min(Math.max((v - b[0]) / (b[1] - b[0]), 1e-9), 1 - 1e-9);
        return Math.log(x / (1 - x));
    }

    static double fromTheta(String name, double t) {
        double[] b = CpuParams.bounds(name);
        if (Double.isInfinite(b[1])) {
            return b[0] + Math.exp(Math.max(-700, Math.min(700, t)));
        }
        return b[0] + (b[1] - b[0]) / (1 + Math.exp(-t));
    }

    private static double[] residuals(List<Case> cases, CpuParams p) {
        double[] r = new double[cases.size()];
        for (int i = 0; i < r.length; i++) {
            if ((i & 255) == 255) {
                checkInterrupted();
            }
            Case c = cases.get(i);
            r[i] = (predictMs(c, p) - c.row().latencyMs()) / c.row().latencyMs();
        }
        return r;
    }

    /** The model's time for a row: a whole model through the device, or layers alone plus the harness. */
    static double predictMs(Case c, CpuParams p) {
        if (c.row().kind() == Measurement.Kind.LAYER) {
            CpuCompute compute = p.compute();
            double ms = 0;
            for (LayerWork l : c.work().layers()) {
                ms += compute.layerMs(l);
            }
            List<LayerWork> ls = c.work().layers();
            double ioMb = (ls.get(0).inputBytes() + ls.get(ls.size() - 1).outputBytes()) / MIB;
            MemorySpec mem = p.memory();
            return ms + p.get(CpuParams.HARNESS_FIXED) + p.get(CpuParams.HARNESS_PER_MB) * ioMb
                    + mem.swapMsPerInference(mem.report(c.residency()));
        }
        EdgeDevice d = p.device("calibration", "", PowerSpec.UNKNOWN);
        return d.prepare(c.residency()).estimate(c.work()).ms();
    }

    static CalibrationReport.RowFit evaluate(Case c, CpuParams p) {
        MemoryReport mem = p.memory().report(c.residency());
        double swapMb = mem.swapBytes() / MIB;
        double totalMb = mem.totalBytes() / MIB;
        Measurement m = c.row();
        if (m.kind() == Measurement.Kind.MEMORY) {
            // with the framework memory unknown, the model predicts only a lower bound: no error to report
            return new CalibrationReport.RowFit(m, Double.NaN, mem.frameworkUnknown() ? Double.NaN
                    : 100 * (totalMb - m.memoryMb()) / m.memoryMb(), totalMb, swapMb, true);
        }
        // with swap off, a working set above the capacity does not fit either: it is out of memory
        boolean fits = swapMb == 0 && !mem.outOfMemory();
        if (m.kind() == Measurement.Kind.FITS || m.kind() == Measurement.Kind.SWAPS) {
            boolean ok = (m.kind() == Measurement.Kind.FITS) == fits;
            return new CalibrationReport.RowFit(m, Double.NaN, Double.NaN, totalMb, swapMb, ok);
        }
        double pred = predictMs(c, p);
        double err = 100 * (pred - m.latencyMs()) / m.latencyMs();
        // a measured latency says the model ran: out of memory contradicts it
        return new CalibrationReport.RowFit(m, pred, err, totalMb, swapMb, !mem.outOfMemory());
    }

    /**
     * The largest {@code fits} and the smallest {@code swaps} observation as [weights MiB, other
     * MiB] (ordered by weights, which dominate); null without both kinds. Only {@code fit} rows
     * count: {@code check} observations are reported, not used.
     */
    private static double[][] threshold(List<Case> cases) {
        double[] fits = null;
        double[] swaps = null;
        Measurement fitsRow = null;
        Measurement swapsRow = null;
        for (Case c : cases) {
            if (c.row().use() != Measurement.Use.FIT) {
                continue;
            }
            Residency r = c.residency();
            double[] ws = {r.weightBytes() / MIB, (r.activationBytes() + r.bufferBytes()) / MIB};
            if (c.row().kind() == Measurement.Kind.FITS && (fits == null || ws[0] + ws[1] > fits[0] + fits[1])) {
                fits = ws;
                fitsRow = c.row();
            } else if (c.row().kind() == Measurement.Kind.SWAPS && (swaps == null || ws[0] + ws[1] < swaps[0] + swaps[1])) {
                swaps = ws;
                swapsRow = c.row();
            }
        }
        if (fits == null || swaps == null) {
            return null;
        }
        if (fits[0] >= swaps[0] && fits[1] >= swaps[1]) {
            throw new RowException(fitsRow, "kind", String.format(java.util.Locale.ROOT, "memory observations contradict:"
                    + " this working set of %.1f MiB fits, but the one of line %d (%.1f MiB) swaps", fits[0] + fits[1],
                    swapsRow.line(), swaps[0] + swaps[1]));
        }
        return new double[][] {fits, swaps};
    }

    /** The largest fits row used by the threshold (where a memory problem shows). */
    private static Measurement fitsRow(List<Case> cases) {
        Measurement best = null;
        double most = -1;
        for (Case c : cases) {
            if (c.row().use() == Measurement.Use.FIT && c.row().kind() == Measurement.Kind.FITS) {
                double ws = (c.residency().weightBytes() + c.residency().activationBytes() + c.residency().bufferBytes()) / MIB;
                if (ws > most) {
                    most = ws;
                    best = c.row();
                }
            }
        }
        return best;
    }

    static Case prepare(Measurement m, Map<String, Model> cache) {
        Model model = cache.computeIfAbsent(m.model(), Calibration::model);
        List<Layer> layers;
        if (m.layers().isEmpty()) {
            layers = model.layers();
        } else {
            layers = new ArrayList<>();
            for (String n : m.layers()) {
                Layer l = model.layer(n);
                if (l == null) {
                    throw new RowException(m, "layers", "model " + m.model() + " has no layer '" + n + "'");
                }
                layers.add(l);
            }
        }
        ComputeWork work = ComputeWork.of(m.model(), layers, DataType.FP32, DataType.FP32);
        long weights = work.weightBytes();
        long acts;
        long input;
        if (m.layers().isEmpty()) {
            acts = model.peakActivationBytes(DataType.FP32);
            input = model.inputShape().bytes(DataType.FP32);
        } else {
            acts = 0;
            for (LayerWork l : work.layers()) {
                acts = Math.max(acts, l.inputBytes() + l.outputBytes());
            }
            input = work.layers().get(0).inputBytes();
        }
        return new Case(m, work, new Residency(weights, acts, input));
    }

    /** A zoo or calibration-only model, or {@code dense:INxOUT}: one fully connected layer. */
    public static Model model(String name) {
        if (name.startsWith("dense:")) {
            String[] d = name.substring(6).split("x");
            if (d.length != 2) {
                throw new IllegalArgumentException("dense model must be dense:INxOUT, got " + name);
            }
            return new ModelBuilder(name, Shape.vector(Integer.parseInt(d[0]))).head()
                    .add("fc", new Op.Dense(Integer.parseInt(d[1]), true)).build();
        }
        return ExtraModels.get(name);
    }
}
