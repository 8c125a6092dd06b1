package dev.cairn.gateway;

/**
 * The CAR variant (IPIP-412) a request negotiated: the block order ({@code dfs}, or {@code unk}
 * when the client said it does not care) and whether duplicate blocks are repeated.
 * Cairn always writes depth-first; with {@code unk} it only says so less precisely.
 */
public record CarOptions(String order, boolean duplicates) {
    public static final CarOptions DEFAULT = new CarOptions("dfs", false);

    public CarOptions {
        if (!order.equals("dfs") && !order.equals("unk")) throw new IllegalArgumentException("order " + order);
    }

    /** The response {@code Content-Type}, with every parameter stated. */
    public String contentType() {
        return "application/vnd.ipld.car; version=1; order=" + order + "; dups=" + (duplicates ? "y" : "n");
    }
}
