package dev.cairn.config;

import java.nio.file.Path;
import java.util.Optional;

/** {@code tls.*}: certificate chain and private key (PEM); both set means HTTPS, neither means HTTP. */
public record TlsSection(Optional<Path> certFile, Optional<Path> keyFile) {
    static TlsSection from(Values v) {
        return new TlsSection(v.get(Keys.TLS_CERT_FILE), v.get(Keys.TLS_KEY_FILE));
    }

    public boolean enabled() {
        return certFile.isPresent();
    }
}
