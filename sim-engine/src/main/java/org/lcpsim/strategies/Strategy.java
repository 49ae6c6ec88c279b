package org.lcpsim.strategies;

import org.lcpsim.execution.Deployment;
import org.lcpsim.workload.Model;

/**
 * A way of distributing inference: places a model's work on the devices and says how each
 * request runs. Strategies know nothing of particular devices or networks.
 */
public interface Strategy {
    /** The YAML name of the strategy (single, lcp, ...). */
    String kind();

    Deployment deploy(Model model, DeployContext context);
}
