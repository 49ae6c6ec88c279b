package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md and docs/ resolves: the file exists and, for a link to a
 * heading ({@code docs/engine.md#faults}), the heading does (GitHub's anchors). So does every
 * path of the project a text names outside a link ({@code docs/strategies.md},
 * {@code scripts/paper-snapshot}), and every bare {@code NAME.md} it cites.
 */
class DocLinksTest {
    static final Path ROOT = Path.of("..");

    /** {@code [text](target)} and {@code ![alt](target)}; an HTML src or href. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)|(?:src|href)=\"([^\"]+)\"");
    /** A path under one of the project's folders, as prose or code names it. */
    private static final Pattern PATH = Pattern.compile(
            "(?<![\\w/.-])((?:docs|experiments|scripts|schema|reports|sim-engine|device-models|network-models|\\.ci)/[\\w./-]*[\\w])");
    /** A markdown file named alone (DESIGN.md). */
    private static final Pattern BARE_MD = Pattern.compile("(?<![\\w/.-])([A-Za-z][\\w-]*\\.md)(?![\\w])");

    static List<Path> docs() throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(ROOT.resolve("README.md"));
        try (Stream<Path> s = Files.walk(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        return out;
    }

    @Test
    void everyRelativeLinkAndNamedPathResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        int links = 0;
        for (Path doc : docs()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = ROOT.relativize(doc) + ":" + (i + 1) + ": ";
                Matcher m = LINK.matcher(line);
                while (m.find()) {
                    String target = m.group(1) != null ? m.group(1) : m.group(2);
                    if (target.matches("^[a-z]+:.*")) {
                        continue; // https:, mailto:: not ours to check offline
                    }
                    links++;
                    String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                    String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                    Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                    if (!Files.exists(resolved)) {
                        broken.add(where + "link to " + target + ": no such file");
                    } else if (anchor != null && resolved.toString().endsWith(".md")) {
                        Set<String> known = anchors.computeIfAbsent(resolved, DocLinksTest::anchorsOf);
                        if (!known.contains(anchor)) {
                            broken.add(where + "link to " + target + ": " + ROOT.relativize(resolved)
                                    + " has no heading with anchor #" + anchor);
                        }
                    }
                }
                String prose = line.replaceAll("https?://\\S+", "");
                Matcher p = PATH.matcher(prose);
                while (p.find()) {
                    String path = p.group(1).replaceAll("[.]+$", "");
                    if (path.contains("*") || path.contains("NAME") || path.contains("...") || path.contains("/target/")) {
                        continue; // a pattern, a placeholder, or what the build makes (a clean clone has no target/)
                    }
                    if (!Files.exists(ROOT.resolve(path)) && !Files.exists(doc.getParent().resolve(path))) {
                        broken.add(where + "names " + path + ", which the project does not have");
                    }
                }
                Matcher b = BARE_MD.matcher(prose);
                while (b.find()) {
                    String name = b.group(1);
                    int start = b.start(1);
                    if (start > 0 && prose.charAt(start - 1) == '/') {
                        continue;
                    }
                    if (!exists(name, doc)) {
                        broken.add(where + "cites " + name + ", which the project does not have");
                    }
                }
            }
        }
        assertTrue(links > 20, "too few links found: " + links);
        assertTrue(broken.isEmpty(), broken.size() + " broken:\n" + String.join("\n", broken));
    }

    private static boolean exists(String name, Path doc) {
        return Files.exists(doc.getParent().resolve(name)) || Files.exists(ROOT.resolve(name))
                || Files.exists(ROOT.resolve("docs").resolve(name));
    }

    /** GitHub's anchors of a markdown file's headings: lower case, punctuation dropped, spaces as hyphens, -1 for a repeat. */
    static Set<String> anchorsOf(Path md) {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fence = false;
        try {
            for (String line : Files.readAllLines(md)) {
                if (line.startsWith("```")) {
                    fence = !fence;
                }
                if (fence || !line.matches("^#{1,6} .*")) {
                    continue;
                }
                String slug = slug(line.replaceFirst("^#+ ", ""));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                out.add(n == 0 ? slug : slug + "-" + n);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    static String slug(String heading) {
        String text = heading.replaceAll("`", "").replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1").strip();
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    @Test
    void anchorsAreGitHubs() {
        assertEquals("capacity-and-saturation", slug("Capacity and saturation"));
        assertEquals("7-calibration", slug("7. Calibration"));
        assertEquals("bring-your-own-model-onnx", slug("Bring your own model (ONNX)"));
        assertEquals("resultscsv", slug("results.csv"));
    }
}
