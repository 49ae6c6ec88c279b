package org.lcpsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What lcpsim writes for people (tables, summaries, reports, chart text, provenance) never shows
 * a number that is not one: no NaN, Infinity or null where a figure or a blank with a note belongs.
 */
final class GeneratedText {
    private GeneratedText() {
    }

    /** NaN, Infinity, -Infinity and null as words (not inside longer words such as "nullable"). */
    static final Pattern NOT_A_NUMBER = Pattern.compile("(?<![\\w.-])(NaN|-?Infinity|null)(?![\\w])");

    /** "FILE:LINE: text" for each occurrence in the text files of a results folder (points.jsonl aside: a journal, not a report). */
    static List<String> unreadable(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".csv") || n.endsWith(".json") || n.endsWith(".html") || n.endsWith(".svg")
                        || n.endsWith(".txt") || n.endsWith(".md");
            }).sorted().toList();
        }
        for (Path p : files) {
            List<String> lines = Files.readAllLines(p);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = NOT_A_NUMBER.matcher(lines.get(i));
                // JSON's null is its blank (summary.json's unknown figures, documented); NaN and Infinity are no JSON at all
                boolean json = p.getFileName().toString().endsWith(".json");
                while (m.find()) {
                    if (json && m.group(1).equals("null")) {
                        continue;
                    }
                    int from = Math.max(0, m.start() - 60);
                    out.add(dir.relativize(p) + ":" + (i + 1) + ": '" + m.group(1) + "' in ..."
                            + lines.get(i).substring(from, Math.min(lines.get(i).length(), m.end() + 40)) + "...");
                    break;
                }
            }
        }
        return out;
    }
}
