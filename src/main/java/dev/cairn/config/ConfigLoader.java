package dev.cairn.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Loads the configuration in layers, each overriding the one before, key by key:
 * <ol>
 *   <li>built-in defaults ({@link Keys}),</li>
 *   <li>{@code <data-dir>/config.yaml}, if it exists,</li>
 *   <li>the file given with {@code --config FILE} (it must exist),</li>
 *   <li>the environment: {@code CAIRN_<SECTION>_<KEY>}, and the seed names {@code DCMX_HOST} and
 *       {@code DCMX_PORT} (a {@code CAIRN_} name wins over a {@code DCMX_} one),</li>
 *   <li>command-line flags.</li>
 * </ol>
 * A list is replaced as a whole, not merged. Unknown keys in any layer, {@code CAIRN_} variables
 * that are neither keys nor in {@link #OTHER_ENV}, and bad values fail with a {@link ConfigException}
 * naming the key, the value, where it came from and what is allowed.
 *
 * <p>Relative paths are resolved against the directory of the file they are written in, the
 * working directory for environment variables and flags.
 */
public final class ConfigLoader {
    /** The file in the data directory. */
    public static final String FILE_NAME = "config.yaml";

    /** {@code CAIRN_} environment variables that are not config keys but are read elsewhere (launcher, CLI, tests). */
    public static final Set<String> OTHER_ENV = Set.of("CAIRN_DATA_DIR", "CAIRN_DEBUG", "CAIRN_JAVA_HOME", "CAIRN_JAVA_OPTS",
            "CAIRN_JS_DIR", "CAIRN_REQUIRE_INTEROP", "CAIRN_REQUIRE_BROWSER", "CAIRN_KEY_PASSWORD");

    /** The seed's name for the data directory, read after {@code CAIRN_DATA_DIR}. */
    public static final String DCMX_DATA_DIR = "DCMX_DATA_DIR";

    private ConfigLoader() {}

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads every layer: {@code dataDir} (its config.yaml, if present; may be null), {@code configFile}
     * (--config; may be null), {@code env} (may be null), and {@code flags} from key (e.g. {@code node.port}) to value
     * as text (reported as source "flag"; may be null).
     */
    public static EffectiveConfig load(Path dataDir, Path configFile, Map<String, String> env, Map<String, String> flags)
            throws IOException {
        return builder().dataDir(dataDir).configFile(configFile).env(env).flags(flags).load();
    }

    /** The data directory: the --data-dir flag, else $CAIRN_DATA_DIR, else $DCMX_DATA_DIR, else ~/.cairn. */
    public static Path resolveDataDir(Path flag, Map<String, String> env) {
        if (flag != null) return flag;
        for (String name : List.of("CAIRN_DATA_DIR", DCMX_DATA_DIR)) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) return Path.of(v);
        }
        return Path.of(System.getProperty("user.home"), ".cairn");
    }

    /**
     * Writes {@code <dataDir>/config.yaml} listing every key, commented out at its default, with what
     * it means and what is allowed (see {@link ConfigDocs#defaultsYaml()}). Never overwrites: returns
     * false if the file exists. Written atomically (temporary file, fsync, link into place) and
     * readable by the owner only, as it may come to hold a secret.
     */
    public static boolean writeDefaults(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path target = dataDir.resolve(FILE_NAME);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) return false;
        Path tmp = dataDir.resolve("." + FILE_NAME + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
        try {
            Files.createFile(tmp);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's defaults apply
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(StandardCharsets.UTF_8.encode(ConfigDocs.defaultsYaml()));
                ch.force(true);
            }
            try {
                Files.createLink(target, tmp); // atomic, and fails rather than replace a file created meanwhile
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | IOException e) {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) return false;
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE); // no hard links here: a rename, checked just before
            }
            syncDirectory(dataDir);
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some platforms cannot open or sync a directory; the file itself was synced
        }
    }

    /** The layers to load; anything not given is skipped. */
    public static final class Builder {
        private Path dataDir;
        private Path configFile;
        private Map<String, String> env = Map.of();
        private final List<RawValue> flags = new ArrayList<>();

        private Builder() {}

        /** Reads {@code <dataDir>/config.yaml} if it exists; relative paths in defaults resolve here. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** The --config file; it must exist. Null for none. */
        public Builder configFile(Path configFile) {
            this.configFile = configFile;
            return this;
        }

        /** Usually {@code System.getenv()}; null for none. */
        public Builder env(Map<String, String> env) {
            this.env = env == null ? Map.of() : Map.copyOf(env);
            return this;
        }

        /** A flag's value as text, e.g. {@code flag("node.port", "--port", "9000")}; a null value (flag not given) is skipped. */
        public Builder flag(String key, String flagName, String value) {
            if (value != null) flags.add(new RawValue(key, value, Source.flag(flagName)));
            return this;
        }

        /** A typed flag value, e.g. {@code flag(Keys.NODE_PORT, "--port", port)}; null (flag not given) is skipped. */
        public <T> Builder flag(Key<T> key, String flagName, T value) {
            return value == null ? this : flag(key.name(), flagName, key.format(value));
        }

        /** Values from key (e.g. {@code node.port}) to text, reported as source "flag"; null values and a null map are skipped. */
        public Builder flags(Map<String, String> keyToValue) {
            if (keyToValue == null) return this;
            new TreeMap<>(keyToValue).forEach((k, v) -> {
                if (v != null) flags.add(new RawValue(k, v, Source.flag(null)));
            });
            return this;
        }

        public EffectiveConfig load() throws IOException {
            Map<Key<?>, Setting<?>> settings = new LinkedHashMap<>();
            for (Key<?> k : Keys.ALL) settings.put(k, defaultSetting(k));
            if (dataDir != null) {
                Path file = dataDir.resolve(FILE_NAME);
                if (Files.exists(file)) apply(settings, readFile(file));
            }
            if (configFile != null) {
                if (!Files.exists(configFile)) throw new ConfigException("--config " + configFile + ": no such file");
                apply(settings, readFile(configFile));
            }
            apply(settings, fromEnv(env));
            apply(settings, flags);
            Map<Key<?>, Object> values = new LinkedHashMap<>();
            settings.forEach((k, s) -> values.put(k, s.value()));
            Values v = new Values(values);
            for (Keys.Rule rule : Keys.RULES) {
                if (!rule.holds().test(v)) {
                    throw new ConfigException(rule.text() + ": "
                            + rule.keys().stream().map(settings::get).map(s -> s.key().name() + " = " + s.display() + " (from " + s.source() + ")")
                                    .collect(Collectors.joining(", ")));
                }
            }
            List<Setting<?>> sorted = settings.values().stream().sorted(Comparator.comparing(s -> s.key().name())).toList();
            return new EffectiveConfig(Config.from(v), sorted);
        }

        private Setting<?> defaultSetting(Key<?> k) {
            return setting(k, k.defaultValue(), Source.DEFAULT);
        }

        private static <T> Setting<T> setting(Key<T> k, Object value, Source source) {
            return new Setting<>(k, k.cast(value), source);
        }

        private static List<RawValue> readFile(Path file) throws IOException {
            if (!Files.isRegularFile(file)) throw new ConfigException(file + ": not a regular file");
            return ConfigFile.read(file);
        }

        private void apply(Map<Key<?>, Setting<?>> settings, List<RawValue> layer) {
            for (RawValue raw : layer) {
                Key<?> key = Keys.byName(raw.key()).orElseThrow(() -> ConfigErrors.unknownKey(raw.key(), raw.source()));
                settings.put(key, parse(key, raw));
            }
        }

        private <T> Setting<T> parse(Key<T> key, RawValue raw) {
            T value;
            try {
                value = raw.raw() instanceof List<?> items
                        ? key.type().parseList(items.stream().map(Objects::toString).toList())
                        : key.type().parse((String) raw.raw());
            } catch (InvalidValue e) {
                throw ConfigErrors.invalid(key, raw, e);
            }
            return new Setting<>(key, key.type().resolve(value, base(raw.source())), raw.source());
        }

        /** Where a relative path in a value from {@code source} is relative to. */
        private Path base(Source source) {
            Path cwd = Path.of("").toAbsolutePath();
            return switch (source.kind()) {
                case FILE -> Path.of(source.name()).toAbsolutePath().getParent();
                case ENV, FLAG -> cwd;
                case DEFAULT -> dataDir == null ? cwd : dataDir.toAbsolutePath();
            };
        }

        /** The environment's values; refuses a {@code CAIRN_} variable that is not a key and not in {@link #OTHER_ENV}. */
        private static List<RawValue> fromEnv(Map<String, String> env) {
            Set<String> known = Keys.envNames();
            for (String name : new TreeMap<>(env).keySet()) {
                if (name.startsWith("CAIRN_") && !known.contains(name) && !OTHER_ENV.contains(name)) throw ConfigErrors.unknownEnv(name);
            }
            List<RawValue> out = new ArrayList<>();
            for (Key<?> k : Keys.ALL) {
                List<String> names = k.envNames().reversed(); // aliases first, so the CAIRN_ name wins
                for (String name : names) {
                    String v = env.get(name);
                    if (v != null) out.add(new RawValue(k.name(), v, Source.env(name)));
                }
            }
            return out;
        }
    }
}
