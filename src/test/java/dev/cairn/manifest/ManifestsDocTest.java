package dev.cairn.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.keys.KeyIds;
import dev.cairn.keys.TrustedKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example in docs/MANIFESTS.md is a real manifest whose signature holds. */
class ManifestsDocTest {
    @Test
    void the_documented_example_verifies() throws Exception {
        String doc = Files.readString(Path.of("docs/MANIFESTS.md"));
        int start = doc.indexOf("```json\n") + "```json\n".length();
        String json = doc.substring(start, doc.indexOf("```", start));
        Manifest m = ManifestCodec.parse(json.getBytes(StandardCharsets.UTF_8));
        TrustedKeys signer = TrustedKeys.of(List.of(KeyIds.publicKey(m.signer())), "the example's own signer");
        VerifyResult r = new ManifestVerifier(signer, null, Clock.fixed(m.created(), ZoneOffset.UTC)).verify(m, null);
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(TestManifests.json(m)).isEqualTo(json);
    }
}
