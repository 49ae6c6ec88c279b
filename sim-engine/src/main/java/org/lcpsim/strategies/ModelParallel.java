package org.lcpsim.strategies;

import org.lcpsim.execution.Deployment;
import org.lcpsim.workload.LayerKind;
import org.lcpsim.workload.Model;

/**
 * Model parallelism, layer by layer, over every device of the cluster (reference section 2).
 * The model is cut into stages: a convolution or dense layer with the element-wise, pooling and
 * reshaping layers that follow it. Each stage is split over the n devices in one of three ways:
 * <ul>
 *   <li>{@link Split#OUTPUT}: each device computes 1/n of the outputs (dense output splitting,
 *       conv channel/filter splitting) from the whole input, with 1/n of the weights;</li>
 *   <li>{@link Split#INPUT}: each device gets 1/n of the input (dense input splitting, conv
 *       input-channel splitting) and 1/n of the weights, and computes partial sums of all
 *       outputs, which are added before the layers that follow (activation after the merge);</li>
 *   <li>{@link Split#SPATIAL} (convolutions): each device computes a band of output rows from a
 *       band of input rows with a halo of k - stride rows, with all the weights.</li>
 * </ul>
 * Data moves between stages as each split needs it, through the coordinator (gather to it,
 * reduce there, send on) or all-to-all (all-gather, reduce-scatter), and is merged after every
 * {@code mergeEvery} stages; in between, compatible splits keep data where it is (an output
 * split feeding an input split moves nothing, consecutive spatial splits exchange only halos).
 * With {@code split.auto} each stage takes the split with the smallest estimated time
 * (redistribution + slowest device + reduction), from the deployment's cost estimates. The
 * result ends whole at the coordinator. Layers that need a whole tensor (softmax, residual adds,
 * global pooling after a spatial split) run on the coordinator.
 */
public record ModelParallel(SplitPolicy split, Merge merge, int mergeEvery, int coordinator) implements Strategy {
    public enum Split { OUTPUT, INPUT, SPATIAL }

    public enum Merge { COORDINATOR, ALL_TO_ALL }

    /** The split for convolutions and for dense layers; {@code auto} picks per stage. */
    public record SplitPolicy(boolean auto, Split conv, Split dense) {
        public static final SplitPolicy AUTO = new SplitPolicy(true, null, null);

        public SplitPolicy {
            if (!auto && (conv == null || dense == null)) {
                throw new IllegalArgumentException("a fixed split policy names the conv and dense splits");
            }
            if (dense == Split.SPATIAL) {
                throw new IllegalArgumentException("dense layers cannot be split spatially");
            }
        }

        public static SplitPolicy fixed(Split conv, Split dense) {
            return new SplitPolicy(false, conv, dense);
        }

        Split forKind(LayerKind kind) {
            return kind == LayerKind.DENSE ? dense : conv;
        }
    }

    public ModelParallel {
        if (split == null || merge == null) {
            throw new IllegalArgumentException("split and merge must be given");
        }
        if (mergeEvery < 1) {
            throw new IllegalArgumentException("mergeEvery must be >= 1");
        }
        if (coordinator < 0) {
            throw new IllegalArgumentException("coordinator must be a device index");
        }
    }

    @Override
    public String kind() {
        return "model-parallel";
    }

    @Override
    public Deployment deploy(Model model, DeployContext ctx) {
        if (coordinator >= ctx.devices()) {
            throw new IllegalArgumentException("coordinator d" + coordinator + " does not exist; the cluster has " + ctx.devices());
        }
        return new ModelParallelPlanner(this, model, ctx).plan();
    }
}
