package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.experiments.ExperimentFile;

/**
 * Opens a run's report from the file system in headless Chromium, as a reader would, and checks
 * that every chart loads, PNG and SVG (a malformed SVG does not), that the results table
 * has a row per design point, and that at 1280 px the page does not scroll sideways (the table
 * scrolls in its own box) and the PNGs, drawn at 2x, show at their logical size. The check runs in a copy of the page (report/check.html, next to
 * index.html so relative links resolve the same) that also shows every linked SVG and, once
 * everything has loaded, writes what it found into the page, which Chromium then dumps.
 */
class ReportInBrowserTest {
    @TempDir
    Path dir;

    static final String CHECK = """
            <div id="svg-check" style="display:none">%s</div>
            <script>
            window.addEventListener('load', function () {
              var imgs = Array.prototype.slice.call(document.querySelectorAll('img'));
              var failed = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
                  .map(function (i) { return i.getAttribute('src'); });
              var rows = document.querySelectorAll('#results tbody tr').length;
              var pngs = imgs.filter(function (i) { return /\\.png$/.test(i.getAttribute('src')) && i.hasAttribute('width'); });
              var hidpi = pngs.filter(function (i) {
                return i.naturalWidth === 2 * Number(i.getAttribute('width')) && i.getBoundingClientRect().width <= i.naturalWidth / 2;
              }).length;
              var table = document.getElementById('results').parentElement.getBoundingClientRect();
              var out = document.createElement('pre');
              out.id = 'lcpsim-check';
              out.textContent = 'images=' + imgs.length + ' rows=' + rows + ' failed=[' + failed.join(' ') + ']'
                  + ' page=' + document.documentElement.scrollWidth + ' viewport=' + window.innerWidth
                  + ' table=' + Math.ceil(table.right) + ' pngs=' + pngs.length + ' hidpi=' + hidpi;
              document.body.appendChild(out);
            });
            </script>
            """;

    static Optional<String> chromium() {
        String env = System.getenv("LCPSIM_CHROMIUM");
        if (env != null && !env.isBlank()) {
            return Optional.of(env);
        }
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                    return Optional.of(Path.of(d, name).toString());
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void everyChartLoadsAndTheTableHasARowPerPoint() throws Exception {
        Optional<String> browser = chromium();
        Assumptions.assumeTrue(browser.isPresent(), "headless Chromium is not installed (Debian package 'chromium'; "
                + "scripts/install-deps --test installs it): the report is not checked in a browser");
        Path example = ExamplesTest.EXAMPLES.resolve("04-sweep-branches-fatten.yaml");
        Path out = dir.resolve("run");
        CliHarness.Result r = CliHarness.run("run", example.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());

        String page = Files.readString(out.resolve("report/index.html"));
        List<String> svgs = new ArrayList<>();
        Matcher m = Pattern.compile("<a href=\"([^\"]+\\.svg)\">SVG</a>").matcher(page);
        while (m.find()) {
            svgs.add(m.group(1));
        }
        List<String> pngs = new ArrayList<>();
        m = Pattern.compile("<img src=\"([^\"]+\\.png)\"").matcher(page);
        while (m.find()) {
            pngs.add(m.group(1));
        }
        assertTrue(pngs.size() >= 10, "charts on the page: " + pngs);
        assertEquals(pngs.size(), svgs.size());
        StringBuilder svgImgs = new StringBuilder();
        for (String s : svgs) {
            svgImgs.append("<img src=\"").append(s).append("\">");
        }
        Path check = out.resolve("report/check.html");
        Files.writeString(check, page.replace("</body>", String.format(CHECK, svgImgs) + "</body>"), StandardCharsets.UTF_8);

        String dom = dump(browser.get(), check);
        Matcher result = Pattern.compile("images=(\\d+) rows=(\\d+) failed=\\[([^\\]]*)\\] page=(\\d+) viewport=(\\d+)"
                + " table=(\\d+) pngs=(\\d+) hidpi=(\\d+)").matcher(dom);
        assertTrue(result.find(), "the check did not run; Chromium printed:\n" + dom);
        assertEquals("", result.group(3), "images that did not load");
        assertEquals(pngs.size() + svgs.size(), Integer.parseInt(result.group(1)));
        assertEquals(ExperimentFile.load(example).pointCount(), Integer.parseInt(result.group(2)), "table rows");
        // at 1280 px the page never scrolls sideways: the table scrolls within its box, the charts shrink to fit
        int viewport = Integer.parseInt(result.group(5));
        assertEquals(1280, viewport, "window width");
        assertTrue(Integer.parseInt(result.group(4)) <= viewport, "the page is wider than the window: " + result.group());
        assertTrue(Integer.parseInt(result.group(6)) <= viewport, "the results table runs past the window: " + result.group());
        // PNGs hold twice the pixels of their place on the page (HiDPI), shown at their logical size or smaller
        assertEquals(pngs.size(), Integer.parseInt(result.group(7)));
        assertEquals(pngs.size(), Integer.parseInt(result.group(8)), "PNGs at 2x shown at 1x: " + result.group());
    }

    private String dump(String browser, Path page) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Path stderr = dir.resolve("chromium.err");
        ProcessBuilder pb = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--mute-audio", "--window-size=1280,900", "--hide-scrollbars", "--user-data-dir=" + profile, "--virtual-time-budget=5000",
                "--dump-dom", page.toUri().toString());
        Path stdout = dir.resolve("chromium.out");
        pb.redirectError(stderr.toFile());
        pb.redirectOutput(stdout.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("Chromium did not finish in 90 s:\n" + Files.readString(stderr));
        }
        String dom = Files.readString(stdout);
        if (p.exitValue() != 0 || dom.isBlank()) {
            throw new AssertionError("Chromium failed (exit " + p.exitValue() + "):\n" + Files.readString(stderr));
        }
        return dom;
    }
}
