package dev.cairn.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestPathsTest {
    @TempDir
    Path dir;

    @Test
    void directories_are_walked_with_paths_relative_to_the_argument_s_parent() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos/2024"));
        Files.writeString(photos.resolve("b.jpg"), "b");
        Files.writeString(dir.resolve("photos/a.jpg"), "a");
        Files.writeString(dir.resolve("photos/.cache"), "hidden");
        Files.createDirectories(dir.resolve("photos/.git"));
        Files.writeString(dir.resolve("photos/.git/config"), "hidden");
        Files.createSymbolicLink(dir.resolve("photos/link.jpg"), dir.resolve("photos/a.jpg"));
        Path readme = Files.writeString(dir.resolve("README"), "r");

        List<ManifestPaths.Source> s = ManifestPaths.collect(List.of(dir.resolve("photos"), readme), false);
        assertThat(s).extracting(ManifestPaths.Source::path).containsExactly("README", "photos/2024/b.jpg", "photos/a.jpg");
        assertThat(s.get(1).file()).isEqualTo(photos.resolve("b.jpg"));

        assertThat(ManifestPaths.collect(List.of(dir.resolve("photos")), true)).extracting(ManifestPaths.Source::path)
                .containsExactly("photos/.cache", "photos/.git/config", "photos/2024/b.jpg", "photos/a.jpg");
    }

    @Test
    void two_files_that_would_share_a_path_empty_directories_and_missing_paths_are_errors() throws Exception {
        Files.createDirectories(dir.resolve("x/data"));
        Files.createDirectories(dir.resolve("y/data"));
        Files.writeString(dir.resolve("x/data/f"), "1");
        Files.writeString(dir.resolve("y/data/f"), "2");
        assertThatThrownBy(() -> ManifestPaths.collect(List.of(dir.resolve("x/data"), dir.resolve("y/data")), false))
                .hasMessageContaining("would be 'data/f' in the manifest");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> ManifestPaths.collect(List.of(dir.resolve("empty")), false)).hasMessageContaining("no files");
        assertThatThrownBy(() -> ManifestPaths.collect(List.of(dir.resolve("nope")), false))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void path_rules() {
        assertThat(ManifestPaths.problem("a/b.txt")).isNull();
        assertThat(ManifestPaths.problem("..a/b..")).isNull();
        assertThat(ManifestPaths.problem("")).isEqualTo("is empty");
        assertThat(ManifestPaths.problem("/a")).isEqualTo("is absolute");
        assertThat(ManifestPaths.problem("a/../b")).isEqualTo("contains '..'");
        assertThat(ManifestPaths.problem("..")).isEqualTo("contains '..'");
        assertThat(ManifestPaths.problem("./a")).isEqualTo("contains '.'");
        assertThat(ManifestPaths.problem("a/")).isEqualTo("has an empty segment");
        assertThat(ManifestPaths.problem("a\\b")).contains("backslash");
        assertThat(ManifestPaths.problem("a\nb")).contains("control character");
    }
}
