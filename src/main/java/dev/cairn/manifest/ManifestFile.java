package dev.cairn.manifest;

import dev.cairn.content.Cid;

/**
 * One file of a manifest: where it goes ({@code path}, relative, '/'-separated), its content
 * (root CID, size in bytes, whole-file SHA-256 in lower-case hex) and its media type (null when
 * the manifest does not say).
 */
public record ManifestFile(String path, Cid cid, long size, String sha256, String mime) {}
