package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * README.md's table of config keys is generated from {@link Keys}. When a key changes, regenerate it:
 * {@code ./mvnw -q test -Dtest=ReadmeConfigTableTest -Dcairn.updateReadme=true} (or print it with
 * {@link ConfigDocs#main}) and commit README.md.
 */
class ReadmeConfigTableTest {
    static final String START = "<!-- config-table:start -->";
    static final String END = "<!-- config-table:end -->";
    static final Path README = Path.of(System.getProperty("user.dir"), "README.md");

    @Test
    void the_readme_table_is_the_one_generated_from_the_registry() throws Exception {
        String readme = Files.readString(README);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("README.md has " + START).isNotNegative();
        assertThat(end).as("README.md has " + END + " after " + START).isGreaterThan(start);
        String expected = "\n" + ConfigDocs.markdownTable();
        String actual = readme.substring(start + START.length(), end);
        if (!actual.equals(expected) && Boolean.getBoolean("cairn.updateReadme")) {
            Files.writeString(README, readme.substring(0, start + START.length()) + expected + readme.substring(end));
            return;
        }
        assertThat(actual).as("README.md config table is out of date; run ./mvnw -q test -Dtest=ReadmeConfigTableTest "
                + "-Dcairn.updateReadme=true").isEqualTo(expected);
    }
}
