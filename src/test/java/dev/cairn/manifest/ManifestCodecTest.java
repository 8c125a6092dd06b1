package dev.cairn.manifest;

import dev.cairn.replication.ReplicationLevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.content.Multibase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {
    static Manifest signed;
    static String json;

    @BeforeAll
    static void sign() throws Exception {
        signed = TestManifests.signed(TestManifests.newKey(), "dataset", 3);
        json = TestManifests.json(signed);
    }

    static Manifest parse(String text) throws MalformedManifestException {
        return ManifestCodec.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    static void assertMalformed(String text, String... messageParts) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(MalformedManifestException.class).satisfies(e -> {
            for (String part : messageParts) assertThat(e.getMessage()).contains(part);
        });
    }

    @Test
    void a_written_manifest_parses_back_equal_and_reads_as_documented() throws Exception {
        assertThat(parse(json)).isEqualTo(signed);
        assertThat(json).startsWith("{\n  \"manifest_version\": 1,\n  \"name\": \"dataset\",\n  \"version\": \"1.0.0\",\n  \"sequence\": 3,\n"
                + "  \"created\": \"2025-06-01T12:00:00Z\",\n  \"files\": [\n    {\n      \"path\": \"data/a.txt\",\n").endsWith("}\n");
        JsonNode tree = new ObjectMapper().readTree(json);
        assertThat(tree.get("signer").asText()).startsWith("ed25519:").hasSize(51);
        assertThat(tree.get("signature").asText()).hasSize(86);
        assertThat(tree.has("level")).isFalse();
        assertThat(tree.has("expires")).isFalse();
    }

    @Test
    void optional_members_stay_as_given_so_the_signed_form_is_unchanged() throws Exception {
        Manifest full = new ManifestSigner(TestManifests.newKey().getPrivate()).sign(Manifest.unsigned("n", "v", 0, TestManifests.CREATED,
                Instant.parse("2026-01-01T00:00:00Z"), ReplicationLevel.STANDARD, signed.files(), Map.of()));
        Manifest back = parse(TestManifests.json(full));
        assertThat(back.level()).isEqualTo(ReplicationLevel.STANDARD);
        assertThat(back.expires()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(ManifestCodec.signingBytes(back)).isEqualTo(ManifestCodec.signingBytes(full));
        assertThat(new String(ManifestCodec.signingBytes(back), StandardCharsets.UTF_8)).contains("\"level\":\"standard\"")
                .contains("\"metadata\":{}").doesNotContain("signature");
        assertThat(signed.effectiveLevel()).isEqualTo(ReplicationLevel.STANDARD);
    }

    @Test
    void whitespace_and_member_order_do_not_matter() throws Exception {
        JsonNode tree = new ObjectMapper().readTree(json);
        StringBuilder reversed = new StringBuilder("{");
        List<Map.Entry<String, JsonNode>> members = new java.util.ArrayList<>(tree.properties());
        java.util.Collections.reverse(members);
        for (var e : members) reversed.append(reversed.length() > 1 ? ",\n\t" : "").append('"').append(e.getKey()).append("\" :  ").append(e.getValue());
        assertThat(parse(reversed + "}")).isEqualTo(signed);
    }

    @Test
    void not_json_or_not_an_object() {
        assertMalformed("", "empty");
        assertMalformed("{\"name\": ", "not valid JSON", "line 1");
        assertMalformed("[1,2]", "the manifest: expected an object, found an array");
        assertMalformed(json + " {}", "not valid JSON");
        assertMalformed(json.replaceFirst("\\{", "{ // comment\n"), "not valid JSON");
    }

    @Test
    void unknown_missing_and_duplicate_members() {
        assertMalformed(json.replaceFirst("\\{", "{\"extra\": true,"), "extra: unknown member", "allowed:");
        assertMalformed(json.replaceFirst("\"path\"", "\"owner\": \"x\", \"path\""), "files[0].owner: unknown member");
        assertMalformed(json.replaceFirst("\"version\": \"1.0.0\",", ""), "version: missing");
        assertMalformed(json.replaceFirst("\"name\": \"dataset\",", "\"name\": \"dataset\", \"name\": \"other\","), "not valid JSON", "Duplicate", "name");
        assertMalformed(json.replaceFirst("\"owner\": \"data team\"", "\"owner\": \"a\", \"owner\": \"b\""), "Duplicate", "owner");
    }

    @Test
    void wrong_types() {
        assertMalformed(json.replace("\"sequence\": 3", "\"sequence\": \"3\""), "sequence: expected an integer, found a string");
        assertMalformed(json.replace("\"sequence\": 3", "\"sequence\": 3.0"), "sequence: expected an integer, found the number 3.0");
        assertMalformed(json.replace("\"sequence\": 3", "\"sequence\": -1"), "sequence: -1 is out of range");
        assertMalformed(json.replace("\"name\": \"dataset\"", "\"name\": 7"), "name: expected a string, found the integer 7");
        assertMalformed(json.replace("\"licence\": \"CC-BY-4.0\"", "\"licence\": 4"), "metadata.licence: expected a string");
        assertMalformed(json.replace("\"manifest_version\": 1", "\"manifest_version\": 2"), "manifest_version: 2 is not supported");
        assertMalformed(json.replaceFirst("\"files\": \\[", "\"files\": {\"x\": ["), "not valid JSON");
    }

    @Test
    void file_entries_are_checked_member_by_member() {
        ManifestFile a = signed.files().get(0);
        String sha = a.sha256();
        assertMalformed(json.replace(sha, sha.toUpperCase()), "files[0].sha256:", "is not 64 lower-case hex digits");
        assertMalformed(json.replace(sha, sha.substring(1)), "files[0].sha256:");
        assertMalformed(json.replace("\"size\": " + a.size(), "\"size\": -6"), "files[0].size: -6 is out of range");
        assertMalformed(json.replace("\"path\": \"data/a.txt\"", "\"path\": \"/etc/passwd\""), "files[0].path: '/etc/passwd' is absolute");
        assertMalformed(json.replace("\"path\": \"data/a.txt\"", "\"path\": \"data/../../a.txt\""), "files[0].path:", "contains '..'");
        assertMalformed(json.replace("\"path\": \"data/a.txt\"", "\"path\": \"data//a.txt\""), "has an empty segment");
        assertMalformed(json.replace("\"path\": \"data/a.txt\"", "\"path\": \"data\\\\a.txt\""), "backslash");
        assertMalformed(json.replace("\"path\": \"data/a.txt\"", "\"path\": \"data/sub/b.txt\""), "files[1].path: 'data/sub/b.txt' is also files[0].path");
        assertMalformed(json.replace("\"mime\": \"text/plain\"", "\"mime\": \"text\""), "files[0].mime: 'text' is not a media type");
        assertMalformed(json.replaceFirst("\"files\": \\[[^]]*]", "\"files\": []"), "files: is empty");
    }

    @Test
    void cids_must_be_valid_and_canonical() {
        String cid = signed.files().get(0).cid().toString();
        String base58 = Multibase.encodeBase58(signed.files().get(0).cid().toBytes());
        assertMalformed(json.replace(cid, base58), "files[0].cid:", "is not in canonical form; write it as " + cid);
        assertMalformed(json.replace(cid, cid.toUpperCase()), "files[0].cid:", "canonical");
        assertMalformed(json.replace(cid, "bafyNOTACID"), "files[0].cid:", "invalid CID");
    }

    @Test
    void times_are_rfc_3339_utc_to_the_second() {
        assertMalformed(json.replace("2025-06-01T12:00:00Z", "2025-06-01T12:00:00+00:00"), "created:", "RFC 3339 UTC");
        assertMalformed(json.replace("2025-06-01T12:00:00Z", "2025-06-01T12:00:00.500Z"), "created:");
        assertMalformed(json.replace("2025-06-01T12:00:00Z", "2025-02-30T12:00:00Z"), "created:", "not a valid time");
        assertMalformed(json.replace("\"created\"", "\"expires\": \"2025-01-01T00:00:00Z\", \"created\""),
                "expires: 2025-01-01T00:00:00Z is not after created");
    }

    @Test
    void level_signer_and_signature_are_checked() {
        assertMalformed(json.replace("\"created\"", "\"level\": \"urgent\", \"created\""), "level: unknown level 'urgent'", "critical, important");
        assertMalformed(json.replace(signed.signer(), "ed25519:short"), "signer:");
        assertMalformed(json.replace(signed.signer(), "rsa:" + signed.signer().substring(8)), "signer:", "not a key id");
        assertMalformed(json.replace(signed.signature(), signed.signature() + "=="), "signature:", "base64url");
        assertMalformed(json.replace(signed.signature(), signed.signature().substring(4)), "signature:", "bytes, not 64");
        assertMalformed(json.replaceFirst(",\\s*\"signature\": \"[^\"]*\"", ""), "signature: missing");
    }

    @Test
    void names_versions_and_metadata_are_plain_text() {
        assertMalformed(json.replace("\"name\": \"dataset\"", "\"name\": \"\""), "name: '' is not 1 to 256 characters");
        assertMalformed(json.replace("\"name\": \"dataset\"", "\"name\": \" dataset\""), "name:");
        assertMalformed(json.replace("\"version\": \"1.0.0\"", "\"version\": \"1.0\\n\""), "version:");
        assertMalformed(json.replace("\"licence\": \"CC-BY-4.0\"", "\"licence\": \"bad \\ud800 text\""), "lone surrogate");
    }

    @Test
    void a_manifest_over_16_mib_is_refused_before_parsing() {
        byte[] big = new byte[ManifestCodec.MAX_BYTES + 1];
        assertThatThrownBy(() -> ManifestCodec.parse(big)).hasMessageContaining("over the limit of 16 MiB");
    }
}
