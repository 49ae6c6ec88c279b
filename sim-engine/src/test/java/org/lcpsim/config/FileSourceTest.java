package org.lcpsim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Referenced files stay inside the experiment's folder tree, unless allowed; outside ones are never quoted. */
class FileSourceTest {
    @TempDir
    Path root;
    Path exp;

    @BeforeEach
    void files() throws IOException {
        exp = Files.createDirectories(root.resolve("exp"));
        Files.createDirectories(exp.resolve("models"));
        Files.writeString(exp.resolve("models/m.yaml"), "name: m\n");
        Files.writeString(root.resolve("secret.yaml"), "root: s3cr3t\nother: s3cr3t\n");
    }

    @Test
    void insideTheFolderTreeIsRead() {
        FileSource in = FileSource.within(exp, false);
        assertEquals("name: m\n", in.read(exp.resolve("models/m.yaml")));
        assertEquals("name: m\n", in.read(exp.resolve("models/../models/m.yaml")));
        assertTrue(in.quotable(exp.resolve("models/m.yaml")));
    }

    @Test
    void leavingItIsRefusedAsWrittenAndThroughLinks() throws IOException {
        FileSource in = FileSource.within(exp, false);
        Files.createSymbolicLink(exp.resolve("link.yaml"), root.resolve("secret.yaml"));
        Files.createSymbolicLink(exp.resolve("out"), root);
        for (Path p : List.of(exp.resolve("../secret.yaml"), root.resolve("secret.yaml"), exp.resolve("link.yaml"),
                exp.resolve("out/secret.yaml"), exp.resolve("out/missing.yaml"), Path.of("/etc/passwd"), Path.of("/dev/zero"))) {
            FileSource.OutsideFolderException e = assertThrows(FileSource.OutsideFolderException.class, () -> in.read(p),
                    p.toString());
            assertTrue(e.getMessage().endsWith("is outside the experiment's folder " + exp + "; pass --allow-outside-files to"
                    + " read it"), e.getMessage());
            assertFalse(in.quotable(p), p.toString());
        }
        // missing inside: reading says so
        assertThrows(ConfigException.class, () -> in.read(exp.resolve("models/none.yaml")));
        assertTrue(in.quotable(exp.resolve("models/none.yaml")));
    }

    @Test
    void allowedOutsideFilesAreReadButNeverQuoted() {
        FileSource any = FileSource.once(FileSource.within(exp, true));
        Path secret = exp.resolve("../secret.yaml");
        assertTrue(any.read(secret).contains("s3cr3t"));
        assertFalse(any.quotable(secret));
        Errors errors = new Errors();
        ReferencedFile f = ReferencedFile.read(any, exp, "../secret.yaml", new Location("exp.yaml", 2, 15), "$.model.file",
                "model file", errors);
        Errors problems = new Errors();
        problems.add(new Location(f.name(), 1, 1), "$.root", "unknown field 's3cr3t'");
        problems.add(new Location(f.name(), 2, 1), "$.other", "unknown field 's3cr3t'");
        f.report(problems.list(), new Location("exp.yaml", 2, 15), "$.model.file", "model file", errors);
        assertEquals(List.of("exp.yaml:2:15: $.model.file: model file ../secret.yaml is not valid: 2 problems, the first at line"
                + " 1, column 1 (not shown: the file is outside the experiment's folder)"),
                errors.list().stream().map(ConfigError::toString).toList());
    }

    @Test
    void problemsOfAReferenceAreErrorsAtTheField() {
        FileSource in = FileSource.within(exp, false);
        Location at = new Location("exp.yaml", 2, 15);
        Errors errors = new Errors();
        assertNull(ReferencedFile.read(in, exp, "/etc/shadow", at, "$.model.file", "model file", errors));
        assertNull(ReferencedFile.read(in, exp, "models/none.yaml", at, "$.model.file", "model file", errors));
        assertNull(ReferencedFile.read(in, exp, "models", at, "$.model.file", "model file", errors));
        assertNull(ReferencedFile.read(in, exp, "", at, "$.model.file", "model file", errors));
        assertNull(ReferencedFile.read(in, exp, "a\0b", at, "$.model.file", "model file", errors));
        assertEquals(List.of(
                "exp.yaml:2:15: $.model.file: '/etc/shadow' is outside the experiment's folder; pass --allow-outside-files to"
                        + " read it",
                "exp.yaml:2:15: $.model.file: cannot read model file models/none.yaml: file not found",
                "exp.yaml:2:15: $.model.file: cannot read model file models: is a directory, not a file",
                "exp.yaml:2:15: $.model.file: an empty file name; name the model file",
                "exp.yaml:2:15: $.model.file: 'a\\u0000b' is not a valid path"),
                errors.list().stream().map(ConfigError::toString).toList());
    }

    @Test
    void aQuotableFileShowsAtMostTenProblems() {
        FileSource in = FileSource.within(exp, false);
        Location at = new Location("exp.yaml", 2, 15);
        Errors errors = new Errors();
        ReferencedFile f = ReferencedFile.read(in, exp, "models/m.yaml", at, "$.model.file", "model file", errors);
        List<ConfigError> problems = new java.util.ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            problems.add(new ConfigError(new Location(f.name(), i, 1), "$.k" + i, "unknown field"));
        }
        f.report(problems, at, "$.model.file", "model file", errors);
        assertEquals(11, errors.size());
        assertEquals("exp.yaml:2:15: $.model.file: model file models/m.yaml is not valid (errors above, and 15 more)",
                errors.list().get(10).toString());
    }
}
