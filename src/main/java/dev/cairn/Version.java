package dev.cairn;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version built into the jar by Maven resource filtering. */
public final class Version {
    private Version() {}

    public static String current() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/dev/cairn/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // fall through to "unknown"
        }
        return p.getProperty("version", "unknown");
    }
}
