package dev.cairn.api;

import java.time.Instant;

/** What the API reports about the node it runs in. */
public record NodeInfo(String peerId, String version, Instant startedAt, String address, long maxBytes) {}
