package org.lcpsim.experiments.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.lcpsim.experiments.RunEnvironment;

/**
 * Which lcpsim build this process runs. Drivers give points only to workers of the same build,
 * because a result is a function of the point's configuration <em>and</em> of the simulator's
 * code: a worker of another build could silently compute other numbers. From the application
 * jar it is a hash of the jar (rebuilt jars are byte-identical, their timestamps being fixed),
 * so copying one lcpsim.jar to every machine is the way to a working cluster; from a classes
 * folder (tests, an IDE) it is the version string.
 */
public final class BuildId {
    private BuildId() {
    }

    private static final class Holder {
        static final String ID = compute();
    }

    public static String current() {
        return Holder.ID;
    }

    private static String compute() {
        try {
            var source = BuildId.class.getProtectionDomain().getCodeSource();
            Path p = source == null ? null : Path.of(source.getLocation().toURI());
            if (p != null && Files.isRegularFile(p)) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                return "jar " + HexFormat.of().formatHex(md.digest(), 0, 8);
            }
        } catch (IOException | URISyntaxException | NoSuchAlgorithmException | SecurityException | IllegalArgumentException e) {
            // no jar to hash: fall back to the version string
        }
        return "classes " + RunEnvironment.lcpsimVersion();
    }
}
