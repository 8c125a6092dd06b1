package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.store.Quota;
import dev.cairn.store.Repo;
import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.CairnProcess.Result;
import dev.cairn.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cairn command as a user runs it: separate processes, real files, exit codes and output. */
class CliTest {
    static final Path FIXTURES = Path.of(System.getProperty("user.dir")).resolve("../shared/fixtures").normalize();

    @TempDir
    Path dir;

    Path data() {
        return dir.resolve("data");
    }

    Result cairn(String... args) throws Exception {
        return CairnProcess.run(data(), args);
    }

    Path hello() throws Exception {
        return Files.writeString(dir.resolve("hello.txt"), "hello world\n");
    }

    static void assertOneLineError(Result r, int exitCode, String contains) {
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.stderr()).isEqualTo(exitCode);
        List<String> lines = r.stderr().lines().filter(l -> !l.startsWith("Try '")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).startsWith("cairn: ").contains(contains);
        assertThat(r.stderr()).doesNotContain("\tat ");
    }

    @Test
    void add_prints_cid_sha256_and_path_and_cat_returns_the_bytes() throws Exception {
        Path f = hello();
        Result add = cairn("add", f.toString());
        assertThat(add.exitCode()).as(add.stderr()).isZero();
        assertThat(add.lines()).containsExactly("added bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4 "
                + "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447 " + f);

        Result cat = cairn("cat", "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
        assertThat(cat.stdout()).isEqualTo("hello world\n");
        Result range = cairn("cat", "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4", "--offset", "6", "--length", "5");
        assertThat(range.stdout()).isEqualTo("world");
    }

    @Test
    void profiles_give_the_reference_cids() throws Exception {
        Path f = hello();
        assertThat(cairn("add", "-q", "--profile", "unixfs-v0-2015", f.toString()).lines())
                .containsExactly("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
        Result bad = cairn("add", "--profile", "nope", f.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("unknown profile 'nope'");
    }

    @Test
    void quiet_wrap_prints_each_root_then_the_wrapper_last() throws Exception {
        Path f = hello();
        Path z = Files.writeString(dir.resolve("Zeta.txt"), "z");
        Result r = cairn("add", "-q", "--wrap", f.toString());
        assertThat(r.lines()).containsExactly("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4",
                "bafybeidhkumeonuwkebh2i4fc7o7lguehauradvlk57gzake6ggjsy372a");
        Result two = cairn("add", "-q", "-w", f.toString(), z.toString());
        assertThat(two.lines()).hasSize(3);
        Result ls = cairn("ls", two.lines().get(2));
        assertThat(ls.lines()).extracting(l -> l.substring(l.lastIndexOf(' ') + 1)).containsExactly("Zeta.txt", "hello.txt");
    }

    @Test
    void a_directory_added_recursively_comes_back_identical_with_get() throws Exception {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        TestData.writeRandomFile(tree.resolve("sub/big.bin"), 3_000_000, 7);
        Files.writeString(dir.resolve("tree/a.txt"), "alpha\n");
        Files.writeString(dir.resolve("tree/.hidden"), "secret\n");

        Result add = cairn("add", "-r", dir.resolve("tree").toString());
        assertThat(add.exitCode()).as(add.stderr()).isZero();
        List<String> lines = add.lines();
        assertThat(lines).hasSize(4); // a.txt, sub/big.bin, sub, tree; .hidden skipped
        assertThat(lines.getLast()).endsWith(" - " + dir.resolve("tree"));
        String root = lines.getLast().split(" ")[1];

        Result ls = cairn("ls", root);
        assertThat(ls.lines()).hasSize(2);
        assertThat(ls.lines().get(0)).endsWith(" 6 a.txt");
        assertThat(ls.lines().get(1)).endsWith(" - sub/");

        Path out = dir.resolve("out");
        Result get = cairn("get", root, "-o", out.toString());
        assertThat(get.exitCode()).as(get.stderr()).isZero();
        assertThat(Files.readString(out.resolve("a.txt"))).isEqualTo("alpha\n");
        assertThat(Files.mismatch(out.resolve("sub/big.bin"), tree.resolve("sub/big.bin"))).isEqualTo(-1);
        assertThat(out.resolve(".hidden")).doesNotExist();

        Result again = cairn("get", root, "-o", out.toString());
        assertOneLineError(again, 1, "already exists");
    }

    @Test
    void get_into_a_named_pipe_writes_through_it_and_leaves_the_pipe_in_place() throws Exception {
        // what `-o /dev/null` needs too: a file moved over a device would replace the device
        Path content = TestData.writeRandomFile(dir.resolve("content.bin"), 3_000_000, 11);
        String cid = cairn("add", "-q", content.toString()).lines().getFirst();
        Path pipe = dir.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        java.util.concurrent.CompletableFuture<byte[]> read = new java.util.concurrent.CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                read.complete(Files.readAllBytes(pipe));
            } catch (Exception e) {
                read.completeExceptionally(e);
            }
        });
        reader.setDaemon(true); // if the pipe were replaced, its reader would wait for a writer forever
        reader.start();

        Result get = cairn("get", cid, "-o", pipe.toString());
        assertThat(get.exitCode()).as(get.stderr()).isZero();
        assertThat(Files.readAttributes(pipe, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                .isOther()).as("still a named pipe, not a file moved over it").isTrue();
        assertThat(read.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Files.readAllBytes(content));
    }

    @Test
    void pins_gc_and_repo_stat_work_together() throws Exception {
        Path f = hello();
        Path other = TestData.writeRandomFile(dir.resolve("other.bin"), 2_000_000, 3);
        cairn("add", f.toString());
        String otherCid = cairn("add", "-q", other.toString()).lines().getFirst();

        assertThat(cairn("pin", "ls").lines()).containsExactlyInAnyOrder(
                "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4 recursive", otherCid + " recursive");
        assertThat(cairn("pin", "rm", otherCid).lines()).containsExactly("unpinned " + otherCid);
        assertOneLineError(cairn("pin", "rm", otherCid), 1, "is not pinned");

        Result gc = cairn("gc");
        assertThat(gc.stdout()).startsWith("removed 3 blocks");
        assertOneLineError(cairn("cat", otherCid), 1, "not found");
        assertThat(cairn("repo", "stat").stdout()).contains("blocks:    1").contains("pins:      1");
    }

    @Test
    void verify_names_a_corrupt_block_and_cat_never_returns_its_bytes() throws Exception {
        Path f = TestData.writeRandomFile(dir.resolve("f.bin"), 3 * 1024 * 1024 + 5, 11);
        String root = cairn("add", "-q", f.toString()).lines().getFirst();
        assertThat(cairn("verify").exitCode()).isZero();

        String leaf;
        try (Repo repo = Repo.open(data(), Quota.UNLIMITED)) {
            var links = dev.cairn.content.DagPb.links(dev.cairn.content.Cid.parse(root), repo.blocks().get(dev.cairn.content.Cid.parse(root)));
            leaf = links.get(1).toString();
        }
        Path blockFile;
        try (var files = Files.walk(data().resolve("blocks"))) {
            blockFile = files.filter(p -> p.getFileName().toString().equals(leaf)).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(blockFile);
        bytes[100] ^= 0x5A;
        Files.write(blockFile, bytes);

        Result verify = cairn("verify");
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.stdout()).contains("corrupt " + leaf);

        Result cat = cairn("cat", root);
        assertOneLineError(cat, 1, leaf);
        byte[] original = Files.readAllBytes(f);
        assertThat(cat.stdoutBytes().length).isLessThanOrEqualTo(1024 * 1024);
        assertThat(cat.stdoutBytes()).isEqualTo(Arrays.copyOf(original, cat.stdoutBytes().length));
    }

    @Test
    void car_export_then_import_into_another_repository() throws Exception {
        Path f = TestData.writeRandomFile(dir.resolve("f.bin"), 2_500_000, 5);
        String root = cairn("add", "-q", f.toString()).lines().getFirst();
        Path car = dir.resolve("f.car");
        Result export = cairn("car", "export", root, "-o", car.toString());
        assertThat(export.exitCode()).as(export.stderr()).isZero();

        Path other = dir.resolve("other");
        Result imported = CairnProcess.run(other, "car", "import", car.toString());
        assertThat(imported.lines()).containsExactly("imported " + root);
        Result cat = CairnProcess.run(other, "cat", root);
        assertThat(cat.stdoutBytes()).isEqualTo(Files.readAllBytes(f));
    }

    @Test
    void imports_the_reference_car_from_ipfs_car() throws Exception {
        Result r = cairn("car", "import", FIXTURES.resolve("hello_wrapped.car").toString());
        assertThat(r.lines()).containsExactly("imported bafybeidhkumeonuwkebh2i4fc7o7lguehauradvlk57gzake6ggjsy372a");
        assertThat(cairn("ls", "bafybeidhkumeonuwkebh2i4fc7o7lguehauradvlk57gzake6ggjsy372a").lines())
                .containsExactly("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4 12 hello.txt");
        assertThat(cairn("cat", "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4").stdout()).isEqualTo("hello world\n");
    }

    @Test
    void bad_input_gets_one_clear_line_and_the_right_exit_code() throws Exception {
        assertOneLineError(cairn("cat", "not-a-cid"), 2, "invalid CID 'not-a-cid'");
        assertOneLineError(cairn("cat", "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzd"), 2, "invalid CID");
        assertOneLineError(cairn("cat", "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq"), 1, "not found");
        assertOneLineError(cairn("add", dir.resolve("missing.txt").toString()), 1, "no such file");
        assertOneLineError(cairn("add", dir.toString()), 1, "use -r");
        assertOneLineError(cairn("add", "/dev/null"), 1, "not a regular file");
        assertOneLineError(cairn("frobnicate"), 2, "frobnicate");
        assertOneLineError(cairn("cat", "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4", "--offset", "-1"), 2, "--offset");
        Path dirCid = Files.createDirectories(dir.resolve("d"));
        Files.writeString(dirCid.resolve("x"), "x");
        String d = cairn("add", "-q", "-r", dirCid.toString()).lines().getFirst();
        assertOneLineError(cairn("cat", d), 1, "is a directory");
    }

    @Test
    void an_unreadable_file_or_directory_is_a_clear_error_and_adds_nothing() throws Exception {
        Path f = hello();
        Path tree = Files.createDirectories(dir.resolve("tree/locked"));
        Files.writeString(dir.resolve("tree/ok.txt"), "ok");
        Files.setPosixFilePermissions(f, java.util.Set.of());
        Files.setPosixFilePermissions(tree, java.util.Set.of());
        try {
            Result file = runWithoutOverride("add", f.toString());
            assertOneLineError(file, 1, f + ": permission denied");
            Result recursive = runWithoutOverride("add", "-r", dir.resolve("tree").toString());
            assertOneLineError(recursive, 1, tree + ": permission denied");
            assertThat(cairn("repo", "stat").stdout()).contains("blocks:    0");
        } finally {
            Files.setPosixFilePermissions(tree, java.util.Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE, java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE));
        }
    }

    /** Root reads any file; setpriv drops the capabilities that let it, so modes apply as for a user. */
    Result runWithoutOverride(String... args) throws Exception {
        ProcessBuilder pb = CairnProcess.builder(List.of(), data(), args);
        if ("root".equals(System.getProperty("user.name"))) {
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")),
                    "running as root without setpriv: file modes cannot be tested");
            pb.command().addAll(0, List.of("/usr/bin/setpriv", "--bounding-set", "-dac_override,-dac_read_search"));
        }
        return CairnProcess.run(pb);
    }

    @Test
    void a_full_quota_refuses_the_add_and_stores_nothing() throws Exception {
        Files.createDirectories(data());
        Files.writeString(data().resolve("config.yaml"), "store:\n  max_bytes: 1MiB\n");
        Path f = TestData.writeRandomFile(dir.resolve("big.bin"), 3_000_000, 1);
        assertOneLineError(cairn("add", f.toString()), 1, "store quota exceeded");
        assertThat(cairn("repo", "stat").stdout()).contains("blocks:    0");

        ProcessBuilder env = CairnProcess.builder(List.of(), data(), "add", "-q", f.toString());
        env.environment().put("CAIRN_STORE_MAX_BYTES", "10MiB");
        assertThat(CairnProcess.run(env).exitCode()).isZero();
    }

    @Test
    void a_bad_config_value_names_the_key_and_what_is_allowed() throws Exception {
        Files.createDirectories(data());
        Files.writeString(data().resolve("config.yaml"), "store:\n  max_bytes: lots\n");
        assertOneLineError(cairn("repo", "stat"), 1, "store.max_bytes: 'lots' is not a size");
        Files.writeString(data().resolve("config.yaml"), "store:\n  max_byte: 1GiB\n");
        assertOneLineError(cairn("repo", "stat"), 1, "unknown key 'store.max_byte'");
    }

    @Test
    void a_data_directory_in_use_is_refused_naming_the_holder() throws Exception {
        try (Repo held = Repo.open(data(), Quota.UNLIMITED)) {
            Result r = cairn("add", hello().toString());
            assertOneLineError(r, 1, "in use by process " + ProcessHandle.current().pid());
            assertThat(r.stderr()).contains("--data-dir");
        }
    }

    @Test
    void version_and_help_exit_zero() throws Exception {
        Result v = cairn("--version");
        assertThat(v.exitCode()).isZero();
        assertThat(v.stdout()).startsWith("cairn 0.1.0");
        Result help = cairn("--help");
        assertThat(help.stdout()).contains("add", "cat", "get", "verify", "Exit codes");
        assertThat(new String(help.stdoutBytes(), StandardCharsets.UTF_8)).contains("2   usage error");
    }
}
