package org.lcpsim.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.lcpsim.experiments.cluster.ClusterAddress;
import org.lcpsim.experiments.cluster.ClusterSettings;
import org.lcpsim.experiments.cluster.Worker;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Join an lcpsim cluster as a worker and simulate the design points that 'lcpsim run|explore --cluster' "
                + "submit, until stopped (Ctrl-C or SIGTERM: it leaves the cluster cleanly; the points it was running are "
                + "run again by other workers).",
                "It listens on one address (--bind) and joins only the listed members over TCP: no multicast, no discovery. "
                        + "Run the same lcpsim jar on every machine. See docs/cluster.md for what the password does and does not protect."})
final class WorkerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClusterAccess cluster;

    @Option(names = "--bind", paramLabel = "HOST:PORT", converter = ClusterAccess.AddressConverter.class,
            description = "The address of this machine to listen on (default: the first --cluster address that is on this machine).")
    ClusterAddress bind;

    @Option(names = "--threads", paramLabel = "N", description = "Points simulated at once (default: all cores).")
    Integer threads;

    @Override
    public Integer call() throws InterruptedException {
        if (!cluster.given()) {
            throw new Main.UserInputException("worker needs --cluster HOST:PORT[,HOST:PORT...]: the cluster's members, "
                    + "this worker's own address among them");
        }
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new Main.UserInputException("--threads must be >= 1");
        }
        ClusterSettings settings = cluster.settings(ClusterSettings.DEFAULT_TIMEOUT);
        ClusterAddress at = bind != null ? bind : settings.members().stream().filter(a -> Worker.localAddress(a) != null)
                .findFirst().orElseThrow(() -> new Main.UserInputException("none of the --cluster addresses is on this "
                        + "machine: give --bind HOST:PORT with an address of this machine (and add it to --cluster where "
                        + "the others start)"));
        PrintWriter out = spec.commandLine().getOut();
        Worker worker;
        try {
            worker = Worker.start(settings, at, n, line -> out.println("lcpsim worker: " + line));
        } catch (IllegalArgumentException e) {
            throw new Main.UserInputException("--bind " + at + ": " + e.getMessage());
        }
        out.println("lcpsim worker: listening on " + worker.address() + ", cluster " + settings.describe() + ", " + n
                + (n == 1 ? " thread" : " threads") + "; Ctrl-C leaves the cluster");
        out.println("lcpsim worker: members: " + String.join(", ", worker.members()));
        worker.awaitStop();
        return Main.OK;
    }
}
