package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README's table of commands is picocli's list of commands, and every command line that
 * README.md or docs/ writes ({@code lcpsim run FILE --out DIR --threads 2}) names a command and
 * options that lcpsim has: help and docs cannot drift apart.
 */
class CommandsDocTest {
    /** A command line as the docs write it, up to the end of the code span, table cell or line. */
    private static final Pattern INVOCATION = Pattern.compile("(?<![\\w-])(?:\\./)?lcpsim ((?:[a-z][a-z-]*)(?: [^`|\\n]*)?)");

    static CommandLine cli() {
        return new CommandLine(new Main());
    }

    @Test
    void theReadmeTableListsEveryCommand() throws IOException {
        String readme = Files.readString(DocLinksTest.ROOT.resolve("README.md"));
        int start = readme.indexOf("## Commands");
        int end = readme.indexOf("\n## ", start + 1);
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `lcpsim ([a-z-]+)").matcher(readme.substring(start, end));
        while (row.find()) {
            documented.add(row.group(1));
        }
        Set<String> commands = new TreeSet<>(cli().getSubcommands().keySet());
        commands.remove("help");
        assertEquals(commands, documented, "README's table of commands against lcpsim --help");
    }

    @Test
    void everyCommandLineInTheDocsNamesACommandAndItsOptions() throws IOException {
        CommandLine cli = cli();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Path doc : DocLinksTest.docs()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = INVOCATION.matcher(lines.get(i));
                while (m.find()) {
                    // in prose ("lcpsim or DSOL code"), only a known command is read as one; in code, any word is
                    String before = lines.get(i).substring(0, m.start());
                    boolean code = before.endsWith("`") || before.endsWith("./") || before.isBlank()
                            || before.endsWith("$ ");
                    String problem = code || cli.getSubcommands().containsKey(m.group(1).strip().split("\\s+")[0])
                            ? check(cli, m.group(1)) : null;
                    checked++;
                    if (problem != null) {
                        wrong.add(DocLinksTest.ROOT.relativize(doc) + ":" + (i + 1) + ": lcpsim " + m.group(1).strip() + ": " + problem);
                    }
                }
            }
        }
        assertTrue(checked > 30, "too few command lines found: " + checked);
        assertTrue(wrong.isEmpty(), wrong.size() + " wrong:\n" + String.join("\n", wrong));
    }

    /** Every option of every command is documented: README.md or docs/ write it at least once. */
    @Test
    void everyOptionIsDocumented() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path doc : DocLinksTest.docs()) {
            all.append(Files.readString(doc)).append('\n');
        }
        List<String> missing = new ArrayList<>();
        List<CommandLine> commands = new ArrayList<>(cli().getSubcommands().values());
        for (int i = 0; i < commands.size(); i++) {
            CommandLine c = commands.get(i);
            commands.addAll(c.getSubcommands().values().stream().filter(x -> !commands.contains(x)).toList());
            if (c.getCommandName().equals("help")) {
                continue;
            }
            for (OptionSpec o : c.getCommandSpec().options()) {
                String name = o.longestName();
                if (o.hidden() || name.equals("--help") || name.equals("--version") || !name.startsWith("--")) {
                    continue;
                }
                if (!Pattern.compile(Pattern.quote(name) + "(?![\\w-])").matcher(all).find()) {
                    missing.add(c.getCommandName() + " " + name + " (" + String.join(" ", o.description()) + ")");
                }
            }
        }
        assertTrue(missing.isEmpty(), missing.size() + " options lcpsim --help lists that no doc names:\n"
                + String.join("\n", missing));
    }

    /** Why a command line cannot be lcpsim's, or null. */
    static String check(CommandLine cli, String line) {
        String[] words = line.strip().split("\\s+");
        CommandLine command = cli.getSubcommands().get(words[0]);
        if (command == null) {
            // prose such as "lcpsim computes": only a word that reads as a command is one
            return words.length > 1 && (words[1].startsWith("-") || words[1].matches("[A-Z][A-Z_]*(\\.\\.\\.)?|[\\w/.-]+\\.(yaml|csv)"))
                    ? "no command '" + words[0] + "' (lcpsim has " + commandNames(cli) + ")" : null;
        }
        int at = 1;
        while (at < words.length && command.getSubcommands().containsKey(words[at])) {
            command = command.getSubcommands().get(words[at++]);
        }
        CommandSpec spec = command.getCommandSpec();
        for (int k = at; k < words.length; k++) {
            String w = words[k].replaceAll("^[\\[(]+", "");
            if (!w.startsWith("--") || w.equals("--")) {
                continue;
            }
            String name = w.replaceAll("[=\\])},.;:]+.*$", "").replaceAll("[\\])},.;:]+$", "");
            if (name.equals("--") || name.contains("...")) {
                continue;
            }
            OptionSpec o = spec.findOption(name);
            if (o == null && !name.equals("--help") && !name.equals("--version")) {
                return "'" + command.getCommandName() + "' has no option " + name;
            }
        }
        return null;
    }

    private static String commandNames(CommandLine cli) {
        return String.join(", ", new TreeSet<>(cli.getSubcommands().keySet()));
    }

    @Test
    void aWrongOptionOrCommandIsFound() {
        CommandLine cli = cli();
        assertEquals(null, check(cli, "run FILE --out DIR --threads 2"));
        assertEquals("'run' has no option --thread", check(cli, "run FILE --thread 2"));
        assertTrue(check(cli, "simulate FILE --out DIR").startsWith("no command 'simulate'"));
        assertEquals(null, check(cli, "reproduce paper --out DIR [--fresh]"));
    }
}
