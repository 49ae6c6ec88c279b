package org.lcpsim.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.tools.DocumentationTool;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;

/**
 * The Javadoc of the API packages builds without a warning, with every doclint check on (missing
 * comments, {@code @param} and {@code @return} included): what {@code mvn compile javadoc:javadoc
 * -pl sim-engine,experiments -am} checks, run offline with the JDK's javadoc tool.
 */
class ApiJavadocTest {
    /** The API packages, as the javadoc plugin's configuration in the poms lists them. */
    static final List<String> PACKAGES = List.of("org.lcpsim.api", "org.lcpsim.experiments.schema", "org.lcpsim.results");

    @Test
    void theApiPackagesHaveJavadocWithoutWarnings() throws Exception {
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        assertNotNull(javadoc, "this JDK has no javadoc tool");
        Path out = Files.createTempDirectory("apidocs");
        List<String> args = new ArrayList<>(List.of("-Xdoclint:all", "-Xmaxwarns", "100000", "-quiet", "-d", out.toString(),
                "-sourcepath", "src/main/java" + File.pathSeparator + "../sim-engine/src/main/java",
                "-cp", System.getProperty("java.class.path")));
        args.addAll(PACKAGES);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = javadoc.run(null, stdout, stderr, args.toArray(String[]::new));
        String text = stdout.toString(Charset.defaultCharset()) + stderr.toString(Charset.defaultCharset());
        List<String> problems = text.lines().filter(l -> l.contains(": warning") || l.contains(": error")).toList();
        assertEquals(List.of(), problems, text);
        assertEquals(0, code, text);
        assertTrue(Files.exists(out.resolve("org/lcpsim/api/Experiment.html")), "no page for Experiment: " + text);
        assertTrue(Files.exists(out.resolve("org/lcpsim/results/PointResult.html")), "no page for PointResult: " + text);
    }
}
