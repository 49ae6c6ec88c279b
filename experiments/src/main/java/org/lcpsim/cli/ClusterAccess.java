package org.lcpsim.cli;

import java.time.Duration;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import org.lcpsim.experiments.cluster.ClusterAddress;
import org.lcpsim.experiments.cluster.ClusterSettings;

/** Which cluster: its members' addresses, its name and its password (for workers and drivers alike). */
final class ClusterAccess {
    @Option(names = "--cluster", paramLabel = "HOST:PORT", split = ",", converter = AddressConverter.class,
            description = "Members of the lcpsim cluster (workers started with lcpsim worker), comma-separated.")
    List<ClusterAddress> members;

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = ClusterSettings.DEFAULT_NAME,
            description = "Name of the cluster (default: ${DEFAULT-VALUE}): members and drivers of one cluster use the same.")
    String name;

    @Option(names = "--password", paramLabel = "SECRET", defaultValue = "${env:LCPSIM_CLUSTER_PASSWORD}",
            description = {"Password of the cluster (default: the environment variable LCPSIM_CLUSTER_PASSWORD, which other "
                    + "users cannot read in the process list as they can this option). Whoever lacks it cannot join; "
                    + "nothing is encrypted: see docs/cluster.md."})
    String password;

    boolean given() {
        return members != null && !members.isEmpty();
    }

    /** The settings, or a UserInputException (exit 2) naming what is wrong. */
    ClusterSettings settings(Duration timeout) {
        try {
            return new ClusterSettings(members, name, password, timeout);
        } catch (IllegalArgumentException e) {
            throw new Main.UserInputException(e.getMessage());
        }
    }

    /** HOST:PORT for picocli: a malformed one is a usage error (exit 2). */
    static final class AddressConverter implements CommandLine.ITypeConverter<ClusterAddress> {
        @Override
        public ClusterAddress convert(String value) {
            try {
                return ClusterAddress.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
