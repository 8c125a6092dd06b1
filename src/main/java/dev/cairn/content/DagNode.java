package dev.cairn.content;

/**
 * A node of a file DAG as its parent sees it: its CID, its cumulative size (block plus all
 * descendants, the dag-pb link Tsize) and the file bytes it covers (the UnixFS blocksize).
 */
public record DagNode(Cid cid, long tsize, long contentSize) {}
